"""init, add, list, show through the CLI, and every bad-input case of the foundation."""

from __future__ import annotations

import json

import pytest

from tests.conftest import EN_BODY, KO_BODY, RAW_EN, RAW_KO, tree_digest

ARTICLE = "2026-10-14-hyesan-families"


def test_version_and_help(invoke):
    assert invoke("--version").stdout.startswith("toolkit, version")
    result = invoke("--help")
    for command in ("init", "add", "list", "show"):
        assert command in result.stdout


@pytest.mark.parametrize("command", ["init", "add", "list", "show"])
def test_help_ends_with_examples(invoke, command):
    out = invoke(command, "--help").stdout
    assert "Examples:" in out and out.index("Examples:") > out.index("Usage:")


def test_round_trip_add_list_show(corpus_dir, invoke):
    result = invoke("list", corpus_dir, "--format", "json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["schema"] == "toolkit.list/1"
    (record,) = data["articles"]
    assert record["id"] == ARTICLE
    assert record["paragraphs"] == {"ko": 5, "en": 5}
    assert record["stage"] == "new"

    table = invoke("list", "--corpus", corpus_dir)
    assert ARTICLE in table.stdout and "article(s)" in table.stderr

    shown = invoke("show", ARTICLE, "--corpus", corpus_dir, "--width", "120")
    assert shown.exit_code == 0
    assert "혜산시에서" in shown.stdout and "Hyesan, Ryanggang" in shown.stdout
    as_json = json.loads(invoke("show", ARTICLE, "--corpus", corpus_dir, "--format", "json").stdout)
    ko_ids = [p["id"] for u in as_json["units"] for p in u["ko"]]
    en_ids = [p["id"] for u in as_json["units"] for p in u["en"]]
    assert ko_ids == ["k1", "k2", "k3", "k4", "k5"] and en_ids == ["e1", "e2", "e3", "e4", "e5"]


def test_add_raw_copy_recognises_byline_credits_footer(tmp_path, invoke):
    root = tmp_path / "desk"
    invoke("init", root)
    (tmp_path / "ko.txt").write_text(RAW_KO, encoding="utf-8")
    (tmp_path / "en.txt").write_text(RAW_EN, encoding="utf-8")
    result = invoke("add", "2026-10-14-raw", "--ko", tmp_path / "ko.txt", "--en", tmp_path / "en.txt",
                    "--corpus", root, "--format", "json")
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["stage"] == "edited"  # the capture credits a translator and an editor
    assert report["paragraphs"] == {"ko": 2, "en": 2}
    assert any("credit: editor Paul Whitmore" in note for note in report["recognised"]["en"])
    meta = (root / "articles" / "2026-10-14-raw" / "article.yaml").read_text(encoding="utf-8")
    assert "author: 강미진" in meta and "2026-10-14T16:07:00+09:00" in meta
    assert "Jiyoon Han" in meta
    en = (root / "articles" / "2026-10-14-raw" / "en.txt").read_text(encoding="utf-8")
    assert "Translated by" not in en and "Read in Korean" not in en and "removed" not in en
    ko = (root / "articles" / "2026-10-14-raw" / "ko.txt").read_text(encoding="utf-8")
    assert "저작권자" not in ko and "영문으로" not in ko


def test_add_refuses_existing_id(corpus_dir, invoke, tmp_path):
    (tmp_path / "k.txt").write_text(KO_BODY, encoding="utf-8")
    before = tree_digest(corpus_dir)
    result = invoke("add", ARTICLE, "--ko", tmp_path / "k.txt", "--corpus", corpus_dir)
    assert result.exit_code == 2 and "exists already" in result.stderr
    assert tree_digest(corpus_dir) == before


BAD_FILES = {
    "bom": ("\ufeff" + KO_BODY).encode(),
    "crlf": KO_BODY.replace("\n", "\r\n").encode(),
    "cp949": KO_BODY.encode("cp949"),
    "invalid-utf8": KO_BODY.encode()[:40] + b"\xc3\x28" + KO_BODY.encode()[40:],
    "empty": b"",
}


@pytest.mark.parametrize("case", sorted(BAD_FILES))
def test_add_bad_encodings_exit_2_and_change_nothing(corpus_dir, invoke, tmp_path, case):
    bad = tmp_path / f"{case}.txt"
    bad.write_bytes(BAD_FILES[case])
    (tmp_path / "en-ok.txt").write_text(EN_BODY, encoding="utf-8")
    before = tree_digest(corpus_dir)
    result = invoke("add", "2026-10-20-new", "--ko", bad, "--en", tmp_path / "en-ok.txt",
                    "--corpus", corpus_dir)
    assert result.exit_code == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and str(bad) in lines[0] and "Traceback" not in result.stderr
    assert tree_digest(corpus_dir) == before


@pytest.mark.parametrize("bad_id", ["../escape", "a/b", "has space", ".hidden"])
def test_add_path_like_ids(corpus_dir, invoke, tmp_path, bad_id):
    (tmp_path / "k.txt").write_text(KO_BODY, encoding="utf-8")
    before = tree_digest(tmp_path)
    result = invoke("add", bad_id, "--ko", tmp_path / "k.txt", "--corpus", corpus_dir)
    assert result.exit_code == 2 and "not a safe folder name" in result.stderr
    assert tree_digest(tmp_path) == before


METADATA_DAMAGE = {
    "malformed": lambda s: s.replace("title:", "title: {oops"),
    "unknown-key": lambda s: s + "reviewer: Park\n",
    "unknown-stage": lambda s: s.replace("stage: new", "stage: proofing"),
    "bom": lambda s: "\ufeff" + s,
    "crlf": lambda s: s.replace("\n", "\r\n"),
}


@pytest.mark.parametrize("case", sorted(METADATA_DAMAGE))
@pytest.mark.parametrize("command", [["list"], ["show", ARTICLE]])
def test_damaged_metadata_is_reported_with_file_and_line(corpus_dir, invoke, case, command):
    meta = corpus_dir / "articles" / ARTICLE / "article.yaml"
    meta.write_text(METADATA_DAMAGE[case](meta.read_text(encoding="utf-8")), encoding="utf-8", newline="")
    before = tree_digest(corpus_dir)
    result = invoke(*command, "--corpus", corpus_dir)
    assert result.exit_code == 2
    message = result.stderr.strip()
    assert "\n" not in message and f"{meta}:" in message
    assert tree_digest(corpus_dir) == before


@pytest.mark.parametrize("damage", ["missing", "cp949", "empty"])
def test_damaged_text_files(corpus_dir, invoke, damage):
    ko = corpus_dir / "articles" / ARTICLE / "ko.txt"
    if damage == "missing":
        ko.unlink()
    elif damage == "cp949":
        ko.write_bytes(KO_BODY.encode("cp949"))
    else:
        ko.write_bytes(b"")
    before = tree_digest(corpus_dir)
    result = invoke("list", "--corpus", corpus_dir)
    assert result.exit_code == 2 and "ko.txt" in result.stderr
    assert tree_digest(corpus_dir) == before


def test_malformed_settings(corpus_dir, invoke):
    settings = corpus_dir / "toolkit.yaml"
    settings.write_text("toolkit: 1\nworkflow: [unclosed\n", encoding="utf-8")
    result = invoke("list", "--corpus", corpus_dir)
    assert result.exit_code == 2 and "toolkit.yaml:" in result.stderr


def test_no_corpus_found(tmp_path, invoke, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = invoke("list")
    assert result.exit_code == 2 and "toolkit.yaml" in result.stderr


def test_init_refuses_existing_corpus(corpus_dir, invoke):
    before = tree_digest(corpus_dir)
    assert invoke("init", corpus_dir).exit_code == 2
    assert tree_digest(corpus_dir) == before


def test_debug_shows_traceback_for_internal_errors(corpus_dir, runner, monkeypatch):
    from toolkit.cli import cli
    import toolkit.corpus

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(toolkit.corpus.Corpus, "articles", broken)
    quiet = runner.invoke(cli, ["list", "--corpus", str(corpus_dir)])
    assert quiet.exit_code == 2 and "internal error: RuntimeError: boom" in quiet.stderr
    loud = runner.invoke(cli, ["--debug", "list", "--corpus", str(corpus_dir)])
    assert isinstance(loud.exception, RuntimeError)
