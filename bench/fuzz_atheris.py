"""Coverage-guided fuzzing of the parsers with atheris (libFuzzer for Python), issue 8.

Each input is written as a file and parsed as a PDF, as official XML and as Markdown. A clean
refusal (``IngestError``) is the expected outcome for garbage; any other exception is a crash,
which atheris reports with the input that caused it (and this run then fails). Seeds: the real
PDFs and XML of corpus/. Run: ``python bench/fuzz_atheris.py [-runs=3000]`` (``make bench``).
"""
from __future__ import annotations

import re
import subprocess
import sys
import tempfile
from pathlib import Path

import atheris

ROOT = Path(__file__).resolve().parent.parent

from bench.machine import describe
from kamerspoor.settings import Limits, Settings

SETTINGS = Settings(workers=1, classify=False, limits=Limits(max_seconds=20, max_pages=50))
WORK = Path(tempfile.mkdtemp(prefix="kamerspoor-fuzz-"))


def one_input(data: bytes) -> None:
    from ingest import IngestError, parse_file  # imported (instrumented) in fuzz_here

    for name in ("input.pdf", "input.xml", "input.md"):
        path = WORK / name
        path.write_bytes(data)
        try:
            parse_file(path, SETTINGS)
        except IngestError:
            pass  # refused with a reason: fine


def seeds(folder: Path) -> Path:
    """A corpus folder for libFuzzer: small real files to mutate from."""
    for source in sorted((ROOT / "corpus" / "real").glob("*.xml")) + sorted((ROOT / "corpus" / "real").glob("*.pdf"))[:3]:
        (folder / source.name).write_bytes(source.read_bytes())
    return folder


def fuzz_here(args: list[str]) -> None:
    """The child process: libFuzzer owns it and ends it with exit() when the runs are done."""
    with atheris.instrument_imports(include=["ingest"]):
        import ingest  # noqa: F401  (coverage of our own parsers guides the mutations)
    corpus = seeds(Path(tempfile.mkdtemp(prefix="kamerspoor-seeds-")))
    atheris.Setup([sys.argv[0], *args, "-max_len=65536", str(corpus)], one_input)
    atheris.Fuzz()


def main() -> None:
    if sys.argv[1:2] == ["--child"]:
        fuzz_here(sys.argv[2:])
        return
    runs = next((a for a in sys.argv[1:] if a.startswith("-runs=")), "-runs=3000")
    print(f"machine: {describe()}")
    child = subprocess.run([sys.executable, __file__, "--child", runs], capture_output=True, text=True)
    done = re.search(r"Done (\d+) runs in (\d+) second", child.stderr)
    crashed = child.returncode != 0
    print(f"  atheris (coverage-guided, seeds from corpus/real): {done.group(1) if done else '?'} inputs in "
          f"{done.group(2) if done else '?'} s, each parsed as PDF, XML and Markdown; "
          f"{1 if crashed else 0} crashes")
    if crashed:
        print(child.stderr[-3000:])
        sys.exit(1)


if __name__ == "__main__":
    main()
