from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from toolkit.align import AlignParams, IndexLink, align_texts, paragraph_anchors, weighted_length
from toolkit.errors import InputError

# A missile-launch report: Korean original and an English translation that is 1:1.
KO = [
    "북한이 15일 오전 평안북도 동창리 일대에서 중거리 탄도미사일 1발을 동해상으로 발사했다고 "
    "합동참모본부가 밝혔다.",
    "합참에 따르면 미사일은 약 1,100km를 비행한 뒤 동해 공해상에 떨어졌으며, 최고 고도는 550km로 "
    "파악됐다. 군은 세부 제원을 한미 정보당국이 정밀 분석하고 있다고 덧붙였다.",
    "군 당국은 이번 발사가 지난달 실시된 한미연합훈련에 대한 반발로 보고 있다.",
    "일본 정부도 미사일이 자국 배타적경제수역(EEZ) 밖에 낙하했다고 발표했다.",
    "조선중앙통신(KCNA)은 16일 김정은 국무위원장이 발사를 직접 참관했다고 보도했다. 통신은 "
    "김정은이 \"적들의 도발에는 압도적인 힘으로 대응할 것\"이라고 말했다고 전했다.",
    "북한은 올해 들어서만 모두 12차례 탄도미사일을 발사했으며, 이 가운데 3차례는 대륙간탄도미사일"
    "(ICBM)이었다. 전문가들은 2017년 이후 가장 잦은 발사라고 분석했다.",
    "유엔 안전보장이사회는 다음 주 회의를 열어 대응 방안을 논의할 예정이다.",
]
EN = [
    "North Korea fired one intermediate-range ballistic missile into the East Sea from the "
    "Tongchang-ri area of North Pyongan Province on the morning of the 15th, the Joint Chiefs of "
    "Staff said.",
    "The missile flew about 1,100 km before landing in international waters, reaching a maximum "
    "altitude of 550 km, according to the JCS. South Korean and US intelligence are analysing its "
    "specifications in detail, the military added.",
    "Military authorities see the launch as a protest against last month's joint South Korea-US "
    "exercises.",
    "The Japanese government also said the missile came down outside its exclusive economic zone "
    "(EEZ).",
    "The Korean Central News Agency (KCNA) reported on the 16th that leader Kim Jong Un watched the "
    "launch in person. Kim was quoted as saying the country would meet \"enemy provocations with "
    "overwhelming force.\"",
    "North Korea has fired ballistic missiles 12 times this year alone, three of them "
    "intercontinental ballistic missiles (ICBMs). Analysts said it was the most frequent testing "
    "since 2017.",
    "The UN Security Council plans to meet next week to discuss a response.",
]


def beads(links: list[IndexLink]) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    return [(link.ko, link.en) for link in links]


def assert_covers(links: list[IndexLink], n: int, m: int) -> None:
    """Every paragraph of both sides in exactly one link, in order."""
    assert [i for link in links for i in link.ko] == list(range(n))
    assert [j for link in links for j in link.en] == list(range(m))
    assert all(link.ko or link.en for link in links)
    assert all(0.0 <= link.confidence <= 1.0 for link in links)


def test_one_to_one_with_high_confidence():
    links = align_texts(KO, EN)
    assert beads(links) == [((i,), (i,)) for i in range(len(KO))]
    assert min(link.confidence for link in links) > 0.8


def test_two_to_one_merge():
    en = EN[:2] + [EN[2] + " " + EN[3]] + EN[4:]
    links = align_texts(KO, en)
    assert ((2, 3), (2,)) in beads(links)
    assert_covers(links, len(KO), len(en))


def test_one_to_two_split():
    first, second = EN[4].split(" Kim was quoted")
    en = EN[:4] + [first, "Kim was quoted" + second] + EN[5:]
    links = align_texts(KO, en)
    assert ((4,), (4, 5)) in beads(links)


def test_two_to_two_boundary_shift():
    # The translator moved the JCS attribution sentence into the next paragraph.
    a, b = EN[1].split(" South Korean and US")
    en = EN[:1] + [a, "South Korean and US" + b + " " + EN[2]] + EN[3:]
    links = align_texts(KO, en)
    assert ((1, 2), (1, 2)) in beads(links)


def test_dropped_korean_paragraph_is_a_one_to_zero_link():
    en = EN[:5] + EN[6:]
    links = align_texts(KO, en)
    assert ((5,), ()) in beads(links)
    assert_covers(links, len(KO), len(en))


def test_added_english_paragraph_is_a_zero_to_one_link():
    background = ("Pyongyang has conducted six nuclear tests since 2006, the most recent in "
                  "September 2017, and has been barred by UN resolutions from ballistic missile "
                  "activity.")
    en = EN[:3] + [background] + EN[3:]
    links = align_texts(KO, en)
    assert ((), (3,)) in beads(links)


def test_a_padded_paragraph_stays_one_link_not_an_omission_and_an_addition():
    # The translation of KO[3] is padded with a long invented passage: one link, which the
    # length check judges, not a dropped paragraph beside an added one.
    padded = (EN[3][:-1] + ", and officials in Tokyo said they had protested through diplomatic "
              "channels in Beijing, recalling that missiles from the same launch site had flown "
              "over northern Japan twice in recent years, forcing residents of Hokkaido into "
              "shelters before dawn and halting trains for hours.")
    en = EN[:3] + [padded] + EN[4:]
    links = align_texts(KO, en)
    assert ((3,), (3,)) in beads(links)
    assert not any(not link.ko or not link.en for link in links)
    assert_covers(links, len(KO), len(en))


def test_a_subheading_beside_a_dropped_paragraph_stays_apart():
    en = EN[:5] + ["Most frequent since 2017"] + EN[6:]
    links = align_texts(KO, en)
    assert ((5,), ()) in beads(links) and ((), (5,)) in beads(links)


# A flood report whose second Korean paragraph quotes a source twice.
FLOOD_KO = ["(서울=데일리NK) 김지훈 기자 = 지난달 말 함경북도 무산군에 내린 폭우로 두만강 물이 불어나 "
      "강변 마을 여러 곳이 침수된 것으로 알려졌다.",
      "함경북도 소식통은 최근 데일리NK에 \"8월 2일 금요일 밤부터 이틀 동안 250mm가 넘는 비가 내려 "
      "두만강 둑이 무너졌다\"며 \"무산 읍내 아래쪽 살림집들은 거의 다 물에 잠겼다\"고 말했다.",
      "소식통에 따르면 당국은 인근 광산 노동자 600여 명을 동원해 둑을 다시 쌓고 있지만 자재가 "
      "모자라 작업이 더디다.",
      "그는 \"시멘트가 없어 흙과 돌로만 쌓다 보니 비가 조금만 와도 다시 무너질 것\"이라고 우려했다."]
FLOOD_EN = ["Heavy rain at the end of last month swelled the Tumen River and flooded several "
      "riverside villages in Musan County, North Hamgyong Province, Daily NK has learned.",
      "“More than 250 millimeters of rain fell over two days from Friday night, August 2, and "
      "the Tumen River embankment collapsed,” a source in North Hamgyong Province recently "
      "told Daily NK by phone.",
      "“Nearly all the houses below the town center are underwater,” the source added.",
      "According to the source, the authorities have mobilized more than 600 workers from a "
      "nearby mine to rebuild the embankments, but the work is slow because materials are short.",
      "“There is no cement, so they are building with only earth and stones, and it will "
      "collapse again with the slightest rain,” the source said."]


def test_a_korean_paragraph_quoting_twice_split_into_two_english_ones_is_one_link():
    # "…"며 "…"고 말했다 becomes two English paragraphs, the second "…," the source added.
    # Without the quotation count the length model reads a 1-1 and an added paragraph.
    from dataclasses import replace

    from toolkit.align import DEFAULT_PARAMS

    ko, en = FLOOD_KO, FLOOD_EN
    assert ((1,), (1, 2)) in beads(align_texts(ko, en))
    # Either the quotation count or the "added" attribution keeps it whole.
    assert ((1,), (1, 2)) in beads(align_texts(ko, en, params=replace(DEFAULT_PARAMS, w_lost_quote=0)))
    assert ((), (2,)) in beads(align_texts(ko, en, params=replace(DEFAULT_PARAMS, w_lost_quote=0,
                                                                  w_running_quote=0)))


@pytest.mark.parametrize("verb", ["said", "explained", "continued"])
def test_a_split_off_quotation_attributed_with_any_speech_verb_is_no_addition(verb):
    # The second paragraph of the split may end "…," the source said. as well as "added":
    # a paragraph ending in an attributed quotation is a translation, never an addition.
    from dataclasses import replace

    from toolkit.align import DEFAULT_PARAMS

    en = FLOOD_EN[:2] + [FLOOD_EN[2].replace("the source added", f"the source {verb}")] + FLOOD_EN[3:]
    assert f"the source {verb}." in en[2]
    no_count = replace(DEFAULT_PARAMS, w_lost_quote=0)
    assert ((1,), (1, 2)) in beads(align_texts(FLOOD_KO, en, params=no_count))
    assert ((), (2,)) in beads(align_texts(FLOOD_KO, en, params=replace(no_count, w_running_quote=0)))


def test_a_quote_running_over_three_english_paragraphs_stays_one_link():
    # The newsroom convention: each paragraph of a long quote is left open and the next
    # reopens it. Here the first English paragraph of the quote also took a sentence from
    # the Korean paragraph before it, so the length model alone cut the quote's last part
    # off as an addition.
    from dataclasses import replace

    from toolkit.align import DEFAULT_PARAMS, running_quotes

    ko = ["양강도 혜산의 장마당에서 쌀값이 한 달 사이에 크게 올랐다고 소식통이 전했다.",
          "소식통에 따르면 이달 초 1kg에 6천 원이던 쌀은 지난주 8천 원까지 뛰었다. 이는 노동자 "
          "월급의 두 배가 넘는 값이다.",
          "소식통은 \"국경 봉쇄가 길어지면서 중국에서 들어오던 쌀이 끊겼다. 상인들은 물건을 "
          "숨겨두고 값이 더 오르기를 기다린다. 돈 없는 집들은 벌써 옥수수죽으로 끼니를 "
          "때운다\"고 말했다."]
    en = ["Rice prices in the markets of Hyesan, Ryanggang Province, have risen sharply in a "
          "month, a source said.",
          "According to the source, rice that sold for 6,000 won per kilogram at the start of "
          "the month jumped to 8,000 won last week.",
          "That is more than twice what a worker at a state enterprise earns in a month. "
          "“Since the border closure dragged on, the rice that came in from China has stopped.",
          "“Traders are hiding their stock and waiting for prices to climb further.",
          "“Families without money are already getting by on corn porridge,” the source said."]
    assert running_quotes(en) == [False, False, False, True, True]
    assert ((2,), (2, 3, 4)) in beads(align_texts(ko, en))
    assert ((), (4,)) in beads(align_texts(ko, en, params=replace(DEFAULT_PARAMS, w_running_quote=0)))
    # A Korean paragraph that is itself inside a quotation may take the boundary.
    ko_running = ko[:2] + ["소식통은 \"국경 봉쇄가 길어지면서 중국에서 들어오던 쌀이 끊겼다.",
                           "\"상인들은 물건을 숨겨두고 값이 더 오르기를 기다린다.",
                           "\"돈 없는 집들은 벌써 옥수수죽으로 끼니를 때운다\"고 말했다."]
    assert beads(align_texts(ko_running, en))[-2:] == [((3,), (3,)), ((4,), (4,))]


def test_a_quote_the_source_added_is_not_an_addition():
    # A Korean paragraph quoting twice ("…"며 "…"고 말했다) split into two English ones,
    # the second "…,” the source added." The first fits the Korean's length on its own here,
    # so the length model alone read a 1-1 and an added paragraph.
    from dataclasses import replace

    from toolkit.align import DEFAULT_PARAMS

    ko = ["노동신문은 3일 김정은 국무위원장이 평안북도 신의주의 대규모 온실농장 건설 현장을 "
          "현지지도했다고 보도했다.",
          "신문은 김 위원장이 \"올해 안에 농장을 완공해 주민들에게 신선한 채소를 공급하라\"고 "
          "지시했다고 전했다.",
          "이번 현지지도에서는 공사 지연에 대한 질책도 있었다.",
          "신문에 따르면 일부 자재 공급 단위의 계획 미달이 문제로 지적됐다.",
          "신의주 소식통은 \"자재가 제때 오지 않아 밤에도 일을 시키고 있다\"며 \"노동자들 사이에서 "
          "불만이 커지고 있다\"고 말했다."]
    en = ["North Korean leader Kim Jong Un gave on-the-spot guidance at the construction site of a "
          "large greenhouse farm in Sinuiju, North Pyongan Province, the Rodong Sinmun reported "
          "on the 3rd.",
          "Kim instructed officials to “complete the farm within this year and supply residents "
          "with fresh vegetables,” the newspaper said.",
          "Kim also rebuked officials over construction delays during the visit, with some units "
          "that supply building materials singled out for failing to meet their plans, according "
          "to the newspaper.",
          "“Because building materials never arrive on time, the workers are now made to work "
          "late into the night as well,” a source in Sinuiju told Daily NK.",
          "“Discontent is growing among the workers,” the source added."]
    assert beads(align_texts(ko, en))[-1] == ((4,), (3, 4))
    assert beads(align_texts(ko, en, params=replace(DEFAULT_PARAMS, w_running_quote=0)))[-1] \
        == ((), (4,))
    # Reported speech is no quotation: "…, the source added." may be the translator's own.
    reported = en[:4] + ["Discontent is growing among the workers, the source added."]
    assert beads(align_texts(ko, reported))[-1] == ((), (4,))


def test_a_padded_paragraph_before_an_added_subheading_stays_one_link():
    # The length model leaves the padded English paragraph and its Korean apart, with a
    # subheading the desk added between the two gaps; joined past the subheading, they are
    # one link that A003 judges, not an omission and an addition.
    ko = ["함경북도 무산에서 광산 노동자들이 배급을 받지 못해 집단으로 출근을 거부하고 있다고 "
          "소식통이 전했다.",
          "함경북도 소식통은 \"석 달째 식량 배급이 끊기자 노동자 200여 명이 장마당 장사에 "
          "나섰다\"고 말했다.",
          "소식통은 광산 측이 출근하지 않는 노동자들을 처벌하겠다고 으름장을 놓고 있다고 전했다.",
          "그는 \"처벌이 무서워도 굶을 수는 없으니 다들 장마당으로 간다\"고 덧붙였다."]
    en = ["Mine workers in Musan, North Hamgyong Province, are refusing en masse to show up for "
          "work because they have not received their rations, a source said.",
          "“With food rations cut off for three months now, more than 200 workers have turned to "
          "trading in the markets,” the source in North Hamgyong Province said.",
          "The source said the mine has been threatening to punish workers who fail to show up. "
          "Managers have posted lists of absent workers at the gate, sent security officials to "
          "their homes at night, and warned that families could lose their housing, while "
          "several team leaders were reportedly demoted for covering for their crews and ordered "
          "to recover the lost output themselves by the end of the quarter.",
          "Hunger over fear",
          "“Punishment is frightening, but no one can go hungry, so everyone goes to the "
          "market,” he added.",
          "*Translated by Minji Lee"]
    links = align_texts(ko, en)
    assert beads(links) == [((0,), (0,)), ((1,), (1,)), ((2,), (2,)), ((), (3,)), ((3,), (4,)),
                            ((), (5,))]
    assert links[2].confidence < 0.5  # a joined link is never a confident one


def test_added_is_an_anchor_on_both_sides():
    assert ("added",) in paragraph_anchors("그는 \"다들 장마당으로 간다\"고 덧붙였다.", "ko")
    assert ("added",) in paragraph_anchors("“Everyone goes to the market,” he added.", "en")


def test_glossary_terms_do_not_count_in_the_length_model():
    # 양강도 is three syllables, "Ryanggang Province" eighteen letters: with its terms
    # counted, the long English first paragraph looked like the translation of the first two
    # Korean ones, and the dropped second one was merged into it.
    from toolkit.terms import Glossary, TermMatcher, make_term

    matcher = TermMatcher(Glossary([make_term(ko="양강도", en="Ryanggang Province"),
                                    make_term(ko="혜산", en="Hyesan"),
                                    make_term(ko="국가보위성", en="Ministry of State Security")]))
    ko = ["양강도 혜산에서 지난달 말 국가보위성이 대대적인 불법 손전화 단속을 벌였다.",
          "소식통은 \"보위성이 전파탐지기로 하루에만 20여 대를 적발했다\"고 말했다.",
          "적발된 주민들은 뇌물을 주고 풀려나거나 노동단련대로 보내진 것으로 알려졌다."]
    en = ["The Ministry of State Security carried out a sweeping crackdown on illegal mobile "
          "phones in Hyesan, Ryanggang Province, late last month.",
          "Residents who were caught were reportedly either released after paying bribes or sent "
          "to labor training camps."]
    assert beads(align_texts(ko, en, matcher=matcher)) == [((0,), (0,)), ((1,), ()), ((2,), (1,))]
    assert beads(align_texts(ko, en)) == [((0, 1), (0,)), ((2,), (1,))]


def test_running_quotes_need_an_open_quote_before_and_a_mark_after():
    from toolkit.align import running_quotes

    assert running_quotes(["He said, “We wait.”", "“Then we go,” he added."]) == [False, False]
    assert running_quotes(['He said, "We wait.', '"Then we go," he added.']) == [False, True]
    assert running_quotes(["He said, “We wait.", "Then we went home."]) == [False, False]


def test_credit_lines_are_never_linked():
    # "*Translated by …" translates nothing: even where the length model would hang it on
    # the last Korean paragraph, it stands alone (as if pinned so), unless a pin says otherwise.
    from toolkit.align import is_credit_line

    en = EN[:6] + [EN[6] + " No date has been set.", "*Translated by Yuna Choi", "*Edited by Tom Reid"]
    links = align_texts(KO, en)
    assert ((), (7,)) in beads(links) and ((), (8,)) in beads(links)
    assert all(link.confidence == 1.0 for link in links if link.en and link.en[0] >= 7)
    pinned = align_texts(KO, en, pins=[((6,), (6, 7))])
    assert ((6,), (6, 7)) in beads(pinned)
    assert is_credit_line("*Translated and edited by Kim Ha Eun")
    assert not is_credit_line("Translated into English, the order reads: “Seal the border.”")
    assert not is_credit_line("Edited versions of the speech were broadcast by state television "
                              "on Monday night, a day after it was delivered in Pyongyang.")


def test_romanised_names_are_anchors():
    from toolkit.align import paragraph_anchors

    ko = paragraph_anchors("개성의 한 소식통은 농장에 동원된 주민들이 늘었다고 말했다.", "ko")
    en = paragraph_anchors("More residents have been mobilized to the farms, a source in Kaesong said.", "en")
    assert ("name", "KSG", 2) in ko and ("name", "KSG", 2) in en


def test_three_to_one_and_one_to_three():
    merged = EN[:2] + [" ".join(EN[2:5])] + EN[5:]
    assert ((2, 3, 4), (2,)) in beads(align_texts(KO, merged))
    assert ((2,), (2, 3, 4)) in beads(align_texts(merged, KO, params=AlignParams(anchors=False,
                                                                                  c=1 / 0.93)))


def test_numbers_in_korean_units_are_anchors():
    ko = paragraph_anchors("통일부는 올해 탈북민 1억2천만 원 지원과 3만 명 교육을 발표했다.", "ko")
    en = paragraph_anchors("The unification ministry announced 120 million won in support and "
                           "training for 30,000 people.", "en")
    shared = ko.keys() & en.keys()
    assert len([k for k in shared if k[0] == "n"]) == 2


def test_months_and_latin_tokens_are_anchors():
    ko = paragraph_anchors("국제원자력기구(IAEA)는 3월 영변 핵시설 가동 정황을 보고했다.", "ko")
    en = paragraph_anchors("The IAEA reported signs in March that the Yongbyon nuclear complex "
                           "was operating.", "en")
    assert ("latin", "iaea") in ko.keys() & en.keys()
    assert ("month", 3) in ko.keys() & en.keys()
    # Decades anchor too; the Arduous March (고난의 행군) is no month.
    ko = paragraph_anchors("1990년대 고난의 행군 때도 국경이 이렇게 막히지는 않았다.", "ko")
    en = paragraph_anchors("Even during the Arduous March in the 1990s, the border was never "
                           "sealed like this.", "en")
    assert ("decade", 1990) in ko.keys() & en.keys()
    assert not any(key[0] == "month" for key in en)


def test_anchors_pull_numbers_into_the_right_link():
    # Two short paragraphs of similar length; only the figures say which is which.
    ko = ["통일부는 지난해 입국한 탈북민이 196명이라고 밝혔다.",
          "이는 전년보다 3만 달러 늘어난 지원 예산과 함께 발표됐다.",
          "당국은 2025년부터 정착 지원을 확대한다."]
    en = ["The figures came with a support budget that was $30,000 larger than before.",
          "The authorities will expand resettlement support from 2025."]
    links = align_texts(ko, en)
    assert ((1,), (0,)) in beads(links)
    assert ((0,), ()) in beads(links)


def test_hangul_weighted_length_makes_the_ratio_near_one():
    ratio = sum(weighted_length(e) for e in EN) / sum(weighted_length(k) for k in KO)
    raw = sum(len(e.replace(" ", "")) for e in EN) / sum(len(k.replace(" ", "")) for k in KO)
    assert 0.7 < ratio < 1.3 < 1.8 < raw


def test_pins_are_kept_and_the_rest_aligns_around_them():
    en = EN[:2] + [EN[2] + " " + EN[3]] + EN[4:]
    # Pin a wrong-looking but editor-decided link: Korean 2 alone with English 2.
    links = align_texts(KO, en, pins=[((2,), (2,)), ((3,), ())])
    assert ((2,), (2,)) in beads(links)
    assert ((3,), ()) in beads(links)
    pinned = [link for link in links if (link.ko, link.en) in {((2,), (2,)), ((3,), ())}]
    assert all(link.confidence == 1.0 for link in pinned)
    assert_covers(links, len(KO), len(en))


@pytest.mark.parametrize("pins", [
    [((9,), (0,))],                    # out of range
    [((0, 2), (0,))],                  # not consecutive
    [((0,), (1,)), ((1,), (0,))],      # crossing
    [((0,), (0,)), ((0,), (1,))],      # same paragraph twice
    [((), ())],
])
def test_bad_pins_are_refused(pins):
    with pytest.raises(InputError):
        align_texts(KO, EN, pins=pins)


def test_empty_sides():
    assert align_texts([], []) == []
    assert beads(align_texts(KO[:2], [])) == [((0,), ()), ((1,), ())]
    assert beads(align_texts([], EN[:2])) == [((), (0,)), ((), (1,))]


def test_long_document_uses_the_band_and_stays_right():
    ko = KO * 30
    en = EN * 30
    links = align_texts(ko, en, params=AlignParams(band=4))
    assert beads(links) == [((i,), (i,)) for i in range(len(ko))]


paragraph_text = st.text(alphabet=st.sampled_from("가나다라마바사 북한 통일 abc XYZ 123,.%"),
                         min_size=0, max_size=40)


@settings(max_examples=60, deadline=None)
@given(st.lists(paragraph_text, max_size=12), st.lists(paragraph_text, max_size=12),
       st.integers(min_value=1, max_value=6))
def test_every_paragraph_is_covered_once_in_order(ko, en, band):
    links = align_texts(ko, en, params=AlignParams(band=band))
    assert_covers(links, len(ko), len(en))


@settings(max_examples=40, deadline=None)
@given(st.lists(paragraph_text, min_size=1, max_size=10), st.lists(paragraph_text, min_size=1, max_size=10),
       st.data())
def test_a_valid_pin_always_appears(ko, en, data):
    i = data.draw(st.integers(0, len(ko) - 1))
    j = data.draw(st.integers(0, len(en) - 1))
    links = align_texts(ko, en, pins=[((i,), (j,))])
    assert ((i,), (j,)) in beads(links)
    assert_covers(links, len(ko), len(en))


# A factory report (blind set 20): the third Korean paragraph, four sentences, is cut to one
# short English sentence, and the last two Korean paragraphs are merged into one English.
FACTORY_KO = [
    "함경북도 청진시의 주요 공장들이 전력과 원자재 부족으로 잇따라 가동을 멈추고 있다고 현지 소식통이 "
    "전했다.",
    "청진 소식통은 지난 12월 2일 데일리NK에 \"김책제철연합기업소의 용광로 하나가 지난 11월부터 멈춰 "
    "섰다\"며 \"노동자 수천 명이 할 일이 없어 집에서 쉬고 있다\"고 말했다.",
    "가동이 중단된 공장의 노동자들은 출근은 하되 실제 작업 대신 청소나 건설 지원에 나서고 있다. 일부 "
    "노동자들은 공장에 돈을 내고 출근을 면제받은 뒤 장사에 나섰다. 간부들은 이런 사정을 알면서도 "
    "뒷돈을 받고 묵인하고 있다. 소식통은 \"공장에 매달려 있어 봐야 굶을 뿐이라는 생각이 퍼졌다\"고 "
    "전했다.",
    "청진의 화학섬유공장과 기계공장도 사정은 비슷하다.",
    "소식통은 \"전기가 하루 두세 시간밖에 안 들어오니 기계를 돌릴 수가 없다\"고 덧붙였다.",
]
FACTORY_EN = [
    "Major factories in Chongjin, North Hamgyong Province, are shutting down one after another "
    "because of shortages of electricity and raw materials, a local source reports.",
    "\"One of the blast furnaces at the Kim Chaek Iron and Steel Complex has been idle since "
    "November,\" a source in Chongjin told Daily NK on Dec. 2.",
    "\"Thousands of workers have nothing to do and are staying at home,\" the source said.",
    "Workers at idled factories still report for duty.",
    "The situation is similar at Chongjin's chemical fiber and machinery factories. \"Power comes "
    "on for only two or three hours a day, so we can't run the machines,\" the source added.",
]


def test_a_korean_paragraph_is_not_dropped_beside_english_that_holds_its_anchors():
    # Dropping the last two Korean paragraphs (and stretching the cut one over three English
    # ones) was cheaper by length; but the English beside the drop holds their term (청진 /
    # Chongjin) and their attribution (덧붙였다 / added), which a dropped paragraph now pays for.
    from dataclasses import replace

    from toolkit.align import DEFAULT_PARAMS
    from toolkit.terms import Glossary, TermMatcher, make_term

    matcher = TermMatcher(Glossary([make_term(ko="청진", en="Chongjin", kind="place"),
                                    make_term(ko="데일리NK", en="Daily NK", kind="organisation"),
                                    make_term(ko="함경북도", en="North Hamgyong Province",
                                              kind="place")]))
    links = beads(align_texts(FACTORY_KO, FACTORY_EN, matcher=matcher))
    assert links == [((0,), (0,)), ((1,), (1, 2)), ((2,), (3,)), ((3, 4), (4,))]
    without = beads(align_texts(FACTORY_KO, FACTORY_EN, matcher=matcher,
                                params=replace(DEFAULT_PARAMS, w_dropped_anchor=0)))
    assert ((3,), ()) in without and ((4,), ()) in without
