"""`toolkit terms`: list, add, remove, import, export, find, report, suggest."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import tree_digest
from toolkit.terms import load_glossary

FIXTURES = Path(__file__).parent / "fixtures" / "glossary"
SAMPLE = Path(__file__).resolve().parents[1] / "corpora"


@pytest.fixture()
def desk(corpus_dir, invoke):
    """The conftest corpus with three house terms."""
    for args in (["김정은", "Kim Jong Un", "--forbid", "Kim Jong-un", "--kind", "person"],
                 ["혜산", "Hyesan", "--kind", "place", "--note", "city on the Yalu"],
                 ["보위원", "security agent", "--kind", "title"]):
        result = invoke("terms", "add", *args, "--corpus", corpus_dir)
        assert result.exit_code == 0, result.stderr
    return corpus_dir


def test_add_list_json(desk, invoke):
    result = invoke("terms", "list", "--format", "json", "--corpus", desk)
    data = json.loads(result.stdout)
    assert data["schema"] == "toolkit.terms/1"
    assert [t["ko"] for t in data["terms"]] == ["김정은", "혜산", "보위원"]
    assert data["terms"][0]["forbidden"] == ["Kim Jong-un"]
    result = invoke("terms", "list", "--kind", "place", "--corpus", desk)
    assert "Hyesan" in result.stdout and "Kim" not in result.stdout
    assert "1 term(s)" in result.stderr


def test_add_refuses_duplicate_and_changes_nothing(desk, invoke):
    before = tree_digest(desk)
    result = invoke("terms", "add", "김정은", "Kim Jong-un", "--corpus", desk)
    assert result.exit_code == 2
    assert "김정은 is already in the glossary" in result.stderr
    result = invoke("terms", "add", "김여정", "Kim Yo Jong", "--forbid", "Kim Yo Jong", "--corpus", desk)
    assert result.exit_code == 2 and "both approved English and forbidden" in result.stderr
    assert tree_digest(desk) == before


def test_remove(desk, invoke):
    assert invoke("terms", "remove", "혜산", "--corpus", desk).exit_code == 0
    assert load_glossary(desk / "glossary.yaml").get("혜산") is None
    result = invoke("terms", "remove", "혜산", "--corpus", desk)
    assert result.exit_code == 2 and "not in the glossary" in result.stderr


def test_import_merge_conflict_and_replace(desk, invoke, tmp_path):
    before = tree_digest(desk)
    result = invoke("terms", "import", FIXTURES / "house-v3.tbx", "--corpus", desk)
    assert result.exit_code == 2 and "conflict: 김정은" in result.stderr
    assert tree_digest(desk) == before
    result = invoke("terms", "import", FIXTURES / "house-v3.tbx", "--replace", "--corpus", desk)
    assert result.exit_code == 0, result.stderr
    assert load_glossary(desk / "glossary.yaml").terms == load_glossary(FIXTURES / "house.csv").terms
    extra = tmp_path / "extra.csv"
    extra.write_text("ko,en,forbidden,note,kind\n청진,Chongjin,Cheongjin,,place\n혜산,Hyesan,,,place\n",
                     encoding="utf-8")
    result = invoke("terms", "import", extra, "--corpus", desk)
    assert result.exit_code == 0 and "imported 1 term(s), 1 already present" in result.stderr


def test_import_malformed_is_exit_2_with_file_and_line(desk, invoke):
    result = invoke("terms", "import", FIXTURES / "malformed.tbx", "--corpus", desk)
    assert result.exit_code == 2
    assert "malformed.tbx:7: malformed XML" in result.stderr
    result = invoke("terms", "import", FIXTURES / "malformed.csv", "--corpus", desk)
    assert result.exit_code == 2 and "malformed.csv:3" in result.stderr


@pytest.mark.parametrize("fmt, ext", [("csv", "csv"), ("tsv", "tsv"), ("tbx", "tbx"),
                                      ("tbx2", "tbx"), ("yaml", "yaml")])
def test_export_reimports_unchanged(desk, invoke, tmp_path, fmt, ext):
    out = tmp_path / f"g.{ext}"
    result = invoke("terms", "export", "--format", fmt, "--out", out, "--corpus", desk)
    assert result.exit_code == 0 and result.stdout == ""
    assert load_glossary(out).terms == load_glossary(desk / "glossary.yaml").terms
    stdout = invoke("terms", "export", "--format", fmt, "--corpus", desk).stdout
    assert stdout == out.read_text(encoding="utf-8")


def test_find_article_and_loose_file(desk, invoke, tmp_path):
    result = invoke("terms", "find", "2026-10-14-hyesan-families", "--format", "json", "--corpus", desk)
    data = json.loads(result.stdout)
    found = {(t["ko"], t["status"]) for t in data["terms"]}
    assert ("혜산", "approved") in found and ("보위원", "approved") in found
    loose = tmp_path / "draft.txt"
    loose.write_text("김정은의 지시로 혜산에서 단속이 시작됐다.\n", encoding="utf-8")
    result = invoke("terms", "find", loose, "--corpus", desk)
    assert "김정은의" in result.stdout and "혜산에서" in result.stdout


def test_report_json_and_markdown(desk, invoke):
    data = json.loads(invoke("terms", "report", "--format", "json", "--corpus", desk).stdout)
    assert data["schema"] == "toolkit.terms.report/1"
    hyesan = next(t for t in data["terms"] if t["ko"] == "혜산")
    assert hyesan["renderings"][0]["rendering"] == "Hyesan" and hyesan["occurrences"] >= 2
    md = invoke("terms", "report", "--format", "markdown", "--corpus", desk).stdout
    assert md.startswith("| Korean | House English |")


def test_suggest_never_modifies(desk, invoke):
    before = tree_digest(desk)
    result = invoke("terms", "suggest", "--format", "json", "--corpus", desk)
    assert result.exit_code == 0
    assert json.loads(result.stdout)["schema"] == "toolkit.terms.suggest/1"
    assert "finding Korean names with" in result.stderr
    assert tree_digest(desk) == before


def test_help_has_examples(invoke):
    for sub in ("list", "add", "remove", "import", "export", "find", "report", "suggest"):
        result = invoke("terms", sub, "--help")
        assert result.exit_code == 0 and "Examples:" in result.stdout


@pytest.mark.skipif(not (SAMPLE / "glossary.yaml").exists(), reason="sample corpus not there")
def test_sample_corpus_report_shows_the_planted_inconsistency(invoke):
    data = json.loads(invoke("terms", "report", "--format", "json", "--corpus", SAMPLE).stdout)
    first = data["terms"][0]
    assert first["ko"] == "김정은" and first["inconsistent"]
    assert {r["rendering"] for r in first["renderings"]} == {"Kim Jong Un", "Kim Jong-un"}
