"""T checks: forbidden spellings, missing terms, inconsistent renderings across documents."""

from __future__ import annotations

from toolkit.checks import CheckContext, Document, Unit
from toolkit.checks.terminology import forbidden_variant, inconsistent_rendering, term_missing
from toolkit.model import Paragraph
from toolkit.terms import build_glossary, make_term

GLOSSARY = build_glossary((make_term(**fields), n) for n, fields in enumerate([
    dict(ko="김정은", en="Kim Jong Un", forbidden=["Kim Jong-un", "Kim Jung Eun"], kind="person"),
    dict(ko="장성택", en="Jang Song Thaek", forbidden=["Jang Sung-taek"], kind="person"),
    dict(ko="국가보위성", en="Ministry of State Security", ko_variants=["보위성"], kind="organisation"),
    dict(ko="보위원", en="security agent", kind="title"),
    dict(ko="혜산", en="Hyesan", kind="place"),
], 1))


def unit(ko: str, en: str, index: int = 0) -> Unit:
    return Unit(index, (Paragraph(f"k{index + 1}", ko, 1),),
                (Paragraph(f"e{index + 1}", en, 1),) if en is not None else ())


def run(check, ko: str, en: str) -> list:
    ctx = CheckContext(glossary=GLOSSARY)
    u = unit(ko, en)
    ctx.document = Document("a", [u])
    return list(check(u, ctx))


def passes(check, ko: str, en: str) -> None:
    assert run(check, ko, en) == []


def fails(check, ko: str, en: str, words: str = "") -> None:
    hits = run(check, ko, en)
    assert hits and words in hits[0].message, hits


def test_t001_forbidden_spelling():
    fails(forbidden_variant, "김정은 국무위원장의 지시에 따라", "On the orders of Kim Jong-un, the authorities",
          "'Kim Jong-un' is not the house spelling of 김정은")
    passes(forbidden_variant, "김정은 국무위원장의 지시에 따라", "On Kim Jong Un’s orders, the authorities")
    hit = run(forbidden_variant, "장성택 처형", "after Jang Sung-taek was executed")[0]
    assert (hit.paragraph, hit.offset) == ("e1", 6)


def test_t001_without_glossary_is_silent():
    ctx = CheckContext()
    assert list(forbidden_variant(unit("김정은", "Kim Jong-un"), ctx)) == []


def test_t002_missing_term_with_particles():
    fails(term_missing, "이번 검열은 장성택 처형 직후를 떠올리게 한다.",
          "The inspection recalls the purge after Kim Jong Un’s uncle was executed.",
          "장성택 is in the Korean")
    fails(term_missing, "보위성에서 검열단을 보냈다.", "The security ministry sent inspectors.", "보위성")


def test_t002_leaves_the_place_and_outlet_of_a_dateline_alone():
    # Translations drop the Korean dateline ("(혜산=데일리NK) 강미진 기자 = "): it names
    # where the report was filed and by whom, no term the English must render.
    passes(term_missing, "(혜산=데일리NK) 강미진 기자 = 탈북을 시도하던 일가족 4명이 체포됐다.",
           "A family of four was arrested while trying to defect.")
    fails(term_missing, "(서울=데일리NK) 강미진 기자 = 혜산에서 일가족 4명이 체포됐다.",
          "A family of four was arrested while trying to defect.", "Hyesan")


def test_terms_count_in_capitals():
    # A headline in capitals renders the term; a forbidden spelling in capitals is still one.
    passes(term_missing, "김정은, 원산 관광지구 건설 현장 점검", "KIM JONG UN INSPECTS WONSAN RESORT SITE")
    fails(forbidden_variant, "김정은, 원산 관광지구 건설 현장 점검", "KIM JONG-UN INSPECTS WONSAN RESORT SITE",
          "Kim Jong Un")


def test_t002_passes_on_good_copy():
    passes(term_missing, "혜산시 보위원들이 뇌물을 받는다.", "Security agents in Hyesan take bribes.")
    passes(term_missing, "김정은의 지시", "Kim Jong Un's order")
    # a surname alone is the usual second reference
    passes(term_missing, "김정은은 이날 연설에서", "Kim said in the speech that day")


def test_t002_defers_to_other_checks():
    passes(term_missing, "김정은의 지시", "the order of Kim Jong-un")  # T001's finding
    passes(term_missing, "김정은의 단속", "Kim Jong Uns crackdown")  # a lost apostrophe: Q checks
    passes(term_missing, "김정은의 지시", "")  # empty English: omission checks
    passes(term_missing, "김정은의 지시", None)


def test_t002_reports_an_unlisted_spelling_of_a_name():
    fails(term_missing, "김정은의 지시", "on the orders of Kim Jung-eun", "rendered 'Kim Jung-eun'")
    passes(term_missing, "김정은의 지시", "on the orders of Kim, who said")


def _doc(name: str, pairs: list[tuple[str, str]]) -> Document:
    return Document(name, [unit(ko, en, n) for n, (ko, en) in enumerate(pairs)], en_path=f"{name}/en.txt")


def test_t003_glossary_term_rendered_two_ways():
    docs = [_doc("a1", [("김정은의 지시", "Kim Jong Un's orders")]),
            _doc("a2", [("김정은의 지시", "Kim Jong Un ordered")]),
            _doc("a3", [("김정은의 지시", "Kim Jung-eun ordered it")])]
    found = list(inconsistent_rendering(docs, CheckContext(glossary=GLOSSARY)))
    assert [(d.name, h.paragraph, h.offset) for d, h in found] == [("a3", "e1", 0)]
    assert "'Kim Jong Un' 2× (a1, a2)" in found[0][1].message
    docs.append(_doc("a4", [("김정은의 지시", "Kim Jong-un ordered it")]))
    found = list(inconsistent_rendering(docs, CheckContext(glossary=GLOSSARY)))
    assert [d.name for d, _ in found] == ["a3"]  # the forbidden spelling is T001's


def test_t003_name_outside_the_glossary_spelt_two_ways():
    docs = [_doc("a1", [("탈북민 김철민 씨는 데일리NK에 말했다.", "Defector Kim Chol Min told Daily NK."),
                        ("김철민 씨는 2019년 혜산을 떠났다.", "Kim Chol Min left Hyesan in 2019.")]),
            _doc("a2", [("김철민 씨는 다시 말했다.", "Kim Chul-min said again.")])]
    found = list(inconsistent_rendering(docs, CheckContext(glossary=GLOSSARY)))
    assert [(d.name, h.en) for d, h in found] == [("a2", "Kim Chul-min")]
    assert "'Kim Chol Min' 2× (a1)" in found[0][1].message


def test_t003_min_count_counts_the_places_of_a_name_across_documents():
    docs = [_doc("a1", [("탈북민 김철민 씨는 데일리NK에 말했다.", "Defector Kim Chol Min told Daily NK."),
                        ("김철민 씨는 2019년 혜산을 떠났다.", "Kim Chol Min left Hyesan in 2019.")]),
            _doc("a2", [("김철민 씨는 다시 말했다.", "Kim Chul-min said again.")])]
    def spelt_off(docs, min_count):
        ctx = CheckContext(glossary=GLOSSARY, options={"T003": {"min-count": min_count}})
        return [(d.name, h.en) for d, h in inconsistent_rendering(docs, ctx)]

    assert spelt_off(docs, 3) == [("a2", "Kim Chul-min")]
    assert spelt_off(docs, 4) == []  # three places: too few
    docs.append(_doc("a3", [("김철민 씨는 그 뒤로 소식이 끊겼다고 가족이 말했다.",
                             "Kim Chol Min has not been heard from since, his family said.")]))
    assert spelt_off(docs, 4) == [("a2", "Kim Chul-min")]


def test_t003_quiet_on_consistent_copy():
    docs = [_doc("a1", [("탈북민 김철민 씨는 말했다.", "Defector Kim Chol Min said."),
                        ("혜산 소식통은 전했다.", "A source in Hyesan said.")]),
            _doc("a2", [("김철민 씨는 다시 말했다.", "Kim Chol Min said again."),
                        ("이달 초 김정은이 왔다.", "Kim Jong Un came early this month.")])]
    assert list(inconsistent_rendering(docs, CheckContext(glossary=GLOSSARY))) == []
    ctx = CheckContext(glossary=GLOSSARY, options={"T003": {"names": False}})
    assert list(inconsistent_rendering(docs[:1], ctx)) == []


def test_t003_a_word_of_one_consonant_is_no_name():
    # 위안 (the yuan) keys as "N": any capitalised word with an n and two vowel groups ("One",
    # a person called Yu Na) would read as its spelling.
    docs = [_doc("a1", [("1위안은 북한 돈 1,100원이다.", "One yuan is worth 1,100 North Korean won."),
                        ("환전상들은 위안을 더 많이 사들인다.", "One dealer said they buy more yuan.")]),
            _doc("a2", [("상인 유나 씨는 위안으로만 받는다.", "Yu Na, a trader, takes only yuan."),
                        ("그는 위안 값이 오른다고 말했다.", "Yu Na said the yuan keeps rising.")])]
    assert list(inconsistent_rendering(docs, CheckContext(glossary=GLOSSARY))) == []
