"""Dates, times and relative date words in Korean and English news conventions.

`extract_dates_ko("2016년 11월 16일(수)")` and `extract_dates_en("Wednesday, Nov. 16, 2016")`
give `DateMention`s whose fields can be compared directly: months and days as numbers,
weekdays 0=Monday, hours on a 24-hour clock where the text says a.m./p.m. (오전/오후),
decades as their first year, relative words as normalised keys shared by both languages
("yesterday", "last-week", "this-year", …). A mention carries only what its text states:
"Nov. 16" has no year, "16일" has only a day.

Year-only mentions (2016년, "in 2016") are dates too; `toolkit.numbers` reports them as
quantities of kind "year" and skips every other span claimed here, so a number is never
counted twice. Pure functions, compiled regexes, no imports beyond the standard library:
the aligner calls these for every paragraph.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any, Iterable, Iterator, NamedTuple

__all__ = ["DateMention", "extract_dates_ko", "extract_dates_en", "compatible",
           "RELATIVE_KEYS", "trigger_pattern", "trigger_source", "scan", "has_ascii_digit",
           "has_digit", "occurrence_pattern", "counts_days", "mention_keys"]


class DateMention(NamedTuple):
    """One date, time, decade or relative date word found in a text, with its span.

    A named tuple, as immutable as a frozen dataclass and cheaper to build (see
    `toolkit.numbers.Quantity`).
    """

    year: int | None
    month: int | None
    day: int | None
    weekday: int | None  # 0 = Monday
    hour: int | None
    minute: int | None
    decade: int | None  # 1990년대 / the 1990s -> 1990
    relative: str | None  # normalised key, see RELATIVE_KEYS
    start: int
    end: int
    text: str
    # The hour's half of the day is stated (오전/오후, a.m./p.m., noon, midnight, or an hour
    # past 12): it then compares on the 24-hour clock with another stated one.
    half_day: bool = False

    @property
    def year_only(self) -> bool:
        """True for a bare year (2016년, "in 2016"), which numbers.py also reports."""
        return (self.year is not None and self.month is None and self.day is None
                and self.weekday is None and self.hour is None and self.relative is None
                and self.decade is None)


def _mention(year: int | None = None, month: int | None = None, day: int | None = None,
             weekday: int | None = None, hour: int | None = None, minute: int | None = None,
             decade: int | None = None, relative: str | None = None, *, start: int, end: int,
             text: str, half_day: bool = False) -> DateMention:
    return DateMention(year, month, day, weekday, hour, minute, decade, relative, start, end,
                       text[start:end], half_day)


def counts_days(mention: DateMention, quantity: Any) -> bool:
    """Whether an English count of days (a `toolkit.numbers.Quantity`: "21 days", "a
    21-day quarantine") renders a Korean day written as a date (격리 21일): Korean writes a
    day of the month and a number of days alike. The date checks and the number checks each
    ask, from their side."""
    return (mention.day is not None and mention.month is None and mention.year is None
            and quantity.unit == "day" and quantity.value == mention.day)


def compatible(a: DateMention, b: DateMention) -> bool:
    """True when no field stated on both sides differs (a missing field is compatible).

    Hours compare on a 12-hour clock, because Korean copy often gives 3시 without 오후,
    unless both sides state the half of the day (오전 11시 is not "11 p.m.").
    Relative keys are not compared here (see RELATIVE_KEYS); only the absolute fields.
    """
    for x, y in ((a.year, b.year), (a.month, b.month), (a.day, b.day),
                 (a.weekday, b.weekday), (a.minute, b.minute), (a.decade, b.decade)):
        if x is not None and y is not None and x != y:
            return False
    if a.hour is not None and b.hour is not None:
        if a.half_day and b.half_day:
            return a.hour % 24 == b.hour % 24
        return a.hour % 12 == b.hour % 12
    return True


# -- fast scanning ----------------------------------------------------------------------------
#
# A regex whose alternatives start with assertions (lookbehinds, \b) is tried at every
# position of the text, which made a 300-character paragraph cost ~0.3 ms. Instead, a
# cheap "trigger" regex whose alternatives each begin with a literal character (so the
# regex engine skips straight to candidate characters) finds where a match may start, and
# the full pattern runs anchored there: about 20x faster on news text. The triggers only
# prune: they find every place where the full pattern matches (and some more), so `scan`
# gives what the pattern's own finditer gives (a property test holds it to that). Korean
# word fragments carry no guard for the syllable before them: each copy of the class
# [가-힣] costs `re` half a millisecond to compile (55 copies were a sixth of start-up), and
# the full pattern, which tests it, runs at each candidate anyway.

WORD_START_EN = r"(?<![A-Za-z0-9].)"  # after the first character: the one before it
DIGIT_START = r"(?<![0-9].)"


def trigger_pattern(fragments: Iterable[tuple[str, str]]) -> re.Pattern:
    """Compile (fragment, guard) pairs into one literal-led alternation (`trigger_source`)."""
    return re.compile(trigger_source(fragments))


def trigger_source(fragments: Iterable[tuple[str, str]]) -> str:
    """The source of `trigger_pattern`, for a pattern that holds it.

    Each fragment's first character is a literal; `guard` (a lookbehind such as
    WORD_START_EN) is placed right after it, so that the engine's first-character scan
    still applies.
    """
    by_first: dict[str, dict[str, list[str]]] = {}
    for fragment, guard in fragments:
        by_first.setdefault(fragment[0], {}).setdefault(guard, []).append(fragment[1:])
    branches = []
    for first, by_guard in by_first.items():
        # The guard is tested once per first character, not once per word.
        inner = "|".join(guard + "(?:" + "|".join(dict.fromkeys(rests)) + ")"
                         for guard, rests in by_guard.items())
        branches.append(re.escape(first) + "(?:" + inner + ")")
    return "|".join(branches)


def word_fragments(words: Iterable[str], guard: str, after: str = "") -> list[tuple[str, str]]:
    """Trigger fragments for literal words (spaces match any run of whitespace)."""
    return [(w[0] + re.escape(w[1:]).replace(r"\ ", r"\s+") + after, guard) for w in words]


def digit_fragments(guard: str = DIGIT_START, after: str = "") -> list[tuple[str, str]]:
    """Trigger fragments for the start of a digit run (`after`: what must follow its first
    digit, a lookahead)."""
    return [(d + after, guard) for d in "0123456789"]


def occurrence_pattern(fragments: Iterable[tuple[str, str]]) -> re.Pattern:
    """A pattern that finds something in every text where one of the trigger fragments
    occurs (and in a few more): a cheap proof that a text holds none of them.

    A fragment led by one of the commonest syllables (다섯, 이틀, 하루, 지난주: 다, 이, 하, 지
    also lead most Korean words) is led by its second syllable instead, the first checked
    behind it, so that the search stops several times less often.
    """
    led = []
    for text, guard in fragments:
        if text[0] in "다이하스수지서자사" and "가" <= text[1] <= "힣":
            text, guard = text[1] + f"(?<={text[:2]})" + text[2:], ""
        led.append((text, guard))
    return trigger_pattern(led)


def mention_keys(m: "DateMention") -> list[tuple]:
    """What a date mention states, as comparable keys: ("year", 2016), ("month", 11),
    ("day", 16), ("weekday", 2), ("relative", "last-year"), ("decade", 1990). The aligner's
    date anchors and the checks' moved facts are these."""
    keys: list[tuple] = []
    if m.year:
        keys.append(("year", m.year))
    if m.month:
        keys.append(("month", m.month))
    if m.day:
        keys.append(("day", m.day))
    if m.weekday is not None:
        keys.append(("weekday", m.weekday))
    if m.relative:
        keys.append(("relative", m.relative))
    if m.decade:  # 1990년대 / the 1990s
        keys.append(("decade", m.decade))
    return keys


def has_ascii_digit(text: str) -> bool:
    """True when text holds one of 0-9: ten substring tests, each a C loop over the
    string, cost a third of one regex search for [0-9] on a paragraph."""
    return ("0" in text or "1" in text or "2" in text or "3" in text or "4" in text
            or "5" in text or "6" in text or "7" in text or "8" in text or "9" in text)


_ANY_DIGIT = re.compile(r"\d")


def has_digit(text: str) -> bool:
    """True when text holds a digit in the sense of the patterns' \\d, of any script."""
    return has_ascii_digit(text) or (not text.isascii() and _ANY_DIGIT.search(text) is not None)


def lower_same_length(text: str) -> str:
    """text.lower() with every offset kept (a few characters lowercase to two)."""
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


def scan(pattern: re.Pattern, text: str, triggers: re.Pattern,
         trigger_text: str | None = None) -> Iterator[re.Match]:
    """Non-overlapping matches of `pattern` that start where `triggers` finds a candidate.

    `trigger_text` is the text the triggers run on (the lowercased text for English); a
    hit's start in it must be the offset of the candidate in `text` (a pattern led by the
    character before a candidate runs on the text with one character in front).
    """
    end = 0
    for hit in triggers.finditer(text if trigger_text is None else trigger_text):
        pos = hit.start()
        if pos < end:
            continue
        m = pattern.match(text, pos)
        if m is not None and m.end() > pos:
            end = m.end()
            yield m


# -- shared tables ----------------------------------------------------------------------

# Relative keys, shared by both languages. Korean words map to these, and so do English
# phrases; a few English phrases (the previous day) are the usual rendering of a Korean
# key in reported speech and map to the same key.
RELATIVE_KEYS = (
    "day-before-yesterday", "yesterday", "today", "tomorrow", "day-after-tomorrow",
    "previous-day", "next-day", "last-week", "this-week", "next-week", "last-month",
    "this-month", "next-month", "year-before-last", "last-year", "this-year", "next-year",
    "last-night", "tonight",
)

_KO_RELATIVE = {
    "그저께": "day-before-yesterday", "그제": "day-before-yesterday", "어제": "yesterday",
    "어저께": "yesterday", "오늘": "today", "내일": "tomorrow", "모레": "day-after-tomorrow",
    "전날": "previous-day", "전일": "previous-day", "다음날": "next-day", "다음 날": "next-day",
    "이튿날": "next-day", "지난주": "last-week", "지난 주": "last-week",
    # 주말 is the weekend of that week (지난 주말 = last weekend), not the week's end
    "지난 주말": "last-week", "지난주말": "last-week", "이번 주말": "this-week",
    "이번주말": "this-week", "다음 주말": "next-week", "다음주말": "next-week",
    "이번 주": "this-week", "이번주": "this-week", "금주": "this-week", "다음 주": "next-week",
    "다음주": "next-week", "지난달": "last-month", "지난 달": "last-month",
    "이번 달": "this-month", "이번달": "this-month", "이달": "this-month",
    "다음 달": "next-month", "다음달": "next-month", "재작년": "year-before-last",
    "작년": "last-year", "지난해": "last-year", "올해": "this-year", "금년": "this-year",
    "내년": "next-year", "어젯밤": "last-night", "지난밤": "last-night", "오늘 밤": "tonight",
    "오늘밤": "tonight",
}

_EN_RELATIVE = {
    "the day before yesterday": "day-before-yesterday", "yesterday": "yesterday",
    "today": "today", "tomorrow": "tomorrow", "the day after tomorrow": "day-after-tomorrow",
    "the previous day": "previous-day", "the day before": "previous-day",
    "a day earlier": "previous-day", "the following day": "next-day",
    "the next day": "next-day", "a day later": "next-day", "last week": "last-week",
    "last weekend": "last-week", "this weekend": "this-week", "next weekend": "next-week",
    "the previous week": "last-week", "a week ago": "last-week", "this week": "this-week",
    "earlier this week": "this-week", "later this week": "this-week", "next week": "next-week",
    "last month": "last-month", "the previous month": "last-month",
    "a month ago": "last-month", "this month": "this-month",
    "earlier this month": "this-month", "later this month": "this-month",
    "next month": "next-month", "the year before last": "year-before-last",
    "last year": "last-year", "the previous year": "last-year", "a year ago": "last-year",
    "a year earlier": "last-year", "this year": "this-year", "earlier this year": "this-year",
    "later this year": "this-year", "next year": "next-year", "last night": "last-night",
    "tonight": "tonight",
}

# Korean copy writes 지난달 and 지난 달 alike: look words up without their spaces.
_KO_REL_NOSPACE = {k.replace(" ", ""): v for k, v in _KO_RELATIVE.items()}
_SPACES = re.compile(r"\s+")

_WEEKDAYS_KO = {"월": 0, "화": 1, "수": 2, "목": 3, "금": 4, "토": 5, "일": 6}
_WEEKDAYS_EN = {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4,
                "saturday": 5, "sunday": 6}
_MONTHS_EN = {"jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8,
              "sep": 9, "oct": 10, "nov": 11, "dec": 12}

# Korean periods of the day: the hour offset they imply (새벽 3시 = 3 a.m., 밤 10시 = 22).
_KO_MERIDIEM = {"오전": 0, "새벽": 0, "아침": 0, "오후": 12, "낮": 12, "저녁": 12, "밤": 12}


def _alt(words, space: str) -> str:
    """A regex alternation, longest first so that 지난해 wins over 지난; `space` replaces blanks."""
    return "|".join(re.escape(w).replace(r"\ ", space)
                    for w in sorted(words, key=len, reverse=True))


_KO_REL_ALT = _alt(_KO_RELATIVE, r"\s?")
_EN_REL_ALT = _alt(_EN_RELATIVE, r"\s+")


# -- Korean -------------------------------------------------------------------------------

# 6.15 공동선언, 5.18 민주화운동: a month and day that name an event.
_KO_EVENTS = ("공동선언|선언|합의|조치|사태|사건|정상회담|군사합의|담화|혁명|항쟁|운동|민주화|남북|절|"
              "대회|참사|전쟁")

# One pass over the text; alternatives are ordered from the most to the least specific.
# (?<![\d.]) keeps "12016년" or "3.16일" from yielding dates.
_KO_DATE = re.compile(
    r"(?P<dot>(?<![\d.])(?P<dy>(?:19|20)\d\d)\s?[.\-/]\s?(?P<dm>\d{1,2})\s?[.\-/]\s?(?P<dd>\d{1,2})(?!\d)\.?)"
    r"|(?P<md>(?<![\d.])(?:(?P<y>\d{4})년\s*|'(?P<ys>\d\d)년\s*)?(?P<m>\d{1,2})월(?!\s?\d+일간)"
    r"(?:\s*(?P<d>\d{1,2})일(?![간째]|\s?동안))?"
    r"(?:\s*\(?(?P<wd>[월화수목금토일])(?:요일)?\)(?!\w)|\s*(?P<wd3>[월화수목금토일])요일)?"
    r"(?:\s?(?:초순|초|중순|하순|상순|말))?)"
    rf"|(?P<event>(?<![\d.])(?P<em>\d{{1,2}})\s?[·・.]\s?(?P<ed>\d{{1,2}})(?=\s?(?:{_KO_EVENTS})))"
    r"|(?P<mdot>(?<![\d.])(?P<pm>\d{1,2})[·・](?P<pd>\d{1,2})(?![\d.]))"
    r"|(?P<dec>(?<![\d.])(?:(?P<dec4>\d{4})|(?P<dec2>\d0))년대)"
    r"|(?P<yr>(?<![\d.,])(?:(?P<y2>(?:1[89]|20)\d\d)|'(?P<ys2>\d\d))년(?:도)?(?!대|간|\s?동안))"
    r"|(?P<clock>(?<![\d.:])(?P<ch>[01]?\d|2[0-3]):(?P<cm>[0-5]\d)(?![\d:]))"
    r"|(?P<time>(?:(?P<mer>오전|오후|새벽|아침|낮|저녁|밤)\s*)?(?<![\d.])(?P<h>\d{1,2})시(?!간|경|\d)"
    r"(?:\s*(?P<mi>\d{1,2})분|\s*(?P<half>반))?)"
    r"|(?P<noon>정오|자정)"
    r"|(?P<day>(?<![\d.,])(?P<d2>\d{1,2})일(?![간째분치장]|\s?동안|\s?만에|\s?이내)"
    r"(?:\s*\((?P<wd2>[월화수목금토일])(?:요일)?\))?)"
    r"|(?P<wday>(?<![가-힣])(?P<wd4>[월화수목금토일])요일)"
    rf"|(?P<rel>(?<![가-힣])(?:{_KO_REL_ALT})(?!날|\s?밤))"
)


# Kept as fragments as well: toolkit.numbers joins them to its own to prove in one search
# that a Korean paragraph holds neither a number nor a date.
KO_TRIGGER_FRAGMENTS = (
    # A date led by a digit has a year's four digits, a 년월시일 unit, or a · . between a
    # month and a day: most digits (3.11, 8번) are not tried against the whole pattern.
    digit_fragments(r"(?<![0-9.].)", rf"(?=\d{{3}}|\d?[년월시일·・]|\d?:\d\d|\d?\s?[·・.]\s?\d{{1,2}}"
                                     rf"\s?(?:{_KO_EVENTS}))")
    + [("'(?=\\d\\d년)", ""), ("정오", ""), ("자정", "")]
    + word_fragments(_KO_MERIDIEM, "", r"(?=\s*\d)")
    + word_fragments([d + "요일" for d in _WEEKDAYS_KO], "")
    + word_fragments(_KO_RELATIVE, ""))
_KO_TRIGGERS = trigger_pattern(KO_TRIGGER_FRAGMENTS)


def extract_dates_ko(text: str) -> list[DateMention]:
    """Dates, clock times, decades and relative date words in Korean text, in order."""
    return list(_dates_ko(text))


@lru_cache(maxsize=512)
def _dates_ko(text: str) -> tuple[DateMention, ...]:
    out: list[DateMention] = []
    for m in scan(_KO_DATE, text, _KO_TRIGGERS):
        s, e = m.span()
        if m.group("md") is not None:
            year = int(m.group("y")) if m.group("y") else (
                2000 + int(m.group("ys")) if m.group("ys") else None)
            month = int(m.group("m"))
            day = int(m.group("d")) if m.group("d") else None
            if not 1 <= month <= 12 or (day is not None and not 1 <= day <= 31):
                continue
            wd = m.group("wd") or m.group("wd3")
            out.append(_mention(year, month, day, _WEEKDAYS_KO[wd] if wd else None,
                                start=s, end=e, text=text))
        elif m.group("dot") is not None:
            month, day = int(m.group("dm")), int(m.group("dd"))
            if 1 <= month <= 12 and 1 <= day <= 31:
                out.append(_mention(int(m.group("dy")), month, day, start=s, end=e, text=text))
        elif m.group("event") is not None or m.group("mdot") is not None:
            month = int(m.group("em") or m.group("pm"))
            day = int(m.group("ed") or m.group("pd"))
            if 1 <= month <= 12 and 1 <= day <= 31:
                out.append(_mention(None, month, day, start=s, end=e, text=text))
        elif m.group("dec") is not None:
            decade = int(m.group("dec4")) if m.group("dec4") else 1900 + int(m.group("dec2"))
            out.append(_mention(decade=decade, start=s, end=e, text=text))
        elif m.group("yr") is not None:
            year = int(m.group("y2")) if m.group("y2") else 2000 + int(m.group("ys2"))
            out.append(_mention(year, start=s, end=e, text=text))
        elif m.group("time") is not None:
            hour = int(m.group("h"))
            if hour > 24:
                continue
            mer = m.group("mer")
            # Only 오전/오후 and a 24-hour figure say the half of the day for certain (밤 1시
            # is often 1 a.m.); 오전 12시 is midnight.
            half_day = mer in ("오전", "오후") or hour > 12
            if mer and hour < 12:
                hour += _KO_MERIDIEM[mer]
            elif mer == "오전" and hour == 12:
                hour = 0
            minute = int(m.group("mi")) if m.group("mi") else (30 if m.group("half") else None)
            out.append(_mention(hour=hour, minute=minute, start=s, end=e, text=text,
                                half_day=half_day))
        elif m.group("noon") is not None:
            out.append(_mention(hour=12 if m.group("noon") == "정오" else 0, minute=0,
                                start=s, end=e, text=text, half_day=True))
        elif m.group("clock") is not None:  # 09:41 in a byline or a timetable
            hour = int(m.group("ch"))
            out.append(_mention(hour=hour, minute=int(m.group("cm")), start=s, end=e, text=text,
                                half_day=hour > 12))
        elif m.group("day") is not None:
            day = int(m.group("d2"))
            if 1 <= day <= 31:
                wd = m.group("wd2")
                out.append(_mention(day=day, weekday=_WEEKDAYS_KO[wd] if wd else None,
                                    start=s, end=e, text=text))
        elif m.group("wday") is not None:
            out.append(_mention(weekday=_WEEKDAYS_KO[m.group("wd4")], start=s, end=e, text=text))
        elif m.group("rel") is not None:
            key = _KO_REL_NOSPACE[_SPACES.sub("", m.group("rel"))]
            out.append(_mention(relative=key, start=s, end=e, text=text))
    return tuple(_ko_ranges(out, text))


# "7~8월", "16~17일", "2019~2020년", "7, 8월": the first figure takes the unit of the second.
_KO_RANGE_HEAD = re.compile(r"(?<![\d.,])(\d{1,4})\s*(?:[~\-–～〜]|,\s?)\s*$")


def _ko_ranges(mentions: list[DateMention], text: str) -> list[DateMention]:
    """The mentions, with the first figure of a Korean range or pair of months, days or years
    (which names its unit only once) as a mention of its own."""
    out: list[DateMention] = []
    for m in mentions:
        fields = (m.year, m.month, m.day)
        single = sum(f is not None for f in fields) == 1 and m.hour is None and m.weekday is None
        head = _KO_RANGE_HEAD.search(text, max(0, m.start - 8), m.start) if single else None
        if head is not None:
            value = int(head.group(1))
            start, end = head.span(1)
            if m.month is not None and 1 <= value < m.month:
                out.append(_mention(month=value, start=start, end=end, text=text))
            elif m.day is not None and 1 <= value < m.day:
                out.append(_mention(day=value, start=start, end=end, text=text))
            elif m.year is not None and 1000 <= value < m.year:
                out.append(_mention(value, start=start, end=end, text=text))
        out.append(m)
    return out


# -- English ------------------------------------------------------------------------------

_MON = (r"(?:Jan(?:uary|\.)?|Feb(?:ruary|\.)?|Mar(?:ch|\.)?|Apr(?:il|\.)?|May|June?|July?|"
        r"Aug(?:ust|\.)?|Sept?(?:ember|\.)?|Oct(?:ober|\.)?|Nov(?:ember|\.)?|Dec(?:ember|\.)?)")
_ORD = r"(?:st|nd|rd|th)"
_YEAR = r"(?:1[89]\d\d|20\d\d)"
# Words after a four-digit number that make it a count, not a year ("2000 people").
_NOT_YEAR_AFTER = (r"(?!\s?(?:%|percent|per\s+cent|people|persons|residents|won|dollars|yuan|yen|"
                   r"euros|troops|soldiers|workers|defectors|households|families|tons|tonnes|"
                   r"km|kg|kilo|meters|metres|miles|units|cases|times|members|students|"
                   r"officials|refugees|prisoners|children|women|men|thousand|million|billion)\b)")

# "on the 16th" is a date, "the 16th Party Congress" is not: the preposition decides. One
# fixed-width lookbehind per preposition, because the match starts at "the".
_PREP_BEFORE = "|".join(rf"(?<=\b{w} )" for p in ("on", "since", "until", "till", "by", "from",
                                                   "before", "after", "through", "of", "to",
                                                   "and") for w in (p, p.capitalize()))

_EN_DATE = re.compile(
    rf"(?P<iso>(?<![\d.])(?P<iy>{_YEAR})-(?P<im>\d\d)-(?P<id>\d\d)(?!\d))"
    rf"|(?P<mdy>\b(?P<m1>{_MON})(?!\w)\s*(?P<d1>\d{{1,2}})(?:{_ORD})?(?![\d,]\d)(?:,?\s+(?P<y1>{_YEAR})(?!\d))?)"
    rf"|(?P<dmy>(?<![\d.,])(?P<d2>\d{{1,2}})(?:{_ORD})?\s+(?:of\s+)?(?P<m2>{_MON})(?!\w)(?:,?\s+(?P<y2>{_YEAR})(?!\d))?)"
    rf"|(?P<the>(?:{_PREP_BEFORE})the\s+(?P<d3>\d{{1,2}}){_ORD}\b(?!\s+[A-Z]|\s+(?i:(?:[a-z]+\s+)?"
    rf"(?:century|anniversary|time|round|day|floor|session|congress|plenary|meeting|test|party)\b))"
    rf"|the\s+(?P<d4>\d{{1,2}}){_ORD}(?=\s*[,.;:)]|\s*$))"
    rf"|(?P<my>\b(?P<m3>{_MON})(?!\w)(?:,?\s+(?P<y3>{_YEAR})(?!\d))?)"
    r"|(?P<time>(?<![\d.:])(?P<h>\d{1,2})(?::(?P<mi>\d\d))?\s*(?P<mer>[ap]\.\s?m\.|[ap]m\b)"
    r"|(?<![\d.:])(?P<h2>\d{1,2}):(?P<mi2>\d\d)(?![\d:])(?:\s*(?P<mer2>[ap]\.\s?m\.|[ap]m\b))?"
    r"|\b(?P<h3>\d{1,2})\s+o['’]clock\b)"
    r"|(?P<noon>\b(?:noon|midday|midnight)\b)"
    r"|(?P<dec>(?<![\d.])(?:(?P<dec4>\d{3}0)s|['’](?P<dec2>\d0)s)\b)"
    r"|(?P<wday>\b(?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)s?\b)"
    rf"|(?P<rel>\b(?i:{_EN_REL_ALT})\b)"
    rf"|(?P<yr>(?<![\d.,$£€¥₩\-])(?P<y4>{_YEAR})(?![\d,.]\d|\d|-\d|s\b|th\b){_NOT_YEAR_AFTER})"
)

# "May" is a month only next to a day, a year or a preposition; elsewhere it is a verb.
_MAY_CONTEXT = re.compile(r"(?:\b(?:in|of|since|until|early|late|mid|last|this|next|by|"
                          r"from|before|after|through|between|and)[\s-]+)$", re.IGNORECASE)
# "March" in a name, not a month: the Arduous March (고난의 행군, the 1990s famine), the
# Long March.
_MARCH_NAME = re.compile(r"\b(?:Arduous|Long)\s+$")


def _month(word: str) -> int:
    return _MONTHS_EN[word[:3].lower()]


# The English triggers come in families, one per kind of match start, and a text is
# scanned with only the families it can hold: digits, words of the relative phrases,
# noon words. One pattern with every family tried the common words "this", "last", "may",
# "dec…" at each of their many places in English text, which was most of the scan's cost.
# Months and weekdays match capitalised only, so their triggers are too (on the text
# itself, not lowercased); a relative phrase's first word triggers only when the rest of
# the phrase follows.
def _relative_fragments() -> list[tuple[str, str]]:
    heads: dict[str, list[str]] = {}
    for phrase in _EN_RELATIVE:
        words = phrase.split()
        size = 2 if words[0] in ("the", "a") else 1
        heads.setdefault(" ".join(words[:size]), []).append(" ".join(words[size:]))
    fragments = []
    for head, rests in heads.items():
        body = "(?i:" + re.escape(head[1:]).replace(r"\ ", r"\s+") + ")"
        tails = [re.escape(r).replace(r"\ ", r"\s+") for r in rests if r]
        # A head that holds another head ("the next" holds "next") keeps consuming it
        # whatever follows, as the single pattern did, so that the same phrases are found.
        inner = any(head.split(" ", 1)[-1].startswith(h) for h in heads if " " in head and h != head)
        if tails and len(tails) == len(rests) and not inner:
            body += r"(?=\s+(?i:" + "|".join(tails) + "))"
        fragments += [(first + body, WORD_START_EN) for first in {head[0], head[0].upper()}]
    return fragments


_EN_FAMILIES = {
    "base": word_fragments([m.capitalize() for m in _MONTHS_EN]
                           + [d.capitalize() for d in _WEEKDAYS_EN], WORD_START_EN),
    # A date led by a digit is a year (four digits), a day before a month, or a time.
    "digit": digit_fragments(r"(?<![0-9.,].)", r"(?=\d{3}|\d?(?:st|nd|rd|th)?\s+(?:of\s+)?"
                                                r"[JFMASOND]|\d?(?::\d\d)?\s*[ap]|\d?:|\d?\s+o)")
    + [("'(?=\\d0s)", ""), ("’(?=\\d0s)", ""), ("the\\s+(?=\\d)", WORD_START_EN)],
    "noon": word_fragments(["noon", "midday", "midnight"], WORD_START_EN),
    "relative": _relative_fragments(),
}
_EN_TRIGGER_CACHE: dict[tuple[bool, bool, bool], re.Pattern] = {}


def _en_families(text: str) -> tuple[bool, bool, bool]:
    """Which optional trigger families (digit, noon, relative) `text` can hold."""
    low = text.lower()
    # Spelt out rather than any(...): this runs on every English paragraph.
    # Every relative phrase holds one of "day", "week", "month", "year", "night", "tomorrow".
    return (has_ascii_digit(text), "noon" in text or "mid" in text,
            "day" in low or "year" in low or "week" in low or "month" in low
            or "night" in low or "tomorrow" in low)


def _en_triggers(text: str) -> re.Pattern:
    """The trigger pattern for the families `text` can hold."""
    key = _en_families(text)
    pattern = _EN_TRIGGER_CACHE.get(key)
    if pattern is None:
        pattern = _EN_TRIGGER_CACHE[key] = trigger_pattern(
            _EN_FAMILIES["base"] + [f for family, on in zip(("digit", "noon", "relative"), key)
                                    if on for f in _EN_FAMILIES[family]])
    return pattern


def _may_hold_date_en(text: str) -> bool:
    """False when no trigger can fire in `text`, so that it holds no date: four texts in
    five in English copy, proven with substring tests instead of a scan."""
    # A digit alone decides, without the other families' tests (they run again in
    # _en_triggers, and most English that reaches here holds a figure).
    if has_ascii_digit(text) or _en_families(text) != (False, False, False):
        return True
    # The base family: capitalised months (weekdays hold "day", a relative family word);
    # then the seasons that `_dates_in_words` reads.
    return ("Jan" in text or "Feb" in text or "Mar" in text or "Apr" in text or "May" in text
            or "Jun" in text or "Jul" in text or "Aug" in text or "Sep" in text
            or "Oct" in text or "Nov" in text or "Dec" in text or _holds_season(text))


def _holds_season(text: str) -> bool:
    return ("winter" in text or "summer" in text or "spring" in text or "autumn" in text
            or "fall" in text)


def extract_dates_en(text: str) -> list[DateMention]:
    """Dates, clock times, decades and relative date phrases in English text, in order."""
    return list(_dates_en(text)) if _may_hold_date_en(text) else []


@lru_cache(maxsize=512)
def _dates_en(text: str) -> tuple[DateMention, ...]:
    out: list[DateMention] = []
    for m in scan(_EN_DATE, text, _en_triggers(text)):
        s, e = m.span()
        if m.group("mdy") is not None:
            month, day = _month(m.group("m1")), int(m.group("d1"))
            if 1 <= day <= 31:
                year = int(m.group("y1")) if m.group("y1") else None
                out.append(_mention(year, month, day, start=s, end=e, text=text))
        elif m.group("dmy") is not None:
            day = int(m.group("d2"))
            if 1 <= day <= 31:
                year = int(m.group("y2")) if m.group("y2") else None
                out.append(_mention(year, _month(m.group("m2")), day, start=s, end=e, text=text))
        elif m.group("iso") is not None:
            month, day = int(m.group("im")), int(m.group("id"))
            if 1 <= month <= 12 and 1 <= day <= 31:
                out.append(_mention(int(m.group("iy")), month, day, start=s, end=e, text=text))
        elif m.group("the") is not None:
            day = int(m.group("d3") or m.group("d4"))
            if 1 <= day <= 31:
                out.append(_mention(day=day, start=s, end=e, text=text))
        elif m.group("my") is not None:
            word = m.group("m3")
            if word == "May" and not m.group("y3") and not _MAY_CONTEXT.search(text, 0, s):
                continue
            if word == "March" and not m.group("y3") and _MARCH_NAME.search(text, max(0, s - 9), s):
                continue
            year = int(m.group("y3")) if m.group("y3") else None
            out.append(_mention(year, _month(word), start=s, end=e, text=text))
        elif m.group("time") is not None:
            hour = int(m.group("h") or m.group("h2") or m.group("h3"))
            minute_s = m.group("mi") or m.group("mi2")
            minute = int(minute_s) if minute_s else (0 if m.group("h3") else None)
            mer = (m.group("mer") or m.group("mer2") or "").lower()
            if hour > 24 or (minute is not None and minute > 59):
                continue
            if mer.startswith("p") and hour < 12:
                hour += 12
            elif mer.startswith("a") and hour == 12:
                hour = 0
            out.append(_mention(hour=hour, minute=minute, start=s, end=e, text=text,
                                half_day=bool(mer) or hour > 12))
        elif m.group("noon") is not None:
            word = m.group("noon").lower()
            out.append(_mention(hour=0 if word == "midnight" else 12, minute=0,
                                start=s, end=e, text=text, half_day=True))
        elif m.group("dec") is not None:
            decade = int(m.group("dec4")) if m.group("dec4") else 1900 + int(m.group("dec2"))
            if 1000 <= decade <= 2090:
                out.append(_mention(decade=decade, start=s, end=e, text=text))
        elif m.group("wday") is not None:
            out.append(_mention(weekday=_WEEKDAYS_EN[m.group("wd").lower()], start=s, end=e,
                                text=text))
        elif m.group("rel") is not None:
            key = _EN_RELATIVE[" ".join(m.group("rel").lower().split())]
            out.append(_mention(relative=key, start=s, end=e, text=text))
        elif m.group("yr") is not None:
            out.append(_mention(int(m.group("y4")), start=s, end=e, text=text))
    return tuple(_merge_weekdays(_day_ranges(_dates_in_words(out, text), text), text))


# "the 15th day of the eighth lunar month" (음력 8월 15일): a month and day said in words.
_MONTH_ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth",
                   "ninth", "tenth", "eleventh", "twelfth")
_DAY_OF_MONTH = re.compile(rf"\bthe\s+(\d{{1,2}}){_ORD}\s+day\s+of\s+the\s+"
                           rf"({'|'.join(_MONTH_ORDINALS)}|\d{{1,2}}{_ORD})\s+(?:lunar\s+)?month\b",
                           re.IGNORECASE)


# "the 1st of this month" (이달 1일): a day and the month it falls in, said in words.
_DAY_OF_REL_MONTH = re.compile(rf"\bthe\s+(\d{{1,2}}){_ORD}\s+of\s+(this|last|next|the\s+same)\s+"
                               r"month\b", re.IGNORECASE)
_REL_MONTH_KEYS = {"this": "this-month", "last": "last-month", "next": "next-month"}


def _day_of_month(text: str) -> list[DateMention]:
    out = []
    for m in _DAY_OF_REL_MONTH.finditer(text) if " month" in text else ():
        day = int(m.group(1))
        if 1 <= day <= 31:
            key = _REL_MONTH_KEYS.get(m.group(2).lower())
            out.append(_mention(day=day, start=m.start(), end=m.end(1) + 2, text=text))
            if key is not None:
                out.append(_mention(relative=key, start=m.start(2), end=m.end(), text=text))
    for m in _DAY_OF_MONTH.finditer(text) if "day of the" in text else ():
        word = m.group(2).lower()
        month = _MONTH_ORDINALS.index(word) + 1 if word in _MONTH_ORDINALS else int(word[:-2])
        day = int(m.group(1))
        if 1 <= month <= 12 and 1 <= day <= 31:
            out.append(_mention(month=month, day=day, start=m.start(), end=m.end(), text=text))
    return out


# "last winter" is how English says 작년 겨울: a season's year said by a word.
_SEASON_YEAR = re.compile(r"\b(last|this|next)\s+(?:winter|summer|spring|autumn|fall)\b",
                          re.IGNORECASE)


# "last November" is how English says 지난해 11월: the word before a bare month names its
# year relative to now, as "last year" does.
_YEAR_WORD = re.compile(r"\b(last|this|next)\s+$", re.IGNORECASE)
_YEAR_WORD_KEYS = {"last": "last-year", "this": "this-year", "next": "next-year"}


def _dates_in_words(mentions: list[DateMention], text: str) -> list[DateMention]:
    """The mentions, with a relative year before each bare month led by last/this/next,
    one for each season so led, and the months and days said in words, in text order."""
    out: list[DateMention] = []
    for m in mentions:
        if m.month is not None and m.day is None and m.year is None:
            word = _YEAR_WORD.search(text, max(0, m.start - 6), m.start)
            if word is not None:
                out.append(_mention(relative=_YEAR_WORD_KEYS[word.group(1).lower()],
                                    start=word.start(1), end=word.end(1), text=text))
        out.append(m)
    said = _day_of_month(text)
    if said:  # the words hold a day the pattern took alone ("the 15th"): the phrase wins
        out = [m for m in out if not any(d.start <= m.start < d.end for d in said)] + said
    if _holds_season(text):
        out += [_mention(relative=_YEAR_WORD_KEYS[m.group(1).lower()], start=m.start(),
                         end=m.end(), text=text) for m in _SEASON_YEAR.finditer(text)]
    return sorted(out, key=lambda m: m.start)


# "from October 1 to 31", "Oct. 6-8": the second day inherits the month.
_DAY_RANGE = re.compile(r"\s*(?:-|–|to|through|and)\s*(\d{1,2})(?![\d,.:]\d|\s*(?:%|[ap]\.?m\b|"
                        r"percent|per\s+cent|people|won|yuan|dollars))\b")


def _day_ranges(mentions: list[DateMention], text: str) -> list[DateMention]:
    out: list[DateMention] = []
    for i, m in enumerate(mentions):
        out.append(m)
        if m.month is None or m.day is None:
            continue
        r = _DAY_RANGE.match(text, m.end)
        nxt = mentions[i + 1].start if i + 1 < len(mentions) else len(text)
        if r and r.end() <= nxt and m.day < int(r.group(1)) <= 31:
            out.append(_mention(m.year, m.month, int(r.group(1)), start=r.start(1),
                                end=r.end(1), text=text))
    return out


_WEEKDAY_JOIN = re.compile(r",?\s*\(?")


def _merge_weekdays(mentions: list[DateMention], text: str) -> list[DateMention]:
    """Fold "Wednesday, Nov. 16" and "Nov. 16 (Wednesday)" into one mention with a weekday."""
    merged: list[DateMention] = []
    for mention in mentions:
        prev = merged[-1] if merged else None
        if prev is not None and _WEEKDAY_JOIN.fullmatch(text, prev.end, mention.start):
            day_side, wd_side = (mention, prev) if prev.weekday is not None else (prev, mention)
            if (wd_side.weekday is not None and wd_side.day is None and wd_side.month is None
                    and day_side.day is not None and day_side.weekday is None):
                end = mention.end + (1 if text[mention.end:mention.end + 1] == ")" and
                                     "(" in text[prev.end:mention.start] else 0)
                merged[-1] = DateMention(day_side.year, day_side.month, day_side.day,
                                         wd_side.weekday, None, None, None, None, prev.start,
                                         end, text[prev.start:end])
                continue
        merged.append(mention)
    return merged
