"""H: Korean left in the English.

H001 hangul-residue, H002 untranslated, H003 empty-translation. These are the checks that
generic tools miss for a Korean source: Hangul has no case, so "unchanged" and "valid
characters" heuristics built for European languages let a copied paragraph through.
"""

from __future__ import annotations

import re
from typing import Iterable, Iterator

from toolkit.checks import Hit, Unit, check, excerpt, has_text
from toolkit.model import Severity

# Syllables, jamo and compatibility jamo: ㅋㅋ and half-typed words count as residue too.
HANGUL = re.compile("[\u1100-\u11ff\u3130-\u318f\ua960-\ua97f\uac00-\ud7a3\ud7b0-\ud7ff]+")
_HANGUL_CHAR = re.compile("[\u1100-\u11ff\u3130-\u318f\uac00-\ud7a3]")
_LETTER = re.compile(r"[^\W\d_]", re.UNICODE)
_SPACE = re.compile(r"\s+")


def hangul_share(text: str) -> float:
    """The share of letters in `text` that are Hangul (0.0 for a text with no letters)."""
    letters = len(_LETTER.findall(text))
    if not letters:
        return 0.0
    return len(_HANGUL_CHAR.findall(text)) / letters


def _normalise(text: str) -> str:
    return _SPACE.sub(" ", text).strip().casefold()


# H001 and H002 are plain functions that return () for English without Hangul (nearly
# every unit) and a generator only otherwise: starting a generator per unit cost more than
# the test.

@check("H002", "untranslated", Severity.ERROR)
def untranslated(unit: Unit, ctx) -> Iterable[Hit]:
    """The English is the Korean copied unchanged, or is mostly Hangul."""
    if not unit.ko or not unit.en:
        return ()
    en = unit.en_text
    # str.isascii() reads a flag of the string: no scan for English without Hangul.
    if en.isascii() or not en.strip() or not HANGUL.search(en):
        return ()
    return _untranslated_hits(unit, en, ctx)


def _untranslated_hits(unit: Unit, en: str, ctx) -> Iterator[Hit]:
    ko = unit.ko_text
    if _normalise(ko) == _normalise(en):
        yield Hit("the English is the Korean copied unchanged: not translated", paragraph=unit.en[0].id,
                  offset=0, ko=excerpt(ko), en=excerpt(en))
        return
    threshold = ctx.option("H002", "hangul-share", 0.5)
    share = hangul_share(en)
    if share >= threshold:
        yield Hit(f"the English is {share:.0%} Hangul: not translated", paragraph=unit.en[0].id,
                  offset=0, ko=excerpt(ko), en=excerpt(en))


@check("H001", "hangul-residue", Severity.ERROR)
def hangul_residue(unit: Unit, ctx) -> Iterable[Hit]:
    """Hangul left in the English text: a word or name that was not translated or romanised."""
    for para in unit.en:
        if not para.text.isascii() and HANGUL.search(para.text):
            return _residue_hits(unit)
    return ()


def _residue_hits(unit: Unit) -> Iterator[Hit]:
    for para in unit.en:
        if para.text.isascii() or not HANGUL.search(para.text):
            continue
        for match in HANGUL.finditer(para.text):
            yield Hit(f"Hangul in the English: {match.group()!r}", paragraph=para.id,
                      offset=match.start(), en=excerpt(para.text, match.start(), match.end()),
                      ko=excerpt(unit.ko_text) if unit.ko else "")


@check("H003", "empty-translation", Severity.ERROR)
def empty_translation(unit: Unit, ctx) -> Iterable[Hit]:
    """A non-empty Korean original with an empty English translation (PO entry, loose file).

    In a corpus article an English side that is missing altogether is an omission (A001).
    """
    doc = ctx.document
    # Nothing to report (nearly every unit) returns () without starting a generator.
    if (doc is not None and doc.kind == "article") or not has_text(unit.ko) or has_text(unit.en):
        return ()
    return _empty_translation_hits(unit, doc)


def _empty_translation_hits(unit: Unit, doc) -> Iterator[Hit]:
    if not unit.en and (doc is None or doc.kind != "po"):
        # A 1-0 unit of an alignment is an omission (A001), unless there is no English at all.
        if doc is None or any(u.en for u in doc.units) or unit.index != 0:
            return
        yield Hit("the English file is empty", paragraph=unit.ko[0].id, offset=0, ko=excerpt(unit.ko_text))
        return
    para = unit.en[0].id if unit.en else unit.ko[0].id
    yield Hit("empty translation of a non-empty original", paragraph=para, offset=0,
              ko=excerpt(unit.ko_text))
