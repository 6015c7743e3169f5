"""What keeps `toolkit verify` fast and small on a large corpus: the capped T003 message,
libyaml loading, the sqlite cache (stat fast path, damaged files), and the reduce carried
over an edit that only moved text, which must give exactly a fresh run's findings."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import SAMPLE_CORPUS
from tests.test_verify import write_article
from toolkit.checks import CheckContext, Document, Unit
from toolkit.checks.terminology import SHOWN_ARTICLES, inconsistent_rendering
from toolkit.cli import cli
from toolkit.config import default_settings_text
from toolkit.corpus import Corpus
from toolkit.errors import InputError
from toolkit.fileio import load_yaml
from toolkit.model import Paragraph, join_paragraphs
from toolkit.terms import glossary_from_yaml
from toolkit.verify import CACHE_DIR, CACHE_FILE, verify

SAMPLE = SAMPLE_CORPUS

GLOSSARY = """terms:
  - ko: 혜산
    en: Hyesan
    kind: place
  - ko: 양강도
    en: Ryanggang Province
    kind: place
"""

# Three reports quoting the same defector; the third spells his name another way, which
# T003 reports there.
STORIES = {
    "2026-12-01-hyesan-defector-call": (
        ["탈북민 김철민 씨는 데일리NK에 혜산의 단속 상황을 전했다.",
         "김철민 씨는 2019년 양강도 혜산을 떠났다고 말했다."],
        ["Defector Kim Chol Min told Daily NK about the crackdown in Hyesan.",
         "Kim Chol Min said he left Hyesan, Ryanggang Province, in 2019."]),
    "2026-12-02-hyesan-market-fees": (
        ["김철민 씨는 혜산 장마당의 자릿세가 올랐다고 말했다.",
         "그는 상인들이 걱정하고 있다고 덧붙였다."],
        ["Kim Chol Min said stall fees in the Hyesan market have gone up.",
         "He added that traders are worried."]),
    "2026-12-03-hyesan-border-guards": (
        ["김철민 씨는 혜산 국경 경비대가 뇌물을 받는다고 주장했다.",
         "양강도 소식통도 같은 내용을 전했다."],
        ["In a call, Kim Chul-min claimed border guards in Hyesan take bribes.",
         "A source in Ryanggang Province said the same."]),
}

@pytest.fixture
def desk(tmp_path: Path) -> Path:
    root = tmp_path / "desk"
    root.mkdir()
    (root / "toolkit.yaml").write_text(default_settings_text("test desk"), encoding="utf-8")
    (root / "glossary.yaml").write_text(GLOSSARY, encoding="utf-8")
    for article_id, (ko, en) in STORIES.items():
        write_article(root, article_id, ko=join_paragraphs(ko), en=join_paragraphs(en))
    return root


def report(root: Path, *args: str) -> tuple[list[dict], str]:
    result = CliRunner().invoke(cli, ["verify", "--corpus", str(root), "--format", "json",
                                      "--jobs", "1", *args], catch_exceptions=False)
    assert result.exit_code in (0, 1), result.stderr
    return json.loads(result.stdout)["findings"], result.stderr


def edit(root: Path, article_id: str, name: str, old: str, new: str) -> None:
    path = root / "articles" / article_id / name
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


# -- the T003 message ---------------------------------------------------------------------------

def _doc(name: str, ko: str, en: str) -> Document:
    unit = Unit(0, (Paragraph("k1", ko, 1),), (Paragraph("e1", en, 1),))
    return Document(name, [unit], en_path=f"{name}/en.txt")


def test_t003_message_names_a_few_articles_and_counts_the_rest():
    terms = glossary_from_yaml(GLOSSARY, "glossary.yaml")
    docs = [_doc(f"2026-12-{n:02d}-defector", "탈북민 김철민 씨는 데일리NK에 말했다.",
                 "Defector Kim Chol Min told Daily NK.") for n in range(1, 8)]
    docs.append(_doc("2026-12-20-defector", "김철민 씨는 다시 말했다.", "Kim Chul-min said again."))
    found = list(inconsistent_rendering(docs, CheckContext(glossary=terms)))
    assert [(d.name, h.en) for d, h in found] == [("2026-12-20-defector", "Kim Chul-min")]
    message = found[0][1].message
    shown = ", ".join(f"2026-12-{n:02d}-defector" for n in range(1, SHOWN_ARTICLES + 1))
    assert f"'Kim Chol Min' 7× in 7 articles ({shown} and {7 - SHOWN_ARTICLES} more)" in message
    assert "2026-12-07-defector" not in message
    assert message.endswith("'Kim Chul-min' 1× (2026-12-20-defector)")


# -- YAML ---------------------------------------------------------------------------------------

@pytest.mark.skipif(not getattr(yaml, "__with_libyaml__", False), reason="PyYAML without libyaml")
@pytest.mark.skipif(not SAMPLE.is_dir(), reason="sample corpus not shipped")
def test_libyaml_loads_what_the_pure_loader_loads():
    for path in sorted((SAMPLE / "articles").glob("*/article.yaml")):
        assert load_yaml(path) == yaml.safe_load(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("text, line, problem", [
    ("id: a\nstage: [translated\nauthor: 김민서\n", 3, "expected ',' or ']'"),
    ("id: a\ntitle:\n  ko: 혜산\n en: Hyesan\n", 4, "expected <block end>"),
    ("id: a\nwho: !!python/object/apply:os.system [ls]\n", 2, "constructor"),
])
def test_yaml_errors_keep_the_pure_loaders_message_and_line(tmp_path, text, line, problem):
    path = tmp_path / "article.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_yaml(path)
    assert caught.value.line == line
    assert problem in caught.value.message


# -- the cache ----------------------------------------------------------------------------------

def test_cache_is_one_sqlite_file_and_the_old_json_cache_goes(desk):
    (desk / CACHE_DIR).mkdir()
    (desk / CACHE_DIR / "verify.json").write_text("{}", encoding="utf-8")
    first, _ = report(desk)
    assert sorted(p.name for p in (desk / CACHE_DIR).iterdir()) == [".gitignore", CACHE_FILE]
    assert (desk / CACHE_DIR / CACHE_FILE).read_bytes().startswith(b"SQLite format 3\x00")
    again, err = report(desk)
    assert again == first and "0 checked, 3 from the cache, 0 summarised" in err


def test_a_damaged_cache_is_ignored_and_rewritten(desk):
    first, _ = report(desk)
    (desk / CACHE_DIR / CACHE_FILE).write_bytes(b"not a database at all" * 50)
    damaged, err = report(desk)
    assert damaged == first and "3 summarised" in err
    again, err = report(desk)
    assert again == first and "0 summarised" in err


def test_unchanged_articles_are_not_read_again(desk, monkeypatch):
    for path in (desk / "articles").rglob("*.*"):
        os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns - 10**10))
    corpus = Corpus.find(explicit=desk)
    first = verify(corpus, jobs=1)
    read: list[str] = []
    original = Path.read_bytes

    def spy(self: Path) -> bytes:
        read.append(self.name)
        return original(self)

    monkeypatch.setattr(Path, "read_bytes", spy)
    again = verify(corpus, jobs=1)
    assert not [name for name in read if name in ("article.yaml", "ko.txt", "en.txt")]
    assert again.stats.summarised == again.stats.checked == 0
    assert again.result.findings == first.result.findings
    # A file written within a second of a run is "racily clean": hashed again next time.
    edit(desk, "2026-12-02-hyesan-market-fees", "en.txt", "stall fees", "the stall fees")
    verify(corpus, jobs=1)
    read.clear()
    verify(corpus, jobs=1)
    assert sorted(name for name in read if name in ("article.yaml", "ko.txt", "en.txt")) == [
        "article.yaml", "en.txt", "ko.txt"]


# -- the reduce across edits --------------------------------------------------------------------

def test_an_edit_that_moves_a_t003_hit_carries_the_reduce_over(desk):
    before, _ = report(desk)
    t003 = [f for f in before if f["code"] == "T003"]
    assert [(f["article"], f["en"]) for f in t003] == [("2026-12-03-hyesan-border-guards",
                                                         "Kim Chul-min")]
    edit(desk, "2026-12-03-hyesan-border-guards", "en.txt", "In a call,", "In a long phone call,")
    moved, err = report(desk)
    assert "corpus statistics moved" in err
    fresh, _ = report(desk, "--no-cache")
    assert moved == fresh
    hit = next(f for f in moved if f["code"] == "T003")
    assert hit["column"] == t003[0]["column"] + len("long phone ")


def test_an_edit_that_changes_a_spelling_runs_the_reduce_again(desk):
    report(desk)
    edit(desk, "2026-12-03-hyesan-border-guards", "en.txt", "Kim Chul-min", "Kim Chol Min")
    fixed, err = report(desk)
    assert "corpus statistics full" in err
    assert not [f for f in fixed if f["code"] == "T003"]
    assert fixed == report(desk, "--no-cache")[0]


EDITS = [
    ("2026-12-01-hyesan-defector-call", "en.txt", "told Daily NK", "told Daily NK by phone"),
    ("2026-12-01-hyesan-defector-call", "ko.txt", "단속 상황", "최근 단속 상황"),
    ("2026-12-02-hyesan-market-fees", "en.txt", "stall fees", "the stall fees"),
    ("2026-12-02-hyesan-market-fees", "en.txt", "Kim Chol Min", "Kim Chul-min"),
    ("2026-12-03-hyesan-border-guards", "en.txt", "In a call,", "In a short call,"),
    ("2026-12-03-hyesan-border-guards", "en.txt", "Kim Chul-min", "Kim Chol-min"),
    ("2026-12-03-hyesan-border-guards", "en.txt", "in Hyesan", "in Hyesan-si"),
    ("2026-12-03-hyesan-border-guards", "ko.txt", "양강도 소식통도", "양강도의 다른 소식통도"),
]


@settings(max_examples=4, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(EDITS), min_size=1, max_size=2, unique=True))
def test_cached_runs_after_edits_equal_a_fresh_run(desk, edits):
    root = Path(tempfile.mkdtemp(dir=desk.parent)) / "desk"
    shutil.copytree(desk, root)
    report(root)
    for article_id, name, old, new in edits:
        edit(root, article_id, name, old, new)
        cached, _ = report(root)
        assert cached == report(root, "--no-cache")[0]


# -- --changed-since trusting git ---------------------------------------------------------------

def git(root: Path, *args: str) -> str:
    env = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@example.org", "PATH": os.environ["PATH"], "HOME": str(root)}
    return subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True,
                          text=True, env=env).stdout


@pytest.fixture
def repo(desk: Path) -> Path:
    git(desk, "init", "-q", "-b", "main")
    git(desk, "add", ".")
    git(desk, "commit", "-q", "-m", "three stories")
    return desk


def test_a_ci_clone_with_a_restored_cache_reads_only_what_git_lists(repo, tmp_path):
    report(repo)  # the default branch's run fills the cache
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", str(repo), str(clone))
    shutil.copytree(repo / CACHE_DIR, clone / CACHE_DIR)  # as actions/cache restores it
    edit(clone, "2026-12-02-hyesan-market-fees", "en.txt", "Kim Chol Min", "Kim Chul-min")
    found, err = report(clone, "--changed-since", "HEAD")
    # Fresh mtimes everywhere, yet only the changed article is read and summarised.
    assert "1 of 3 articles changed since HEAD" in err and "1 summarised" in err
    assert found == report(clone, "--changed-since", "HEAD", "--no-cache")[0]
    assert {f["article"] for f in found} == {"2026-12-02-hyesan-market-fees"}
    assert any(f["code"] == "T003" and "'Kim Chol Min' 2× (2026-12-01-hyesan-defector-call)"
               in f["message"] for f in found)


def test_articles_reverted_or_restored_after_a_cached_run_are_looked_at_again(repo):
    report(repo)
    edit(repo, "2026-12-03-hyesan-border-guards", "en.txt", "Kim Chul-min", "Kim Chol Min")
    shutil.rmtree(repo / "articles" / "2026-12-01-hyesan-defector-call")
    _, err = report(repo)  # the cache now holds the edit and lacks the deleted article
    assert "2 articles" in err
    git(repo, "checkout", "-q", "--", "articles")  # both undone, back to HEAD
    edit(repo, "2026-12-02-hyesan-market-fees", "en.txt", "stall fees", "the stall fees")
    found, err = report(repo, "--changed-since", "HEAD")
    assert "1 of 3 articles changed since HEAD" in err
    fresh = report(repo, "--changed-since", "HEAD", "--no-cache")[0]
    assert found == fresh
    assert report(repo)[0] == report(repo, "--no-cache")[0]
    t003 = [f for f in report(repo)[0] if f["code"] == "T003"]
    assert [f["article"] for f in t003] == ["2026-12-03-hyesan-border-guards"]
