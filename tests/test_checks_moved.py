"""Content a translator moved across paragraphs is not missing, added or mismatched.

A translator moves a sentence up into an earlier paragraph, or splits a Korean paragraph
into two English ones, and no alignment that keeps the order of both sides can link what
moved. The checks then see a number or a term missing in one unit and left over in a unit
next door, a Korean paragraph without English, or an English paragraph without Korean.
Each test builds the aligned units by hand (as an aligner would link them), checks that
the moved content is not reported, and that the same defect without the move still is.
"""

from __future__ import annotations

from toolkit.checks import Document, Unit
from toolkit.checks.runner import run_checks
from toolkit.model import Paragraph
from toolkit.terms import Glossary, make_term

GLOSSARY = Glossary([make_term(ko="김정은", en="Kim Jong Un", forbidden=["Kim Jong-un"], kind="person"),
                     make_term(ko="신의주", en="Sinuiju", kind="place"),
                     make_term(ko="데일리NK", en="Daily NK", kind="organisation")])


def _document(links: list[tuple[list[str], list[str]]], aligned: bool = True) -> Document:
    """Units from (Korean paragraphs, English paragraphs) links, numbered k1.. and e1.. in
    order; `aligned` gives them an aligner's confidence (PO-like units have none)."""
    units, k, e = [], 0, 0
    for ko, en in links:
        ko_p = tuple(Paragraph(f"k{k + n + 1}", text, 2 * (k + n) + 1) for n, text in enumerate(ko))
        en_p = tuple(Paragraph(f"e{e + n + 1}", text, 2 * (e + n) + 1) for n, text in enumerate(en))
        k, e = k + len(ko), e + len(en)
        units.append(Unit(len(units), ko_p, en_p, 0.8 if aligned else None))
    return Document("moved", units, en_path="moved.en.txt", kind="files")


def _codes(doc: Document, select: list[str]) -> list[tuple[str, str | None]]:
    return [(f.code, f.paragraph) for f in run_checks([doc], glossary=GLOSSARY, select=select).findings]


# -- a closing line moved up into the second paragraph -----------------------------------------

ROTATION_KO = [
    "북한 당국이 양강도 국경경비대 병력을 대대적으로 교체하고 있는 것으로 알려졌다.",
    "양강도 소식통은 지난 1월 9일 데일리NK에 \"혜산 일대 경비대 한 개 중대 100여 명이 통째로 다른 "
    "지역 부대와 바뀌었다\"고 전했다.",
    "새로 온 경비대원들은 주민들과 말을 섞는 것도 금지됐다.",
    "한편 이번 교체는 김정은 집권 이후 다섯 번째라고 소식통은 덧붙였다.",
]
ROTATION_EN = [
    "North Korean authorities are replacing border guard troops in Ryanggang Province on a large "
    "scale, Daily NK has learned.",
    "\"A whole company of more than 100 guards around Hyesan was swapped for a unit from another "
    "area,\" a source in Ryanggang Province told Daily NK on Jan. 9. It is the fifth such "
    "rotation since Kim Jong Un took power, the source said.",
    "The newly arrived guards are forbidden even to talk with residents.",
]


def test_a_korean_paragraph_translated_in_another_paragraph_is_no_omission():
    moved = _document([([ROTATION_KO[0]], [ROTATION_EN[0]]), ([ROTATION_KO[1]], [ROTATION_EN[1]]),
                       ([ROTATION_KO[2]], [ROTATION_EN[2]]), ([ROTATION_KO[3]], [])])
    assert _codes(moved, ["A001"]) == []
    # Dropped for real: the second English paragraph without the sentence.
    cut = ROTATION_EN[1].split(" It is the fifth")[0]
    dropped = _document([([ROTATION_KO[0]], [ROTATION_EN[0]]), ([ROTATION_KO[1]], [cut]),
                         ([ROTATION_KO[2]], [ROTATION_EN[2]]), ([ROTATION_KO[3]], [])])
    assert _codes(dropped, ["A001"]) == [("A001", "k4")]


def test_a_recurring_name_found_elsewhere_does_not_make_a_dropped_paragraph_translated():
    # The dropped paragraph's one fact is Kim Jong Un, whom another paragraph's English
    # names beyond its Korean; but the article names him elsewhere too, so the name alone
    # says nothing about where the paragraph went.
    ko = ["북한 당국이 김정은의 지시로 양강도 국경경비대 병력을 교체하고 있다."] + ROTATION_KO[1:3] + [
        "소식통은 김정은이 국경 경비를 직접 챙기고 있다고 전했다."]
    en = ["North Korean authorities are replacing border guard troops in Ryanggang Province on "
          "Kim Jong Un's orders, Daily NK has learned.",
          ROTATION_EN[1].replace("fifth such rotation", "latest rotation"), ROTATION_EN[2]]
    doc = _document([([ko[0]], [en[0]]), ([ko[1]], [en[1]]), ([ko[2]], [en[2]]), ([ko[3]], [])])
    assert _codes(doc, ["A001"]) == [("A001", "k4")]


def test_a_paragraph_moved_far_with_a_term_each_side_names_once_is_no_omission():
    # The last Korean paragraph, whose one fact is 국가보위성, went up into the second
    # English paragraph; the article names the ministry nowhere else.
    ko = ROTATION_KO[:3] + ["국가보위성은 국경 주민들을 상대로 매주 사상 교육도 하고 있다."]
    en = [ROTATION_EN[0],
          ROTATION_EN[1].split(" It is the fifth")[0] + " The Ministry of State Security is also "
          "holding weekly ideological sessions for border residents.", ROTATION_EN[2]]
    glossary = Glossary(list(GLOSSARY) + [make_term(ko="국가보위성", en="Ministry of State Security",
                                                    kind="organisation")])
    doc = _document([([ko[0]], [en[0]]), ([ko[1]], [en[1]]), ([ko[2]], [en[2]]), ([ko[3]], [])])
    assert run_checks([doc], glossary=glossary, select=["A001"]).findings == []


def test_a_paragraph_dropped_inside_a_merged_link_is_an_omission():
    # The aligner merged the dropped paragraph into its neighbour's link: none of its
    # figures or terms is in the link's English.
    ko = ["신의주에서 중국산 오토바이는 대당 1500달러 선에 거래된다. 최근 2년 사이 시내 오토바이 수가 "
          "두 배 가까이 늘었다.",
          "등록 절차는 까다롭다. 운전면허증과 기관 소속 증명서가 있어야 번호판을 받을 수 있다."]
    en = ["The registration process is demanding: plates are issued only to those with a driver's "
          "license and a certificate of employment at a state organization."]
    merged = _document([(ko, en)])
    assert ("A001", "k1") in _codes(merged, ["A001"])
    # Translated in the link: no omission.
    whole = ["Chinese-made motorbikes sell for around $1,500 each in Sinuiju, and their number has "
             "nearly doubled in two years. " + en[0]]
    assert _codes(_document([(ko, whole)]), ["A001"]) == []


# -- a Korean paragraph split in two, its second half an English paragraph of its own ----------

INSPECTION_KO = [
    "평안남도 소식통은 지난 10월 20일 데일리NK에 \"비사회주의 그루빠가 길에서 청년들을 세워 손전화를 "
    "검사한다\"고 전했다. 적발된 청년들은 사상투쟁회의에 넘겨진다. 소식통에 따르면 이달 들어서만 "
    "평성시에서 40여 명이 적발됐다.",
]
INSPECTION_EN = [
    "\"The anti-socialist inspection groups stop young people on the street and check their "
    "phones,\" a source in South Pyongan Province told Daily NK on Oct. 20. Young people who are "
    "caught are hauled before ideological struggle sessions.",
    "More than 40 people have been caught in Pyongsong this month alone, according to the source.",
]


def test_an_english_paragraph_split_off_a_korean_one_is_no_addition():
    # The aligner linked the Korean to the first English paragraph and left the second
    # alone: its facts (40, this month) are what that Korean holds beyond its English.
    split = _document([(INSPECTION_KO, [INSPECTION_EN[0]]), ([], [INSPECTION_EN[1]])])
    assert _codes(split, ["A002", "N002", "D003"]) == []
    invented = "Some 25 people were sent to labor camps in Sunchon last year, rights groups say."
    added = _document([(INSPECTION_KO, [INSPECTION_EN[0]]), ([], [invented])])
    assert _codes(added, ["A002", "N002"]) == [("N002", "k1"), ("A002", "e2")]


# -- a sentence moved into the paragraph before, past a quotation split in two -----------------

RAIL_KO = [
    "평양과 신의주를 잇는 철도의 화물 운송이 전력 부족으로 크게 지연되고 있다.",
    "평양-신의주 구간은 약 225km로, 정상적으로 달리면 하루 안에 닿는 거리다.",
]
RAIL_EN = [
    "Freight on the railway linking Pyongyang and Sinuiju has been badly delayed by power "
    "shortages. The Pyongyang-Sinuiju stretch is about 225 kilometers long, a day's run for a "
    "train on schedule.",
    "\"When the power is cut, trains sit at stations for a day or two,\" the source added.",
]


def test_a_year_moved_far_up_is_neither_missing_there_nor_added_here():
    # The closing Korean sentence (2017년) went up into the second English paragraph; the
    # aligner linked each English paragraph with the next Korean one.
    ko = ["강원도 원산 앞바다에서 잡은 대게가 중국으로 밀수출되고 있다.",
          "소식통은 \"수산사업소 배들이 대게를 바다 위에서 중국 배에 넘긴다\"고 말했다.",
          "대게 밀수출은 지난 2017년 유엔 안보리가 북한산 수산물 수출을 금지한 뒤에도 이어지고 있다."]
    en = ["Snow crabs caught off Wonsan are being smuggled to China, Daily NK has learned.",
          "\"The fisheries station's boats hand the crabs to Chinese vessels at sea,\" a source said. "
          "The smuggling has gone on even after the U.N. Security Council banned North Korean "
          "seafood exports in 2017.",
          "Little of the money reaches the fishermen."]
    doc = _document([([ko[0]], [en[0]]), ([ko[1]], [en[1]]), ([ko[2]], [en[2]])])
    assert _codes(doc, ["D002", "D004", "N002", "N003"]) == []
    given = _document([([ko[0]], [en[0]]), ([ko[1]], [en[1]]), ([ko[2]], [en[2]])], aligned=False)
    assert {code for code, _ in _codes(given, ["D002", "D004"])} == {"D002", "D004"}


def test_a_figure_and_a_term_moved_into_the_paragraph_before_are_neither_wrong_nor_missing():
    moved = _document([([RAIL_KO[0]], [RAIL_EN[0]]), ([RAIL_KO[1]], [RAIL_EN[1]])])
    assert _codes(moved, ["N001", "N002", "N003", "T002"]) == []
    # The same units given one by one (as PO entries are): nothing moved anywhere.
    given = _document([([RAIL_KO[0]], [RAIL_EN[0]]), ([RAIL_KO[1]], [RAIL_EN[1]])], aligned=False)
    assert {code for code, _ in _codes(given, ["N001", "N002", "N003", "T002"])} >= {"N001", "T002"}


# -- paragraph boundaries shifted by a sentence over three paragraphs ---------------------------

OIL_KO = [
    "평안북도 소식통은 데일리NK에 \"콩기름 값이 지난 8월에는 리터당 1만 1000원이었는데 지금은 2만 원\"이라고 "
    "말했다.",
    "중국에서 들어오던 식용유가 세관 검역 강화로 막히면서 가격이 뛴 것으로 보인다. 신의주 세관은 9월 "
    "말부터 식품 반입을 엄격히 통제하고 있다.",
    "기름값이 오르자 국숫집과 떡집 같은 음식 장사꾼들이 가장 큰 타격을 입었다. 소식통은 \"기름을 적게 "
    "쓰면 손님이 맛없다고 안 온다\"며 \"장사를 접은 집도 여럿\"이라고 전했다.",
]
OIL_EN = [
    "“Soybean oil was 11,000 won per liter in August, but now it’s 20,000 won,” a source in North "
    "Pyongan Province told Daily NK. The jump appears to stem from tighter customs quarantine "
    "checks that have blocked cooking oil imports from China.",
    "Sinuiju customs has been strictly controlling food imports since the end of September. Food "
    "vendors such as noodle shops and rice cake shops have been hit hardest by the rising oil "
    "prices.",
    "“If you use less oil, customers stop coming,” the source said.",
]


def test_boundaries_shifted_by_a_sentence_over_three_paragraphs_are_no_cut():
    # Each English paragraph took the first sentence of the next Korean one (and the last
    # is terse): the middle unit is of normal length, the first long, the last short, and
    # the three together normal.
    shifted = _document([([ko], [en]) for ko, en in zip(OIL_KO, OIL_EN)])
    assert _codes(shifted, ["A003"]) == []
    # The last paragraph cut for real: the first one is not long, so nothing moved to it.
    cut = _document([([OIL_KO[0]], [OIL_EN[0].split(" The jump")[0]]),
                     ([OIL_KO[1]], [OIL_EN[1]]), ([OIL_KO[2]], [OIL_EN[2]])])
    assert _codes(cut, ["A003"]) == [("A003", "e3")]


def test_a_dropped_paragraph_repeating_facts_stated_once_in_the_english_is_an_omission():
    # Both Korean paragraphs of the merged link say 40여 명 and 9월; the English says each
    # once, so the second paragraph's facts are all unrendered: it was dropped.
    ko = ["함경남도 소식통은 \"검열 그루빠가 9월 초부터 대학과 공장을 돌며 소변 검사까지 했다\"며 \"걸린 40여 명 "
          "가운데 절반이 20대\"라고 말했다.",
          "소식통에 따르면 검열 그루빠는 9월 말까지 함흥 시내 살림집을 불시에 수색했으며, 적발된 40여 명은 "
          "모두 도 안전국 구류장에 갇혔다."]
    en = ["\"An inspection group has been going around universities and factories since early "
          "September, even doing urine tests,\" a source in South Hamgyong Province said. \"Half "
          "of the more than 40 who were caught are in their 20s.\""]
    assert _codes(_document([(ko, en)]), ["A001"]) == [("A001", "k2")]
    # Each stated twice in the English too: translated, no omission.
    whole = [en[0] + " The group searched homes in Hamhung without warning until late "
             "September, and all of the more than 40 detained are held at the provincial "
             "security bureau."]
    assert _codes(_document([(ko, whole)]), ["A001"]) == []
