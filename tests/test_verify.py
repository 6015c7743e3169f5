"""`toolkit verify`: same findings as `check`, workflow checks, parse errors as findings,
the cache, --changed-since and --jobs."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from toolkit.cli import cli
from toolkit.config import default_settings_text

REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO / "corpora"

GLOSSARY = """terms:
  - ko: 혜산
    en: Hyesan
    kind: place
  - ko: 양강도
    en: Ryanggang Province
    forbidden: [Yanggang Province]
    kind: place
"""

KO = """양강도 혜산시의 장마당에서 쌀 가격이 한 달 사이에 크게 올랐다고 현지 소식통이 전했다.

소식통은 "추수가 끝났는데도 쌀값이 내려가지 않아 주민들이 걱정하고 있다"고 말했다.

혜산 시장 관리원들은 상인들에게 자릿세를 더 내라고 요구하고 있는 것으로 알려졌다.
"""

EN = """Rice prices in the markets of Hyesan, Ryanggang Province, rose sharply over the past month, a local source said.

"The harvest is over, yet rice is not getting any cheaper, and residents are worried," the source said.

Market managers in Hyesan are reportedly demanding higher stall fees from traders.
"""

META = """id: {id}
title:
  ko: 혜산 장마당 쌀값 상승
  en: Rice prices climb in Hyesan markets
author: 김민서
stage: translated
assignments:
  translator: {{name: Ana Lopez}}
credits:
  - {{role: translator, name: Ana Lopez, date: '2026-12-02'}}
history:
  - {{to: new, by: desk, at: '2026-12-01T09:00:00+09:00'}}
  - {{from: new, to: translating, by: Ana Lopez, at: '2026-12-01T10:00:00+09:00'}}
  - {{from: translating, to: translated, by: Ana Lopez, at: '2026-12-02T10:00:00+09:00'}}
"""

IDS = ["2026-12-01-hyesan-rice", "2026-12-02-hyesan-fees", "2026-12-03-hyesan-harvest"]


def write_article(root: Path, article_id: str, *, meta: str | None = None, ko: str = KO,
                  en: str | None = EN) -> Path:
    """One article folder with the shared texts (the English left out when `en` is None)."""
    folder = root / "articles" / article_id
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "article.yaml").write_text(meta or META.format(id=article_id), encoding="utf-8")
    (folder / "ko.txt").write_text(ko, encoding="utf-8")
    if en is not None:
        (folder / "en.txt").write_text(en, encoding="utf-8")
    return folder


def write_corpus(root: Path, ids: list[str] = IDS) -> Path:
    """A small clean corpus: settings, glossary and a few translated articles."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "toolkit.yaml").write_text(default_settings_text("test desk"), encoding="utf-8")
    (root / "glossary.yaml").write_text(GLOSSARY, encoding="utf-8")
    for article_id in ids:
        write_article(root, article_id)
    return root


def git(root: Path, *args: str) -> str:
    env = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@example.org", "PATH": __import__("os").environ["PATH"],
           "HOME": str(root)}
    return subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True,
                          text=True, env=env).stdout


def run(*args: str):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    return write_corpus(tmp_path / "desk")


def findings(result) -> list[dict]:
    return json.loads(result.stdout)["findings"]


def test_clean_corpus_passes_and_writes_an_ignored_cache(corpus):
    result = run("verify", corpus, "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert findings(result) == []
    assert (corpus / ".toolkit-cache" / ".gitignore").read_text().splitlines()[-1] == "*"
    assert "3 articles" in result.stderr


@pytest.mark.skipif(not SAMPLE.is_dir(), reason="sample corpus not shipped")
@pytest.mark.parametrize("fmt", ["json", "text", "sarif", "junit", "github"])
def test_same_report_as_check_on_the_sample_corpus(tmp_path, fmt):
    copy = tmp_path / "corpora"
    shutil.copytree(SAMPLE, copy, ignore=shutil.ignore_patterns(".toolkit-cache"))
    checked = run("check", "--corpus", copy, "--format", fmt)
    verified = run("verify", "--corpus", copy, "--format", fmt, "--jobs", "1")
    assert verified.exit_code == checked.exit_code
    assert verified.stdout == checked.stdout
    # And again from the cache.
    again = run("verify", "--corpus", copy, "--format", fmt, "--jobs", "1")
    assert again.stdout == checked.stdout
    assert "0 checked" in again.stderr


def test_output_is_identical_for_any_number_of_jobs(corpus):
    (corpus / "articles" / IDS[1] / "en.txt").write_text(
        EN.replace("Ryanggang Province", "Yanggang Province"), encoding="utf-8")
    one = run("verify", corpus, "--format", "json", "--no-cache", "--jobs", "1")
    three = run("verify", corpus, "--format", "json", "--no-cache", "--jobs", "3")
    assert one.exit_code == three.exit_code == 1
    assert one.stdout == three.stdout
    assert [f["code"] for f in findings(one)] == ["T001"]


def test_a_file_that_does_not_parse_is_a_finding_not_a_crash(corpus):
    meta = corpus / "articles" / IDS[0] / "article.yaml"
    meta.write_text(meta.read_text(encoding="utf-8").replace("stage: translated", "stage: [translated"),
                    encoding="utf-8")
    (corpus / "articles" / IDS[2] / "en.txt").write_bytes(EN.encode("utf-8").replace(b"\n", b"\r\n"))
    result = run("verify", corpus, "--format", "json", "--jobs", "1")
    assert result.exit_code == 1
    found = {(f["code"], f["article"]): f for f in findings(result)}
    assert set(found) == {("E000", IDS[0]), ("E000", IDS[2])}
    assert found[("E000", IDS[0])]["path"].endswith("article.yaml")
    assert found[("E000", IDS[0])]["line"] is not None
    assert "CRLF" in found[("E000", IDS[2])]["message"]
    assert found[("E000", IDS[2])]["line"] == 1


def test_workflow_checks_find_missing_credit_and_broken_history(corpus):
    meta = corpus / "articles" / IDS[0] / "article.yaml"
    text = meta.read_text(encoding="utf-8")
    meta.write_text(text.replace("  - {role: translator, name: Ana Lopez, date: '2026-12-02'}\n", "")
                    .replace("credits:\n", "credits: []\n"), encoding="utf-8")
    other = corpus / "articles" / IDS[1] / "article.yaml"
    other.write_text(other.read_text(encoding="utf-8").replace("stage: translated", "stage: editing"),
                     encoding="utf-8")
    result = run("verify", corpus, "--format", "json", "--jobs", "1")
    assert result.exit_code == 1
    got = sorted((f["article"], f["code"]) for f in findings(result))
    assert got == [(IDS[0], "W001"), (IDS[1], "W002")]
    w002 = next(f for f in findings(result) if f["code"] == "W002")
    assert "history ends at 'translated'" in w002["message"]
    assert w002["path"].endswith("article.yaml") and w002["line"] == 6


def test_paths_from_pre_commit_narrow_the_report_to_their_articles(corpus):
    (corpus / "articles" / IDS[2] / "en.txt").write_text(EN.replace("Hyesan,", "혜산,"),
                                                         encoding="utf-8")
    clean = run("verify", corpus / "articles" / IDS[0] / "en.txt", "--format", "json")
    assert clean.exit_code == 0 and findings(clean) == []
    dirty = run("verify", corpus / "articles" / IDS[2] / "ko.txt", corpus / "articles" / IDS[0],
                "--format", "json")
    assert dirty.exit_code == 1
    assert {f["article"] for f in findings(dirty)} == {IDS[2]}
    everything = run("verify", corpus / "glossary.yaml", "--format", "json")
    assert "every article (glossary.yaml changed)" in everything.stderr


def test_cache_skips_unchanged_articles_and_notices_edits(corpus):
    first = run("verify", corpus, "--jobs", "1")
    assert "3 checked" in first.stderr and "3 summarised" in first.stderr
    second = run("verify", corpus, "--jobs", "1")
    assert "0 checked, 3 from the cache, 0 summarised" in second.stderr
    (corpus / "articles" / IDS[1] / "en.txt").write_text(EN.replace("Hyesan,", "혜산,"), encoding="utf-8")
    third = run("verify", corpus, "--jobs", "1", "--format", "json")
    assert "1 summarised" in third.stderr
    assert third.exit_code == 1 and {f["article"] for f in findings(third)} == {IDS[1]}
    shutil.rmtree(corpus / ".toolkit-cache")
    fresh = run("verify", corpus, "--jobs", "1", "--format", "json")
    assert fresh.stdout == third.stdout


def test_changed_since_a_git_ref(corpus):
    git(corpus, "init", "-q", "-b", "main")
    git(corpus, "add", ".")
    git(corpus, "commit", "-q", "-m", "corpus")
    (corpus / "articles" / IDS[1] / "en.txt").write_text(EN.replace("Hyesan,", "혜산,"), encoding="utf-8")
    write_article(corpus, "2026-12-04-new-story")
    result = run("verify", "--corpus", corpus, "--changed-since", "HEAD", "--format", "json")
    assert result.exit_code == 1
    assert "2 of 4 articles changed since HEAD" in result.stderr
    assert {f["article"] for f in findings(result)} == {IDS[1]}
    assert "2 articles" in result.stderr
    (corpus / "glossary.yaml").write_text(GLOSSARY + "  - ko: 장마당\n    en: jangmadang\n",
                                          encoding="utf-8")
    result = run("verify", "--corpus", corpus, "--changed-since", "HEAD")
    assert "every article: glossary.yaml changed" in result.stderr


def test_changed_since_errors_are_clear(corpus):
    outside = run("verify", "--corpus", corpus, "--changed-since", "HEAD")
    assert outside.exit_code == 2
    assert "git repository" in outside.stderr and outside.stdout == ""
    git(corpus, "init", "-q", "-b", "main")
    git(corpus, "add", ".")
    git(corpus, "commit", "-q", "-m", "corpus")
    unknown = run("verify", "--corpus", corpus, "--changed-since", "no-such-branch")
    assert unknown.exit_code == 2
    assert "unknown git ref 'no-such-branch'" in unknown.stderr


def test_bad_usage_exits_2_and_writes_nothing(corpus):
    assert run("verify", corpus, "--select", "Z999").exit_code == 2
    assert run("verify", corpus / "README.md").exit_code == 2
    assert not (corpus / ".toolkit-cache").exists()


def test_help_ends_with_examples():
    result = run("verify", "--help")
    assert result.exit_code == 0
    assert "Examples:" in result.stdout and "--changed-since" in result.stdout
