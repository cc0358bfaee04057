"""FDA Pharmacologic Class Indexing SPL files (document type 60685-5): substance UNII → its
Established Pharmacologic Class ("Interleukin-23 Antagonist [EPC]").

The EPC is FDA's own wording for a drug's class, so when a team supplies these files
(DailyMed's pharmacologic_class_indexing_spl_files.zip) the class fact comes from them rather
than from a guess at the label prose.
"""

from __future__ import annotations

from dataclasses import dataclass

from .records import LabelError
from .spl import N, parse_root, text_of

INDEXING_CODE = "60685-5"


@dataclass(frozen=True)
class ClassIndexEntry:
    unii: str
    substance: str  # "TILDRAKIZUMAB"
    classes: tuple[tuple[str, str], ...]  # (NUI code, "Interleukin-23 Antagonist [EPC]")
    set_id: str
    version: str
    effective: str
    source: str

    @property
    def epc(self) -> tuple[str, ...]:
        """Established pharmacologic class names without the bracketed type."""
        return tuple(name.rsplit(" [", 1)[0] for _, name in self.classes if name.endswith("[EPC]"))


def is_indexing(data: bytes) -> bool:
    return INDEXING_CODE.encode() in data[:4000]


def read_indexing(data: bytes, source: str) -> list[ClassIndexEntry]:
    root = parse_root(data, source)
    code = root.find(f"{N}code")
    if code is None or code.get("code") != INDEXING_CODE:
        raise LabelError(
            source, f"not a pharmacologic class indexing file (document code {INDEXING_CODE})"
        )
    set_id = root.find(f"{N}setId")
    version = root.find(f"{N}versionNumber")
    effective = root.find(f"{N}effectiveTime")
    out = []
    for subst in root.iter(f"{N}identifiedSubstance"):
        inner = subst.find(f"{N}identifiedSubstance")
        if inner is None:
            continue
        code_el = inner.find(f"{N}code")
        classes = tuple(
            (k.get("code", ""), k.get("displayName", ""))
            for k in inner.findall(f"{N}asSpecializedKind/{N}generalizedMaterialKind/{N}code")
        )
        out.append(
            ClassIndexEntry(
                unii=code_el.get("code", "") if code_el is not None else "",
                substance=text_of(inner.find(f"{N}name")),
                classes=classes,
                set_id=set_id.get("root", "") if set_id is not None else "",
                version=version.get("value", "") if version is not None else "",
                effective=(effective.get("value", "") if effective is not None else "")[:8],
                source=source,
            )
        )
    if not out:
        raise LabelError(source, "indexing file names no substance")
    return out
