"""Read one SPL document (HL7 v3 XML, namespace urn:hl7-org:v3) into a `Label`.

Sections are recognised by their LOINC codes, not their titles, because titles vary between
labellers ("WARNINGS", "Warnings and Precautions", none at all in some repackager copies);
titles only decide when the code is generic (SPL Unclassified) or contradicts them (rules in
data/section_titles.csv). Text and tables are kept apart so extractors can read table rows as
rows instead of guessing them from flattened text.
"""

from __future__ import annotations

import re

from lxml import etree

from .knowledge import document_types, schedule_codes, section_codes, title_rules
from .records import Ingredient, Label, LabelError, Product, Section, Table

NS = "urn:hl7-org:v3"
N = f"{{{NS}}}"
ACTIVE_CLASSES = {"ACTIB", "ACTIM", "ACTIR"}
BLOCKS = {"paragraph", "item", "list", "br", "caption", "content-block", "tr", "text"}
NUMBERED = re.compile(r"^\s*(\d{1,2}(?:\.\d{1,2})*)\.?\s+(?=\S)")
_PARSER = etree.XMLParser(
    resolve_entities=False, no_network=True, huge_tree=True, remove_comments=True
)


def clean(text: str) -> str:
    return " ".join(text.split())


def text_of(el: etree._Element | None) -> str:
    return clean("".join(el.itertext())) if el is not None else ""


def block_text(el: etree._Element) -> str:
    """Text of a <text> element without its tables, one line per paragraph or list item, so
    sentence and list cues still see the label's own breaks."""
    out: list[str] = []
    brk = "\x00"  # block boundary; raw newlines inside a paragraph are only XML layout

    def visit(node: etree._Element) -> None:
        tag = etree.QName(node).localname if isinstance(node.tag, str) else ""
        if tag == "table":
            out.append(brk)
            if node.tail:
                out.append(node.tail)
            return
        if tag in BLOCKS:
            out.append(brk)
        if node.text and isinstance(node.tag, str):
            out.append(node.text)
        for child in node:
            visit(child)
        if tag in BLOCKS:
            out.append(brk)
        if node.tail and node is not el:
            out.append(node.tail)

    visit(el)
    lines = (clean(line) for line in "".join(out).split(brk))
    return "\n".join(line for line in lines if line)


def read_table(el: etree._Element, n: int) -> Table:
    caption = text_of(el.find(f"{N}caption"))
    m = re.search(r"\bTable\s+\d+[A-Za-z]?\b", caption)
    table_id = m.group(0) if m else (el.get("ID") or f"table-{n}")
    rows, header = [], 0
    for part in ("thead", "tbody", "tfoot", None):
        trs = el.findall(f"{N}{part}/{N}tr") if part else el.findall(f"{N}tr")
        for tr in trs:
            cells = tuple(text_of(c) for c in tr if etree.QName(c).localname in ("td", "th"))
            if any(cells):
                rows.append(cells)
                header += part == "thead"
    return Table(table_id=table_id, caption=caption, rows=tuple(rows), header_rows=header)


def section_kind(code: str, title: str) -> str:
    known = section_codes().get(code)
    generic = known is None or known.kind == "unclassified"
    for rx, kind, applies in title_rules():
        if (applies == "always" or generic) and rx.search(title):
            return kind
    return known.kind if known else "unclassified"


def read_section(el: etree._Element, counter: list[int]) -> Section:
    code_el = el.find(f"{N}code")
    code = code_el.get("code", "") if code_el is not None else ""
    raw_title = text_of(el.find(f"{N}title"))
    m = NUMBERED.match(raw_title)
    number, title = (m.group(1), raw_title[m.end() :].strip()) if m else ("", raw_title)
    text_el = el.find(f"{N}text")
    tables = []
    if text_el is not None:
        for t in text_el.iter(f"{N}table"):
            counter[0] += 1
            tables.append(read_table(t, counter[0]))
    hl = el.find(f"{N}excerpt/{N}highlight/{N}text")
    subs = tuple(read_section(s, counter) for s in el.findall(f"{N}component/{N}section"))
    return Section(
        code=code,
        kind=section_kind(code, title),
        number=number,
        title=title,
        text=block_text(text_el) if text_el is not None else "",
        highlight=block_text(hl) if hl is not None else "",
        tables=tuple(tables),
        subsections=subs,
    )


def read_ingredient(el: etree._Element) -> Ingredient:
    sub = el.find(f"{N}ingredientSubstance")
    num = el.find(f"{N}quantity/{N}numerator")
    den = el.find(f"{N}quantity/{N}denominator")
    per = ""
    if den is not None and (den.get("value"), den.get("unit")) not in (("1", "1"), (None, None)):
        per = " ".join(p for p in (den.get("value", ""), den.get("unit", "")) if p and p != "1")
    code = sub.find(f"{N}code") if sub is not None else None
    return Ingredient(
        name=text_of(sub.find(f"{N}name")) if sub is not None else "",
        unii=code.get("code", "") if code is not None else "",
        strength=num.get("value", "") if num is not None else "",
        unit=num.get("unit", "") if num is not None else "",
        per=per,
        moiety=text_of(sub.find(f"{N}activeMoiety/{N}activeMoiety/{N}name"))
        if sub is not None
        else "",
        active=el.get("classCode", "") in ACTIVE_CLASSES,
    )


def read_product(outer: etree._Element) -> Product | None:
    """`outer` is subject/manufacturedProduct; the product itself is its child (called
    manufacturedProduct in current SPL, manufacturedMedicine in pre-2009 files)."""
    inner = outer.find(f"{N}manufacturedProduct")
    if inner is None:
        inner = outer.find(f"{N}manufacturedMedicine")
    if inner is None:
        return None
    ingredients = [read_ingredient(i) for i in inner.findall(f"{N}ingredient")]
    ingredients += [
        read_ingredient(i) for i in inner.findall(f"{N}part/{N}partProduct/{N}ingredient")
    ]
    routes = {r.get("displayName", "") for r in outer.iter(f"{N}routeCode")} - {""}
    schedule = ""
    for policy in outer.iter(f"{N}policy"):
        if policy.get("classCode") == "DEADrugSchedule":
            code = policy.find(f"{N}code")
            if code is not None:
                shown = code.get("displayName", "").upper()
                schedule = (
                    shown
                    if shown in schedule_codes().values()
                    else schedule_codes().get(code.get("code", ""), "")
                )
    form = inner.find(f"{N}formCode")
    code = inner.find(f"{N}code")
    return Product(
        name=text_of(inner.find(f"{N}name")),
        generic_name=text_of(inner.find(f"{N}asEntityWithGeneric/{N}genericMedicine/{N}name")),
        ingredients=tuple(ingredients),
        dosage_form=form.get("displayName", "") if form is not None else "",
        routes=tuple(sorted(routes)),
        dea_schedule=schedule,
        ndc=code.get("code", "") if code is not None else "",
    )


def parse_root(data: bytes, source: str) -> etree._Element:
    if not data.strip():
        raise LabelError(source, "empty file")
    try:
        root = etree.fromstring(data, _PARSER)
    except etree.XMLSyntaxError as err:
        raise LabelError(source, f"not well-formed XML ({err.msg})") from None
    if root.tag != f"{N}document":
        raise LabelError(
            source,
            f"not an SPL document (root element <{etree.QName(root).localname}>, "
            f"namespace '{etree.QName(root).namespace or ''}'; expected <document> in {NS})",
        )
    return root


def read_spl(data: bytes, source: str) -> Label:
    """Parse SPL bytes; raise LabelError (naming `source`) when they are not a usable label."""
    root = parse_root(data, source)
    set_id = root.find(f"{N}setId")
    if set_id is None or not set_id.get("root"):
        raise LabelError(source, "SPL document has no setId")
    doc_code = root.find(f"{N}code")
    doc_code = doc_code.get("code", "") if doc_code is not None else ""
    body = root.findall(f"{N}component/{N}structuredBody/{N}component/{N}section")
    counter = [0]
    sections = tuple(read_section(s, counter) for s in body)
    products = []
    for s in root.iter(f"{N}section"):
        code = s.find(f"{N}code")
        if code is not None and code.get("code") == "48780-1":
            products += [
                p for p in map(read_product, s.findall(f"{N}subject/{N}manufacturedProduct")) if p
            ]
    version = root.find(f"{N}versionNumber")
    effective = root.find(f"{N}effectiveTime")
    approval = root.find(f".//{N}approval/{N}id")
    operations = {
        c.get("displayName", "").upper()
        for c in root.iterfind(f".//{N}performance/{N}actDefinition/{N}code")
    } - {""}
    doc_id = root.find(f"{N}id")
    return Label(
        source=source,
        format="spl",
        set_id=set_id.get("root"),
        version=version.get("value", "") if version is not None else "",
        effective=(effective.get("value", "") if effective is not None else "")[:8],
        title=text_of(root.find(f"{N}title")),
        doc_code=doc_code,
        doc_kind=document_types().get(doc_code, "other"),
        labeler=text_of(
            root.find(f"{N}author/{N}assignedEntity/{N}representedOrganization/{N}name")
        ),
        products=tuple(products),
        sections=sections,
        document_id=doc_id.get("root", "") if doc_id is not None else "",
        application=approval.get("extension", "") if approval is not None else "",
        operations=tuple(sorted(operations)),
    )
