"""The reference frame (``corpus/taxonomy.yaml``) and how to recognise it (``corpus/labels.yaml``).

Loaded, never hard-coded: a new dossier brings its own frame files.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml


def package_file(package: str, name: str) -> Path:
    """A data file shipped with one of our packages (``corpus``: the frame; ``models``: the trained heads), where
    the package is installed: in the checkout, or in site-packages after ``pip install .``."""
    return Path(str(resources.files(package))) / name


FRAME_DIR = package_file("corpus", ".")
LABEL_SETS = ("actielijn", "doel", "thema", "landsdeel")


@dataclass(frozen=True)
class Label:
    set: str
    id: str
    name: str
    description: str
    cues: tuple[str, ...] = ()
    actielijn: str | None = None  # the actielijn a doel belongs to


@dataclass
class Frame:
    labels: dict[str, list[Label]]
    places: dict[str, str]  # place or province name → landsdeel id
    knelpunt_description: str
    knelpunt_cues: tuple[str, ...]
    remedies: tuple[str, ...]
    landelijk_cues: tuple[str, ...]
    landsdeel_names: dict[str, str] = field(default_factory=dict)  # "zuidoost" → "zuidoost"
    knelpunt_compound_cues: tuple[str, ...] = ()
    scope_field: tuple[str, ...] = ()      # what the frame's field is (issue 18: nlp/scope.py)
    scope_cues: tuple[str, ...] = ()       # words that belong to the field on their own
    scope_elsewhere: tuple[str, ...] = ()  # the other fields of policy a statement may be nearer to
    # issue 20 (corpus/regions.yaml): forms the gazetteer's rule does not make, by the name they belong
    # to ("Zeeland" → ("Zeeuws", "Zeeuwse", "Zeeuwen")), and names of two landsdelen → (landsdeel, score)
    irregular_forms: dict[str, tuple[str, ...]] = field(default_factory=dict)
    ambiguous: dict[str, tuple[str, float]] = field(default_factory=dict)
    knelpunt_forms: tuple[tuple[str, str], ...] = ()  # (name, regular expression): a bottleneck by structure

    def __post_init__(self) -> None:
        self._by_id = {(lab.set, lab.id): lab for labels in self.labels.values() for lab in labels}

    def label(self, label_set: str, label_id: str) -> Label:
        """A label by id (looked up for every doel of every statement labelled: a dict, not a scan)."""
        try:
            return self._by_id[(label_set, label_id)]
        except KeyError:
            raise KeyError(f"no {label_set} {label_id!r} in the frame") from None

    def ids(self, label_set: str) -> list[str]:
        return [lab.id for lab in self.labels[label_set]]


@lru_cache(maxsize=4)
def _yaml(path: Path) -> Any:
    """A YAML file, through libyaml's C parser when PyYAML has it (ten times faster: every search reads the frame)."""
    return yaml.load(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def load_frame(folder: Path = FRAME_DIR) -> Frame:
    taxonomy = _yaml(folder / "taxonomy.yaml")
    hints = _yaml(folder / "labels.yaml")
    scope = {a["id"]: f"{a['name']}: {a['scope']}" for a in taxonomy["actielijnen"]}
    labels: dict[str, list[Label]] = {s: [] for s in LABEL_SETS}
    for item in taxonomy["actielijnen"]:
        hint = hints["actielijn"].get(item["id"], {})
        labels["actielijn"].append(Label("actielijn", item["id"], item["name"],
                                         hint.get("description", scope[item["id"]]), tuple(hint.get("cues", ()))))
    for item in taxonomy["doelen"]:
        description = f"{item['short']}. {item['text']}. ({scope[item['actielijn']]})"
        labels["doel"].append(Label("doel", item["id"], item["short"], description, (), item["actielijn"]))
    for item in taxonomy["themas"]:
        hint = hints["thema"].get(item["id"], {})
        labels["thema"].append(Label("thema", item["id"], item["name"], hint.get("description", item["name"]),
                                     tuple(hint.get("cues", ()))))
    places: dict[str, str] = {}
    names: dict[str, str] = {}
    for item in taxonomy["landsdelen"]:
        labels["landsdeel"].append(Label("landsdeel", item["id"], item["name"], f"Landsdeel {item['name']}"))
        names[item["name"].lower()] = item["id"]
        for place in item.get("provinces", []) + item.get("places", []):
            places[place] = item["id"]
    irregular: dict[str, tuple[str, ...]] = {}
    ambiguous: dict[str, tuple[str, float]] = {}
    regions_file = folder / "regions.yaml"
    if regions_file.exists():
        regions = _yaml(regions_file) or {}
        for landsdeel, extra in (regions.get("places") or {}).items():
            for place in extra:
                places.setdefault(place, landsdeel)  # the taxonomy's own places win
        irregular = {name: tuple(forms) for name, forms in (regions.get("irregular") or {}).items()}
        ambiguous = {name: (item["landsdeel"], float(item["score"]))
                     for name, item in (regions.get("ambiguous") or {}).items()}
    field_hints = hints.get("scope", {})
    frame = Frame(labels, places, hints["knelpunt"]["description"], tuple(hints["knelpunt"]["cues"]),
                 tuple(hints["knelpunt"].get("remedies", ())), tuple(hints["landelijk"]["cues"]), names,
                 tuple(hints["knelpunt"].get("compound_cues", ())), tuple(field_hints.get("field", ())),
                 tuple(field_hints.get("cues", ())), tuple(field_hints.get("elsewhere", ())),
                 irregular_forms=irregular, ambiguous=ambiguous,
                 knelpunt_forms=tuple((hints["knelpunt"].get("forms") or {}).items()))
    return frame
