"""`toolkit check`, `toolkit checks`, `toolkit explain`: inputs, exit codes, waivers, settings."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import tree_digest
from toolkit.corpus import Corpus
from toolkit.model import Waiver

ARTICLE = "2026-10-14-hyesan-families"


def edit_english(corpus_dir: Path, old: str, new: str) -> None:
    path = corpus_dir / "articles" / ARTICLE / "en.txt"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def add_waivers(corpus_dir: Path, *waivers: Waiver) -> None:
    corpus = Corpus(corpus_dir)
    article = corpus.load(ARTICLE)
    article.waivers.extend(waivers)
    corpus.save(article)


def test_clean_article_exits_zero(corpus_dir, invoke):
    result = invoke("check", "--corpus", corpus_dir, ARTICLE)
    assert result.exit_code == 0
    assert result.stdout == ""
    assert "0 errors, 0 warnings" in result.stderr


def test_findings_exit_one_with_placed_text_lines(corpus_dir, invoke):
    edit_english(corpus_dir, "the source said", "the source  said")
    edit_english(corpus_dir, "Border guards, too,", "The 국경 guards, too,")
    result = invoke("check", "--corpus", corpus_dir)
    assert result.exit_code == 1
    lines = [line for line in result.stdout.splitlines() if not line.startswith("    ")]
    assert lines[0].startswith(f"articles/{ARTICLE}/en.txt:5:") or f"{ARTICLE}/en.txt:5:" in lines[0]
    assert "E005 [warning] spacing" in lines[0]
    assert "H001 [error] hangul-residue" in lines[1] and ":9:5:" in lines[1]
    assert "    ko: " in result.stdout and "    en: " in result.stdout
    assert "1 error, 1 warning" in result.stderr


def test_fail_on_and_exit_zero(corpus_dir, invoke):
    edit_english(corpus_dir, "the source said", "the source  said")
    assert invoke("check", "--corpus", corpus_dir).exit_code == 0
    assert invoke("check", "--corpus", corpus_dir, "--fail-on", "warning").exit_code == 1
    assert invoke("check", "--corpus", corpus_dir, "--fail-on", "warning", "--exit-zero").exit_code == 0


def test_select_ignore_by_code_prefix_and_name(corpus_dir, invoke):
    edit_english(corpus_dir, "the source said", "the source  said")
    edit_english(corpus_dir, "Border guards, too,", "The 국경 guards, too,")
    def codes(*args):
        result = invoke("check", "--corpus", corpus_dir, "--format", "json", *args)
        return [f["code"] for f in json.loads(result.stdout)["findings"]]
    assert codes("--select", "E") == ["E005"]
    assert codes("--select", "hangul-residue") == ["H001"]
    assert codes("--ignore", "H001,E005") == []
    assert codes("--select", "E,H", "--ignore", "spacing") == ["H001"]


def test_unknown_code_is_a_usage_error(corpus_dir, invoke):
    result = invoke("check", "--corpus", corpus_dir, "--select", "Z999")
    assert result.exit_code == 2 and "unknown check 'Z999'" in result.stderr and result.stdout == ""


def test_settings_change_severity_and_turn_checks_off(corpus_dir, invoke):
    edit_english(corpus_dir, "the source said", "the source  said")
    config = corpus_dir / "toolkit.yaml"
    text = config.read_text(encoding="utf-8").replace("severity: {}", "severity:\n    E005: error")
    config.write_text(text, encoding="utf-8")
    assert invoke("check", "--corpus", corpus_dir).exit_code == 1
    config.write_text(text.replace("E005: error", "spacing: 'off'"), encoding="utf-8")
    result = invoke("check", "--corpus", corpus_dir, "--fail-on", "info")
    assert result.exit_code == 0 and result.stdout == ""


def test_per_path_ignores(corpus_dir, invoke):
    edit_english(corpus_dir, "Border guards, too,", "The 국경 guards, too,")
    config = corpus_dir / "toolkit.yaml"
    text = config.read_text(encoding="utf-8").replace(
        "severity: {}", "severity: {}\n  per-path-ignores:\n    'articles/2026-10-14-*/*': [H]")
    config.write_text(text, encoding="utf-8")
    assert invoke("check", "--corpus", corpus_dir).exit_code == 0


def test_waiver_silences_a_finding_and_show_waived_lists_it(corpus_dir, invoke):
    edit_english(corpus_dir, "Border guards, too,", "The 국경 guards, too,")
    add_waivers(corpus_dir, Waiver("H001", "e5", "the desk keeps the Korean word on first use", "editor.kim"))
    result = invoke("check", "--corpus", corpus_dir)
    assert result.exit_code == 0 and result.stdout == "" and "1 waived" in result.stderr
    result = invoke("check", "--corpus", corpus_dir, "--show-waived", "--format", "json")
    finding = json.loads(result.stdout)["findings"][0]
    assert result.exit_code == 0
    assert finding["waived"] and finding["waiver"]["by"] == "editor.kim" and finding["paragraph"] == "e5"


def test_unused_waiver_is_reported_where_it_is_written(corpus_dir, invoke):
    add_waivers(corpus_dir, Waiver("N001", "e2", "source rounds the figure", "editor.kim"),
                Waiver("Q001", "e3", "ok", "editor.kim"))
    result = invoke("check", "--corpus", corpus_dir, "--format", "json", "--select", "Q,X")
    findings = json.loads(result.stdout)["findings"]
    assert [(f["code"], f["path"].endswith("article.yaml")) for f in findings] == \
        [("X001", True), ("X002", True)]
    assert all(f["line"] for f in findings)
    assert "Q001 on e3" in findings[0]["message"]  # N001 was not selected: cannot tell


def test_loose_files_and_output_file(tmp_path, invoke):
    (tmp_path / "ko.txt").write_text("김정은 국무위원장의 지시로 단속이 강화됐다.\n", encoding="utf-8")
    (tmp_path / "en.txt").write_text("The crackdown was stepped up on Kim Jong Uns orders.\n", encoding="utf-8")
    out = tmp_path / "report.json"
    result = invoke("check", "--ko", tmp_path / "ko.txt", "--en", tmp_path / "en.txt",
                    "--format", "json", "--output", out)
    assert result.exit_code == 1 and result.stdout == ""
    data = json.loads(out.read_text(encoding="utf-8"))
    assert [(f["code"], f["line"], f["column"]) for f in data["findings"]] == [("Q001", 1, 33)]


def test_usage_errors_exit_two_and_change_nothing(tmp_path, corpus_dir, invoke):
    before = tree_digest(corpus_dir)
    (tmp_path / "ko.txt").write_text("북한\n", encoding="utf-8")
    assert invoke("check", "--ko", tmp_path / "ko.txt").exit_code == 2
    assert invoke("check", "--corpus", corpus_dir, "no-such-article").exit_code == 2
    (tmp_path / "bad.txt").write_bytes("북한".encode("cp949"))
    result = invoke("check", "--ko", tmp_path / "bad.txt", "--en", tmp_path / "ko.txt")
    assert result.exit_code == 2 and "CP949" in result.stderr
    assert tree_digest(corpus_dir) == before


def test_po_file(tmp_path, invoke):
    po = tmp_path / "story.po"
    po.write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
                  'msgctxt "k1"\nmsgid "양강도 소식통은 보위원들이 돈을 요구한다고 전했다."\n'
                  'msgstr "A source said the agents dont stop asking for money."\n\n'
                  '# toolkit: ignore[H003] the desk drops this line (by editor.kim)\n'
                  'msgctxt "k2"\nmsgid "사진=데일리NK"\nmsgstr ""\n', encoding="utf-8")
    result = invoke("check", po, "--format", "json")
    findings = json.loads(result.stdout)["findings"]
    assert result.exit_code == 1
    assert [(f["code"], f["paragraph"], f["line"]) for f in findings] == [("Q001", "k1", 7)]
    assert json.loads(result.stdout)["summary"]["waived"] == 1


def test_checks_lists_the_registry(invoke):
    table = invoke("checks")
    assert table.exit_code == 0 and "Q001  lost-apostrophe" in table.stdout
    data = json.loads(invoke("checks", "--format", "json").stdout)
    codes = [c["code"] for c in data["checks"]]
    assert data["schema"] == "toolkit.checks/1" and codes == sorted(codes)
    assert {"E001", "H001", "Q002", "A001", "X001"} <= set(codes)


@pytest.mark.parametrize("name", ["Q001", "lost-apostrophe", "q001"])
def test_explain(invoke, name):
    result = invoke("explain", name)
    assert result.exit_code == 0 and "Q001" in result.stdout and "lost-apostrophe" in result.stdout


def test_explain_unknown(invoke):
    assert invoke("explain", "Z123").exit_code == 2


@pytest.mark.parametrize("command", ["check", "checks", "explain"])
def test_help_ends_with_examples(invoke, command):
    result = invoke(command, "--help")
    assert result.exit_code == 0 and "Examples:" in result.stdout


def test_every_check_has_a_documented_section():
    import re

    from toolkit.checks import load_checks

    docs = (Path(__file__).resolve().parents[1] / "docs" / "checks.md").read_text(encoding="utf-8")
    sections = set(re.findall(r"^## ([A-Z]\d{3})$", docs, re.MULTILINE))
    assert set(load_checks()) <= sections
