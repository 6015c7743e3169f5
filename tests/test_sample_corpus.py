"""The shipped sample corpus: what the README and the issues promise about it."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from tests.conftest import SAMPLE_CORPUS, tree_digest


@pytest.fixture
def sample(tmp_path):
    """A private copy of the sample corpus, so that tests may write to it."""
    copy = tmp_path / "corpora"
    shutil.copytree(SAMPLE_CORPUS, copy)
    return copy


def test_list_json_shows_stages_and_credits(invoke):
    data = json.loads(invoke("list", SAMPLE_CORPUS, "--format", "json").stdout)
    articles = {a["id"]: a for a in data["articles"]}
    assert len(articles) >= 6
    assert len({a["stage"] for a in articles.values()}) >= 4
    published = [a for a in articles.values() if a["stage"] == "published"]
    assert published and all(a["translator"] and a["editor"] for a in published)
    assert all(a["alignment"]["present"] and not a["alignment"]["stale"]
               for a in articles.values() if a["paragraphs"]["en"])
    for article in articles.values():
        assert 8 <= article["paragraphs"]["ko"] <= 20


@pytest.mark.parametrize("fmt", ["po", "tmx"])
def test_export_import_round_trip_is_byte_identical(sample, invoke, tmp_path, fmt):
    before = tree_digest(sample)
    out = tmp_path / ("po" if fmt == "po" else "corpus.tmx")
    result = invoke("export", "--all", "--format", fmt, "--out", out, "--corpus", sample)
    assert result.exit_code == 0, result.stderr
    files = sorted(out.glob("*.po")) if fmt == "po" else [out]
    assert invoke("import", *files, "--corpus", sample).exit_code == 0
    assert tree_digest(sample) == before
    if fmt == "po" and shutil.which("msgfmt"):
        for po in files:
            check = subprocess.run(["msgfmt", "-c", "-o", "/dev/null", str(po)], capture_output=True,
                                   text=True)
            assert check.returncode == 0, check.stderr


def test_translator_edit_in_po_comes_back(sample, invoke, tmp_path):
    from toolkit.interchange.po import parse_po_text

    article = "2026-11-04-rodong-sinmun-self-reliance-campaign"
    invoke("export", article, "--format", "po", "--out", tmp_path, "--corpus", sample)
    po_path = tmp_path / f"{article}.po"
    po = parse_po_text(po_path.read_text(encoding="utf-8"))
    entry = next(e for e in po if e.msgctxt == "k1")
    entry.msgstr = entry.msgstr.replace("Rodong Sinmun", "the Rodong Sinmun", 1)
    po_path.write_text(str(po), encoding="utf-8")
    before = tree_digest(sample)
    result = invoke("import", po_path, "--corpus", sample, "--format", "json")
    assert result.exit_code == 0, result.stderr
    after = tree_digest(sample)
    changed = {name for name in after if before.get(name) != after[name]}
    assert changed == {f"articles/{article}/en.txt", f"articles/{article}/article.yaml"}
    assert "the Rodong Sinmun" in (sample / "articles" / article / "en.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize("fmt", ["tbx", "tbx2", "csv", "tsv"])
def test_glossary_exports_and_reimports_unchanged(sample, invoke, tmp_path, fmt):
    """The hand-written glossary.yaml is re-serialised on import (its comments go), but
    every entry comes back equal and a second export is byte-identical to the first."""
    from toolkit.terms import load_glossary

    glossary = sample / "glossary.yaml"
    before = load_glossary(glossary).terms
    out = tmp_path / f"glossary.{'tbx' if fmt.startswith('tbx') else fmt}"
    assert invoke("terms", "export", "--format", fmt, "--out", out, "--corpus", sample).exit_code == 0
    result = invoke("terms", "import", out, "--replace", "--corpus", sample)
    assert result.exit_code == 0, result.stderr
    assert load_glossary(glossary).terms == before
    again = tmp_path / f"again.{out.suffix.lstrip('.')}"
    assert invoke("terms", "export", "--format", fmt, "--out", again, "--corpus", sample).exit_code == 0
    assert again.read_bytes() == out.read_bytes()


def test_tbx_and_csv_glossaries_give_identical_findings(sample, invoke, tmp_path):
    tbx, csv = tmp_path / "glossary.tbx", tmp_path / "glossary.csv"
    assert invoke("terms", "export", "--format", "tbx", "--out", tbx, "--corpus", sample).exit_code == 0
    assert invoke("terms", "export", "--format", "csv", "--out", csv, "--corpus", sample).exit_code == 0
    # Without the corpus glossary, the terms can only come from the file given.
    (sample / "glossary.yaml").write_text("terms: []\n", encoding="utf-8")
    runs = {}
    for path in (tbx, csv):
        result = invoke("check", "--corpus", sample, "--glossary", path, "--format", "json",
                        "--jobs", "1")
        assert result.exit_code == 1, result.stderr
        runs[path.suffix] = json.loads(result.stdout)["findings"]
    assert runs[".tbx"] == runs[".csv"]
    codes = {f["code"] for f in runs[".tbx"]}
    assert {"T001", "T002"} <= codes
