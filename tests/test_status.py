"""The editors' status report (toolkit.status) and `toolkit status`."""

from __future__ import annotations

import json
from datetime import date

import pytest

from toolkit.corpus import Corpus
from toolkit.display import display_width
from toolkit.metrics import score_texts
from toolkit.model import split_paragraphs
from toolkit.status import SCHEMA, build_status, fit, render_markdown, render_table

ID = "2026-10-14-hyesan-families"
ID2 = "2026-11-20-sinuiju-rice-prices"
T, T2, E = "Jiyoon Han", "Jeong Tae Joo", "Paul Whitmore"
LONG_KO_TITLE = "신의주 장마당 쌀값 한 달 새 두 배로 뛰어…주민들 “겨울 나기 막막” 하소연 이어져"

KO2 = """평안북도 신의주의 장마당에서 쌀값이 한 달 사이에 두 배 가까이 올랐다고 소식통이 전했다.

소식통은 지난 18일 "쌀 1kg이 북한 돈 1만 2천 원에 팔리고 있다"고 말했다.
"""
EN2 = """Rice prices at markets in Sinuiju, North Pyongan Province, have nearly doubled in a month, a source said.

“A kilogram of rice is selling for 12,000 North Korean won,” the source said on November 18.
"""


@pytest.fixture
def desk(corpus_dir, invoke, monkeypatch, tmp_path):
    """Two articles: one edited (with an editor's change), one in translation and overdue."""
    def run(*args, at: str = "2026-11-23T09:00:00"):
        monkeypatch.setenv("TOOLKIT_NOW", at)
        result = invoke(*args, "--corpus", corpus_dir)
        assert result.exit_code in (0, 1), result.stderr
        return result

    ko, en = tmp_path / "ko2.txt", tmp_path / "en2.txt"
    ko.write_text(KO2, encoding="utf-8")
    en.write_text(EN2, encoding="utf-8")
    run("add", ID2, "--ko", ko, "--en", en, "--title-ko", LONG_KO_TITLE)
    run("assign", ID, "--translator", T, "--due", "2026-11-25")
    run("advance", ID, "translating", "--by", T)
    run("advance", ID, "translated", "--by", T, at="2026-11-24T17:30:00")
    run("assign", ID, "--editor", E, "--due", "2026-11-27")
    run("advance", ID, "editing", "--by", E, at="2026-11-24T18:00:00")
    en_path = corpus_dir / "articles" / ID / "en.txt"
    en_path.write_text(en_path.read_text(encoding="utf-8").replace(
        "sharply tightened", "stepped up").replace("since the start of the year", "since January"),
        encoding="utf-8")
    run("advance", ID, "edited", "--by", E, at="2026-11-25T11:00:00")
    run("assign", ID2, "--translator", T2, "--due", "2026-11-24")
    run("advance", ID2, "translating", "--by", T2, at="2026-11-21T10:00:00")
    return corpus_dir, run


def _report(corpus_dir, **kwargs):
    return build_status(Corpus(corpus_dir), today=date(2026, 11, 26), **kwargs)


def test_article_lines(desk):
    corpus_dir, _ = desk
    report = _report(corpus_dir)
    by_id = {a.id: a for a in report.articles}
    done, late = by_id[ID], by_id[ID2]
    assert (done.stage, done.translator, done.editor) == ("edited", T, E)
    assert (done.days_in_stage, done.due, done.overdue) == (1, None, False)
    assert done.credit_lines == [f"*Translated by {T}", f"*Edited by {E}"]
    assert [h["to"] for h in done.history] == ["new", "translating", "translated", "editing", "edited"]
    assert (late.stage, late.translator, late.due, late.overdue) == ("translating", T2, "2026-11-24", True)
    assert late.days_in_stage == 5
    assert late.effort is None
    assert late.alignment == {"present": False, "stale": False, "aligned": 0, "total": 4}


def test_effort_is_sacrebleus_score_of_the_two_snapshots(desk):
    corpus_dir, _ = desk
    effort = {a.id: a for a in _report(corpus_dir).articles}[ID].effort
    folder = corpus_dir / "articles" / ID / "snapshots"
    hyp = [p for p, _ in split_paragraphs((folder / "translated.en.txt").read_text(encoding="utf-8"))]
    ref = [p for p, _ in split_paragraphs((folder / "edited.en.txt").read_text(encoding="utf-8"))]
    expected = score_texts(hyp, ref)
    assert effort.final is True
    assert abs(effort.chrf - expected.chrf) < 1e-4 and abs(effort.ter - expected.ter) < 1e-4
    assert 0 < effort.ter < 100


def test_people_and_totals(desk):
    corpus_dir, _ = desk
    report = _report(corpus_dir)
    people = {p.name: p for p in report.people}
    assert people[T2].in_hand == {"translating": 1}
    assert people[T].in_hand == {} and people[T].finished == 1
    assert people[E].finished == 1
    effort = {a.id: a for a in report.articles}[ID].effort
    assert people[T].translation_effort == {"chrf": round(effort.chrf, 2),
                                            "ter": round(effort.ter, 2), "articles": 1}
    assert people[E].edit_effort["articles"] == 1 and people[E].translation_effort is None
    assert report.totals == {"new": 0, "translating": 1, "translated": 0, "editing": 0,
                             "edited": 1, "published": 0}
    # --since after Jiyoon's sign-off: she finished nothing in the period.
    people = {p.name: p for p in _report(corpus_dir, since=date(2026, 11, 25)).people}
    assert people[T].finished == 0 and people[E].finished == 1


def test_filters(desk):
    corpus_dir, _ = desk
    assert [a.id for a in _report(corpus_dir, stage="translating").articles] == [ID2]
    only = _report(corpus_dir, person="paul whitmore")
    assert [a.id for a in only.articles] == [ID] and [p.name for p in only.people] == [E]
    from toolkit.errors import WorkflowError

    with pytest.raises(WorkflowError, match="unknown stage 'proofread'"):
        _report(corpus_dir, stage="proofread")


def test_table_fits_100_columns_with_hangul_titles(desk):
    corpus_dir, run = desk
    text = render_table(_report(corpus_dir))
    for line in text.splitlines():
        assert display_width(line) <= 100, line
    assert "…" in text  # the long Korean title was cut
    assert "2026-11-24!" in text  # overdue mark
    lines = text.splitlines()
    at = next(n for n, line in enumerate(lines) if line.startswith(ID2 + "  신의주"))
    assert lines[at + 1].split()[:4] == ["translating", "Jeong", "Tae", "Joo"]
    assert run("status", "--today", "2026-11-26").stdout == text


def test_fit_counts_hangul_as_two_columns():
    assert display_width(fit(LONG_KO_TITLE, 21)) == 21
    assert fit("평양", 6, right=True) == "  평양"


def test_markdown(desk):
    corpus_dir, run = desk
    md = run("status", "--format", "markdown", "--today", "2026-11-26").stdout
    assert md == render_markdown(_report(corpus_dir))
    assert f"| `{ID2}` | {LONG_KO_TITLE} | translating |" in md
    assert "2026-11-24 **overdue**" in md
    assert "| Paul Whitmore | editor | - | 1 |" in md


def test_json_schema(desk):
    corpus_dir, run = desk
    result = run("status", "--format", "json", "--today", "2026-11-26")
    data = json.loads(result.stdout)
    assert data["schema"] == SCHEMA == "toolkit.status/1"
    assert set(data) == {"schema", "corpus", "today", "since", "filters", "stages", "totals",
                         "signatures", "articles", "people"}
    article = next(a for a in data["articles"] if a["id"] == ID)
    assert set(article) == {"id", "title", "stage", "translator", "editor", "assignees",
                            "stage_since", "days_in_stage", "due", "overdue", "alignment",
                            "findings", "effort", "credits", "credit_lines", "history", "problems"}
    assert set(article["effort"]) == {"chrf", "ter", "bleu", "pairing", "hyp", "ref", "final",
                                      "signatures", "sentence_signatures", "paragraphs"}
    assert article["effort"]["hyp"] == "snapshots/translated.en.txt"
    assert set(data["people"][0]) == {"name", "roles", "in_hand", "finished",
                                      "translation_effort", "edit_effort"}
    assert data["signatures"]["chrF"].startswith("nrefs:1|case:mixed")


def test_status_of_one_article_folder(desk):
    corpus_dir, run = desk
    result = run("status", corpus_dir / "articles" / ID2, "--format", "json")
    assert [a["id"] for a in json.loads(result.stdout)["articles"]] == [ID2]


def test_report_still_builds_with_broken_and_stale_articles(desk):
    corpus_dir, _ = desk
    corpus = Corpus(corpus_dir)
    from tests.test_workflow import align_one_to_one

    corpus.save(align_one_to_one(corpus.load(ID2)))
    en = corpus_dir / "articles" / ID2 / "en.txt"
    en.write_text(en.read_text(encoding="utf-8").replace("12,000", "12000"), encoding="utf-8")
    (corpus_dir / "articles" / ID / "snapshots" / "edited.en.txt").unlink()
    broken = corpus_dir / "articles" / "2026-11-22-broken"
    broken.mkdir()
    (broken / "article.yaml").write_text("id: 2026-11-22-broken\nstage: [oops\n", encoding="utf-8")
    report = _report(corpus_dir)
    by_id = {a.id: a for a in report.articles}
    assert by_id["2026-11-22-broken"].stage is None
    assert "malformed YAML" in by_id["2026-11-22-broken"].problems[0]
    assert by_id[ID2].alignment["stale"] is True and "alignment is stale" in by_id[ID2].problems
    assert by_id[ID].effort is None and "file not found" in by_id[ID].problems[0]
    table = render_table(report)
    assert "(unreadable)" in table and "stale" in table


def test_no_checks_leaves_findings_null(desk):
    corpus_dir, run = desk
    data = json.loads(run("status", "--format", "json", "--no-checks").stdout)
    assert all(a["findings"] is None for a in data["articles"])
    assert len(data["articles"]) == 2


def test_findings_are_counted_by_severity_when_the_checks_exist(desk):
    pytest.importorskip("toolkit.checks.runner")
    corpus_dir, _ = desk
    article = {a.id: a for a in _report(corpus_dir).articles}[ID]
    assert set(article.findings) == {"error", "warning", "info"}
    assert all(isinstance(n, int) and n >= 0 for n in article.findings.values())
