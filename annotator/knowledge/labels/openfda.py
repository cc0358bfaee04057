"""Read openFDA drug-label JSON (https://open.fda.gov/apis/drug/label/) into `Label` records.

An openFDA record is one SPL flattened into fields named after its sections' LOINC names
(`adverse_reactions`, `boxed_warning`, ...), each a list of strings, plus `<field>_table` lists
of HTML tables and an `openfda` block of harmonised names. Subsections are merged into their
parent's text, so numbered subsections ("5.1 Hepatotoxicity ...") are split back out here:
extractors then see the same shape as from SPL XML. openFDA has no per-product strengths or
DEA schedule, so those come from the label text instead (see extract_product.py).
"""

from __future__ import annotations

import json
import re

from lxml import etree, html

from .knowledge import section_codes
from .records import Ingredient, Label, LabelError, Product, Section, Table
from .spl import clean, section_kind

DOC_KINDS = {"HUMAN PRESCRIPTION DRUG": "rx", "HUMAN OTC DRUG": "otc"}
DOC_CODES = {"rx": "34391-3", "otc": "34390-5"}
LEAD_NUMBER = re.compile(r"^\s*(\d{1,2})\s+(?=[A-Z])")
NUMBERED_LINE = re.compile(r"^(\d{1,2}(?:\.\d{1,2})*)\s+(\S.*)$")
CONNECTORS = {
    "and",
    "or",
    "of",
    "in",
    "with",
    "the",
    "to",
    "for",
    "a",
    "an",
    "on",
    "by",
    "from",
    "during",
    "after",
    "&",
    "-",
    "/",
    "vs",
    "at",
    "due",
    "not",
}


def read_openfda(data: bytes, source: str) -> list[Label]:
    """All label records of one openFDA JSON document (a `results` list, or one record)."""
    try:
        doc = json.loads(data)
    except (UnicodeDecodeError, json.JSONDecodeError) as err:
        raise LabelError(source, f"not valid JSON ({err})") from None
    records = doc.get("results") if isinstance(doc, dict) and "results" in doc else [doc]
    if not isinstance(records, list) or not records:
        raise LabelError(source, "openFDA JSON has no 'results' list of label records")
    return [read_record(r, f"{source}#results[{i}]") for i, r in enumerate(records)]


def first(record: dict, key: str) -> str:
    value = record.get(key, "")
    if isinstance(value, list):
        value = value[0] if value else ""
    return str(value)


def read_record(record: object, source: str) -> Label:
    if not isinstance(record, dict):
        raise LabelError(source, "label record is not a JSON object")
    meta = record.get("openfda") or {}
    if not isinstance(meta, dict):
        raise LabelError(source, "'openfda' is not an object")
    set_id = first(record, "set_id") or first(meta, "spl_set_id")
    if not set_id:
        raise LabelError(source, "label record has no set_id")
    kind = DOC_KINDS.get(first(meta, "product_type").upper(), "other")
    if kind == "other" and any(k in record for k in ("purpose", "do_not_use", "stop_use")):
        kind = "otc"
    elif kind == "other" and any(
        k in record for k in ("indications_and_usage", "adverse_reactions")
    ):
        kind = "rx"
    sections = []
    for code, spec in section_codes().items():
        texts = record.get(spec.openfda_field)
        if not texts:
            continue
        if not isinstance(texts, list) or not all(isinstance(t, str) for t in texts):
            raise LabelError(source, f"field '{spec.openfda_field}' must be a list of strings")
        tables = [
            read_html_table(t, n, source)
            for n, t in enumerate(record.get(f"{spec.openfda_field}_table") or [], 1)
        ]
        for n, text in enumerate(texts):  # one string per coded section of the SPL
            sections.append(build_section(code, text, tuple(tables) if n == 0 else ()))
    moieties = [s for s in meta.get("substance_name", []) if isinstance(s, str)]
    product = Product(
        name=first(meta, "brand_name"),
        generic_name=first(meta, "generic_name"),
        ingredients=tuple(Ingredient(name=s, moiety=s) for s in moieties),
        routes=tuple(sorted(meta.get("route", []))),
        dea_schedule=first(meta, "dea_schedule").upper(),
    )
    return Label(
        source=source,
        format="openfda",
        set_id=set_id,
        version=first(record, "version"),
        effective=first(record, "effective_time")[:8],
        title=first(meta, "brand_name"),
        doc_code=DOC_CODES.get(kind, ""),
        doc_kind=kind,
        labeler=first(meta, "manufacturer_name"),
        products=(product,) if moieties or product.name else (),
        sections=tuple(sections),
        document_id=first(record, "id"),
        pharm_classes=tuple(meta.get("pharm_class_epc", [])),
        application=first(meta, "application_number"),
    )


def build_section(code: str, text: str, tables: tuple[Table, ...]) -> Section:
    """One field → Section. Lines are kept when the file has them; table rows repeated in the
    prose are dropped; a leading all-capitals line is the title ("6 ADVERSE REACTIONS");
    numbered subsections ("5.1 Hepatotoxicity") are split back out. Tables stay on the top
    section: openFDA does not say which subsection held them."""
    rows = {clean(" ".join(r)) for t in tables for r in t.rows}
    lines = [ln for ln in (clean(x) for x in text.split("\n")) if ln and ln not in rows]
    for t in tables:  # one-line files: cut the table's text out of the prose
        flat = clean(" ".join(c for row in t.rows for c in row))
        if flat and len(lines) == 1:
            lines = [clean(lines[0].replace(flat, " "))]
    number, title = "", ""
    if lines:
        m = NUMBERED_LINE.match(lines[0])
        head = m.group(2) if m else lines[0]
        letters = [c for c in head if c.isalpha()]
        if (
            letters
            and sum(c.isupper() for c in letters) >= 0.8 * len(letters)
            and len(head.split()) <= 15
        ):
            number, title = (m.group(1) if m else ""), head
            lines = lines[1:]
        elif len(lines) == 1 and (m := LEAD_NUMBER.match(lines[0])):
            number, lines = m.group(1), [lines[0][m.end() :]]
    if len(lines) > 1:
        head_text, subs = split_lines(lines, number)
    elif number and lines:
        head_text, subs = split_numbered(lines[0], number)
    else:
        head_text, subs = "\n".join(lines), ()
    spec = section_codes()[code]
    return Section(
        code=code,
        kind=section_kind(code, title or spec.name),
        number=number,
        title=title,
        text=head_text,
        tables=tables,
        subsections=subs,
    )


def split_lines(lines: list[str], parent: str) -> tuple[str, tuple[Section, ...]]:
    """Subsections of a field that kept its lines: a line "5.1 Hepatotoxicity" opens one."""
    head: list[str] = []
    subs: list[tuple[str, str, list[str]]] = []
    for line in lines:
        m = NUMBERED_LINE.match(line)
        if parent and m and m.group(1).startswith(parent + ".") and len(m.group(2).split()) <= 15:
            subs.append((m.group(1), m.group(2), []))
        elif subs:
            subs[-1][2].append(line)
        else:
            head.append(line)
    return "\n".join(head), tuple(
        Section(
            code="42229-5", kind=section_kind("42229-5", t), number=n, title=t, text="\n".join(body)
        )
        for n, t, body in subs
    )


def split_numbered(text: str, parent: str) -> tuple[str, tuple[Section, ...]]:
    """Split '... 5.1 Hepatotoxicity Elevations of ... 5.2 Hypertension ...' at subsection
    numbers of `parent` that are not cross-references like '(5.1)'."""
    rx = re.compile(rf"(?<![(\w.\[])({re.escape(parent)}\.\d{{1,2}})\s+(?=[A-Z])")
    marks = list(rx.finditer(text))
    if not marks:
        return text, ()
    subs = []
    for i, mk in enumerate(marks):
        body = text[mk.end() : marks[i + 1].start() if i + 1 < len(marks) else len(text)].strip()
        title, rest = split_title(body)
        subs.append(
            Section(
                code="42229-5",
                kind=section_kind("42229-5", title),
                number=mk.group(1),
                title=title,
                text=rest,
            )
        )
    return text[: marks[0].start()].strip(), tuple(subs)


def split_title(body: str) -> tuple[str, str]:
    """Guess where a run-in title ends: the capitalised words before the first sentence, whose
    own first word is capitalised too (so it is dropped from the title)."""
    words = body.split(" ")
    taken = 0
    for w in words:
        bare = w.strip("(),;:")
        if not bare or bare[0].isupper() or bare[0].isdigit() or bare.lower() in CONNECTORS:
            taken += 1
            continue
        break
    if taken == len(words):
        return body, ""
    run = words[:taken]
    caps = [i for i, w in enumerate(run) if w.strip("(),;:")[:1].isupper()]
    cut = caps[-1] if caps and caps[-1] > 0 else len(run)  # the sentence's first word
    title = run[:cut]
    while title and title[-1].strip("(),;:").lower() in CONNECTORS:
        title.pop()
    title_text = " ".join(title).rstrip(",;:")
    return title_text, " ".join(words[len(title) :]).strip()


def read_html_table(markup: object, n: int, source: str) -> Table:
    if not isinstance(markup, str):
        raise LabelError(source, "table fields must be lists of HTML strings")
    try:
        el = html.fragment_fromstring(markup, create_parent=False) if markup.strip() else None
    except (etree.ParserError, ValueError) as err:
        raise LabelError(source, f"unreadable table {n} ({err})") from None
    if el is None:
        return Table(table_id=f"table-{n}", caption="", rows=())
    table = el if el.tag == "table" else el.find(".//table")
    if table is None:
        raise LabelError(source, f"table {n} has no <table> element")
    caption = clean(table.findtext("caption") or "")
    m = re.search(r"\bTable\s+\d+[A-Za-z]?\b", caption)
    rows, header = [], 0
    for tr in table.iter("tr"):
        cells = tuple(clean(c.text_content()) for c in tr if c.tag in ("td", "th"))
        if any(cells):
            rows.append(cells)
            header += tr.getparent().tag == "thead"
    return Table(
        table_id=m.group(0) if m else (table.get("id") or f"table-{n}"),
        caption=caption,
        rows=tuple(rows),
        header_rows=header,
    )
