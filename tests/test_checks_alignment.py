"""A family: omissions, additions, length ratio, stale and low-confidence links, unaligned."""

from __future__ import annotations

import math

from hypothesis import given, settings
from hypothesis import strategies as st

from toolkit.checks import Document, Unit
from toolkit.align import sentence_count, weighted_length
from toolkit.checks.alignment import LengthModel, calibrate
from toolkit.checks.runner import files_document, run_checks
from toolkit.config import CheckSettings, WorkflowSettings
from toolkit.model import Alignment, Article, Link, Paragraph

KO = ["북한 당국이 최근 양강도 혜산시에서 탈북민 가족에 대한 감시를 대폭 강화한 것으로 알려졌다.",
      "양강도 소식통은 지난 12일 데일리NK에 보위원들이 한국과 통화한 가족을 찾아내 돈을 요구하고 있다고 전했다.",
      "소식통에 따르면 올해 들어 혜산에서만 40여 가구가 이런 방식으로 단속됐다. 적발된 가구는 대부분 중국 돈 수천 위안을 내고 풀려났다. 돈을 내지 못한 가구는 노동단련대로 보내졌다.",
      "국경 경비대원들도 생계를 위해 밀수꾼에게 돈을 받는 일이 늘고 있다."]
EN = ["North Korean authorities have sharply tightened surveillance of defectors’ families in Hyesan, Ryanggang Province.",
      "Security agents are tracking down families who have spoken with relatives in South Korea and demanding money, a source in Ryanggang Province told Daily NK on October 12.",
      "According to the source, more than 40 households in Hyesan alone have been caught this way this year. Most were released after paying several thousand yuan. Those who could not pay were sent to labor training camps.",
      "Border guards, too, are increasingly taking money from smugglers to make ends meet."]


def write(tmp_path, ko, en):
    (tmp_path / "ko.txt").write_text("\n\n".join(ko) + "\n", encoding="utf-8")
    (tmp_path / "en.txt").write_text("\n\n".join(en) + "\n", encoding="utf-8")
    return files_document(tmp_path / "ko.txt", tmp_path / "en.txt")


def test_clean_pair_has_no_alignment_findings(tmp_path):
    assert run_checks([write(tmp_path, KO, EN)], select=["A"]).findings == []


def test_omitted_paragraph_is_placed_where_the_english_belongs():
    ko = [Paragraph(f"k{n + 1}", t, 2 * n + 1) for n, t in enumerate(KO)]
    en = [Paragraph(f"e{n + 1}", t, 2 * n + 1) for n, t in enumerate(EN[:2] + EN[3:])]
    units = [Unit(0, (ko[0],), (en[0],)), Unit(1, (ko[1],), (en[1],)), Unit(2, (ko[2],), ()),
             Unit(3, (ko[3],), (en[2],))]
    found = run_checks([Document("t", units, en_path="en.txt", kind="files")]).findings
    # Every check ran: the omission gates the number, date and length checks on its unit.
    assert [(f.code, f.paragraph, f.unit) for f in found] == [("A001", "k3", 2)]
    assert found[0].path == "en.txt" and found[0].line == 5  # where the English would be
    assert "40여 가구" in found[0].ko


def test_loose_files_are_aligned_and_checked(tmp_path):
    doc = write(tmp_path, KO, EN)
    assert [len(u.ko) for u in doc.units] == [1, 1, 1, 1] and doc.kind == "files"
    assert run_checks([doc]).findings == []


def test_dateline_without_english_is_not_an_omission(tmp_path):
    doc = write(tmp_path, ["(서울=데일리NK) 강미진 기자"] + KO, EN)
    assert [f.code for f in run_checks([doc], select=["A001"]).findings] == []


def test_added_paragraph_and_subheading():
    extra = "The guards were later seen drinking with the smugglers at a restaurant near the river, residents said."
    units = [Unit(0, (Paragraph("k1", KO[0], 1),), (Paragraph("e1", EN[0], 1),)),
             Unit(1, (), (Paragraph("e2", "A cycle of bribery", 3),)),
             Unit(2, (Paragraph("k2", KO[1], 3),), (Paragraph("e3", EN[1], 5),)),
             Unit(3, (), (Paragraph("e4", extra, 7),))]
    found = run_checks([Document("t", units, en_path="en.txt", kind="files")], select=["A002"]).findings
    assert [(f.paragraph, f.severity.value, f.line) for f in found] == [("e2", "info", 3), ("e4", "warning", 7)]


def test_partial_omission_by_length_ratio():
    units = [Unit(0, (Paragraph("k1", KO[2], 1),), (Paragraph("e1", "According to the source, more than 40 households were caught.", 1),))]
    found = run_checks([Document("t", units, en_path="en.txt", kind="files")], select=["A003"]).findings
    assert [f.code for f in found] == ["A003"] and "shorter" in found[0].message


def test_two_korean_sentences_joined_into_one_english_one_lower_no_bar():
    # A faithful rendering that joins two Korean sentences ("…올랐다. …때문이다." → "…, as …")
    # and lands just above short-z is terse, not cut: the sentence count plays no part.
    ko = "그러나 단속 이후 오히려 송금 수수료가 더 올랐다. 브로커들이 체포될 위험을 이유로 웃돈을 요구하고 있기 때문이다."
    en = "But fees have only risen since the crackdown, as brokers now demand extra for the risk."
    assert sentence_count(ko, "ko") == 2 and sentence_count(en, "en") == 1
    doc = Document("t", [Unit(0, (Paragraph("k1", ko, 1),), (Paragraph("e1", en, 1),))],
                   en_path="en.txt", kind="files")
    z = calibrate([]).zscore(weighted_length(ko), weighted_length(en))  # the prior: one unit
    assert -1.5 < z < -1.2

    def found(short_z: float) -> list[str]:
        settings = CheckSettings(options={"A003": {"short-z": short_z}})
        return [f.code for f in run_checks([doc], select=["A003"], settings=settings).findings]

    assert found(z - 0.4) == []  # within half a point of the bar
    assert found(z + 0.01) == ["A003"]


def test_a_sentence_moved_past_a_subheading_is_no_omission():
    # The second sentence of k3 went past the English subheading into e5, with k4: e3 is
    # short and e5 long, and together they are of normal length. A link cannot hold the
    # move (a subheading never joins one), so A003 reads the two units together; PO entries
    # (a given pairing, no aligner) are translated one by one and keep their own judgement.
    ko = ["양강도 국경경비대 군인들이 밀수를 눈감아 주는 대가로 받는 뇌물이 크게 올랐다고 소식통이 전했다.",
          "양강도 소식통은 \"지난해까지는 한 번 넘기는 데 중국 돈 300위안이면 됐는데 지금은 1천 위안을 "
          "달라고 한다\"고 말했다.",
          "소식통은 \"2000년대 초에도 국경이 이렇게까지 막히지는 않았다\"고 전했다. 그는 경비대원들도 배급이 "
          "끊겨 뇌물로 끼니를 잇고 있다고 설명했다.",
          "혜산의 한 주민은 \"군인들이 밤이면 마을로 내려와 먹을 것을 구걸하기도 한다\"고 말했다."]
    en = ["Bribes that border guards in Ryanggang Province take for turning a blind eye to smuggling "
          "have risen sharply, a source said.",
          "“Until last year, 300 yuan in Chinese money was enough to get one load across, but now "
          "they want 1,000 yuan,” the source in Ryanggang Province said.",
          "“Even in the early 2000s, the border was never sealed like this,” the source said.",
          "Hungry guards",
          "The guards’ own rations have stopped, and they are getting by on bribes, the source "
          "explained. “At night soldiers come down to the village and sometimes beg for food,” a "
          "resident of Hyesan said."]
    k = [Paragraph(f"k{n + 1}", t, 2 * n + 1) for n, t in enumerate(ko)]
    e = [Paragraph(f"e{n + 1}", t, 2 * n + 1) for n, t in enumerate(en)]

    def codes(confidence: float | None) -> list[tuple[str, int]]:
        units = [Unit(0, (k[0],), (e[0],), confidence), Unit(1, (k[1],), (e[1],), confidence),
                 Unit(2, (k[2],), (e[2],), confidence), Unit(3, (), (e[3],), confidence),
                 Unit(4, (k[3],), (e[4],), confidence)]
        # One document is too few units to calibrate on: the bar is lowered to the prior's scale.
        settings = CheckSettings(options={"A003": {"short-z": -2.0}})
        found = run_checks([Document("t", units, en_path="en.txt", kind="files")],
                           select=["A003"], settings=settings).findings
        return [(f.code, f.unit) for f in found]

    assert codes(0.8) == []
    assert codes(None) == [("A003", 2)]


def test_length_ratio_judges_short_units_when_the_corpus_lowers_min_length():
    # A unit shorter than the default minimum is measured when the corpus asks for it:
    # the run measures only the units long enough by default.
    units = [Unit(0, (Paragraph("k1", "탈북민 40여 명이 체포됐다.", 1),),
                  (Paragraph("e1", "More than 40 defectors were arrested in Hyesan, Ryanggang Province, last "
                                   "week, after security agents raided the homes of families who had "
                                   "received money from relatives in South Korea through brokers.", 1),))]
    doc = Document("t", units, en_path="en.txt", kind="files")
    assert run_checks([doc], select=["A003"]).findings == []
    lowered = CheckSettings(options={"A003": {"min-length": 5}})
    found = run_checks([doc], select=["A003"], settings=lowered).findings
    assert [f.code for f in found] == ["A003"] and "longer" in found[0].message


def test_length_model_calibrates_on_the_run():
    pairs = [(100.0 + i, 93.0 + i) for i in range(40)]
    model = calibrate(pairs)
    assert model.source == "corpus" and math.isclose(model.c, 0.93, abs_tol=0.02)
    assert calibrate(pairs[:5]).source == "prior"
    assert model.zscore(300, 150) < -3 < 0 < model.zscore(300, 300)


@settings(max_examples=40, deadline=None)
@given(st.floats(min_value=30, max_value=2000), st.floats(min_value=0.7, max_value=1.3))
def test_zscore_is_monotonic_in_english_length(lk, c):
    model = LengthModel(c=c, s2=6.0)
    assert model.zscore(lk, lk * 0.5) < model.zscore(lk, lk) < model.zscore(lk, lk * 1.5)


def test_sentence_count():
    assert sentence_count(KO[2], "ko") == 3
    assert sentence_count("Mr. Kim arrived at 3 p.m. on Nov. 16. The U.S. envoy left. Why?", "en") == 3


def _article(tmp_path, stage="published", links=None, stale=False):
    ko = [Paragraph(f"k{n + 1}", t, 2 * n + 1) for n, t in enumerate(KO)]
    en = [Paragraph(f"e{n + 1}", t, 2 * n + 1) for n, t in enumerate(EN)]
    article = Article(id="a1", path=tmp_path, stage=stage, ko=ko, en=en)
    if links is not None:
        article.alignment = Alignment(links)
    return article


def _doc(article, confidence=0.9, stale_index=None, link=True):
    units = []
    for n in range(len(article.ko)):
        stored = Link((f"k{n + 1}",), (f"e{n + 1}",), confidence) if link else None
        units.append(Unit(n, (article.ko[n],), (article.en[n],), confidence, stored, n == stale_index))
    return Document(article.id, units, en_path=str(article.en_path), article=article, kind="article")


def test_stale_and_low_confidence_links(tmp_path):
    article = _article(tmp_path, links=[Link((f"k{n}",), (f"e{n}",), 0.9) for n in range(1, 5)])
    found = run_checks([_doc(article, stale_index=1)], select=["A004"]).findings
    assert [(f.code, f.paragraph, f.line) for f in found] == [("A004", "e2", 3)]
    found = run_checks([_doc(article, confidence=0.3)], select=["A005"]).findings
    assert [f.code for f in found] == ["A005"] * 4


def test_unaligned_at_published_stage(tmp_path):
    workflow = WorkflowSettings()
    article = _article(tmp_path)
    found = run_checks([_doc(article, link=False)], select=["A006"], workflow=workflow).findings
    assert [(f.code, f.paragraph) for f in found] == [("A006", None)]
    article = _article(tmp_path, links=[Link((f"k{n}",), (f"e{n}",), 0.9) for n in range(1, 4)])
    found = run_checks([_doc(article)], select=["A006"], workflow=workflow).findings
    assert [f.paragraph for f in found] == ["k4", "e4"]
    early = _article(tmp_path, stage="editing")
    assert run_checks([_doc(early, link=False)], select=["A006"], workflow=workflow).findings == []
