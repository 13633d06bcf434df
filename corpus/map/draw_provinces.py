"""Write corpus/map/provinces.geojson: a schematic, hand-drawn outline of the provinces.

No official boundary file can be fetched on this machine (no internet, and the packaged
ones carry GPL or linkware terms), so the outlines are drawn here from named points
(longitude, latitude) read off a general map of the Netherlands, rounded to about 2 km.
Neighbouring provinces share their border points, so the map has no gaps. Good enough to
colour five landsdelen, not for measuring anything. Noord-Brabant is drawn as West- and
Oost-Brabant, because West-Brabant belongs to landsdeel Zuidwest. Licence: CC0.
Run: python corpus/map/draw_provinces.py
"""
from __future__ import annotations

import json
from pathlib import Path

P = {  # border points, roughly west to east
    "cadzand": (3.37, 51.37), "zvl_south": (3.90, 51.21), "zvl_east": (4.24, 51.35),
    "westkapelle": (3.44, 51.53), "schouwen": (3.70, 51.75), "goeree": (3.85, 51.83),
    "bergen_op_zoom": (4.25, 51.50), "steenbergen": (4.28, 51.64), "hollands_diep": (4.60, 51.72),
    "hoek_van_holland": (4.12, 51.98), "den_haag": (4.27, 52.10), "noordwijk": (4.42, 52.25),
    "ijmuiden": (4.57, 52.46), "petten": (4.66, 52.78), "den_helder": (4.76, 52.96),
    "den_oever": (5.03, 52.93), "enkhuizen": (5.29, 52.70), "edam": (5.05, 52.52),
    "amsterdam": (4.95, 52.38), "muiden": (5.07, 52.33), "huizen": (5.25, 52.30),
    "zh_nh_ut": (4.78, 52.25), "woerden": (4.80, 52.08), "gorinchem": (5.00, 51.83),
    "breda_north": (4.90, 51.75), "breda_south": (4.90, 51.44), "baarle": (4.93, 51.42),
    "zaltbommel": (5.25, 51.80), "maas_ravenstein": (5.65, 51.80), "cuijk": (5.90, 51.74),
    "eindhoven_south": (5.45, 51.27), "weert": (5.70, 51.25), "budel": (5.55, 51.27),
    "maasbracht": (5.88, 51.15), "venlo_west": (5.95, 51.40), "gennep": (5.97, 51.70),
    "maastricht_west": (5.68, 50.84), "vaals": (6.02, 50.76), "sittard_east": (6.08, 51.02),
    "roermond_east": (6.22, 51.18), "venlo_east": (6.22, 51.38), "bergen_l": (6.12, 51.62),
    "mook": (5.95, 51.77), "millingen": (6.05, 51.87), "emmerich": (6.25, 51.85),
    "winterswijk": (6.85, 51.98), "eibergen": (6.80, 52.10), "haaksbergen": (6.75, 52.15),
    "enschede_east": (7.05, 52.25), "denekamp": (7.05, 52.38), "coevorden_east": (6.95, 52.62),
    "ter_apel": (7.10, 52.87), "bellingwolde": (7.22, 53.12), "dollard": (7.20, 53.28),
    "delfzijl": (6.93, 53.34), "eemshaven": (6.83, 53.45), "lauwersoog": (6.20, 53.41),
    "dokkum_west": (5.90, 53.42), "harlingen": (5.40, 53.17), "zurich": (5.38, 53.07),
    "lemmer": (5.70, 52.85), "kuinre": (5.85, 52.80), "kampen": (5.90, 52.58),
    "elburg": (5.83, 52.45), "harderwijk": (5.60, 52.35), "nijkerk": (5.45, 52.30),
    "veenendaal": (5.55, 52.03), "rhenen": (5.57, 51.96), "wijk_bij_duurstede": (5.33, 51.97),
    "vianen": (5.10, 51.98), "lelystad_dike": (5.35, 52.55), "ut_nh_gooi": (5.32, 52.25),
    "zwolle_south": (6.05, 52.45), "deventer_south": (6.15, 52.22), "lochem": (6.40, 52.17),
    "hardenberg_north": (6.60, 52.70), "steenwijk": (6.10, 52.82), "oosterwolde": (6.25, 52.98),
    "zuidlaren_north": (6.65, 53.10), "groningen_west": (6.20, 53.20), "wolvega": (5.95, 52.87),
}

PROVINCES = {
    "Zeeland": ["cadzand", "westkapelle", "schouwen", "goeree", "steenbergen", "bergen_op_zoom", "zvl_east",
                "zvl_south"],
    "Zuid-Holland": ["goeree", "hoek_van_holland", "den_haag", "noordwijk", "zh_nh_ut", "woerden", "vianen",
                     "gorinchem", "breda_north", "hollands_diep", "steenbergen"],
    "West-Brabant": ["steenbergen", "hollands_diep", "breda_north", "breda_south", "baarle", "zvl_east",
                     "bergen_op_zoom"],
    "Oost-Brabant": ["breda_north", "gorinchem", "zaltbommel", "maas_ravenstein", "cuijk", "gennep", "venlo_west",
                     "weert", "budel", "eindhoven_south", "baarle", "breda_south"],
    "Limburg": ["cuijk", "mook", "bergen_l", "venlo_east", "roermond_east", "sittard_east", "vaals",
                "maastricht_west", "maasbracht", "weert", "venlo_west", "gennep"],
    "Noord-Holland": ["noordwijk", "ijmuiden", "petten", "den_helder", "den_oever", "enkhuizen", "edam", "amsterdam",
                      "muiden", "huizen", "ut_nh_gooi", "zh_nh_ut"],
    "Utrecht": ["zh_nh_ut", "ut_nh_gooi", "huizen", "nijkerk", "veenendaal", "rhenen", "wijk_bij_duurstede",
                "vianen", "woerden"],
    "Flevoland": ["muiden", "amsterdam", "edam", "lelystad_dike", "enkhuizen", "lemmer", "kuinre", "kampen",
                  "elburg", "harderwijk", "nijkerk", "huizen"],
    "Gelderland": ["nijkerk", "harderwijk", "elburg", "kampen", "zwolle_south", "deventer_south", "lochem",
                   "haaksbergen", "eibergen", "winterswijk", "emmerich", "millingen", "mook", "cuijk",
                   "maas_ravenstein", "zaltbommel", "gorinchem", "vianen", "wijk_bij_duurstede", "rhenen",
                   "veenendaal"],
    "Overijssel": ["kampen", "kuinre", "wolvega", "steenwijk", "hardenberg_north", "coevorden_east", "denekamp",
                   "enschede_east", "haaksbergen", "lochem", "deventer_south", "zwolle_south"],
    "Friesland": ["zurich", "harlingen", "dokkum_west", "lauwersoog", "groningen_west", "oosterwolde", "steenwijk",
                  "wolvega", "kuinre", "lemmer"],
    "Drenthe": ["groningen_west", "zuidlaren_north", "ter_apel", "coevorden_east", "hardenberg_north", "steenwijk",
                "oosterwolde"],
    "Groningen": ["lauwersoog", "eemshaven", "delfzijl", "dollard", "bellingwolde", "ter_apel", "zuidlaren_north",
                  "groningen_west"],
}


def clockwise(ring: list[list[float]]) -> list[list[float]]:
    """d3-geo (Vega, Altair) reads an anticlockwise ring as "the whole globe but this": turn it."""
    area = sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(ring, ring[1:]))
    return ring[::-1] if area > 0 else ring


def feature(name: str, points: list[str]) -> dict:
    ring = clockwise([list(P[p]) for p in points] + [list(P[points[0]])])
    return {"type": "Feature", "properties": {"name": name},
            "geometry": {"type": "Polygon", "coordinates": [ring]}}


def main() -> None:
    collection = {"type": "FeatureCollection",
                  "features": [feature(name, points) for name, points in PROVINCES.items()]}
    out = Path(__file__).with_name("provinces.geojson")
    out.write_text(json.dumps(collection, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {out} ({len(collection['features'])} provinces)")


if __name__ == "__main__":
    main()
