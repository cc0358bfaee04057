"""Facts about when to use the drug and when not to: indications and limitations of use,
contraindications (and the interactions they name), boxed-warning topic, warnings-and-
precautions topics.

Structure first, prose second: a PLR label's numbered subsection titles ("1.1 Rheumatoid
Arthritis", "5.3 Hepatotoxicity") are the label's own list of indications and warnings, so
they are read as such; sentence cues (data/cues.json) cover old-format and OTC labels.
"""

from __future__ import annotations

import re

from .facts import make, sentences, tidy
from .knowledge import cue
from .records import Label, LabelFact, qualifiers


def heading_like(line: str, max_words: int = 12) -> bool:
    words = line.split()
    return (
        0 < len(words) <= max_words
        and line[0].isalpha()
        and line[0].isupper()
        and not line.rstrip().endswith((".", ",", ";"))
        and not cue("heading_noise").search(line)
    )


def indications(label: Label) -> list[LabelFact]:
    out = []
    for section in label.find("indications"):
        titled = [s for s in section.subsections if s.title]
        for sub in titled:
            attr = "limitation_of_use" if sub.kind == "limitations_of_use" else "indication"
            if attr == "indication":
                out.append(
                    make(
                        label,
                        sub,
                        attr,
                        tidy(sub.title),
                        f"{sub.number} {sub.title}: {sub.text}",
                        "indication-subsection",
                    )
                )
        if not titled and label.doc_kind == "otc":
            for line in section.text.split("\n"):
                value = tidy(
                    re.sub(
                        r"^(?:temporarily\s+)?(?:relieves|reduces)\b[^:]*:?", "", line, flags=re.I
                    )
                )
                if value:
                    out.append(make(label, section, "indication", value, line, "otc-uses"))
        elif not titled:
            lines = section.full_text.split("\n")
            for n, line in enumerate(lines):
                if cue("indicated_list").search(line):  # "... is indicated for:" then a list
                    for item in lines[n + 1 :]:
                        if len(item.split()) > 25:
                            break
                        if not tidy(item) or cue("indicated_list_noise").search(item):
                            continue
                        out.append(
                            make(
                                label,
                                section,
                                "indication",
                                tidy(item),
                                f"{line} {item}",
                                "indicated-list",
                            )
                        )
                    continue
                for sentence in sentences(line):
                    m = cue("indicated").search(sentence)
                    if m:
                        out.append(
                            make(
                                label,
                                section,
                                "indication",
                                tidy(m.group("what")),
                                sentence,
                                "indicated-for",
                            )
                        )
        for s in section.walk():
            for sentence in sentences(s.full_text if s is section else ""):
                m = cue("limitation_of_use").search(sentence)
                if m:
                    out.append(
                        make(
                            label,
                            s,
                            "limitation_of_use",
                            tidy(m.group("what")),
                            sentence,
                            "limitation-of-use",
                        )
                    )
            if s.kind == "limitations_of_use" and s is not section:
                out.append(
                    make(label, s, "limitation_of_use", tidy(s.text), s.text, "limitation-of-use")
                )
    return out


def contraindications(label: Label) -> list[LabelFact]:
    out = []
    for section in label.find("contraindications"):
        subs = [s for s in section.subsections if s.title]
        items = [(s, s.title, f"{s.title}: {s.text}") for s in subs] or [
            (section, line, line) for line in section.text.split("\n")
        ]
        for sec, item, text in items:
            if cue("contraindication_intro").search(item.strip()):
                continue
            m = cue("contraindicated_in").search(item)
            if m:
                item = m.group("what")
            for part in re.split(r";\s*", item) if ";" in item else [item]:
                value = tidy(part)
                if value and len(value.split()) <= 40:
                    out.append(
                        make(label, sec, "contraindication", value, text, "contraindication-item")
                    )
            out += interactions(label, sec, item, text)
    return out


def interactions(label: Label, section, item: str, text: str) -> list[LabelFact]:
    """Drugs a contraindication names as co-medication ("concomitant use of ketorolac and
    probenecid", "patients who are using a GC stimulator, such as riociguat")."""
    own = {w.lower() for p in label.products for w in (p.name + " " + p.generic_name).split()}
    own |= set(label.drug.split())
    out = []
    for piece in [item, *sentences(text)]:
        if cue("not_interaction").search(piece):
            continue
        for m in cue("interaction").finditer(piece):
            what = tidy(m.group("what"))
            words = what.lower().split()
            if (
                not words
                or words[0] in own | {"the", "this", "these", "a", "an", "patients", "it"}
                or len(words) > 5
            ):
                continue
            out.append(
                make(
                    label,
                    section,
                    "interaction",
                    what,
                    text,
                    "contraindicated-with",
                    qualifiers=qualifiers(severity="contraindicated"),
                )
            )
    return out


def boxed_warning(label: Label) -> list[LabelFact]:
    """Rx labels only: OTC Drug Facts use 34066-1 for other boxed text (tamper-evidence notices),
    and a 34066-1 nested inside another coded section (haloperidol's dosage tables) is layout,
    not the boxed warning, so only top-level boxed sections that read like a warning count
    (openFDA JSON lifts every 34066-1 to the top, so the wording test is what catches it there)."""
    if label.doc_kind != "rx":
        return []
    out = []
    for section in label.sections:
        if section.kind != "boxed_warning" or not cue("boxed_evidence").search(
            section.full_text + " " + section.title
        ):
            continue
        lines = section.full_text.split("\n")
        head = section.title or (lines[0] if lines and cue("boxed_prefix").match(lines[0]) else "")
        topic = cue("boxed_prefix").sub("", head).strip()
        if topic:  # "WARNING: RISK OF SERIOUS CARDIOVASCULAR ... EVENTS", as a title or first line
            out.append(make(label, section, "boxed_warning", tidy(topic), head, "boxed-title"))
            continue
        heads = [cue("boxed_prefix").sub("", h).strip() for h in lines if heading_like(h)]
        for head in [h for h in heads if h] or [tidy(sentences(section.full_text)[0])[:120]]:
            out.append(make(label, section, "boxed_warning", tidy(head), head, "boxed-heading"))
    return out


def warning_topics(label: Label) -> list[LabelFact]:
    out = []
    for section in label.find("warnings_precautions", "warnings"):
        if label.doc_kind == "otc":
            for line in section.full_text.split("\n"):
                m = cue("otc_topic").search(line)
                if m:
                    out.append(
                        make(label, section, "warning", tidy(m.group("what")), line, "otc-alert")
                    )
            continue
        subs = [s for s in section.subsections if s.title]
        if subs and not section.number:  # old format: headings nest ("Cardiovascular Effects" >
            subs = [
                s for s in section.walk() if s is not section and s.title
            ]  # "Thrombotic Events")
        if subs:
            for sub in subs:
                out.append(
                    make(
                        label,
                        sub,
                        "warning",
                        tidy(sub.title),
                        f"{sub.title}: {sub.text}",
                        "warning-subsection",
                    )
                )
        else:
            for line in section.text.split("\n"):
                if heading_like(line, 8) and line.upper() not in (
                    "WARNINGS",
                    "WARNINGS AND PRECAUTIONS",
                ):
                    out.append(make(label, section, "warning", tidy(line), line, "warning-heading"))
    return out
