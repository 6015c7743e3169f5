"""Dates, times, decades and relative date words in Korean and English conventions."""

from __future__ import annotations

import pytest
from hypothesis import given, strategies as st

from toolkit.dates import compatible, extract_dates_en, extract_dates_ko

FIELDS = ("year", "month", "day", "weekday", "hour", "minute", "decade", "relative")


def fields(mention) -> dict:
    return {f: getattr(mention, f) for f in FIELDS if getattr(mention, f) is not None}


@pytest.mark.parametrize("text,expected", [
    ("2016년 11월 16일 발표", [{"year": 2016, "month": 11, "day": 16}]),
    ("11월 16일(수) 발표", [{"month": 11, "day": 16, "weekday": 2}]),
    ("통일부는 16일 밝혔다", [{"day": 16}]),
    ("지난 8일 평양에서", [{"day": 8}]),
    ("11월 중순에", [{"month": 11}]),
    ("지난 수요일", [{"weekday": 2}]),
    ("오후 3시 30분", [{"hour": 15, "minute": 30}]),
    ("새벽 3시 반", [{"hour": 3, "minute": 30}]),
    ("1990년대 고난의 행군", [{"decade": 1990}]),
    ("90년대 중반", [{"decade": 1990}]),
    ("2016.11.13 보도", [{"year": 2016, "month": 11, "day": 13}]),
    ("4·27 판문점 선언", [{"month": 4, "day": 27}]),
    ("6.15 공동선언", [{"month": 6, "day": 15}]),
    ("'16년 선거", [{"year": 2016}]),
    ("어제 지난주 지난달 작년 올해", [{"relative": "yesterday"}, {"relative": "last-week"},
                                {"relative": "last-month"}, {"relative": "last-year"},
                                {"relative": "this-year"}]),
    ("지난 달과 이번 주", [{"relative": "last-month"}, {"relative": "this-week"}]),
])
def test_korean(text: str, expected: list[dict]) -> None:
    assert [fields(m) for m in extract_dates_ko(text)] == expected


@pytest.mark.parametrize("text", ["최근 단속이", "오늘날 북한", "3일간 10시간 동안", "16일째 이어진", "3.5% 증가"])
def test_korean_not_dates(text: str) -> None:
    assert extract_dates_ko(text) == []


@pytest.mark.parametrize("text,expected", [
    ("on November 16, 2016", [{"year": 2016, "month": 11, "day": 16}]),
    ("on Nov. 16", [{"month": 11, "day": 16}]),
    ("on 16 November 2016", [{"year": 2016, "month": 11, "day": 16}]),
    ("on Wednesday, Nov. 16", [{"month": 11, "day": 16, "weekday": 2}]),
    ("reported on the 16th that", [{"day": 16}]),
    ("at 3:30 p.m.", [{"hour": 15, "minute": 30}]),
    ("at 10 a.m. and noon", [{"hour": 10}, {"hour": 12, "minute": 0}]),
    ("in the 1990s and the '90s", [{"decade": 1990}, {"decade": 1990}]),
    ("in mid-November", [{"month": 11}]),
    ("in May 2016", [{"year": 2016, "month": 5}]),
    ("in 2016", [{"year": 2016}]),
    ("yesterday, last week and earlier this month", [{"relative": "yesterday"}, {"relative": "last-week"},
                                                     {"relative": "this-month"}]),
    ("The day before, it rained.", [{"relative": "previous-day"}]),
])
def test_english(text: str, expected: list[dict]) -> None:
    assert [fields(m) for m in extract_dates_en(text)] == expected


@pytest.mark.parametrize("text", ["since the 16th Party Congress", "2,000 people", "they may go",
                                  "2016 residents fled", "$2016", "during the Arduous March",
                                  "a veteran of the Long March"])
def test_english_not_dates(text: str) -> None:
    assert extract_dates_en(text) == []


def test_spans() -> None:
    text = "소식통은 2016년 11월 16일 오후 3시에"
    for m in extract_dates_ko(text):
        assert text[m.start:m.end] == m.text


def test_compatible_allows_missing_year_and_clock_half() -> None:
    [ko] = extract_dates_ko("2016년 11월 16일")
    [en] = extract_dates_en("Nov. 16")
    assert compatible(ko, en)
    [ko3] = extract_dates_ko("3시")
    [en3] = extract_dates_en("3 p.m.")
    assert compatible(ko3, en3)
    [wrong] = extract_dates_en("Nov. 13")
    assert not compatible(ko, wrong)


@given(st.integers(1990, 2030), st.integers(1, 12), st.integers(1, 28))
def test_same_date_both_languages(year: int, month: int, day: int) -> None:
    import calendar

    [ko] = extract_dates_ko(f"{year}년 {month}월 {day}일 발표했다")
    [en] = extract_dates_en(f"announced on {calendar.month_name[month]} {day}, {year}.")
    assert (ko.year, ko.month, ko.day) == (en.year, en.month, en.day) == (year, month, day)


@given(st.text(max_size=60))
def test_any_text_is_safe(text: str) -> None:
    for found in (extract_dates_ko(text), extract_dates_en(text)):
        assert all(text[m.start:m.end] == m.text for m in found)
