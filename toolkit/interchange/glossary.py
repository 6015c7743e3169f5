"""Glossary exchange: CSV/TSV for spreadsheets, TBX for CAT tools.

CSV/TSV: a header row naming the columns (`ko,en,forbidden,note`, optionally `kind`,
`variants` and `en-variants`, in any order), `;` between several values in one cell.
Spreadsheets save with a UTF-8 BOM and CRLF line ends; both are accepted.

TBX: TBX-Basic in its 2008 form (`<martif type="TBX-Basic">`, `termEntry/langSet/tig`) and
TBX v3 (ISO 30042:2019, `<tbx type="TBX-Basic" style="dca">`, `conceptEntry/langSec/termSec`).
Each entry has a Korean and an English language section. Administrative status tells the
terms apart: preferredTerm-admn-sts is the approved term, admittedTerm-admn-sts an allowed
variant (a Korean variant spelling on the Korean side), deprecatedTerm-admn-sts a forbidden
spelling. The entry's kind goes in `<descrip type="subjectField">`, its note in `<note>`.
XML is parsed with defusedxml: no entity expansion, no external entities or DTD fetching.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

from toolkit.errors import ConfigError, InputError
from toolkit.terms import Glossary, build_glossary, make_term

CSV_COLUMNS = ("ko", "en", "forbidden", "note", "kind", "variants", "en-variants")
_COLUMN_ALIASES = {"en_variants": "en-variants", "ko-variants": "variants", "ko_variants": "variants"}
TBX_NS = "urn:iso:std:iso:30042:ed-2"

_STATUS = {
    "preferredTerm-admn-sts": "preferred",
    "admittedTerm-admn-sts": "admitted",
    "deprecatedTerm-admn-sts": "deprecated",
    "supersededTerm-admn-sts": "deprecated",
}
_PROPER_KINDS = ("person", "place", "organisation")


def read_glossary(path: Path | str, fmt: str) -> Glossary:
    """Read a CSV, TSV or TBX glossary file (fmt: "csv", "tsv" or "tbx")."""
    from toolkit.fileio import read_text

    path = Path(path)
    # Spreadsheets and CAT tools on Windows write a BOM and CRLF; both are harmless here.
    text = read_text(path, allow_crlf=True, allow_bom=True)
    if fmt in ("csv", "tsv"):
        return glossary_from_delimited(text, path, "," if fmt == "csv" else "\t")
    if fmt == "tbx":
        return glossary_from_tbx(text.encode("utf-8"), path)
    raise InputError(f"cannot read a glossary in format {fmt!r}", path)


def write_glossary(glossary: Glossary, fmt: str) -> str:
    """A glossary as text in one of the exchange formats: csv, tsv, tbx (v3), tbx2 or yaml."""
    if fmt == "csv":
        return glossary_to_delimited(glossary, ",")
    if fmt == "tsv":
        return glossary_to_delimited(glossary, "\t")
    if fmt == "tbx":
        return glossary_to_tbx(glossary, version=3)
    if fmt == "tbx2":
        return glossary_to_tbx(glossary, version=2)
    if fmt == "yaml":
        from toolkit.terms import glossary_to_yaml

        return glossary_to_yaml(glossary)
    raise ValueError(f"unknown glossary format {fmt!r}")


# -- CSV / TSV -------------------------------------------------------------------------------

def _split(cell: str | None) -> list[str]:
    return [part.strip() for part in (cell or "").split(";") if part.strip()]


def glossary_from_delimited(text: str, path: Path | str, delimiter: str = ",") -> Glossary:
    """Parse CSV (delimiter ",") or TSV ("\\t") glossary text; lines count from 1."""
    path = Path(path)
    what = "CSV" if delimiter == "," else "TSV"
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        header = next(reader, None)
    except csv.Error as exc:
        raise InputError(f"malformed {what}: {exc}", path, 1) from None
    if header is None:
        raise InputError(f"{what} glossary is empty", path, 1)
    columns = [_COLUMN_ALIASES.get(c.strip().lower(), c.strip().lower()) for c in header]
    for col in columns:
        if col not in CSV_COLUMNS:
            raise ConfigError(f"unknown column {col!r} in the header (known: "
                              f"{', '.join(CSV_COLUMNS)})", path, 1)
    if len(set(columns)) != len(columns):
        raise ConfigError("a column is named twice in the header", path, 1)
    if "ko" not in columns or "en" not in columns:
        raise ConfigError(f"the header needs 'ko' and 'en' columns (e.g. ko,en,forbidden,note); "
                          f"found {','.join(columns)}", path, 1)
    entries = []
    line = reader.line_num + 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            raise InputError(f"malformed {what}: {exc}", path, line) from None
        if not any(cell.strip() for cell in row):
            line = reader.line_num + 1
            continue
        if len(row) > len(columns):
            raise InputError(f"row has {len(row)} cells but the header names {len(columns)} "
                             "columns", path, line)
        cells = dict(zip(columns, row))
        entries.append((make_term(ko=cells.get("ko"), en=cells.get("en"),
                                  forbidden=_split(cells.get("forbidden")),
                                  kind=cells.get("kind") or "other", note=cells.get("note"),
                                  ko_variants=_split(cells.get("variants")),
                                  en_variants=_split(cells.get("en-variants")),
                                  path=path, line=line), line))
        line = reader.line_num + 1
    return build_glossary(entries, path)


def glossary_to_delimited(glossary: Glossary, delimiter: str = ",") -> str:
    """CSV or TSV text of a glossary (LF line ends, no BOM; optional columns only if used)."""
    columns = ["ko", "en", "forbidden", "note"]
    if any(t.kind != "other" for t in glossary.terms):
        columns.append("kind")
    if any(t.ko_variants for t in glossary.terms):
        columns.append("variants")
    if any(t.en_variants for t in glossary.terms):
        columns.append("en-variants")
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\n")
    writer.writerow(columns)
    for t in glossary.terms:
        values = {"ko": t.ko, "en": t.en, "forbidden": ";".join(t.forbidden), "note": t.note,
                  "kind": t.kind, "variants": ";".join(t.ko_variants),
                  "en-variants": ";".join(t.en_variants)}
        writer.writerow([values[c] for c in columns])
    return out.getvalue()


# -- TBX -------------------------------------------------------------------------------------

@dataclass(slots=True)
class _Node:
    tag: str
    attrs: dict[str, str]
    line: int
    children: list["_Node"] = field(default_factory=list)
    text: str = ""

    def find(self, *tags: str) -> list["_Node"]:
        return [c for c in self.children if c.tag in tags]

    def iter(self, *tags: str):
        for child in self.children:
            if child.tag in tags:
                yield child
            yield from child.iter(*tags)


def _local(name: str) -> str:
    return name.rsplit(":", 1)[-1] if not name.startswith("xml:") else name


def _parse_xml(data: bytes, path: Path) -> _Node:
    """Parse XML into a small tree that remembers each element's line."""
    import xml.sax
    import xml.sax.handler

    import defusedxml
    from defusedxml.expatreader import DefusedExpatParser

    class Builder(xml.sax.handler.ContentHandler):
        def __init__(self) -> None:
            super().__init__()
            self.stack: list[_Node] = []
            self.root: _Node | None = None
            self.locator = None

        def setDocumentLocator(self, locator) -> None:  # noqa: N802 - SAX API
            self.locator = locator

        def startElement(self, name, attrs) -> None:  # noqa: N802 - SAX API
            line = self.locator.getLineNumber() if self.locator else 0
            node = _Node(_local(name), {_local(k): v for k, v in attrs.items()}, line)
            if self.stack:
                self.stack[-1].children.append(node)
            else:
                self.root = node
            self.stack.append(node)

        def endElement(self, name) -> None:  # noqa: N802 - SAX API
            self.stack.pop()

        def characters(self, content) -> None:
            if self.stack:
                self.stack[-1].text += content

    builder = Builder()
    # A martif file names its DTD in a DOCTYPE; that is allowed but never fetched (external
    # general and parameter entities are off), and any entity declaration is refused.
    parser = DefusedExpatParser(forbid_dtd=False, forbid_entities=True, forbid_external=False)
    parser.setFeature(xml.sax.handler.feature_external_ges, False)
    parser.setFeature(xml.sax.handler.feature_external_pes, False)
    parser.setContentHandler(builder)
    try:
        parser.parse(io.BytesIO(data))
    except xml.sax.SAXParseException as exc:
        raise InputError(f"malformed XML: {exc.getMessage()}", path, exc.getLineNumber()) from None
    except defusedxml.DefusedXmlException as exc:
        expat = getattr(parser, "_parser", None)
        line = getattr(expat, "CurrentLineNumber", None)
        raise InputError(f"refused XML: {type(exc).__name__} (entity declarations are not "
                         "accepted)", path, line) from None
    if builder.root is None:
        raise InputError("no XML root element", path, 1)
    return builder.root


def _term_status(container: _Node) -> tuple[str, _Node | None]:
    term = next(container.iter("term"), None)
    status = ""
    for note in container.iter("termNote"):
        if note.attrs.get("type") == "administrativeStatus":
            status = _STATUS.get(note.text.strip(), "")
    return status, term


def _text(node: _Node) -> str:
    # <term> may hold inline markup (hi, ph) in TBX; keep all its text.
    return node.text + "".join(_text(c) for c in node.children)


def glossary_from_tbx(data: bytes, path: Path | str) -> Glossary:
    """Parse a TBX-Basic glossary (2008 martif or v3 tbx) with Korean and English sections."""
    path = Path(path)
    root = _parse_xml(data, path)
    if root.tag not in ("martif", "tbx"):
        raise InputError(f"not a TBX file: the root element is <{root.tag}>, not <tbx> or <martif>",
                         path, root.line)
    entries = []
    for entry in root.iter("termEntry", "conceptEntry"):
        sides: dict[str, list[tuple[str, str, int]]] = {"ko": [], "en": []}
        for lang in entry.find("langSet", "langSec"):
            code = lang.attrs.get("xml:lang", lang.attrs.get("lang", "")).lower().split("-")[0]
            if code not in sides:
                continue
            for container in lang.find("tig", "ntig", "termSec"):
                status, term = _term_status(container)
                if term is not None:
                    sides[code].append((_text(term).strip(), status, term.line))
        label = f"entry at line {entry.line}"
        for code in ("ko", "en"):
            if not sides[code]:
                raise ConfigError(f"{label} has no {code} term (xml:lang=\"{code}\")", path, entry.line)
        ko_main = [t for t, s, _ in sides["ko"] if s == "preferred"] or [sides["ko"][0][0]]
        if len(ko_main) > 1:
            raise ConfigError(f"{label} has two preferred Korean terms", path, entry.line)
        en_main = [t for t, s, _ in sides["en"] if s == "preferred"] or \
            [next((t for t, s, _ in sides["en"] if s != "deprecated"), "")]
        if len(en_main) > 1:
            raise ConfigError(f"{label} has two preferred English terms", path, entry.line)
        kind = "other"
        note = ""
        for descrip in entry.find("descrip"):
            if descrip.attrs.get("type") == "subjectField":
                kind = descrip.text.strip()
            elif descrip.attrs.get("type") == "definition" and not note:
                note = descrip.text
        notes = entry.find("note")
        if notes:
            note = notes[0].text
        entries.append((make_term(
            ko=ko_main[0], en=en_main[0],
            forbidden=[t for t, s, _ in sides["en"] if s == "deprecated"],
            kind=kind, note=note,
            ko_variants=[t for t, s, _ in sides["ko"] if t != ko_main[0] and s != "deprecated"],
            en_variants=[t for t, s, _ in sides["en"] if t != en_main[0] and s != "deprecated"],
            path=path, line=entry.line), entry.line))
    return build_glossary(entries, path)


def glossary_to_tbx(glossary: Glossary, version: int = 3) -> str:
    """TBX-Basic text of a glossary: version 3 (`<tbx>`, the default) or 2 (2008 `<martif>`)."""
    from xml.sax.saxutils import escape, quoteattr

    v3 = version == 3
    entry_tag, lang_tag, term_tag = ("conceptEntry", "langSec", "termSec") if v3 else \
        ("termEntry", "langSet", "tig")
    out = ['<?xml version="1.0" encoding="UTF-8"?>']
    if v3:
        out.append(f'<tbx type="TBX-Basic" style="dca" xml:lang="en" xmlns="{TBX_NS}">')
        header = "tbxHeader"
    else:
        out.append('<!DOCTYPE martif SYSTEM "TBXBasiccoreStructV02.dtd">')
        out.append('<martif type="TBX-Basic-V1" xml:lang="en">')
        header = "martifHeader"
    out += [f"  <{header}>", "    <fileDesc>",
            "      <sourceDesc><p>House glossary exported by toolkit terms export</p></sourceDesc>",
            "    </fileDesc>", f"  </{header}>", "  <text>", "    <body>"]

    def term_block(text: str, status: str, pos: str, term_type: str | None = None) -> list[str]:
        lines = [f"          <{term_tag}>", f"            <term>{escape(text)}</term>",
                 f'            <termNote type="administrativeStatus">{status}-admn-sts</termNote>',
                 f'            <termNote type="partOfSpeech">{pos}</termNote>']
        if term_type:
            lines.append(f'            <termNote type="termType">{term_type}</termNote>')
        lines.append(f"          </{term_tag}>")
        return lines

    for n, term in enumerate(glossary.terms, 1):
        pos = "properNoun" if term.kind in _PROPER_KINDS else "noun"
        out.append(f"      <{entry_tag} id={quoteattr(f'c{n}')}>")
        out.append(f'        <descrip type="subjectField">{escape(term.kind)}</descrip>')
        if term.note:
            out.append(f"        <note>{escape(term.note)}</note>")
        out.append(f'        <{lang_tag} xml:lang="ko">')
        out += term_block(term.ko, "preferredTerm", pos)
        for variant in term.ko_variants:
            out += term_block(variant, "admittedTerm", pos, "variant")
        out.append(f"        </{lang_tag}>")
        out.append(f'        <{lang_tag} xml:lang="en">')
        out += term_block(term.en, "preferredTerm", pos)
        for variant in term.en_variants:
            out += term_block(variant, "admittedTerm", pos, "variant")
        for bad in term.forbidden:
            out += term_block(bad, "deprecatedTerm", pos)
        out.append(f"        </{lang_tag}>")
        out.append(f"      </{entry_tag}>")
    out += ["    </body>", "  </text>", "</tbx>" if v3 else "</martif>"]
    return "\n".join(out) + "\n"


__all__ = ["CSV_COLUMNS", "glossary_from_delimited", "glossary_from_tbx", "glossary_to_delimited",
           "glossary_to_tbx", "read_glossary", "write_glossary"]
