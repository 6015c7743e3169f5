"""The glossary model, its YAML loading rules and the Korean-aware matcher."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from toolkit.errors import ConfigError, InputError
from toolkit.terms import (
    Glossary,
    TermMatcher,
    build_glossary,
    glossary_from_yaml,
    glossary_to_yaml,
    load_glossary,
    make_term,
    romanises,
    save_glossary,
)

GLOSSARY_YAML = """\
terms:
  - ko: 김정은
    en: Kim Jong Un
    forbidden: [Kim Jong-un, Kim Jung Eun]
    kind: person
    note: North Korean leader
  - ko: 노동당
    en: Workers' Party of Korea
    variants: [로동당]
    forbidden: [Korean Workers' Party]
    kind: organisation
  - ko: 국가보위성
    en: Ministry of State Security
    kind: organisation
  - ko: 보위성
    en: security ministry
    kind: organisation
  - ko: 혜산
    en: Hyesan
    kind: place
  - ko: 보위원
    en: security agent
    kind: title
  - ko: 리설주
    en: Ri Sol Ju
    kind: person
"""


@pytest.fixture()
def glossary(tmp_path):
    path = tmp_path / "glossary.yaml"
    path.write_text(GLOSSARY_YAML, encoding="utf-8")
    return load_glossary(path)


@pytest.fixture()
def matcher(glossary):
    return TermMatcher(glossary)


def test_load_yaml_fields(glossary):
    term = glossary.get("김정은")
    assert term.en == "Kim Jong Un"
    assert term.forbidden == ("Kim Jong-un", "Kim Jung Eun")
    assert term.kind == "person"
    assert glossary.get("로동당").ko == "노동당"
    assert glossary.get("김여정") is None


def test_empty_glossary(tmp_path):
    path = tmp_path / "g.yaml"
    path.write_text("terms: []\n", encoding="utf-8")
    assert load_glossary(path).terms == []


@pytest.mark.parametrize("body, line, words", [
    ("terms:\n  - ko: 김정은\n    en: Kim Jong Un\n  - ko: 김정은\n    en: Kim Jong-un\n", 4,
     "different English"),
    ("terms:\n  - ko: 김정은\n    en: Kim Jong Un\n    forbidden: [Kim Jong Un]\n", 2,
     "both approved English and forbidden"),
    ("terms:\n  - ko: ''\n    en: Kim Jong Un\n", 2, "empty Korean"),
    ("terms:\n  - ko: 혜산\n    en: ''\n", 2, "no approved English"),
    ("terms:\n  - ko: 혜산\n    en: Hyesan\n    kind: city\n", 2, "unknown kind"),
    ("terms:\n  - ko: 혜산\n    en: Hyesan\n    spelling: x\n", 2, "unknown key"),
    ("terms:\n  - ko: 노동당\n    en: Workers' Party of Korea\n  - ko: 로동당\n    en: WPK\n"
     "    variants: [노동당]\n", 4, "duplicate Korean term"),
    ("glossary:\n  - ko: 혜산\n", 1, "unknown key"),
])
def test_load_rejects_with_line(tmp_path, body, line, words):
    path = tmp_path / "g.yaml"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_glossary(path)
    assert info.value.line == line
    assert words in info.value.message
    assert str(path) in str(info.value)


def test_forbidden_that_another_entry_approves_is_refused():
    with pytest.raises(ConfigError, match="approved English of 김정일"):
        build_glossary([(make_term(ko="김정은", en="Kim Jong Un", forbidden=["Kim Jong Il"]), 2),
                        (make_term(ko="김정일", en="Kim Jong Il"), 5)])


def test_unknown_extension(tmp_path):
    with pytest.raises(InputError, match="unknown glossary format"):
        load_glossary(tmp_path / "terms.xlsx")


def test_save_is_yaml_and_reloads(tmp_path, glossary):
    out = tmp_path / "out.yaml"
    save_glossary(glossary, out)
    assert load_glossary(out).terms == glossary.terms
    assert "variants:\n  - 로동당" in out.read_text(encoding="utf-8")


# -- Korean matching -------------------------------------------------------------------------

@pytest.mark.parametrize("text, ko, tail", [
    ("김정은의 지시에 따라 단속이 강화됐다.", "김정은", "의"),
    ("김정은이 현지지도를 했다.", "김정은", "이"),
    ("김정은은 이날 회의를 주재했다.", "김정은", "은"),
    ("김정은에게 보고됐다.", "김정은", "에게"),
    ("명령을 내린 사람은 김정은이었다.", "김정은", "이었다"),
    ("노동당에서는 검열을 시작했다.", "노동당", "에서는"),
    ("조선 로동당 중앙위원회", "노동당", ""),
    ("혜산시에서 주민들이 체포됐다.", "혜산", "시에서"),
    ("보위원들이 돈을 요구했다.", "보위원", "들이"),
    ("부인은 리설주다.", "리설주", "다"),
    ("(김정은)", "김정은", ""),
])
def test_korean_term_with_particles(matcher, text, ko, tail):
    hits = matcher.find_ko(text)
    assert [(h.term.ko, h.tail) for h in hits] == [(ko, tail)]
    assert text[hits[0].start:hits[0].end] == hits[0].text


@pytest.mark.parametrize("text", [
    "김정은혜 씨가 시장에서 일한다.",  # a different person's name
    "김정은가",  # 가 cannot follow a final consonant
    "리설주이 왔다",  # 이 cannot follow a vowel
    "혜산진 세관",  # a longer place name that the glossary does not list
    "사회보위성",  # preceded by Hangul: part of another compound
])
def test_no_match_inside_a_longer_word(matcher, text):
    assert matcher.find_ko(text) == []


def test_longest_term_wins(matcher):
    hits = matcher.find_ko("국가보위성이 밝혔다. 보위성 요원도 왔다.")
    assert [h.term.ko for h in hits] == ["국가보위성", "보위성"]


def test_north_korean_variant_reports_its_form(matcher):
    (hit,) = matcher.find_ko("로동당의 결정")
    assert hit.term.ko == "노동당" and hit.form == "로동당"


# -- English matching ------------------------------------------------------------------------

@pytest.mark.parametrize("text, found", [
    ("Kim Jong Un's order came in August.", True),
    ("Kim Jong Un’s order came in August.", True),
    ("The order came from Kim Jong Un.", True),
    ("kim jong un ordered", False),
    ("Kim Jong-un ordered", False),
    ("Kim Jong Unsworth ordered", False),
])
def test_english_approved_form(matcher, glossary, text, found):
    assert bool(matcher.find_en(text, glossary.get("김정은"))) is found


def test_common_noun_takes_plural_but_name_does_not(matcher, glossary):
    agent = glossary.get("보위원")
    assert matcher.find_en("Security agents of the ministry", agent)
    assert matcher.find_en("the security agents’ demands", agent)[0].tail == "’"
    assert not matcher.find_en("Kim Jong Uns crackdown", glossary.get("김정은"))
    assert matcher.find_lost_possessive("Kim Jong Uns crackdown", glossary.get("김정은"))


def test_curly_apostrophe_matches_straight_entry(matcher, glossary):
    assert matcher.find_en("the Workers’ Party of Korea said", glossary.get("노동당"))


def test_forbidden(matcher):
    hits = matcher.find_forbidden("On the orders of Kim Jong-un's office, Kim Jung Eun said")
    assert [(h.text, h.term.ko) for h in hits] == [("Kim Jong-un", "김정은"), ("Kim Jung Eun", "김정은")]
    assert matcher.find_forbidden("Kim Jong Un met officials") == []


def test_forbidden_inside_an_approved_form_is_not_reported():
    g = build_glossary([(make_term(ko="김정은", en="Kim Jong Un", forbidden=["Kim Jong"]), 1)])
    m = TermMatcher(g)
    assert m.find_forbidden("Kim Jong Un arrived") == []
    assert [h.text for h in m.find_forbidden("Kim Jong arrived")] == ["Kim Jong"]


def test_find_en_any(matcher):
    hits = matcher.find_en_any("Security agents in Hyesan answer to the Ministry of State Security.")
    assert sorted(h.term.ko for h in hits) == ["국가보위성", "보위원", "혜산"]


def test_empty_glossary_matches_nothing():
    m = TermMatcher(Glossary([]))
    assert m.find_ko("김정은의") == [] and m.find_forbidden("Kim Jong-un") == []
    assert m.find_en_any("Kim Jong Un") == []


@pytest.mark.parametrize("ko, en, ok", [
    ("김철민", "Kim Chol Min", True), ("김철민", "Kim Chul-min", True),
    ("김여정", "Kim Yeo-jeong", True), ("장성택", "Jang Song Thaek", True),
    ("평양", "Pyongyang", True), ("정권", "Jong Un", False), ("이달", "Officials", False),
])
def test_romanisation_key(ko, en, ok):
    assert romanises(ko, en) is ok


# -- properties ------------------------------------------------------------------------------

GLOSSARY = glossary_from_yaml(GLOSSARY_YAML, "glossary.yaml")
_PARTICLES = ["", "의", "에서", "에게", "은", "이었다", "도", "까지", "처럼"]
_NOISE = st.text(alphabet=st.sampled_from(list("가나다라 마바사 ,.“”")), max_size=12)


@settings(max_examples=60, deadline=None)
@given(before=_NOISE, after=_NOISE, particle=st.sampled_from(_PARTICLES))
def test_term_found_after_a_space_with_any_particle(before, after, particle):
    matcher = TermMatcher(GLOSSARY)
    text = f"{before} 혜산{particle} {after}"
    hits = [h for h in matcher.find_ko(text) if h.term.ko == "혜산"]
    assert hits and hits[0].tail == particle


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("김정은혜산의이가 노동당로")), max_size=30))
def test_hits_are_ordered_disjoint_and_exact(text):
    hits = TermMatcher(GLOSSARY).find_ko(text)
    for hit in hits:
        assert text[hit.start:hit.end] == hit.text
        assert hit.form in hit.term.ko_forms
    assert all(a.end <= b.start for a, b in zip(hits, hits[1:]))


def test_yaml_text_is_stable(glossary):
    assert glossary_to_yaml(glossary) == glossary_to_yaml(build_glossary((t, None) for t in glossary))
