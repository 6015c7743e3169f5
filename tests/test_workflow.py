"""Stage moves, assignments, sign-offs, snapshots and credits (toolkit.workflow)."""

from __future__ import annotations

import dataclasses
from datetime import datetime
from pathlib import Path

import pytest
from hypothesis import given, settings as hsettings, strategies as st

from tests.conftest import tree_digest
from toolkit.config import Settings, WorkflowSettings
from toolkit.corpus import Corpus
from toolkit.errors import WorkflowError
from toolkit.model import Alignment, Article, Credit, Finding, Link, Paragraph, Severity, link_digest
from toolkit.workflow import (
    advance,
    assign,
    credit_lines,
    gate_report,
    join_names,
    publish_blockers,
    save_move,
)

ID = "2026-10-14-hyesan-families"
T = "Jiyoon Han"
E = "Paul Whitmore"


@pytest.fixture
def desk(corpus_dir, invoke, monkeypatch):
    """The conftest corpus, with a helper that runs a command at a given time."""
    def run(*args, at: str = "2026-11-23T09:00:00"):
        monkeypatch.setenv("TOOLKIT_NOW", at)
        return invoke(*args, "--corpus", corpus_dir)
    return corpus_dir, run


def align_one_to_one(article: Article) -> Article:
    """A stored 1:1 alignment with fresh digests (what `toolkit align` stores for these texts)."""
    links = [Link((k.id,), (e.id,), 0.99, link_digest([k.text], [e.text]))
             for k, e in zip(article.ko, article.en or [])]
    return dataclasses.replace(article, alignment=Alignment(links, "test", "2026-11-25"))


def _article(corpus_dir: Path) -> Article:
    return Corpus(corpus_dir).load(ID)


def _to_translated(run) -> None:
    assert run("assign", ID, "--translator", T, "--due", "2026-11-25").exit_code == 0
    assert run("advance", ID, "translating", "--by", T).exit_code == 0
    assert run("advance", ID, "translated", "--by", T, at="2026-11-24T17:30:00").exit_code == 0


def _to_edited(run, corpus_dir: Path) -> None:
    _to_translated(run)
    assert run("assign", ID, "--editor", E).exit_code == 0
    assert run("advance", ID, "editing", "--by", E).exit_code == 0
    en = corpus_dir / "articles" / ID / "en.txt"
    en.write_text(en.read_text(encoding="utf-8").replace("sharply tightened", "stepped up"),
                  encoding="utf-8")
    result = run("advance", ID, "edited", "--by", E, at="2026-11-25T11:00:00")
    assert result.exit_code == 0, result.stderr


# -- assignments --------------------------------------------------------------------------

def test_assign_records_name_due_and_date(desk):
    corpus_dir, run = desk
    result = run("assign", ID, "--translator", "  Jiyoon   Han ", "--due", "2026-11-25")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    a = _article(corpus_dir).assignments["translator"]
    assert (a.name, a.due, a.assigned) == (T, "2026-11-25", "2026-11-23")


@pytest.mark.parametrize("args, message", [
    (["--translator", T, "--due", "25/11/2026"], "YYYY-MM-DD"),
    (["--translator", T, "--editor", E], "exactly one"),
    ([], "exactly one"),
    (["--role", "photographer=Kang Mi Jin"], "unknown role 'photographer'"),
    (["--role", "editor"], "ROLE=NAME"),
    (["--editor", "   "], "needs a person's name"),
])
def test_assign_refusals_change_nothing(desk, args, message):
    corpus_dir, run = desk
    before = tree_digest(corpus_dir)
    result = run("assign", ID, *args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert result.stderr.count("\n") == 1
    assert tree_digest(corpus_dir) == before


def test_assign_custom_role_from_settings(desk):
    corpus_dir, run = desk
    cfg = corpus_dir / "toolkit.yaml"
    text = cfg.read_text(encoding="utf-8")
    text = text.replace("  - edited\n  - published", "  - edited\n  - proofread\n  - published")
    text = text.replace("  signoff:\n", "  signoff:\n    proofread: proofreader\n")
    cfg.write_text(text, encoding="utf-8")
    result = run("assign", ID, "--role", "proofreader=Ha-eun Park")
    assert result.exit_code == 0, result.stderr
    assert _article(corpus_dir).assignments["proofreader"].name == "Ha-eun Park"


# -- moves --------------------------------------------------------------------------------

def test_forward_moves_record_history_snapshots_and_credits(desk):
    corpus_dir, run = desk
    _to_edited(run, corpus_dir)
    article = _article(corpus_dir)
    assert article.stage == "edited"
    moves = [(h.from_stage, h.to_stage, h.by) for h in article.history[1:]]
    assert moves == [("new", "translating", T), ("translating", "translated", T),
                     ("translated", "editing", E), ("editing", "edited", E)]
    signed = article.history[2]
    assert signed.at == "2026-11-24T17:30:00+09:00"  # zone from settings.timezone
    assert signed.snapshot == "snapshots/translated.en.txt"
    assert article.history[4].snapshot == "snapshots/edited.en.txt"
    folder = corpus_dir / "articles" / ID
    assert "sharply tightened" in (folder / "snapshots/translated.en.txt").read_text(encoding="utf-8")
    assert "stepped up" in (folder / "snapshots/edited.en.txt").read_text(encoding="utf-8")
    assert [(c.role, c.name, c.date) for c in article.credits] == [
        ("translator", T, "2026-11-24"), ("editor", E, "2026-11-25")]


def test_entering_working_stage_assigns_the_mover(desk):
    corpus_dir, run = desk
    assert run("advance", ID, "translating", "--by", T).exit_code == 0
    assert _article(corpus_dir).assignments["translator"].name == T


def _refusal(run, corpus_dir, *args, expect: str) -> None:
    before = tree_digest(corpus_dir)
    result = run("advance", ID, *args)
    assert result.exit_code == 2, result.stdout + result.stderr
    assert expect in result.stderr, result.stderr
    assert result.stdout == ""
    assert tree_digest(corpus_dir) == before


def test_refusals_exit_2_and_change_no_file(desk):
    corpus_dir, run = desk
    _refusal(run, corpus_dir, "edited", "--by", E, expect="one stage at a time")
    _refusal(run, corpus_dir, "proofread", "--by", E,
             expect="unknown stage 'proofread' (stages: new → translating → translated")
    _refusal(run, corpus_dir, "new", "--by", E, expect="already at 'new'")
    assert run("assign", ID, "--translator", T).exit_code == 0
    assert run("advance", ID, "translating", "--by", T).exit_code == 0
    _refusal(run, corpus_dir, "translated", "--by", E, expect="only the translator signs off")
    _refusal(run, corpus_dir, "translated", "--by", E, "--force",
             expect="--force needs a --note")
    _refusal(run, corpus_dir, "new", "--by", E, expect="needs --note")
    assert run("advance", ID, "translated", "--by", T).exit_code == 0
    # The translator hands over, but cannot become the editor of her own text.
    _refusal(run, corpus_dir, "editing", "--by", T, expect="needs a editor")
    assert run("assign", ID, "--editor", T).exit_code == 0
    assert run("advance", ID, "editing", "--by", T).exit_code == 0
    _refusal(run, corpus_dir, "edited", "--by", T, expect="cannot sign off as editor")


def test_publish_refused_without_alignment_then_allowed(desk, monkeypatch):
    corpus_dir, run = desk
    _to_edited(run, corpus_dir)
    _refusal(run, corpus_dir, "published", "--by", E, expect="no alignment")
    corpus = Corpus(corpus_dir)
    corpus.save(align_one_to_one(corpus.load(ID)))
    monkeypatch.setattr("toolkit.workflow.article_findings", lambda article, corpus: [])
    result = run("advance", ID, "published", "--by", E)
    assert result.exit_code == 0, result.stderr
    assert _article(corpus_dir).stage == "published"


def test_publish_refused_when_alignment_is_stale(desk):
    corpus_dir, run = desk
    _to_edited(run, corpus_dir)
    corpus = Corpus(corpus_dir)
    corpus.save(align_one_to_one(corpus.load(ID)))
    en = corpus_dir / "articles" / ID / "en.txt"
    en.write_text(en.read_text(encoding="utf-8").replace("40 households", "forty households"),
                  encoding="utf-8")
    _refusal(run, corpus_dir, "published", "--by", E, expect="alignment is stale")


def test_publish_blocked_by_error_findings(desk, monkeypatch):
    corpus_dir, run = desk
    _to_edited(run, corpus_dir)
    corpus = Corpus(corpus_dir)
    corpus.save(align_one_to_one(corpus.load(ID)))
    error = Finding("N001", "number-mismatch", Severity.ERROR, "3천 위안 → 3,000 expected")
    warning = Finding("Q003", "mixed-quotes", Severity.WARNING, "straight and curly quotes")
    monkeypatch.setattr("toolkit.workflow.article_findings", lambda a, c: [error, warning])
    blockers = publish_blockers(corpus.load(ID), corpus)
    assert blockers == [f"1 error-level finding(s) (N001); see `toolkit check {ID}`"]
    _refusal(run, corpus_dir, "published", "--by", E, expect="error-level finding")
    monkeypatch.setattr("toolkit.workflow.article_findings", lambda a, c: [warning])
    assert publish_blockers(corpus.load(ID), corpus) == []


def test_publish_gate_says_when_checks_are_not_available(desk, monkeypatch):
    corpus_dir, _ = desk
    corpus = Corpus(corpus_dir)
    monkeypatch.setattr("toolkit.workflow.article_findings", lambda a, c: None)
    blockers, notices = gate_report(corpus.load(ID), "published", corpus, corpus.settings.workflow)
    assert "no alignment" in blockers[0]
    assert notices == ["quality checks not run (toolkit.checks.runner not installed)"]


def test_forced_signoff_is_recorded(desk):
    corpus_dir, run = desk
    assert run("assign", ID, "--translator", T).exit_code == 0
    assert run("advance", ID, "translating", "--by", T).exit_code == 0
    result = run("advance", ID, "translated", "--by", E, "--force", "--note", "Jiyoon off sick")
    assert result.exit_code == 0, result.stderr
    last = _article(corpus_dir).history[-1]
    assert (last.forced, last.note, last.by) == (True, "Jiyoon off sick", E)
    assert "forced: true" in (corpus_dir / "articles" / ID / "article.yaml").read_text(encoding="utf-8")


def test_return_for_rework_and_resign_keeps_both_snapshots(desk):
    corpus_dir, run = desk
    _to_translated(run)
    assert run("assign", ID, "--editor", E).exit_code == 0
    assert run("advance", ID, "editing", "--by", E).exit_code == 0
    result = run("advance", ID, "translating", "--by", E, "--note", "returned: paragraph 3 missing")
    assert result.exit_code == 0, result.stderr
    folder = corpus_dir / "articles" / ID
    first = (folder / "snapshots/translated.en.txt").read_bytes()
    en = folder / "en.txt"
    en.write_text(en.read_text(encoding="utf-8") + "\nThe source asked not to be named.\n",
                  encoding="utf-8")
    assert run("advance", ID, "translated", "--by", T).exit_code == 0
    article = _article(corpus_dir)
    assert article.history[-1].snapshot == "snapshots/translated.2.en.txt"
    assert article.history[-2].note == "returned: paragraph 3 missing"
    assert (folder / "snapshots/translated.en.txt").read_bytes() == first
    assert b"not to be named" in (folder / "snapshots/translated.2.en.txt").read_bytes()
    assert [c.name for c in article.credits] == [T]


def test_allow_self_edit_setting(desk):
    corpus_dir, run = desk
    cfg = corpus_dir / "toolkit.yaml"
    cfg.write_text(cfg.read_text(encoding="utf-8").replace("allow-self-edit: false",
                                                           "allow-self-edit: true"), encoding="utf-8")
    _to_translated(run)
    assert run("advance", ID, "editing", "--by", T).exit_code == 0
    assert run("advance", ID, "edited", "--by", T).exit_code == 0
    assert credit_lines(_article(corpus_dir), Corpus(corpus_dir).settings) == [
        f"*Translated by {T}", f"*Edited by {T}"]


# -- credits --------------------------------------------------------------------------------

def test_credit_lines_join_names_and_follow_stage_order(tmp_path):
    settings = Settings(root=tmp_path, path=None)
    article = Article("a", tmp_path, credits=[
        Credit("editor", E, "2026-11-25"), Credit("translator", T, "2026-11-24"),
        Credit("translator", "Jeong Tae Joo", "2026-11-24"), Credit("fact-checker", "Ha-eun Park")])
    assert credit_lines(article, settings) == [
        f"*Translated by {T} and Jeong Tae Joo", f"*Edited by {E}", "*Fact-checked by Ha-eun Park"]
    assert join_names(["A", "B", "C"]) == "A, B and C"


def test_credits_command_text_and_json(desk):
    corpus_dir, run = desk
    _to_edited(run, corpus_dir)
    result = run("credits", ID)
    assert result.stdout == f"*Translated by {T}\n*Edited by {E}\n"
    import json

    data = json.loads(run("credits", ID, "--format", "json").stdout)
    assert data["schema"] == "toolkit.credits/1"
    assert data["credits"][1] == {"role": "editor", "name": E, "date": "2026-11-25"}


# -- the state machine as a property ----------------------------------------------------------

def _blank_article(tmp_path: Path) -> Article:
    return Article("pyongyang-market", tmp_path, ko=[Paragraph("k1", "평양 시장의 쌀값이 올랐다.", 1)],
                   en=[Paragraph("e1", "Rice prices rose at a Pyongyang market.", 1)])


@hsettings(max_examples=60, deadline=None)
@given(moves=st.lists(st.tuples(st.integers(0, 5), st.sampled_from([T, E, "Kang Mi Jin"]),
                                st.booleans(), st.booleans()), max_size=25))
def test_any_sequence_of_moves_keeps_the_rules(tmp_path_factory, moves):
    tmp = tmp_path_factory.mktemp("sm")
    settings = Settings(root=tmp, path=None)
    wf: WorkflowSettings = settings.workflow
    article = assign(assign(_blank_article(tmp), "translator", T), "editor", E)
    now = datetime(2026, 11, 23, 9, 0)
    for target_index, by, with_note, force in moves:
        target = wf.stages[target_index]
        before = article
        try:
            result = advance(article, target, by=by, settings=settings,
                             note="rework" if with_note else None, force=force, now=now,
                             check_gate=lambda a, s: [])
        except WorkflowError:
            assert article == before
            continue
        here, there = wf.index(article.stage), wf.index(target)
        assert there == here + 1 or (there < here and with_note)
        signer = wf.signoff.get(target)
        if signer and there > here:
            assert result.entry.forced == (article.assignments[signer].name != by)
            assert result.entry.snapshot is not None and result.snapshot_text is not None
        assert result.article.history == [*article.history, result.entry]
        article = result.article
    assert article.stage in wf.stages


def test_save_move_writes_snapshot_then_metadata(desk):
    corpus_dir, run = desk
    corpus = Corpus(corpus_dir)
    article = assign(corpus.load(ID), "translator", T, settings=corpus.settings)
    article = dataclasses.replace(article, stage="translating")
    result = advance(article, "translated", by=T, settings=corpus.settings,
                     now=datetime(2026, 11, 24, 17, 30))
    assert not (article.path / "snapshots").exists()  # advance itself writes nothing
    save_move(corpus, result)
    assert (article.path / "snapshots/translated.en.txt").is_file()
    assert corpus.load(ID).stage == "translated"
