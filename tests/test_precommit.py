"""The pre-commit hook: `.pre-commit-hooks.yaml` is well formed, and a corpus repository
using the hook commits a clean change and is blocked on a planted error."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[1]


def _verify_helpers():
    # The small corpus of tests/test_verify.py, loaded by path: the test modules are not a
    # package and pytest may import them in importlib mode.
    import importlib.util

    spec = importlib.util.spec_from_file_location("verify_corpus",
                                                  Path(__file__).with_name("test_verify.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


_helpers = _verify_helpers()
EN, IDS, write_corpus = _helpers.EN, _helpers.IDS, _helpers.write_corpus
HOOKS = REPO / ".pre-commit-hooks.yaml"

needs_tools = pytest.mark.skipif(shutil.which("pre-commit") is None or shutil.which("git") is None
                                 or shutil.which("toolkit") is None,
                                 reason="needs git, pre-commit and toolkit on PATH")


def hook() -> dict:
    hooks = yaml.safe_load(HOOKS.read_text(encoding="utf-8"))
    assert isinstance(hooks, list)
    return next(h for h in hooks if h["id"] == "toolkit-verify")


def test_hook_definition():
    spec = hook()
    assert spec["entry"] == "toolkit verify"
    assert spec["language"] == "python"
    assert spec["require_serial"] is True
    assert spec.get("pass_filenames", True) is True
    files = re.compile(spec["files"])
    for name in ("articles/a/article.yaml", "corpora/articles/a/ko.txt", "articles/a/en.txt",
                 "toolkit.yaml", "corpora/glossary.yaml", "glossary.csv"):
        assert files.search(name), name
    for name in ("README.md", "articles/a/snapshots/translated.en.txt", "docs/ko.txt.md",
                 "articles/a/notes.yaml"):
        assert not files.search(name), name


def _env(home: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(GIT_AUTHOR_NAME="Desk", GIT_AUTHOR_EMAIL="desk@example.org",
               GIT_COMMITTER_NAME="Desk", GIT_COMMITTER_EMAIL="desk@example.org",
               HOME=str(home), PRE_COMMIT_HOME=str(home / "pre-commit"))
    return env


def _sh(cwd: Path, env: dict[str, str], *args: str, ok: bool = True) -> subprocess.CompletedProcess:
    done = subprocess.run(list(args), cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=300)
    if ok:
        assert done.returncode == 0, done.stdout + done.stderr
    return done


def _repo(tmp_path: Path, config: str) -> tuple[Path, dict[str, str]]:
    """A corpus repository with the hook installed and the corpus committed once."""
    repo = write_corpus(tmp_path / "desk")
    env = _env(tmp_path)
    (repo / ".pre-commit-config.yaml").write_text(config, encoding="utf-8")
    _sh(repo, env, "git", "init", "-q", "-b", "main")
    _sh(repo, env, "git", "add", ".")
    _sh(repo, env, "git", "commit", "-q", "--no-verify", "-m", "corpus")
    return repo, env


@needs_tools
def test_hook_passes_a_clean_commit_and_blocks_a_planted_error(tmp_path):
    # `language: system` runs the toolkit on PATH with the hook's own entry and file filter,
    # so this exercises what the published hook does without installing it from PyPI.
    spec = hook()
    config = yaml.safe_dump({"repos": [{"repo": "local", "hooks": [{
        "id": spec["id"], "name": spec["name"], "entry": spec["entry"], "language": "system",
        "files": spec["files"], "require_serial": spec["require_serial"]}]}]})
    repo, env = _repo(tmp_path, config)
    _sh(repo, env, "pre-commit", "install")

    article = repo / "articles" / IDS[0]
    (article / "en.txt").write_text(EN.replace("rose sharply", "climbed steeply"), encoding="utf-8")
    _sh(repo, env, "git", "add", ".")
    clean = _sh(repo, env, "git", "commit", "-q", "-m", "clean edit", ok=False)
    assert clean.returncode == 0, clean.stdout + clean.stderr

    (article / "en.txt").write_text(EN.replace("Hyesan,", "혜산,"), encoding="utf-8")
    _sh(repo, env, "git", "add", ".")
    blocked = _sh(repo, env, "git", "commit", "-q", "-m", "planted error", ok=False)
    assert blocked.returncode != 0
    assert "H001" in blocked.stdout + blocked.stderr
    assert "planted error" not in _sh(repo, env, "git", "log", "--format=%s").stdout


@pytest.mark.slow
@needs_tools
def test_try_repo_installs_and_runs_the_published_hook(tmp_path):
    # pre-commit clones this repository and pip-installs it with its dependencies: slow,
    # and it needs PyPI; run with `-m slow`.
    repo, env = _repo(tmp_path, "repos: []\n")
    article = repo / "articles" / IDS[0]
    (article / "en.txt").write_text(EN.replace("Hyesan,", "혜산,"), encoding="utf-8")
    blocked = _sh(repo, env, "pre-commit", "try-repo", str(REPO), "toolkit-verify", "--files",
                  str(article / "en.txt"), ok=False)
    assert blocked.returncode == 1, blocked.stdout + blocked.stderr
    assert "H001" in blocked.stdout
    (article / "en.txt").write_text(EN, encoding="utf-8")
    passed = _sh(repo, env, "pre-commit", "try-repo", str(REPO), "toolkit-verify", "--files",
                 str(article / "en.txt"), ok=False)
    assert passed.returncode == 0, passed.stdout + passed.stderr
