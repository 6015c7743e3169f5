"""Quantities in Korean and English conventions, compared by value."""

from __future__ import annotations

import pytest
from hypothesis import given, strategies as st

from toolkit.numbers import anchor_values, extract_en, extract_ko, same_value


def values(found) -> list[float]:
    return [q.value for q in found]


@pytest.mark.parametrize("text,expected", [
    ("탈북민 3만 명", [30000]),
    ("3만5천 명이 모였다", [35000]),
    ("3만 5천 명이 모였다", [35000]),
    ("3만5000명", [35000]),
    ("1억2천만 원", [120_000_000]),
    ("1억 2천만 원을 받았다", [120_000_000]),
    ("1조 2천억 원", [1.2e12]),
    ("2조 원", [2e12]),
    ("1,500만 달러", [15_000_000]),
    ("5천만 원", [50_000_000]),
    ("2.5배 늘었다", [2.5]),
    ("15%와 15퍼센트", [15, 15]),
    ("3천 위안(약 50만 원)", [3000, 500_000]),
    ("3분의 2가", [2 / 3]),
    ("주민 절반이", [0.5]),
    ("이틀 동안", [2]),
    ("세 차례, 일곱 명, 열두 명", [3, 7, 12]),
    ("2~3만 명", [20000, 30000]),
    ("20~30명", [20, 30]),
])
def test_korean_values(text: str, expected: list[float]) -> None:
    got = values(extract_ko(text))
    assert len(got) == len(expected) and all(map(same_value, got, expected)), got


@pytest.mark.parametrize("text", ["주민 수십 명이", "수천 명", "한두 명", "두세 차례", "세대 갈등",
                                  "열대 과일", "다시 한번 강조했다"])
def test_korean_vague_or_not_numbers(text: str) -> None:
    assert extract_ko(text) == []


def test_korean_kinds_and_flags() -> None:
    [people, won] = extract_ko("탈북민 3만여 명이 1억 원을")
    assert (people.kind, people.unit, people.approximate) == ("count", "person", True)
    assert (won.kind, won.unit, won.text) == ("currency", "won", "1억 원")
    [q] = extract_ko("약 3만 명 이상")
    assert q.approximate
    assert [q.kind for q in extract_ko("첫째, 두 번째, 3번째, 제2, 제7차")] == ["ordinal"] * 5
    assert [(q.kind, q.value) for q in extract_ko("2016년에")] == [("year", 2016.0)]


def test_measures_keep_their_units_on_both_sides() -> None:
    # 리터 is a liter, not 리 (the old Korean distance unit) with 터 after it.
    assert [(q.value, q.unit) for q in extract_ko("디젤유 1리터에 1만4천 원, 10리 길")] == [
        (1, "liter"), (14000, "won"), (10, "ri")]
    assert [(q.value, q.unit) for q in extract_ko("300mm가 넘는 비, 5㎝, 2ℓ")] == [
        (300, "mm"), (5, "cm"), (2, "liter")]
    assert [(q.value, q.unit) for q in extract_en("300 millimeters of rain, 5 centimeters, "
                                                  "2 litres")] == [(300, "mm"), (5, "cm"), (2, "liter")]


def test_korean_dates_are_not_numbers() -> None:
    assert extract_ko("2016년 11월 16일 오후 3시 통일부는 16일 밝혔다") == []


@pytest.mark.parametrize("text,expected", [
    ("more than 30,000 defectors", [30000]),
    ("30 thousand", [30000]),
    ("1.2 million won", [1_200_000]),
    ("2 trillion won", [2e12]),
    ("$500 million", [5e8]),
    ("US$500 and 500 dollars", [500, 500]),
    ("KPW 5,000 and 3,000 yuan", [5000, 3000]),
    ("15%, 15 percent and 15 per cent", [15, 15, 15]),
    ("seven, twelve and twenty-five", [7, 12, 25]),
    ("a dozen", [12]),
    ("two hundred", [200]),
    ("two-thirds of them", [2 / 3]),
    ("a third of them", [1 / 3]),
    ("half of the residents", [0.5]),
    # 절반으로 줄었다
    ("smuggling has been cut in half since the border closed", [0.5]),
    ("prices fell by half within a month", [0.5]),
    ("volumes have halved since spring", [0.5]),
    ("first, 3rd, 21st, twenty-first", [1, 3, 21, 21]),
    ("20 to 30 people", [20, 30]),
    ("20-30", [20, 30]),
    ("between 20 and 30 million", [2e7, 3e7]),
    ("twice, tripled and 2.5 times", [2, 3, 2.5]),
])
def test_english_values(text: str, expected: list[float]) -> None:
    got = values(extract_en(text))
    assert len(got) == len(expected) and all(map(same_value, got, expected)), got


@pytest.mark.parametrize("text", ["dozens of people", "thousands of defectors", "several hundred",
                                  "tens of thousands", "On Nov. 16 at 3:30 p.m.", "the 1990s",
                                  "a half-hour wait", "his half brother", "at half-price"])
def test_english_vague_or_dates(text: str) -> None:
    assert extract_en(text) == []


def test_english_kinds() -> None:
    found = extract_en("In 2016, about 2,000 people paid $15 million, up 15 percent")
    assert [(q.kind, q.unit) for q in found] == [("year", "year"), ("count", "person"),
                                                ("currency", "dollar"), ("percent", "percent")]
    assert found[1].approximate and not found[2].approximate
    assert [q.kind for q in extract_en("a third nuclear test")] == ["ordinal"]


def test_spans_point_at_text() -> None:
    text = "지난해 입국한 탈북민은 1천2백여 명으로"
    [q] = extract_ko(text)
    assert text[q.start:q.end] == q.text == "1천2백여 명"


def test_anchor_values_include_years_not_dates() -> None:
    assert anchor_values("2016년 11월 16일 탈북민 3만 명", "ko") == [30000]
    assert anchor_values("In 2016, 30,000 defectors", "en") == [2016, 30000]


def korean_numeral(n: int) -> str:
    """Write n the way Korean copy does: 1억2345만6789."""
    parts = []
    for unit, size in (("조", 10**12), ("억", 10**8), ("만", 10**4)):
        if n >= size:
            parts.append(f"{n // size}{unit}")
            n %= size
    if n:
        parts.append(str(n))
    return "".join(parts)


@given(st.integers(min_value=1, max_value=10**15))
def test_korean_grouping_round_trips(n: int) -> None:
    [q] = extract_ko(f"모두 {korean_numeral(n)} 원이다")
    assert same_value(q.value, n)


@given(st.integers(min_value=1, max_value=10**12))
def test_english_thousands_separators_round_trip(n: int) -> None:
    [q] = [q for q in extract_en(f"They paid {n:,} won.") if q.kind != "year"]
    assert same_value(q.value, n)


@given(st.floats(min_value=1e-6, max_value=1e15), st.floats(min_value=1e-6, max_value=1e15))
def test_same_value_is_symmetric(a: float, b: float) -> None:
    assert same_value(a, b) == same_value(b, a)
    assert same_value(a, a)


@given(st.text(alphabet="0123456789,.만억조천백십 명원%~-년월일시", max_size=40))
def test_korean_extraction_never_fails_and_spans_are_ordered(text: str) -> None:
    found = extract_ko(text)
    for q in found:
        assert text[q.start:q.end] == q.text
    assert all(a.end <= b.start for a, b in zip(found, found[1:]))
