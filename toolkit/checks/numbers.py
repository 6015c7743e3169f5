"""N: numbers compared by value across Korean and English conventions.

Each side's quantities come from `toolkit.numbers` (3만 명 = 30,000 people = 30 thousand,
1억2천만 원 = 120 million won, 15% = 15 percent, 두 명 = two people). A Korean quantity is
rendered when some English quantity has the same value; approximate figures (3만여 명 /
"more than 30,000") are allowed 20% slack. What is left on both sides is paired by kind
and unit: a pair is a mismatch (N001), a Korean leftover is missing (N002), an English
leftover is added (N003).

Precision comes first, so a quantity is left alone when a professional translation would
commonly drop or add it: years (the D checks own them), the number 1 (한 명 → "a
defector"), numbers inside names and codes (코로나19, Hwasong-15), a currency conversion in
brackets (1만 위안(약 170만 원) → "10,000 yuan"), spelled-out small English numbers ("one
of the", "the two Koreas"). Units with an empty side are skipped: omissions belong to the
A checks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable, Iterator, NamedTuple

from toolkit.checks import (Hit, Unit, adjacent_one_sided, aligned_neighbours, check, excerpt,
                            moved_facts, translated_comparison)
from toolkit.dates import has_digit
from toolkit.model import Paragraph, Severity
from toolkit.numbers import Quantity, extract_en, extract_ko, same_value, value_key

__all__ = ["NumberComparison", "compare_numbers", "format_value"]

# English words that render a small Korean count without a numeral (두 사람 → "both men").
_EN_WEAK = {2.0: ("both", "pair", "couple", "twin", "duo", "neither", "either")}
# Kinds that may stand for each other in a translation (3만 명 → "30,000" is a plain number).
_KIND_FAMILY = {"number": "n", "count": "n", "times": "n", "ordinal": "o", "percent": "p",
                "currency": "c"}


_MEASURES = {"kg", "ton", "km", "m", "mm", "cm", "mile", "ri", "liter", "degree"}
# One of a measure or a currency said with an article: "a kilogram", "per ton", "8,000 won
# to the dollar" (1달러에 8천 원), the usual rendering of a Korean 1kg or 1달러.
_ONE_UNIT = re.compile(r"\b(?:a|an|one|per|the|each)\s+(?:kilo|kg\b|ton|km\b|met|mile|degree|lit|"
                       r"dollar|yuan|won\b|euro|pound|yen\b)", re.IGNORECASE)


class Located(NamedTuple):
    """A quantity with the paragraph it was found in (a named tuple: cheap to build)."""

    paragraph: Paragraph
    quantity: Quantity


@dataclass(frozen=True, slots=True)
class NumberComparison:
    """The outcome of comparing one unit's numbers: mismatches, missing and added ones."""

    mismatched: tuple[tuple[Located, Located], ...]  # (Korean, English)
    missing: tuple[Located, ...]  # Korean quantities with no English counterpart
    added: tuple[Located, ...]  # English quantities with no Korean counterpart


def format_value(value: float) -> str:
    """30000.0 -> "30,000"; 0.6667 -> "0.6667"; 2.5 -> "2.5"."""
    if value == int(value) and abs(value) < 1e15:
        return f"{int(value):,}"
    return f"{value:.4g}"


def _located(paragraphs: tuple[Paragraph, ...], extract) -> list[Located]:
    return [Located(p, q) for p in paragraphs for q in extract(p.text) if q.kind != "year"]


def _values_match(k: Quantity, e: Quantity) -> bool:
    if same_value(k.value, e.value):
        return True
    # 50% = half, 25 percent = a quarter.
    if k.kind == "percent" and e.value < 1 and same_value(k.value / 100, e.value):
        return True
    if e.kind == "percent" and k.value < 1 and same_value(e.value / 100, k.value):
        return True
    if k.approximate and e.approximate:
        # 10여 명 → "about a dozen": two round figures for the same rough number.
        return abs(k.value - e.value) <= 0.2 * max(k.value, e.value)
    if k.approximate != e.approximate:
        # "about 30,000" for 29,800: the exact figure rounds to the approximate one.
        rough, exact = (k, e) if k.approximate else (e, k)
        return rough.value >= 10 and same_value(_round_like(exact.value, rough.value), rough.value)
    return False


def _round_like(value: float, rough: float) -> float:
    """Round value to as many significant digits as `rough` has (30,000 has one)."""
    digits = len(format_value(rough).replace(",", "").rstrip("0").lstrip("0").replace(".", ""))
    return float(f"{value:.{max(digits, 1)}g}")


def _is_code(text: str, q: Quantity) -> bool:
    """A number inside a name or code: 코로나19, Hwasong-15, MiG-29, COVID-19, the 10 of the
    "20×10" policy (written 20x10 in English, where the 10 is glued to a letter)."""
    if q.start == 0 or q.kind in ("currency", "percent"):
        return False
    before = text[q.start - 1]
    if before in "-×" and q.start >= 2 and (text[q.start - 2].isalpha()
                                            or (before == "×" and text[q.start - 2].isdigit())):
        return True
    return before.isalpha() and before not in "제약총"


def _in_conversion(text: str, q: Quantity) -> bool:
    """A currency amount in brackets, the translator's or writer's conversion: (약 170만 원)."""
    if q.kind != "currency":
        return False
    open_at = text.rfind("(", 0, q.start)
    return open_at != -1 and text.find(")", open_at, q.start) == -1


# Idioms that render a Korean quantity with its unit: 24시간 → "around the clock";
# (2차 세계대전 → "World War II": Roman numerals only in names like these).
_EN_IDIOMS = {(24.0, "hour"): ("around the clock", "round the clock", "around-the-clock",
                               "round-the-clock", "24/7", "day and night"),
              (1.0, None): ("world war i ", "world war i,", "world war i.", "first world war"),
              (2.0, None): ("world war ii", "second world war")}


# Korean quantities an English word renders: 10대 (an age) → "in their teens"; 보름 (15
# days) → "two weeks", "a fortnight".
_KO_WORD_IDIOMS = {"10대": ("teen",),
                   "보름": ("two weeks", "two-week", "fortnight", "half a month", "half-month")}


def _weak_rendering(k: Quantity, en_text: str) -> bool:
    idioms = _EN_IDIOMS.get((k.value, k.unit)) or _KO_WORD_IDIOMS.get(k.text)
    words = _EN_WEAK.get(k.value) if k.spelled else None
    if not idioms and not words:
        return False
    lowered = en_text.lower()
    return any(w in lowered for w in (idioms or ()) + (words or ()))


def _may_pair(k: Quantity, e: Quantity) -> bool:
    fk, fe = _KIND_FAMILY.get(k.kind, "n"), _KIND_FAMILY.get(e.kind, "n")
    if fk != fe and "n" not in (fk, fe):
        return False
    if fk == "n" and fe == "n" and k.kind != e.kind and "number" not in (k.kind, e.kind):
        return False
    if k.unit and e.unit and k.unit != e.unit:
        return False
    return True


def _en_pairable(loc: Located) -> bool:
    """English quantities that may be a (wrong) rendering of a Korean one."""
    q = loc.quantity
    if _is_code(loc.paragraph.text, q) or _in_conversion(loc.paragraph.text, q):
        return False
    return not q.spelled or q.value >= 2


def _en_reportable(loc: Located) -> bool:
    """English quantities worth reporting as added: written with digits, or large."""
    return not loc.quantity.spelled or loc.quantity.value >= 1000


def _ko_reportable(loc: Located, en_text: str) -> bool:
    q = loc.quantity
    if q.value == 1 and q.kind != "percent":
        # 한 명 → "a defector"; but 1kg is a measure and 1달러 a price, unless rendered "a
        # kilogram", "per ton", "to the dollar".
        if (q.unit not in _MEASURES and q.kind != "currency") or _ONE_UNIT.search(en_text):
            return False
    if _is_code(loc.paragraph.text, q) or _in_conversion(loc.paragraph.text, q):
        return False
    return not _weak_rendering(q, en_text)


_NOTHING = NumberComparison((), (), ())
# With no number in the Korean, the English can only yield "added" ones (N003), which must
# be written with digits or be 1,000 or more, so spelt with a scale word. Text with neither
# is not worth extracting (most English paragraphs). The scale words are found in the
# extractor's own case-insensitive terms, each led by a literal so that the regex engine
# scans for first letters (a leading \d or class would make it try every position).
_DIGIT = re.compile(r"\d")
_SCALE_WORD = re.compile("|".join(
    f"{first}(?i:{rest})" for word in ("hundred", "thousand", "million", "billion", "trillion",
                                      "dozen", "bn", "mn")
    for first, rest in ((word[0], word[1:]), (word[0].upper(), word[1:]))))



def _has_scale_word(text: str) -> bool:
    """`_SCALE_WORD.search(text)`, by substring tests on the lowercased text: several
    times cheaper than the regex, whose first letters are common ones."""
    # Letters the regex's IGNORECASE folds; ASCII text (most) holds none.
    if not text.isascii() and ("ſ" in text or "ı" in text or "İ" in text):
        return _SCALE_WORD.search(text) is not None
    low = text.lower()
    return ("hundred" in low or "thousand" in low or "million" in low or "billion" in low
            or "trillion" in low or "dozen" in low or "bn" in low or "mn" in low)


def _unmatched(ko: list[Located], en: list[Located]) -> tuple[list[Located], list[Located]]:
    """The quantities of each side that no quantity on the other side has the value of."""
    # A value stated alike on both sides matches without trying every pair (a paragraph of
    # code or a table holds dozens); the rest are tried pair by pair, each only against the
    # other side's quantities that no value matched: 2,000 that renders 2천여 is no looser
    # match for 1,600여 (two round figures 20 % apart) as well.
    ko_values = {k.quantity.value for k in ko}
    en_values = {e.quantity.value for e in en}
    ko_open = [k for k in ko if k.quantity.value not in en_values]
    en_open = [e for e in en if e.quantity.value not in ko_values]
    ko_left = [k for k in ko_open if not any(_values_match(k.quantity, e.quantity) for e in en_open)]
    en_left = [e for e in en_open if not any(_values_match(k.quantity, e.quantity) for k in ko_open)]
    return ko_left, en_left


def _moved(found: tuple[Located, ...], unit: Unit, ctx, side: str) -> tuple[Located, ...]:
    """`found` (Korean quantities missing from the unit's English, or English ones added,
    as `side` says) less those that the other side of a neighbour holds without a
    counterpart of its own: the sentence they are in moved across the paragraph boundary
    (into an aligned neighbour, or into a paragraph the aligner found no partner for)."""
    moved = moved_facts(unit, side, ctx)  # however far (see toolkit.checks.moved_facts)
    if moved:
        found = tuple(loc for loc in found if value_key(loc.quantity.value) not in moved)
    neighbours = (aligned_neighbours(unit, ctx)
                  + adjacent_one_sided(unit, ctx, "en" if side == "ko" else "ko"))
    if not neighbours or not found:
        return found
    spare: list[Quantity] = []
    for other in neighbours:
        ko_left, en_left = _unmatched(_located(other.ko, extract_ko), _located(other.en, extract_en))
        spare += [loc.quantity for loc in (en_left if side == "ko" else ko_left)]
    if not spare:
        return found
    if side == "ko":
        return tuple(k for k in found if not any(_values_match(k.quantity, e) for e in spare))
    return tuple(e for e in found if not any(_values_match(k, e.quantity) for k in spare))


def compare_numbers(unit: Unit) -> NumberComparison:
    """Compare the numbers of a unit's Korean and English paragraphs by value."""
    ko = _located(unit.ko, extract_ko)
    if not ko and not any(has_digit(p.text) or _has_scale_word(p.text) for p in unit.en):
        return _NOTHING
    found = [Located(p, q) for p in unit.en for q in extract_en(p.text)]
    en = [e for e in found if e.quantity.kind != "year"]  # years are the D checks' to compare
    if not ko and not en:
        return _NOTHING
    ko_left, en_left = _unmatched(ko, en)
    if ko_left and len(en) < len(found):
        # A bare Korean number that the English states as a year (Copyright © 2000, a
        # range 1969--1999 of years) is rendered.
        years = {e.quantity.value for e in found if e.quantity.kind == "year"}
        ko_left = [k for k in ko_left if k.quantity.kind != "number" or k.quantity.value not in years]
    en_text = unit.en_text
    ko_left = [k for k in ko_left if _ko_reportable(k, en_text)]
    en_left = [e for e in en_left if _en_pairable(e)]
    pairs: list[tuple[Located, Located]] = []
    missing: list[Located] = []
    for k in ko_left:
        candidates = [e for e in en_left if _may_pair(k.quantity, e.quantity)]
        same_unit = [e for e in candidates if e.quantity.unit and e.quantity.unit == k.quantity.unit]
        chosen = (same_unit or candidates or [None])[0]
        if chosen is None:
            missing.append(k)
        else:
            pairs.append((k, chosen))
            en_left.remove(chosen)
    return NumberComparison(tuple(pairs), tuple(missing),
                            tuple(e for e in en_left if _reportable_added(e, unit)))


def _reportable_added(e: Located, unit: Unit) -> bool:
    """Whether an English quantity no Korean one matched is worth reporting as added."""
    return (_en_reportable(e) and not _korean_day(e, unit)
            and not _spelled_natively(e.quantity, unit.ko_text)
            and not _names_korean_date(e.quantity, unit.ko_text))


# Native Korean numerals (스물, 서른; 셋, 넷) that a sentence uses as nouns, without the
# counter the extractor needs to tell 세 (three) from 세부: "스물셋, 넷이면 다 결혼했다"
# (everyone was married by 23 or 24), "서른 넘은 총각" (bachelors over 30).
_NATIVE_TENS = {20: "스물", 30: "서른", 40: "마흔", 50: "쉰", 60: "예순", 70: "일흔", 80: "여든",
                90: "아흔"}
_NATIVE_ONES = {1: ("하나", "한"), 2: ("둘", "두"), 3: ("셋", "세"), 4: ("넷", "네"), 5: ("다섯",),
                6: ("여섯",), 7: ("일곱",), 8: ("여덟",), 9: ("아홉",)}
_ANY_NATIVE_ONE = "|".join(word for forms in _NATIVE_ONES.values() for word in forms)


def _spelled_natively(q: Quantity, ko_text: str) -> bool:
    """Whether the Korean writes an English figure from 20 to 99 as a native numeral: the
    tens word (서른), the tens and the ones (스물셋), or the ones alone after another number
    of the same tens ("스물셋, 넷": 23 or 24)."""
    value = q.value
    if not (20 <= value < 100 and value == int(value)):
        return False
    tens, ones = _NATIVE_TENS[int(value) // 10 * 10], int(value) % 10
    if tens not in ko_text:
        return False
    if not ones:
        return True
    words = _NATIVE_ONES[ones]
    if any(tens + word in ko_text for word in words):
        return True
    return re.search(rf"{tens}(?:{_ANY_NATIVE_ONE}),\s*(?:{'|'.join(words)})", ko_text) is not None


def _names_korean_date(q: Quantity, ko_text: str) -> bool:
    """Whether an English decimal is a Korean name written with a month and day ("8.3
    workers" for 8·3 노동자, the 8·3 movement's workers), not a quantity."""
    return "." in q.text and q.text.replace(".", "·") in ko_text


def _korean_day(e: Located, unit: Unit) -> bool:
    """An English count of days ("a 21-day quarantine") that renders a Korean day written
    as a date (격리 21일), which the date checks read, not this one."""
    from toolkit.dates import counts_days, extract_dates_ko

    q = e.quantity
    return q.unit == "day" and any(counts_days(m, q) for p in unit.ko
                                   for m in extract_dates_ko(p.text))


def _snippet(loc: Located) -> str:
    return excerpt(loc.paragraph.text, loc.quantity.start, loc.quantity.end)


_translated_numbers = translated_comparison(compare_numbers, _NOTHING)


def _numbers_to_report(unit: Unit) -> bool:
    """Whether N001-N003 can find anything in the unit (their shared `may_find`)."""
    found = _translated_numbers(unit)
    return bool(found.mismatched or found.missing or found.added)


# The checks are plain functions that return () when there is nothing to report (most
# units) and a generator only otherwise: starting a generator for each unit cost more
# than the test.

@check("N001", "number-mismatch", Severity.ERROR, may_find=_numbers_to_report)
def number_mismatch(unit: Unit, ctx) -> Iterable[Hit]:
    """A Korean number is rendered in the English with a different value (3만 → 3,000)."""
    mismatched = _translated_numbers(unit).mismatched
    if mismatched:  # (most units have none: no call)
        mismatched = _unmoved_pairs(mismatched, unit, ctx)[0]
    return _mismatch_hits(mismatched) if mismatched else ()


def _unmoved_pairs(mismatched: tuple[tuple[Located, Located], ...], unit: Unit, ctx
                   ) -> tuple[tuple[tuple[Located, Located], ...], tuple[Located, ...]]:
    """(the mismatched pairs whose Korean quantity did not move next door, the English
    quantities of those that did): a Korean figure a neighbour's English states (see
    `_moved`) was not rendered wrong here; what it was paired with is left over."""
    kept, freed = [], []
    for k, e in mismatched:
        if _moved((k,), unit, ctx, "ko"):
            kept.append((k, e))
        else:
            freed.append(e)
    return tuple(kept), tuple(freed)


def _mismatch_hits(mismatched: tuple[tuple[Located, Located], ...]) -> Iterator[Hit]:
    for k, e in mismatched:
        kq, eq = k.quantity, e.quantity
        yield Hit(f"{kq.text} ({format_value(kq.value)}) rendered as {eq.text}",
                  ko=_snippet(k), en=_snippet(e), paragraph=e.paragraph.id, offset=eq.start)


@check("N002", "number-missing", Severity.ERROR, may_find=_numbers_to_report)
def number_missing(unit: Unit, ctx) -> Iterable[Hit]:
    """A number in the Korean has no counterpart in the English."""
    missing = _translated_numbers(unit).missing
    if missing:  # (most units have none: no call)
        missing = _moved(missing, unit, ctx, "ko")
    return _missing_hits(missing) if missing else ()


def _missing_hits(missing: tuple[Located, ...]) -> Iterator[Hit]:
    for k in missing:
        q = k.quantity
        yield Hit(f"{q.text} ({format_value(q.value)}) has no counterpart in the English",
                  ko=_snippet(k), paragraph=k.paragraph.id, offset=q.start)


@check("N003", "number-added", Severity.WARNING, may_find=_numbers_to_report)
def number_added(unit: Unit, ctx) -> Iterable[Hit]:
    """A number in the English has no counterpart in the Korean."""
    found = _translated_numbers(unit)
    added = found.added
    if found.mismatched:  # an English figure paired with a Korean one that moved is added
        added += tuple(e for e in _unmoved_pairs(found.mismatched, unit, ctx)[1]
                       if _reportable_added(e, unit))
    if added:  # (most units have none: no call)
        added = _moved(added, unit, ctx, "en")
    return _added_hits(added) if added else ()


def _added_hits(added: tuple[Located, ...]) -> Iterator[Hit]:
    for e in added:
        q = e.quantity
        yield Hit(f"{q.text} ({format_value(q.value)}) has no counterpart in the Korean",
                  en=_snippet(e), paragraph=e.paragraph.id, offset=q.start)
