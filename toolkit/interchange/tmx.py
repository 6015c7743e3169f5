"""TMX 1.4b: translation memories for CAT tools (OmegaT, Trados, memoQ), lossless both ways.

One `tu` per aligned unit, `tuid` = the unit key (k3, k3+k4, +e5, as in PO), with the
article id and stage as `prop`s and the credits as creationid/changeid. Import shares
its rules with PO import (toolkit.interchange.po.plan_import). Parsing goes through
defusedxml, so a file with entity declarations is refused instead of expanded.

XML 1.0 cannot carry most C0 control characters (anything below U+0020 except tab, line
feed and carriage return) nor U+FFFE/U+FFFF: export refuses a text containing one and
names the paragraph. See docs/interchange.md.
"""

from __future__ import annotations

import re
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

from toolkit.errors import InputError
from toolkit.fileio import read_bytes
from toolkit.interchange.po import (
    ExchangeUnit,
    ImportReport,
    IncomingUnit,
    default_waiver_paragraph,
    exchange_units,
    format_waiver_comment,
    latest_change,
    needs_signoff,
    parse_unit_note,
    parse_waiver_comment,
    parse_when,
    plan_import,
    unit_note,
    unit_waivers,
)
from toolkit.model import Article, Waiver

if TYPE_CHECKING:
    from toolkit.config import Settings
    from toolkit.corpus import Corpus

TMX_DATE = "%Y%m%dT%H%M%SZ"
_ILLEGAL_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_TEXT_ESCAPES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;"}
_ATTR_ESCAPES = {**_TEXT_ESCAPES, '"': "&quot;", "\t": "&#9;", "\n": "&#10;"}
_TEXT_RE = re.compile("[&<>\r]")
_ATTR_RE = re.compile('[&<>\r"\t\n]')
# Inline codes whose content is native markup, not translatable text.
_CODE_ELEMENTS = {"bpt", "ept", "ph", "it", "ut"}


def illegal_xml_characters(text: str) -> list[str]:
    """The characters of `text` that XML 1.0 cannot represent, as U+XXXX names."""
    return sorted({f"U+{ord(ch):04X}" for ch in _ILLEGAL_XML.findall(text)})


def _text(value: str) -> str:
    return _TEXT_RE.sub(lambda m: _TEXT_ESCAPES[m.group()], value)


def _attr(value: str) -> str:
    return _ATTR_RE.sub(lambda m: _ATTR_ESCAPES[m.group()], value)


def _tmx_date(value: datetime | None) -> str | None:
    return value.astimezone(timezone.utc).strftime(TMX_DATE) if value else None


def _attrs(pairs: list[tuple[str, str | None]]) -> str:
    return "".join(f' {name}="{_attr(value)}"' for name, value in pairs if value)


def _check_legal(article: Article, unit: ExchangeUnit) -> None:
    for side, ids, text in (("Korean", unit.ko_ids, unit.ko_text), ("English", unit.en_ids, unit.en_text)):
        bad = illegal_xml_characters(text)
        if bad:
            raise InputError(f"article {article.id}, {side} paragraph {'+'.join(ids)}: "
                             f"{', '.join(bad)} cannot be written to TMX (XML 1.0 forbids "
                             "these control characters); remove it or export as PO",
                             article.en_path if side == "English" else article.ko_path)


def export_tmx(articles: list[Article], settings: "Settings") -> str:
    """Articles as one TMX 1.4b document (srclang ko, segtype paragraph)."""
    from toolkit import __version__

    tz = settings.timezone
    changes = [c for c in (latest_change(a, tz) for a in articles) if c is not None]
    header_date = _tmx_date(max(changes, key=lambda c: c.astimezone(timezone.utc))) if changes else None
    out = ['<?xml version="1.0" encoding="UTF-8"?>', '<tmx version="1.4">']
    header = _attrs([("creationtool", "toolkit"), ("creationtoolversion", __version__),
                     ("datatype", "plaintext"), ("segtype", "paragraph"), ("adminlang", "en"),
                     ("srclang", "ko"), ("o-tmf", "toolkit"), ("creationdate", header_date)])
    article_waivers = [(a.id, w) for a in articles for w in a.waivers if w.paragraph is None]
    if article_waivers:
        out.append(f"  <header{header}>")
        for article_id, waiver in article_waivers:
            out.append(f'    <prop type="x-article-waiver:{_attr(article_id)}">'
                       f"{_text(format_waiver_comment(waiver, None))}</prop>")
        out.append("  </header>")
    else:
        out.append(f"  <header{header}/>")
    out.append("  <body>")
    for article in articles:
        translator = article.credit("translator")
        editor = article.credit("editor")
        created = translator.date if translator else None
        tu_attrs = _attrs([
            ("creationid", translator.name if translator else None),
            ("creationdate", _tmx_date(parse_when(created, tz))),
            ("changeid", (editor or translator).name if (editor or translator) else None),
            ("changedate", _tmx_date(latest_change(article, tz))),
        ])
        draft = needs_signoff(article, settings)
        for unit in exchange_units(article, settings):
            _check_legal(article, unit)
            out.append(f'    <tu tuid="{_attr(unit.key)}"{tu_attrs}>')
            out.append(f'      <prop type="x-article">{_text(article.id)}</prop>')
            out.append(f'      <prop type="x-stage">{_text(article.stage)}</prop>')
            out.append(f'      <prop type="x-toolkit">{_text(unit_note(unit))}</prop>')
            if draft and unit.en_text:
                out.append('      <prop type="x-fuzzy">yes</prop>')
            default = default_waiver_paragraph(unit.ko_ids, unit.en_ids)
            for waiver in unit_waivers(article, unit):
                out.append(f'      <prop type="x-waiver">{_text(format_waiver_comment(waiver, default))}</prop>')
            out.append(f'      <tuv xml:lang="ko"><seg>{_text(unit.ko_text)}</seg></tuv>')
            out.append(f'      <tuv xml:lang="en"><seg>{_text(unit.en_text)}</seg></tuv>')
            out.append("    </tu>")
    out.append("  </body>")
    out.append("</tmx>")
    return "\n".join(out) + "\n"


# -- reading -----------------------------------------------------------------------------------

_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def _parse_xml(data: bytes, path: Path) -> tuple[Any, dict[int, int]]:
    """Parse with defusedxml, remembering each element's line."""
    import xml.etree.ElementTree as ET

    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import DefusedXMLParser

    lines: dict[int, int] = {}

    class _Builder(ET.TreeBuilder):
        def start(self, tag: str, attrs: dict[str, str]) -> ET.Element:  # noqa: D102
            element = super().start(tag, attrs)
            lines[id(element)] = parser.parser.CurrentLineNumber
            return element

    parser = DefusedXMLParser(target=_Builder())
    try:
        parser.feed(data)
        root = parser.close()
    except ET.ParseError as exc:
        line = exc.position[0] if getattr(exc, "position", None) else None
        raise InputError(f"TMX is not well-formed XML: {exc}",
                         path, line) from None
    except DefusedXmlException as exc:
        raise InputError(f"TMX declares entities or external references, which are refused "
                         f"for safety ({type(exc).__name__})", path,
                         parser.parser.CurrentLineNumber) from None
    return root, lines


def _seg_text(seg: Any) -> str:
    parts = [seg.text or ""]
    for child in seg:
        if child.tag not in _CODE_ELEMENTS:
            parts.append(_seg_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def read_tmx_units(path: str | Path, data: bytes | None = None,
                   ) -> dict[str, tuple[list[IncomingUnit], list[Waiver] | None]]:
    """The units of a TMX file by article id (article-level waivers or None alongside).

    Units without an `x-article` prop are refused: there would be no article to put them
    in. A `tu` with no Korean `tuv` is refused too.
    """
    p = Path(path)
    if data is None:
        data = read_bytes(p)
    root, lines = _parse_xml(data, p)
    if root.tag != "tmx":
        raise InputError(f"root element is <{root.tag}>, not <tmx>", p, lines.get(id(root)))
    header = root.find("header")
    body = root.find("body")
    if header is None or body is None:
        raise InputError("TMX needs a <header> and a <body>", p, lines.get(id(root)))
    srclang = (header.get("srclang") or "").lower()
    if srclang and srclang != "*all*" and not srclang.startswith("ko"):
        raise InputError(f"source language is {srclang!r}, not Korean (ko)", p, lines.get(id(header)))
    result: dict[str, tuple[list[IncomingUnit], list[Waiver] | None]] = {}
    article_waivers: dict[str, list[Waiver]] = {}
    for prop in header.findall("prop"):
        kind = prop.get("type") or ""
        if kind.startswith("x-article-waiver:"):
            article_waivers.setdefault(kind.split(":", 1)[1], []).extend(
                parse_waiver_comment(prop.text or "", None, p, lines.get(id(prop))))
    for tu in body.iter("tu"):
        line = lines.get(id(tu))
        props: dict[str, list[Any]] = {}
        for prop in tu.findall("prop"):
            props.setdefault(prop.get("type") or "", []).append(prop)
        segs: dict[str, str] = {}
        for tuv in tu.findall("tuv"):
            lang = (tuv.get(_XML_LANG) or tuv.get("lang") or "").lower().split("-")[0]
            seg = tuv.find("seg")
            if lang and seg is not None:
                segs[lang] = _seg_text(seg)
        if "ko" not in segs:
            raise InputError("translation unit has no Korean (xml:lang=\"ko\") variant", p, line)
        article_prop = props.get("x-article")
        if not article_prop or not (article_prop[0].text or "").strip():
            raise InputError("translation unit names no article (prop x-article); was this "
                             "file exported by `toolkit export`?", p, line)
        article_id = article_prop[0].text.strip()
        en_ids = digest = None
        waivers: list[Waiver] | None = None
        note = props.get("x-toolkit")
        if note:
            en_ids, digest = parse_unit_note(note[0].text or "")
            waivers = []
            for prop in props.get("x-waiver", []):
                waivers += parse_waiver_comment(prop.text or "", None, p, lines.get(id(prop)))
        fuzzy = any((prop.text or "").strip() == "yes" for prop in props.get("x-fuzzy", []))
        unit = IncomingUnit(tu.get("tuid") or "", segs["ko"], segs.get("en", ""), line, en_ids,
                            digest, waivers, fuzzy)
        units, _ = result.setdefault(article_id, ([], None))
        units.append(unit)
    for article_id, (units, _) in list(result.items()):
        carried = all(u.waivers is not None for u in units)
        result[article_id] = (units, article_waivers.get(article_id, []) if carried else None)
    return result


def plan_tmx_import(corpus: "Corpus", path: str | Path) -> list[ImportReport]:
    """What importing a TMX file would change, per article; InputError when refused."""
    reports = []
    for article_id, (units, header_waivers) in read_tmx_units(path).items():
        if not corpus.has(article_id):
            raise InputError(f"names article {article_id!r}, which is not in this corpus", path,
                             units[0].line)
        reports.append(plan_import(corpus, article_id, units, path, header_waivers))
    return reports


def import_tmx(corpus: "Corpus", path: str | Path, *, dry_run: bool = False) -> list[ImportReport]:
    """Bring a TMX file back into its articles; all are checked before any is written."""
    reports = plan_tmx_import(corpus, path)
    if not dry_run:
        for report in reports:
            report.commit(corpus)
    return reports
