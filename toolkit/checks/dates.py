"""D: dates, times and relative date words compared across Korean and English.

A Korean date is rendered when an English mention states no conflicting field and shares
at least one (2016년 11월 16일 = Nov. 16, 2016 = November 16: a year dropped in English is
compatible, because it is usually the publication year). Left over, it is either
mismatched against an English date of the same shape (D001) or missing (D002).

Translators routinely resolve Korean day numbers to weekdays ("통일부는 16일 밝혔다" →
"the ministry said on Wednesday") and relative words to dates, so those are accepted
without proof. A relative word (어제, 지난주, 작년) must be rendered by the same relative
period or by an absolute date of the right granularity; rendering it as a different
period (어제 → last week) or dropping one that carries meaning is D003.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable, Iterator, NamedTuple

from toolkit.checks import Hit, Unit, check, excerpt, moved_facts, translated_comparison
from toolkit.dates import (DateMention, compatible, counts_days, extract_dates_en, extract_dates_ko,
                           has_digit, mention_keys)
from toolkit.model import Paragraph, Severity
from toolkit.numbers import holds_nothing_ko

__all__ = ["DateComparison", "compare_dates"]

_FIELDS = ("year", "month", "day", "weekday", "hour", "minute", "decade")

# English relative keys that render a Korean one (reported speech shifts 어제 to "the
# previous day").
_REL_OK = {
    "yesterday": {"yesterday", "previous-day", "last-night"},
    "previous-day": {"previous-day", "yesterday"},
    "today": {"today", "tonight"},
    "tonight": {"tonight", "today"},
    "tomorrow": {"tomorrow", "next-day"},
    "next-day": {"next-day", "tomorrow"},
    "last-night": {"last-night", "yesterday", "previous-day"},
    "day-before-yesterday": {"day-before-yesterday"},
    "day-after-tomorrow": {"day-after-tomorrow"},
}
_GRAIN = {
    "yesterday": "day", "previous-day": "day", "today": "day", "tonight": "day",
    "tomorrow": "day", "next-day": "day", "last-night": "day", "day-before-yesterday": "day",
    "day-after-tomorrow": "day", "last-week": "week", "this-week": "week",
    "next-week": "week", "last-month": "month", "this-month": "month", "next-month": "month",
    "last-year": "year", "this-year": "year", "next-year": "year", "year-before-last": "year",
}
# Relative words a translation may drop without changing the news (오늘, 올해 are
# implied by the dateline); the others carry meaning and must be rendered.
_DROPPABLE = {"today", "tonight", "this-week", "this-month", "this-year", "previous-day",
              "next-day"}


class Located(NamedTuple):
    """A date mention with the paragraph it was found in (a named tuple: cheap to build)."""

    paragraph: Paragraph
    mention: DateMention


@dataclass(frozen=True, slots=True)
class DateComparison:
    """One unit's date findings."""

    mismatched: tuple[tuple[Located, Located], ...]  # (Korean, English)
    missing: tuple[Located, ...]
    relative_wrong: tuple[tuple[Located, Located | None], ...]  # (Korean, English or None)
    added: tuple[Located, ...] = ()  # English dates with nothing in the Korean behind them


def _stated(m: DateMention) -> set[str]:
    return {f for f in _FIELDS if getattr(m, f) is not None}


def _absolute(m: DateMention) -> bool:
    return m.relative is None


def _renders(k: DateMention, e: DateMention) -> bool:
    return bool(_stated(k) & _stated(e)) and compatible(k, e)


def _grain_satisfied(grain: str, en_abs: list[DateMention]) -> bool:
    """An absolute English date fine enough to stand for a Korean relative word."""
    for m in en_abs:
        if grain in ("day", "week") and (m.day is not None or m.weekday is not None):
            return True
        if grain == "month" and m.month is not None:
            return True
        if grain == "year" and m.year is not None:
            return True
    return False


_NO_DATES = DateComparison((), (), ())


def compare_dates(unit: Unit) -> DateComparison:
    """Compare the dates of a unit's Korean and English paragraphs."""
    ko = [Located(p, m) for p in unit.ko if not holds_nothing_ko(p.text)
          for m in extract_dates_ko(p.text)]
    # With no Korean date, only an English date with a year or a day can be reported
    # (D004), and those are written with digits: English without any is not worth reading.
    if not ko and not any(has_digit(p.text) for p in unit.en):
        return _NO_DATES
    en = [Located(p, m) for p in unit.en for m in extract_dates_en(p.text)]
    if not ko and not en:
        return _NO_DATES
    en_abs = [e for e in en if _absolute(e.mention)]
    en_rel = [e for e in en if not _absolute(e.mention)]
    en_rel_keys = {e.mention.relative for e in en_rel}
    ko_rel_keys = {k.mention.relative for k in ko if k.mention.relative is not None}
    # An English relative that renders some Korean one (지난달 → "the previous month") is
    # not a wrong rendering of another (이달).
    free_rel = [e for e in en_rel if not any(e.mention.relative in _REL_OK.get(key, {key})
                                             for key in ko_rel_keys)]
    has_weekday = any(e.mention.weekday is not None for e in en_abs)
    has_day_word = any(_GRAIN.get(k) == "day" for k in en_rel_keys)
    used: set[int] = set()
    mismatched: list[tuple[Located, Located]] = []
    missing: list[Located] = []
    relative_wrong: list[tuple[Located, Located | None]] = []
    for k in ko:
        km = k.mention
        if km.relative is not None:
            key = km.relative
            if en_rel_keys & _REL_OK.get(key, {key}):
                continue
            grain = _GRAIN.get(key, "day")
            if _grain_satisfied(grain, [e.mention for e in en_abs]):
                continue
            rival = next((e for e in free_rel if _GRAIN.get(e.mention.relative) == grain),
                         free_rel[0] if free_rel else None)
            if rival is not None or key not in _DROPPABLE:
                relative_wrong.append((k, rival))
            continue
        # The English date that renders the most of it ("July 27" for 7월 27일 토요일, not
        # the "Saturday" before it), then any other part it states ("Saturday").
        found = [e for e in en_abs if _renders(km, e.mention)]
        if found:
            best = max(found, key=lambda e: (id(e) not in used, len(_stated(km) & _stated(e.mention))))
            used.update(id(e) for e in found if e is best or _stated(e.mention) <= _stated(km))
            continue
        # 2016년 → "last year", unless that English word already renders a Korean one (지난해).
        if km.year_only and {e.mention.relative for e in free_rel} & {
                "this-year", "last-year", "next-year", "year-before-last"}:
            continue
        rival = next((e for e in en_abs if id(e) not in used
                      and _stated(km) & _stated(e.mention)), None)
        if rival is not None:
            used.add(id(rival))
            mismatched.append((k, rival))
            continue
        if _names_event(k):
            continue  # 6·25 전쟁 → "the Korean War", 5월1일경기장 → "May Day Stadium": a name
        if _as_days(k, unit):
            continue  # 격리 21일 → "a 21-day quarantine": a count of days, not the 21st
        day_like = _stated(km) <= {"day", "weekday", "hour", "minute"} and km.day is not None
        if (day_like or km.weekday is not None) and (has_weekday or has_day_word):
            continue  # 16일 → "on Wednesday": the translator resolved the day
        missing.append(k)
    return DateComparison(tuple(mismatched), tuple(missing), tuple(relative_wrong),
                          _added(ko, en_abs, used, unit))


# A date that names an event (6·25 전쟁, 8·15 해방, 4·27 판문점 선언, 9·19 군사합의): the
# English may call the event by its name instead ("the Korean War", "Liberation Day").
_EVENT_NAME = re.compile(r"\s?(?:전쟁|사변|해방|광복|공동선언|선언|합의|군사합의|정상회담|회담|"
                         r"사태|사건|혁명|항쟁|운동|민주화|참사|조치|판문점)")


def _as_days(loc: Located, unit: Unit) -> bool:
    """A Korean day alone (21일) that the English renders as a count of days ("21 days",
    "a 21-day quarantine"): Korean writes both the same way."""
    from toolkit.numbers import extract_en

    m = loc.mention
    if m.weekday is not None or m.hour is not None:  # a date or a time, however short
        return False
    return any(counts_days(m, q) for p in unit.en for q in extract_en(p.text))


# A month and day glued to a place or a body named after it (5월1일경기장, the May Day
# Stadium; 2.8비날론연합기업소; 4.25여관): a name, which the English may translate.
_NAMED_PLACE = re.compile(r"(?:경기장|체육관|체육촌|극장|회관|광장|거리|공장|기업소|연합기업소|탄광|"
                          r"광산|여관|호텔|창작단|예술단|청년|발전소|대학|학교|병원|다리|역)")


# A month and day written with a dot before a noun naming people or things of a movement
# named after it (8·3 노동자, 8·3 인민소비품: the August 3 movement's workers and goods).
_DOT_NAMED = re.compile(r"\s?(?:노동자|인민소비품|소비품|제품|벌이|작업반|돌격대)")


def _names_event(loc: Located) -> bool:
    m = loc.mention
    text = loc.paragraph.text
    return m.month is not None and m.day is not None and m.year is None and (
        _EVENT_NAME.match(text, m.end) is not None or _NAMED_PLACE.match(text, m.end) is not None
        or ("·" in m.text and _DOT_NAMED.match(text, m.end) is not None))


def _added(ko: list[Located], en_abs: list[Located], used: set[int], unit: Unit) -> tuple[Located, ...]:
    """English dates that state a year or a month and day which no Korean date renders.

    A translator may resolve a Korean relative word (지난해 → 2025, 지난달 → October) or add
    the publication year to a month and day (those render a Korean date and are used), so
    only dates that nothing in the Korean accounts for are left: new facts in the English.
    """
    grains = {_GRAIN.get(k.mention.relative, "day") for k in ko if k.mention.relative}
    ko_text = unit.ko_text
    added = []
    for e in en_abs:
        m = e.mention
        if id(e) in used or m.decade is not None:
            continue
        if m.year is not None:
            if "year" in grains or (m.month is not None and "month" in grains) \
                    or str(m.year) in ko_text:
                continue
        elif m.month is not None and m.day is not None:
            if grains & {"day", "week", "month"}:
                continue
        else:
            continue
        added.append(e)
    return tuple(added)


def _snippet(loc: Located) -> str:
    return excerpt(loc.paragraph.text, loc.mention.start, loc.mention.end)


_translated_dates = translated_comparison(compare_dates, _NO_DATES)


def _dates_to_report(unit: Unit) -> bool:
    """Whether D001-D004 can find anything in the unit (their shared `may_find`)."""
    found = _translated_dates(unit)
    return bool(found.mismatched or found.missing or found.relative_wrong or found.added)


# The checks are plain functions that return () when there is nothing to report (most
# units) and a generator only otherwise: starting a generator for each unit cost more
# than the test.

@check("D001", "date-mismatch", Severity.ERROR, may_find=_dates_to_report)
def date_mismatch(unit: Unit, ctx) -> Iterable[Hit]:
    """A year, month, day, weekday, time or decade differs between Korean and English."""
    mismatched = _translated_dates(unit).mismatched
    return _mismatch_hits(mismatched) if mismatched else ()


def _mismatch_hits(mismatched: tuple[tuple[Located, Located], ...]) -> Iterator[Hit]:
    for k, e in mismatched:
        yield Hit(f"{k.mention.text} rendered as {e.mention.text}", ko=_snippet(k),
                  en=_snippet(e), paragraph=e.paragraph.id, offset=e.mention.start)


@check("D002", "date-missing", Severity.WARNING, may_find=_dates_to_report)
def date_missing(unit: Unit, ctx) -> Iterable[Hit]:
    """A date or time in the Korean has no counterpart in the English."""
    missing = _translated_dates(unit).missing
    if missing:  # (most units have none: no call)
        missing = _unmoved(missing, unit, ctx, "ko")
    return _missing_hits(missing) if missing else ()


def _unmoved(found: tuple[Located, ...], unit: Unit, ctx, side: str) -> tuple[Located, ...]:
    """`found` (Korean dates missing from the unit's English, or English ones added, as
    `side` says) less those whose every field moved to another unit (see
    `toolkit.checks.moved_facts`): the sentence they are in was moved there."""
    moved = moved_facts(unit, side, ctx)
    if not moved:
        return found
    return tuple(loc for loc in found if not all(key in moved for key in mention_keys(loc.mention)))


def _missing_hits(missing: tuple[Located, ...]) -> Iterator[Hit]:
    for k in missing:
        yield Hit(f"{k.mention.text} has no counterpart in the English", ko=_snippet(k),
                  paragraph=k.paragraph.id, offset=k.mention.start)


@check("D004", "date-added", Severity.WARNING, may_find=_dates_to_report)
def date_added(unit: Unit, ctx) -> Iterable[Hit]:
    """A year or a month and day in the English that nothing in the Korean accounts for."""
    added = _translated_dates(unit).added
    if added:  # (most units have none: no call)
        added = _unmoved(added, unit, ctx, "en")
    return _added_hits(added) if added else ()


def _added_hits(added: tuple[Located, ...]) -> Iterator[Hit]:
    for e in added:
        yield Hit(f"{e.mention.text} has no counterpart in the Korean", en=_snippet(e),
                  paragraph=e.paragraph.id, offset=e.mention.start)


@check("D003", "relative-date", Severity.WARNING, may_find=_dates_to_report)
def relative_date(unit: Unit, ctx) -> Iterable[Hit]:
    """A relative date word (어제, 지난주, 작년) is dropped or rendered as another period."""
    relative_wrong = _translated_dates(unit).relative_wrong
    return _relative_hits(relative_wrong) if relative_wrong else ()


def _relative_hits(relative_wrong: tuple[tuple[Located, Located | None], ...]) -> Iterator[Hit]:
    for k, e in relative_wrong:
        if e is None:
            yield Hit(f"{k.mention.text} ({k.mention.relative}) is not rendered in the English",
                      ko=_snippet(k), paragraph=k.paragraph.id, offset=k.mention.start)
        else:
            yield Hit(f"{k.mention.text} ({k.mention.relative}) rendered as {e.mention.text}",
                      ko=_snippet(k), en=_snippet(e), paragraph=e.paragraph.id,
                      offset=e.mention.start)
