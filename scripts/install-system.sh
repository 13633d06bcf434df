#!/usr/bin/env bash
# Debian packages Kamerspoor needs: Tesseract with Dutch for scanned pages, poppler for
# PDF tools, Chromium + driver for the browser tests, DejaVu fonts for the PDF typesetter,
# wdutch (a Dutch word list) for splitting compounds in search.
set -euo pipefail
packages=(tesseract-ocr tesseract-ocr-nld poppler-utils chromium chromium-driver fonts-dejavu-core wdutch)
missing=()
for p in "${packages[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
  echo "missing Debian packages: ${missing[*]} — run: sudo apt-get install ${missing[*]}" >&2
  exit 1
fi
echo "installing Debian packages: ${missing[*]}"
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
