"""D checks on realistic Korean→English pairs: clean ones that only look suspicious, and defects."""

from __future__ import annotations

from functools import partial

import pytest

from tests import unit_checks
from toolkit.checks import REGISTRY
from tests.unit_checks import unit
D_CODES = ("D001", "D002", "D003", "D004")


hits = partial(unit_checks.hits, D_CODES)
passes = partial(unit_checks.passes, D_CODES)
fails = partial(unit_checks.fails, D_CODES)


CLEAN = [
    ("소식통은 2016년 11월 13일 이같이 전했다.", "The source said this on November 13, 2016."),
    ("소식통은 11월 13일 이같이 전했다.", "The source reported on Nov. 13."),
    ("2016년 11월 16일 통일부가 밝혔다.", "The Unification Ministry said on November 16."),
    ("통일부는 16일 이같이 밝혔다.", "The Unification Ministry said so on Wednesday."),
    ("소식통은 지난 8일 평양에서 전화로 알려왔다.", "The source called from Pyongyang on the 8th."),
    ("회의는 오후 3시 30분에 시작됐다.", "The meeting began at 3:30 p.m."),
    ("회의는 3시에 끝났다.", "The meeting ended at 3 p.m."),
    ("1990년대 고난의 행군 시기였다.", "It was during the Arduous March of the 1990s."),
    ("90년대 중반의 일이다.", "It happened in the mid-'90s."),
    ("어제 단속이 있었다.", "There was a crackdown yesterday."),
    ("소식통은 \"어제 검열이 있었다\"고 말했다.", "The source said an inspection had taken place the previous day."),
    ("지난달 국경 경비가 강화됐다.", "Border security was tightened last month."),
    ("지난달 국경 경비가 강화됐다.", "Border security was tightened in October."),
    ("작년 탈북민이 늘었다.", "Defections rose last year."),
    ("올해 들어 단속이 심해졌다.", "The crackdown has intensified."),
    ("16일(수) 발표됐다.", "It was announced on Wednesday, Nov. 16."),
    ("6.15 공동선언 이후 교류가 늘었다.", "Exchanges grew after the June 15 Joint Declaration."),
    # A place named after a date, glued to it: translated by its name.
    ("신년경축공연은 평양 5월1일경기장에서 진행됐다.",
     "The New Year concert was held at the May Day Stadium in Pyongyang."),
    ("11월 중순 장마당이 폐쇄됐다.", "The markets were closed in mid-November."),
    ("최근 단속이 심해졌다.", "The crackdown has intensified."),
    ("수요일 오전 10시에 회의가 열렸다.", "The meeting was held on Wednesday at 10 a.m."),
    ("2016년 입국자가 늘었다.", "Arrivals rose this year."),
    ("이달 중순 쌀값은 지난달보다 15% 올랐다.", "Rice rose 15 percent from the previous month."),
    ("10월 1일부터 31일까지 노동신문을 분석했다.", "The analysis covered Rodong Sinmun from October 1 to 31."),
    ("지난달 27일 자 논평에서", "In an October 27 commentary,"),
    ("7월 초 국경이 봉쇄됐다.", "The border was sealed in early July."),
    ("저녁 8시에 방송됐다.", "It was broadcast at 8 p.m."),
    ("북한은 지난해 11월 합의 파기를 선언했다.", "North Korea declared last November that it was scrapping the deal."),
    ("내년 3월 당대회가 열린다.", "The Party congress will open next March."),
    ("총회는 11시에 열렸다.", "The meeting was held at 11 p.m."),
    ("검열단은 오전 12시에 도착했다.", "The inspectors arrived at midnight."),
    ("방송은 밤 1시에 끝났다.", "The broadcast ended at 1 a.m."),
    ("석탄 값이 작년 겨울보다 30% 올랐다.", "Coal costs 30 percent more than last winter."),
    ("올해 7~8월 장마로 수십 명이 숨졌다.", "Dozens died in the rains of July and August this year."),
    ("회의는 11월 16~17일 열렸다.", "The meeting was held on Nov. 16-17."),
    ("6·25 전쟁 참전자들에게 특별 공급이 있었다.", "Korean War veterans received special rations."),
    ("상주가 3일장을 치렀다.", "The chief mourner held a three-day funeral."),
    ("모든 인원에게 격리 21일을 적용했다.", "Everyone entering faced a 21-day quarantine."),
    ("여맹은 지난 주말 주민들을 동원했다.", "The Women's Union mobilized residents last weekend."),
    ("추석(음력 8월 15일)을 맞아 성묘에 나섰다.", "On Chuseok, the 15th day of the eighth lunar month, they visited graves."),
    ("결혼식장은 토요일과 일요일에만 예약을 받는다.", "The wedding hall takes bookings only on Saturdays and Sundays."),
    ("소식통은 \"7월 27일 토요일 밤부터 비가 내렸다\"고 말했다.",
     "\"Rain fell starting Saturday night, July 27,\" the source said."),
]

DEFECTS = [
    ("소식통은 2016년 11월 13일 이같이 전했다.", "The source said this on November 31, 2016.", "D001", "November 31"),
    ("소식통은 11월 13일 이같이 전했다.", "The source said this on Dec. 13.", "D001", None),
    ("2016년 11월 16일 발표됐다.", "It was announced on Nov. 16, 2015.", "D001", None),
    ("회의는 오후 3시에 시작됐다.", "The meeting began at 4 p.m.", "D001", None),
    ("1990년대 고난의 행군 시기였다.", "It was during the famine of the 1980s.", "D001", "1980s"),
    ("16일(수) 발표됐다.", "It was announced on Thursday, Nov. 16.", "D001", None),
    # With a space, a date and then a stadium: the date must be there.
    ("공연은 5월 1일 경기장에서 진행됐다.", "The concert was held at the stadium.", "D002", None),
    ("소식통은 11월 13일 이같이 전했다.", "The source said this recently.", "D002", "11월 13일"),
    ("어제 단속이 있었다.", "There was a crackdown last week.", "D003", "last week"),
    ("어제 단속이 있었다.", "There was a crackdown.", "D003", "not rendered"),
    ("작년 탈북민이 늘었다.", "Defections rose this year.", "D003", None),
    ("지난주 보위부 검열이 시작됐다.", "A security inspection began.", "D003", None),
    ("이날 오전 11시 광장에서 주민 총회가 열렸다.", "A mass meeting was held in the square at 11 p.m. that day.", "D001", "11 p.m."),
    ("오후 3시에 공개재판이 열렸다.", "The public trial opened at 3 a.m.", "D001", None),
    ("올해 11월 국경 봉쇄가 풀렸다.", "The border closure was lifted last November.", "D003", None),
    ("작년 겨울 땔감이 모자랐다.", "Firewood ran short this winter.", "D003", None),
    ("6·25 전쟁 참전자들에게 특별 공급이 있었다.", "Veterans of the war that began on July 25 received rations.", "D001", None),
    ("올해 7~8월 장마로 수십 명이 숨졌다.", "Dozens died in the rains of June and August this year.", "D001", None),
]


@pytest.mark.parametrize("ko,en", CLEAN)
def test_clean_pairs_pass(ko: str, en: str) -> None:
    passes(ko, en)


@pytest.mark.parametrize("ko,en,code,fragment", DEFECTS)
def test_defects_are_found(ko: str, en: str, code: str, fragment: str | None) -> None:
    fails(ko, en, code, fragment)


def test_mismatch_points_at_english_date() -> None:
    u = unit("앞 문단.\n\n소식통은 11월 13일 전했다.", "First.\n\nThe source said on Nov. 31 that it was true.")
    [hit] = list(REGISTRY["D001"].func(u, None))
    assert hit.paragraph == "e2" and u.en[1].text[hit.offset:].startswith("Nov. 31")


@pytest.mark.parametrize("ko,en", [("11월 13일 전했다.", ""), ("", "on Nov. 13")])
def test_empty_side_gives_no_findings(ko: str, en: str) -> None:
    assert hits(ko, en) == []


def test_year_mismatch_is_found_beside_a_rendered_relative_year():
    ko = "통일부에 따르면 지난해 입국한 탈북민은 196명으로, 코로나19 이전인 2019년(1,047명)의 5분의 1 수준이다."
    en = ("According to the Ministry of Unification, 196 defectors arrived last year, about a fifth "
          "of the 1,047 who came in {year}, before COVID-19.")
    passes(ko, en.format(year=2019))
    fails(ko, en.format(year=2018), "D001", "2019년 rendered as 2018")


def test_added_year_is_reported_and_resolved_dates_are_not():
    fails("국경 경비대의 한 중대장은 3개월 만에 해임됐다.",
          "A company commander in the border guard was dismissed after just three months. "
          "He had served in the unit since 2015.", "D004", "2015")
    passes("소식통은 11월 13일 이같이 전했다.", "The source said this on November 13, 2016.")
    passes("김정은은 지난해 집권했다.", "Kim Jong Un took power in 2011.")
    passes("소식통은 지난달 10일 이같이 전했다.", "The source said this on October 10.")
