"""Numbers and quantities in Korean and English news conventions, compared by value.

Korean groups large numbers by 10,000 (만), 10^8 (억) and 10^12 (조), mixes digits with the
unit syllables (3만5천, 1억2천만, 1,500만) and counts small things with native words before
a counter (두 명, 세 차례). English groups by thousands and spells out small numbers (AP
style), scales (1.2 million) and fractions (two-thirds). `extract_ko` and `extract_en`
turn both into `Quantity` values that can be compared with `same_value`:

    >>> [q.value for q in extract_ko("탈북민 3만여 명이 1억2천만 원을")]
    [30000.0, 120000000.0]
    >>> [q.value for q in extract_en("more than 30,000 defectors paid 120 million won")]
    [30000.0, 120000000.0]

Vague quantities (수십 명, dozens, thousands of) are not numbers and are not returned.
Dates and clock times belong to `toolkit.dates`: spans it claims are skipped here, except
bare years (2016년, "in 2016"), which come back as quantities of kind "year".
Everything is compiled at import; the aligner calls this for every paragraph.
"""

from __future__ import annotations

import re
from functools import lru_cache, partial
from typing import Iterable, Iterator, NamedTuple

from toolkit.dates import (DIGIT_START, KO_TRIGGER_FRAGMENTS, WORD_START_EN, DateMention,
                           digit_fragments, extract_dates_en, extract_dates_ko,
                           lower_same_length, occurrence_pattern, scan, trigger_pattern,
                           trigger_source, word_fragments)

__all__ = ["Quantity", "extract_ko", "extract_en", "extract", "same_value", "anchor_values",
           "holds_nothing_ko", "KINDS"]

KINDS = ("number", "percent", "currency", "ordinal", "year", "count", "times")


class Quantity(NamedTuple):
    """A number found in a text, with its canonical value, kind, unit and span.

    A named tuple rather than a frozen dataclass: as immutable, and built in a third of
    the time (a frozen dataclass sets each field through object.__setattr__), which counts
    because every figure of every paragraph the checks read becomes one.
    """

    value: float  # 3만 -> 30000.0, "1.2 million" -> 1200000.0, 15% -> 15.0
    kind: str  # one of KINDS
    unit: str | None  # "won", "dollar", "person", "kg", …; None when not stated
    start: int
    end: int
    text: str
    approximate: bool = False  # 약/여/이상, about/some/more than/over

    @property
    def spelled(self) -> bool:
        """True when the quantity is written only in words (두 명, seven, a dozen)."""
        return not any(ch.isdigit() for ch in self.text)


# Quantity from a tuple of all its fields, in C: the named tuple's own __new__ is a Python
# function, a frame for each of the many quantities _finish builds.
_new_quantity = partial(tuple.__new__, Quantity)


def same_value(a: float, b: float) -> bool:
    """True when a and b agree to 4 significant digits (two-thirds = 0.6667)."""
    if a == b:
        return True
    return abs(a - b) <= 5e-4 * max(abs(a), abs(b))


# -- shared pieces -------------------------------------------------------------------------

# A digit group: 1,500 / 1500 / 2.5. Thousands separators only in groups of three, so
# "3,4" in a list is two numbers.
_D = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
# Not inside a Latin or digit token ("G7", "A4", version numbers, 1.2.3).
_NOT_IN_TOKEN = r"(?<![A-Za-z0-9.,])"
_RANGE_SEP_KO = re.compile(r"\s?[~∼～\-–]\s?")
_RANGE_SEP_EN = re.compile(r"\s?[-–]\s?|\s+(?:to|and)\s+")


def _num(s: str) -> float:
    return float(s.replace(",", ""))


def _alt(words) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


# -- Korean --------------------------------------------------------------------------------

_KO_SMALL = {"십": 10, "백": 100, "천": 1000}
_KO_BIG = {"만": 10_000, "억": 100_000_000, "조": 1_000_000_000_000}

# Units and counters after a Korean number: (kind, unit). Kind None keeps "number"/"count"
# decided by the caller. Longest first in the regex, so 개월 wins over 개 and 차례 over 차.
_KO_UNITS: dict[str, tuple[str, str | None]] = {
    "%포인트": ("percent", "percent"), "%p": ("percent", "percent"),
    "퍼센트포인트": ("percent", "percent"), "%": ("percent", "percent"),
    "퍼센트": ("percent", "percent"), "프로": ("percent", "percent"),
    "원": ("currency", "won"), "달러": ("currency", "dollar"), "위안": ("currency", "yuan"),
    "엔": ("currency", "yen"), "유로": ("currency", "euro"), "루블": ("currency", "ruble"),
    "파운드": ("currency", "pound"),
    "명": ("count", "person"), "사람": ("count", "person"), "배": ("times", None),
    "년간": ("count", "year"), "년": ("count", "year"), "해": ("count", "year"),
    "개월": ("count", "month"), "달": ("count", "month"), "주일": ("count", "week"),
    "주년": ("ordinal", "anniversary"), "주간": ("count", "week"), "주": ("count", "week"),
    "시간": ("count", "hour"), "분간": ("count", "minute"), "분": ("count", "minute"),
    "초": ("count", "second"), "일간": ("count", "day"), "일째": ("count", "day"),
    "일": ("count", "day"), "세": ("count", "age"), "살": ("count", "age"),
    "kg": ("count", "kg"), "킬로그램": ("count", "kg"), "㎏": ("count", "kg"),
    "톤": ("count", "ton"), "km": ("count", "km"), "킬로미터": ("count", "km"),
    "㎞": ("count", "km"), "미터": ("count", "m"), "m": ("count", "m"), "리": ("count", "ri"),
    "밀리미터": ("count", "mm"), "mm": ("count", "mm"), "㎜": ("count", "mm"),
    "센티미터": ("count", "cm"), "cm": ("count", "cm"), "㎝": ("count", "cm"),
    "리터": ("count", "liter"), "ℓ": ("count", "liter"),
    "도": ("count", "degree"), "℃": ("count", "degree"),
    "번째": ("ordinal", None), "째": ("ordinal", None), "차례": ("count", "time"),
    "차": ("ordinal", None), "번": ("count", "time"), "회": ("count", "time"),
    "위": ("ordinal", "rank"), "등": ("ordinal", "rank"), "호": ("number", None),
    "기": ("count", None), "발": ("count", None), "대": ("count", None), "척": ("count", None),
    "개국": ("count", "country"), "개": ("count", None), "곳": ("count", None),
    "가구": ("count", "household"), "세대": ("count", "household"), "건": ("count", None),
    "마리": ("count", None), "채": ("count", None), "권": ("count", None),
    "층": ("count", None), "쌍": ("count", "pair"), "가지": ("count", None),
    "군데": ("count", None), "사람들": ("count", "person"),
}
# Counters that follow a native number word. Some are also ordinary syllables (세대 is
# "generation", 열대 "tropics", 한번 an idiom), so those need a space after the number.
_KO_SAFE_COUNTERS = ("명", "차례", "가지", "개국", "개월", "마리", "번째", "군데", "사람")
_KO_SPACED_COUNTERS = ("번", "개", "곳", "대", "척", "발", "채", "살", "해", "달", "시간", "주",
                       "건", "분", "배", "가구", "쌍", "권", "층", "세대", "주일")
_KO_NATIVE = {
    "한": 1, "두": 2, "세": 3, "네": 4, "다섯": 5, "여섯": 6, "일곱": 7, "여덟": 8, "아홉": 9,
    "열": 10, "스무": 20, "스물": 20, "서른": 30, "마흔": 40, "쉰": 50, "예순": 60,
    "일흔": 70, "여든": 80, "아흔": 90,
}
for _tens, _tv in (("열", 10), ("스물", 20), ("서른", 30), ("마흔", 40), ("쉰", 50)):
    for _ones, _ov in (("한", 1), ("두", 2), ("세", 3), ("네", 4), ("다섯", 5), ("여섯", 6),
                       ("일곱", 7), ("여덟", 8), ("아홉", 9)):
        _KO_NATIVE[_tens + _ones] = _tv + _ov
_KO_ORDINAL_WORDS = {"첫째": 1, "둘째": 2, "셋째": 3, "넷째": 4, "다섯째": 5, "여섯째": 6,
                     "일곱째": 7, "여덟째": 8, "아홉째": 9, "열째": 10}
_KO_DAY_WORDS = {"하루": 1, "이틀": 2, "사흘": 3, "나흘": 4, "닷새": 5, "엿새": 6, "이레": 7,
                 "여드레": 8, "아흐레": 9, "열흘": 10, "보름": 15}
# Birthdays with a name of their own: 환갑 is a 60th birthday ("a 60th birthday party").
_KO_MILESTONES = {"환갑": 60, "회갑": 60, "칠순": 70, "고희": 70, "팔순": 80, "구순": 90}

_KO_SAFE_ALT = _alt(_KO_SAFE_COUNTERS)
_KO_SPACED_ALT = _alt(_KO_SPACED_COUNTERS)
# After 만, 억 or 조 a space may separate the next section of the same number: 1만 5천,
# 1만 6,500원 (16,500 won, the desk's usual way of writing market prices).
_KO_CORE = (rf"(?:{_D})(?:[십백천만억조]|(?<=[십백천만억조\s])(?:{_D})"
            rf"|(?<=[만억조])\s(?=(?:{_D})\s?[십백천만억조]|(?:\d{{1,3}},\d{{3}}|\d{{1,4}})(?![\d,.]|\s?년)))*")
_KO_RE = re.compile(
    r"(?P<frac>(?<![\d.])(?P<fden>\d+)\s?분의\s?(?P<fnum>\d+))"
    rf"|(?P<num>(?P<je>제\s?)?{_NOT_IN_TOKEN}(?P<core>{_KO_CORE})"
    rf"(?P<yeo>여)?(?P<yscale>(?<=여)[만억조])?(?:\s?(?P<unit>{_alt(_KO_UNITS)}))?)"
    rf"|(?P<native>(?<![가-힣])(?P<nw>{_alt(_KO_NATIVE)})"
    rf"(?:\s?(?P<nc1>{_KO_SAFE_ALT})|\s(?P<nc2>{_KO_SPACED_ALT}))"
    r"(?P<nord>\s?번째|째)?)"
    rf"|(?P<ordw>(?<![가-힣])(?:{_alt(_KO_ORDINAL_WORDS)}|첫(?:\s?번째)?(?=\s?[가-힣])))"
    # 보름달 is the full moon, 보름날 its day: no count of days.
    rf"|(?P<dayw>(?<![가-힣])(?:{_alt(_KO_DAY_WORDS)})(?!\s?빨리|하루|(?<=보름)[달날]))"
    r"|(?P<half>(?<![가-힣])절반)"
    rf"|(?P<mile>(?<![가-힣])(?:{_alt(_KO_MILESTONES)}))"
    r"|(?P<bare>(?<![가-힣\d])(?P<bw>십|백|천|만)여\s?(?=명|개|곳|건|차례|가구|마리|년|일))"
)


def _sharing_after(words: Iterable[str], guard: str, after: str) -> list[tuple[str, str]]:
    """Trigger fragments for words that all need `after` to follow them, one per first
    syllable: the pattern then holds `after` a few times rather than once per word."""
    rests: dict[str, list[str]] = {}
    for word in sorted(words, key=len, reverse=True):
        rests.setdefault(word[0], []).append(re.escape(word[1:]))
    return [(first + "(?:" + "|".join(r) + ")" + after, guard) for first, r in rests.items()]


_KO_FRAGMENTS = (
    digit_fragments(r"(?<![A-Za-z0-9.,].)") + [("제(?=\\s?\\d)", "")]
    # A native number word (한, 세, 열) counts only before a counter: without that test
    # every 한다 and 세부 was tried against the whole pattern.
    + _sharing_after(_KO_NATIVE, "", rf"(?=\s?(?:{_KO_SAFE_ALT})|\s(?:{_KO_SPACED_ALT}))")
    + word_fragments(list(_KO_ORDINAL_WORDS) + list(_KO_DAY_WORDS) + ["절반"] + list(_KO_MILESTONES),
                     "")
    + word_fragments(["첫"], "", r"(?=\s?[가-힣])")
    + word_fragments(["십여", "백여", "천여", "만여"], DIGIT_START))
_KO_TRIGGERS = trigger_pattern(_KO_FRAGMENTS)


# Where a number or a date may start: a text where this finds nothing holds neither (four
# Korean paragraphs in five), proven by one search instead of a scan for each.
_KO_ANY_TRIGGER = occurrence_pattern(_KO_FRAGMENTS + KO_TRIGGER_FRAGMENTS)


@lru_cache(maxsize=256)  # the number and the date checks ask in turn about the same texts
def holds_nothing_ko(text: str) -> bool:
    """True when the Korean text can hold neither a number nor a date (no place where
    `extract_ko` or `toolkit.dates.extract_dates_ko` could start a match)."""
    return _KO_ANY_TRIGGER.search(text) is None


_KO_APPROX_BEFORE = re.compile(r"(?:약|대략|거의|최소|최대|적어도|근|얼추)\s?$")
_KO_APPROX_AFTER = re.compile(r"\s?(?:가량|정도|쯤|안팎|남짓|이상|넘|미만|이하|내외)|께")
_KO_UNIT_KIND = {"person", "year", "month", "week", "day", "hour", "minute", "second", "age"}


def _ko_core_value(core: str) -> float:
    """Value of a Korean numeral with digits and 십/백/천/만/억/조: 1억2천만 -> 120,000,000."""
    total = 0.0
    section = 0.0  # the part below the current 만/억/조 group
    current: float | None = None
    for token in _KO_TOKENS.findall(core):
        if token in _KO_SMALL:
            section += (current if current is not None else 1.0) * _KO_SMALL[token]
            current = None
        elif token in _KO_BIG:
            section += current or 0.0
            total += (section or 1.0) * _KO_BIG[token]
            section, current = 0.0, None
        else:
            current = _num(token)
    return total + section + (current or 0.0)


_KO_TOKENS = re.compile(rf"{_D}|[십백천만억조]")
_KO_LEAD = re.compile(rf"(?:{_D})\s*([십백천]?)([만억조]?)")


def _ko_scale(core: str) -> float:
    """The multiplier applied to the first digits of a numeral: 3만 -> 1e4, 5천만 -> 1e7."""
    m = _KO_LEAD.match(core)
    if not m:
        return 1.0
    small = _KO_SMALL.get(m.group(1), 1)
    big = _KO_BIG.get(m.group(2), 1)
    return float(small * big)


def extract_ko(text: str) -> list[Quantity]:
    """Numbers and quantities in Korean text, in order (vague ones such as 수십 명 left out)."""
    if holds_nothing_ko(text):
        return []
    dates = extract_dates_ko(text)
    return _finish(_scan_ko(text, dates), dates, text, _RANGE_SEP_KO)


def _scan_ko(text: str, dates: list[DateMention]) -> list[list]:
    found: list[list] = []
    claimed = [(d.start, d.end) for d in dates if not d.year_only]
    years = {(d.start, d.end) for d in dates if d.year_only}
    for m in scan(_KO_RE, text, _KO_TRIGGERS):
        s, e = m.span()
        branch = m.lastgroup
        if claimed and _overlaps(s, e, claimed):
            continue
        if branch == "num":
            core = m.group("core")
            if (s, e) in years or (m.group("unit") in ("년", "년간") and
                                   _overlaps(s, e, list(years))):
                continue
            core_s = m.start("core")
            if core.isdigit():  # a plain figure, the usual case: no 만 or 억 to weigh
                value, scale = float(core), 1.0
            elif m.group("je") and core.endswith("조") and core[:-1].isdigit():
                value, scale = float(core[:-1]), 1.0  # 제4조: Article 4, no trillions
            else:
                value, scale = _ko_core_value(core), _ko_scale(core)
            big = m.group("yscale")
            if big:  # 30여만 명: more than 300,000, the 여 before the 만
                value, scale = value * _KO_BIG[big], scale * _KO_BIG[big]
            unit_word = m.group("unit")
            kind, unit = _KO_UNITS.get(unit_word, ("number", None)) if unit_word else ("number", None)
            if m.group("je"):
                kind = "ordinal"
            approx = bool(m.group("yeo")) or _approx_ko(text, s, e)
            found.append([value, kind, unit, s, e, approx, scale, unit_word is not None, core_s])
        elif branch == "frac":
            den, num = int(m.group("fden")), int(m.group("fnum"))
            if den:
                found.append([num / den, "number", None, s, e, False, 1.0, True, s])
        elif branch == "native":
            counter = m.group("nc1") or m.group("nc2")
            kind, unit = _KO_UNITS.get(counter, ("count", None))
            if m.group("nord") or counter == "번째":
                kind = "ordinal"
            found.append([float(_KO_NATIVE[m.group("nw")]), kind, unit, s, e,
                          _approx_ko(text, s, e), 1.0, True, s])
        elif branch == "ordw":
            word = m.group("ordw").replace(" ", "")
            value = _KO_ORDINAL_WORDS.get(word, 1)
            found.append([float(value), "ordinal", None, s, e, False, 1.0, True, s])
        elif branch == "dayw":
            found.append([float(_KO_DAY_WORDS[m.group("dayw")]), "count", "day", s, e,
                          _approx_ko(text, s, e), 1.0, True, s])
        elif branch == "half":
            found.append([0.5, "number", None, s, e, False, 1.0, True, s])
        elif branch == "mile":
            found.append([float(_KO_MILESTONES[m.group("mile")]), "ordinal", None, s, e, False,
                          1.0, True, s])
        elif branch == "bare":
            value = float({"십": 10, "백": 100, "천": 1000, "만": 10_000}[m.group("bw")])
            found.append([value, "count", None, s, e, True, 1.0, False, s])
    return found


def _approx_ko(text: str, start: int, end: int) -> bool:
    return bool(_KO_APPROX_BEFORE.search(text, max(0, start - 4), start)
                or _KO_APPROX_AFTER.match(text, end))


# -- English --------------------------------------------------------------------------------

_EN_SMALL = {"zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
             "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
             "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
             "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40,
             "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
_EN_SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000,
              "billion": 1_000_000_000, "trillion": 1_000_000_000_000, "bn": 1_000_000_000,
              "mn": 1_000_000, "dozen": 12}
_EN_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6,
                "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11,
                "twelfth": 12, "thirteenth": 13, "fourteenth": 14, "fifteenth": 15,
                "sixteenth": 16, "seventeenth": 17, "eighteenth": 18, "nineteenth": 19,
                "twentieth": 20, "thirtieth": 30, "fortieth": 40, "fiftieth": 50,
                "sixtieth": 60, "seventieth": 70, "eightieth": 80, "ninetieth": 90,
                "hundredth": 100}
_EN_FRACTIONS = {"half": 2, "halves": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4,
                 # one-fourth ... one-sixtieth, one-hundredth (60분의 1), singular and plural
                 **{word + end: n for word, n in _EN_ORDINALS.items() if n >= 4 for end in ("", "s")}}
_EN_MULTIPLIERS = {"once": (1, "count", "time"), "twice": (2, "count", "time"),
                   "thrice": (3, "count", "time"), "double": (2, "times", None),
                   "doubled": (2, "times", None), "triple": (3, "times", None),
                   "tripled": (3, "times", None), "quadruple": (4, "times", None),
                   "quadrupled": (4, "times", None),
                   # 절반으로 줄었다: "halved"
                   "halve": (0.5, "times", None), "halved": (0.5, "times", None)}
_EN_UNITS: dict[str, tuple[str, str | None]] = {
    "%": ("percent", "percent"), "percent": ("percent", "percent"),
    "per cent": ("percent", "percent"), "percentage points": ("percent", "percent"),
    "percentage point": ("percent", "percent"),
    "dollars": ("currency", "dollar"), "dollar": ("currency", "dollar"),
    "won": ("currency", "won"), "yuan": ("currency", "yuan"), "renminbi": ("currency", "yuan"),
    "rmb": ("currency", "yuan"), "yen": ("currency", "yen"), "euros": ("currency", "euro"),
    "euro": ("currency", "euro"), "rubles": ("currency", "ruble"),
    "roubles": ("currency", "ruble"), "pounds": ("currency", "pound"),
    "kpw": ("currency", "won"), "krw": ("currency", "won"), "usd": ("currency", "dollar"),
    "people": ("count", "person"), "persons": ("count", "person"),
    "person": ("count", "person"), "individuals": ("count", "person"),
    "kilograms": ("count", "kg"), "kilogram": ("count", "kg"), "kilos": ("count", "kg"),
    "kg": ("count", "kg"), "tons": ("count", "ton"), "tonnes": ("count", "ton"),
    "ton": ("count", "ton"), "tonne": ("count", "ton"), "kilometers": ("count", "km"),
    "kilometres": ("count", "km"), "kilometer": ("count", "km"), "kilometre": ("count", "km"),
    "km": ("count", "km"), "miles": ("count", "mile"), "mile": ("count", "mile"),
    "meters": ("count", "m"), "metres": ("count", "m"), "meter": ("count", "m"),
    "metre": ("count", "m"), "m": ("count", "m"), "millimeters": ("count", "mm"),
    "millimetres": ("count", "mm"), "millimeter": ("count", "mm"), "millimetre": ("count", "mm"),
    "mm": ("count", "mm"), "centimeters": ("count", "cm"), "centimetres": ("count", "cm"),
    "centimeter": ("count", "cm"), "centimetre": ("count", "cm"), "cm": ("count", "cm"),
    "liters": ("count", "liter"), "litres": ("count", "liter"), "liter": ("count", "liter"),
    "litre": ("count", "liter"), "years": ("count", "year"),
    "year": ("count", "year"), "months": ("count", "month"), "month": ("count", "month"),
    "weeks": ("count", "week"), "week": ("count", "week"), "days": ("count", "day"),
    "day": ("count", "day"), "hours": ("count", "hour"), "hour": ("count", "hour"),
    "minutes": ("count", "minute"), "minute": ("count", "minute"),
    "seconds": ("count", "second"), "times": ("times", None), "fold": ("times", None),
    "degrees": ("count", "degree"), "households": ("count", "household"),
    "countries": ("count", "country"),
}
_EN_CURRENCY_PREFIX = {"$": "dollar", "us$": "dollar", "u.s.$": "dollar", "€": "euro",
                       "£": "pound", "¥": "yuan", "₩": "won", "krw": "won", "kpw": "won",
                       "usd": "dollar", "rmb": "yuan", "cny": "yuan", "eur": "euro"}

_EN_WORD_NUM = rf"(?:{_alt(_EN_SMALL)}|{_alt(_EN_SCALES)})"
# "two hundred and fifty" is one number; "twelve and twenty-five" are two.
_EN_JOIN = r"(?:(?:(?<=hundred)|(?<=thousand)|(?<=million)|(?<=billion))\s+and\s+|[\s-]+)"
_EN_RE = re.compile(
    r"(?P<dnum>(?P<cur>(?:US|U\.S\.)?\$|[€£¥₩]|\b(?i:KRW|KPW|USD|RMB|CNY|EUR)\s?)?"
    rf"{_NOT_IN_TOKEN}(?P<dig>{_D})(?P<ord>st|nd|rd|th)?"
    r"(?:\s?(?P<scale>(?i:thousand|million|billion|trillion))\b|(?P<abbr>bn|mn)\b)?)"
    rf"|(?P<frac>\b(?i:(?P<fnum>one|two|three|four|a)[\s-](?P<fden>{_alt(_EN_FRACTIONS)}))\b)"
    r"|(?P<decade>\b(?i:(?P<dn>a|one|two|three|four|five|six|seven|eight|nine|ten|half\s+a"
    r"|the\s+(?:past|last|previous|next|coming))\s+decades?)\b)"
    rf"|(?P<word_ord>\b(?i:(?:(?P<otens>twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)-)?"
    rf"(?P<oword>{_alt(_EN_ORDINALS)}))\b)"
    rf"|(?P<wnum>\b(?i:(?P<wa>a\s+|one\s+|the\s+(?=(?:hundred|thousand|dozen)\b))?"
    rf"(?P<wcore>{_EN_WORD_NUM}(?:{_EN_JOIN}{_EN_WORD_NUM})*))\b)"
    # "half" alone only where it cannot start "half-hour" or "half brother": before an
    # article or a pronoun, at a clause end, or in "cut in half", "fell by half".
    r"|(?P<half>(?<=\b(?i:in|by)\s)(?i:half)\b"
    r"|\b(?i:half)(?=\s+(?:of|the|a|an|their|its|his|her|all|them|that|this|those|these)\b"
    r"|\s*[.,;:!?”\"’)]|\s*$))"
    rf"|(?P<mult>\b(?i:{_alt(_EN_MULTIPLIERS)})\b)"
    r"|(?P<fold>\b(?i:(?P<foldw>two|three|four|five|ten)fold)\b)"
)
_EN_SUFFIX = re.compile(
    r"(?P<pct>\s?%|\s(?i:percentage\s+points?|percent|per\s+cent)\b)"
    r"|[\s-](?:(?i:North\s+Korean|South\s+Korean|Chinese|U\.S\.|US|American)\s+)?"
    rf"(?P<u>(?i:{_alt(k for k in _EN_UNITS if k[0].isalpha())}))(?![A-Za-z])")
# The trigger fragments that must start a word (each gets the guard WORD_START_EN).
_EN_WORD_STARTS = (
    ["us\\$", "u\\.s\\.\\$"]
    + [f for f, _ in word_fragments(["krw", "kpw", "usd", "rmb", "cny", "eur"], "", r"(?=\s?\d)")]
    + [f for f, _ in word_fragments(list(_EN_SMALL) + list(_EN_ORDINALS) + list(_EN_MULTIPLIERS)
                                    + ["half"], "")]
    + [f for f, _ in word_fragments(["a"], "", r"\s+(?=dozen|hundred|thousand|million|billion|"
                                               r"trillion|third|quarter|fifth|half|decade)")]
    # "the hundred workers" (노동자 100명): "the" stands for "one" before a bare scale word;
    # "the past decade" (지난 10년) is ten years.
    + [f for f, _ in word_fragments(["the"], "", r"\s+(?=(?:hundred|thousand|dozen)\b|"
                                                 r"(?:past|last|previous|next|coming)\s+decade)")])
_EN_SYMBOLS = "$€£¥₩"  # currency signs start a match wherever they are
_EN_TRIGGERS = trigger_pattern(
    digit_fragments(r"(?<![a-z0-9.,].)") + [(c, "") for c in _EN_SYMBOLS]
    + [(f, WORD_START_EN) for f in _EN_WORD_STARTS])
# The same triggers but for the signs, led by the character *before* a digit or a word and
# run on the text with a space in front, so that a hit's start is still the offset in the
# text. _EN_TRIGGERS is led by the first letters of number words, which are most letters of
# English; this is led by the characters between words, which are rarer.
_EN_TRIGGERS_BEFORE = re.compile(
    r"[^a-z0-9](?:(?<![.,])(?=[0-9])|(?<![A-Z])(?="
    + trigger_source((f, "") for f in _EN_WORD_STARTS) + "))")
# Words that make the figure after them approximate: "about 30,000", "more than US$5".
# A quantity is approximate when one of them, then blanks, then "US" or "$", ends right
# before it within 24 characters: in regex terms, r"\b(?i:WORDS)\s+(?:US)?\$?$" searched in
# that window. Searching tried the whole alternation at each of its 24 places; the same
# language reversed is matched once, anchored at the quantity, on the reversed text.
_EN_APPROX_WORDS = ("about", "around", "approximately", "roughly", "some", "nearly", "almost",
                    "over", "more than", "less than", "fewer than", "at least", "up to",
                    "as many as", "close to", "an estimated", "estimated", "upwards of",
                    "under", "just over", "just under", "or so")
# Shortest first: of two words that end at the same place one holds the other ("just
# over"), and the shorter one, which starts later, must be the one found.
_EN_APPROX_BEFORE_REVERSED = re.compile(
    r"\$?(?:SU)?\s+(?i:" + "|".join(re.escape(w[::-1]).replace(r"\ ", r"\s+")
                                    for w in sorted(_EN_APPROX_WORDS, key=len)) + r")(?!\w)")
_EN_APPROX_AFTER = re.compile(r"(?:\s+or\s+(?:so|more)\b|-plus\b|\+)")


def _approx_before_en(text: str, backwards: str, start: int) -> bool:
    """An approximation word ends right before `start`, within 24 characters
    (`backwards` is text reversed; see _EN_APPROX_WORDS)."""
    window = max(0, start - 24)
    limit = len(text) - window  # the window's start, in the reversed text
    # One character past the window is in reach so that (?!\w) sees what precedes a word
    # at the window's start, as \b does; a word that reaches into it lies outside.
    m = _EN_APPROX_BEFORE_REVERSED.match(backwards, len(text) - start,
                                          limit + 1 if window else limit)
    return m is not None and m.end() <= limit


@lru_cache(maxsize=4096)  # a few number phrases ("two", "three hundred") over and over
def _en_words_value(words: str) -> float | None:
    """Value of spelled-out English: "twenty-five", "two hundred", "a dozen", "1.2"."""
    total = 0.0
    current = 0.0
    seen_count = False
    for token in re.split(r"[\s-]+", words.lower()):
        if token in ("and", ""):
            continue
        if token in _EN_SMALL:
            value = _EN_SMALL[token]
            # "twenty-five" and "hundred five" combine; "seven twelve" is not a number.
            if current % 100 and not (current % 10 == 0 and current % 100 >= 20 and value < 10):
                return None
            current += value
            seen_count = True
        elif token == "hundred" or token == "dozen":
            if not seen_count and not total and not current:
                return None
            current = (current or 1.0) * _EN_SCALES[token]
        elif token in _EN_SCALES:
            if not seen_count and not current:
                return None
            total += (current or 1.0) * _EN_SCALES[token]
            current = 0.0
        else:
            return None
    return total + current


def extract_en(text: str) -> list[Quantity]:
    """Numbers and quantities in English text, in order (vague ones such as "dozens" left out)."""
    dates = extract_dates_en(text)
    return _finish(_scan_en(text, dates), dates, text, _RANGE_SEP_EN)


_EN_WORD_TOKEN = re.compile(r"[A-Za-z]+")


def _number_runs(matches: Iterable[re.Match], text: str) -> Iterator[re.Match]:
    """The matches, with a run of number words that is no one number ("two eight-hour
    shifts": two, then eight) matched again as the numbers it holds, longest first."""
    for m in matches:
        if m.lastgroup != "wnum" or _en_words_value(m.group("wcore")) is not None or (
                m.group("wa") and _en_words_value("one " + m.group("wcore")) is not None):
            yield m
            continue
        tokens = [t for t in _EN_WORD_TOKEN.finditer(text, m.start("wcore"), m.end("wcore"))
                  if t.group().lower() != "and"]
        i = 0
        while i < len(tokens):
            for j in range(len(tokens) - 1, i - 1, -1):
                start, end = tokens[i].start(), tokens[j].end()
                if _en_words_value(text[start:end]) is not None:
                    part = _EN_RE.match(text, start, end)
                    if part is not None and part.lastgroup == "wnum":
                        yield part
                    i = j + 1
                    break
            else:
                i += 1  # a scale word with no count before it ("hundred"): no number


def _scan_en(text: str, dates: list[DateMention]) -> list[list]:
    found: list[list] = []
    claimed = [(d.start, d.end) for d in dates]
    backwards = text[::-1]
    if text.isascii() and "$" not in text:  # no currency sign: see _EN_TRIGGERS_BEFORE
        matches = scan(_EN_RE, text, _EN_TRIGGERS_BEFORE, " " + text.lower())
    else:
        matches = scan(_EN_RE, text, _EN_TRIGGERS, lower_same_length(text))
    for m in _number_runs(matches, text):
        s, e = m.span()
        branch = m.lastgroup
        if claimed and _overlaps(s, e, claimed):
            continue
        scale = 1.0
        has_unit = False
        kind, unit = "number", None
        if branch == "dnum":
            value = _num(m.group("dig"))
            word = (m.group("scale") or m.group("abbr") or "").lower()
            if word:
                scale = float(_EN_SCALES[word])
                value *= scale
            if m.group("ord"):
                kind = "ordinal"
            cur = m.group("cur")
            if cur:
                kind, unit, has_unit = "currency", _EN_CURRENCY_PREFIX[cur.strip().lower()], True
        elif branch == "frac":
            num_word = m.group("fnum").lower()
            den = _EN_FRACTIONS[m.group("fden").lower()]
            if num_word == "a" and not re.match(r"\s+of\b", text[e:e + 4]):
                if m.group("fden").lower() in _EN_ORDINALS:  # "a third nuclear test"
                    found.append([float(_EN_ORDINALS[m.group("fden").lower()]), "ordinal",
                                  None, m.start("fden"), e, False, 1.0, True, m.start("fden")])
                continue
            value = (1 if num_word == "a" else _EN_SMALL[num_word]) / den
            found.append([value, "number", None, s, e, False, 1.0, True, s])
            continue
        elif branch == "wnum":
            parsed = _en_words_value(m.group("wcore"))
            if m.group("wa") and parsed is None:
                parsed = _en_words_value("one " + m.group("wcore"))
            if parsed is None:
                continue
            value = parsed
        elif branch == "decade":
            # "a decade" (10년), "two decades" (20년): a count of years.
            count = m.group("dn").lower()
            value = 5.0 if count.startswith("half") else 10.0 * (
                1 if count == "a" or count.startswith("the") else _EN_SMALL[count])
            found.append([value, "count", "year", s, e, False, 1.0, True, s])
            continue
        elif branch == "word_ord":
            value = float(_EN_ORDINALS[m.group("oword").lower()])
            if m.group("otens"):
                value += _EN_SMALL[m.group("otens").lower()]
            found.append([value, "ordinal", None, s, e, False, 1.0, True, s])
            continue
        elif branch == "half":
            found.append([0.5, "number", None, s, e, False, 1.0, True, s])
            continue
        elif branch == "mult":
            value, kind, unit = _EN_MULTIPLIERS[m.group("mult").lower()]
            found.append([float(value), kind, unit, s, e, False, 1.0, True, s])
            continue
        else:  # -fold words
            found.append([float(_EN_SMALL[m.group("foldw").lower()]), "times", None, s, e,
                          False, 1.0, True, s])
            continue
        suffix = _EN_SUFFIX.match(text, e)
        if suffix and kind != "ordinal":
            if suffix.group("pct"):
                kind, unit = "percent", "percent"
            else:
                kind, unit = _EN_UNITS[" ".join(suffix.group("u").lower().split())]
            has_unit = True
            e = suffix.end()
        approx = (_approx_before_en(text, backwards, s)
                  or _EN_APPROX_AFTER.match(text, e) is not None)
        found.append([value, kind, unit, s, e, approx, scale, has_unit, s])
    return found


# -- both ---------------------------------------------------------------------------------

def _overlaps(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    for s, e in spans:
        if s < end and start < e:
            return True
    return False


def _finish(found: list[list], dates: list[DateMention], text: str,
            range_sep: re.Pattern) -> list[Quantity]:
    """Spread a range's unit and scale to its first number, add years, build Quantities.

    "20~30만 명" and "20 to 30 million people" state the scale and the unit once, on the
    second number; the first means 200,000 people too.
    """
    for first, second in zip(found, found[1:]):
        sep = range_sep.fullmatch(text, first[4], second[3])
        if sep is None:
            continue
        if not first[7] and second[7]:
            first[1], first[2] = second[1], second[2]
        # The scale too, unless the first number has a unit of its own that the second does
        # not share ("5.9 percent to $1.89 billion" is no range).
        if first[6] == 1.0 and second[6] > 1.0 and first[0] < second[0] / second[6] * 10 \
                and (not first[7] or first[1:3] == second[1:3]):
            first[0] *= second[6]
            first[6] = second[6]
    out = [_new_quantity((f[0], f[1], f[2], f[3], f[4], text[f[3]:f[4]], f[5])) for f in found]
    years = [Quantity(float(d.year), "year", "year", d.start, d.end, d.text)
             for d in dates if d.year_only]
    if years:
        out = sorted(out + years, key=lambda q: q.start)
    return out


def extract(text: str, lang: str) -> list[Quantity]:
    """extract_ko or extract_en by language code ("ko" or "en")."""
    return extract_ko(text) if lang == "ko" else extract_en(text)


def value_key(value: float) -> tuple[str, str]:
    """The key a value is compared by across texts (the aligner's number anchors, the
    checks' moved facts): 4 significant digits, as 3 would make 2025 and 2020 the same."""
    return ("n", f"{value:.4g}")


def anchor_values(text: str, lang: str) -> list[float]:
    """The values of the quantities in a text (years included, dates and times not), in order.

    A cheap lexical anchor for the aligner: a Korean and an English paragraph that share
    values are likely translations of each other.
    """
    return [q.value for q in (extract_ko(text) if lang == "ko" else extract_en(text))]
