"""The corpus model: loading, validation, stable paragraph ids, saving."""

from __future__ import annotations

import pytest

from toolkit.config import load_settings
from toolkit.corpus import Corpus, assign_paragraph_ids, validate_id
from toolkit.errors import ConfigError, CorpusNotFound, InputError, InvalidId

ARTICLE = "2026-10-14-hyesan-families"


def test_loads_article(corpus_dir):
    article = Corpus(corpus_dir).load(ARTICLE)
    assert article.stage == "new"
    assert [p.id for p in article.ko] == ["k1", "k2", "k3", "k4", "k5"]
    assert article.en is not None and article.en[3].text == "A cycle of bribery"
    assert article.ko[1].line == 3
    assert article.title_en.startswith("Security agents")


def test_ids_survive_an_insertion_elsewhere(corpus_dir):
    corpus = Corpus(corpus_dir)
    article = corpus.load(ARTICLE)
    corpus.save(article)  # writes the paragraph table
    path = article.en_path
    paragraphs = path.read_text(encoding="utf-8").split("\n\n")
    paragraphs.insert(1, "Subheading added by the editor")
    paragraphs[3] = paragraphs[3].replace("More than 40", "Over 40")
    path.write_text("\n\n".join(paragraphs), encoding="utf-8")
    reloaded = corpus.load(ARTICLE)
    assert [p.id for p in reloaded.en] == ["e1", "e6", "e2", "e3", "e4", "e5"]
    assert reloaded.paragraph("e3").text.startswith("Over 40")


def test_assign_ids_never_reuses_a_referenced_id():
    stored = [("k1", "a"), ("k2", "b")]
    ids = assign_paragraph_ids(["x", "y", "z"], stored, "k", reserved=["k7"])
    assert ids[2] == "k8"


@pytest.mark.parametrize("bad", ["../x", "a/b", "with space", "", ".hidden", "a..b", "-x", "한글"])
def test_unsafe_ids_are_refused(bad):
    with pytest.raises(InvalidId):
        validate_id(bad)


def test_finds_corpus_walking_up(corpus_dir, monkeypatch):
    deep = corpus_dir / "articles" / ARTICLE
    monkeypatch.chdir(deep)
    assert Corpus.find().root.resolve() == corpus_dir.resolve()


def test_no_corpus(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(CorpusNotFound):
        Corpus.find()


def test_unknown_setting_names_line(corpus_dir):
    path = corpus_dir / "toolkit.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "colour: blue\n", encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_settings(corpus_dir)
    assert "colour" in str(info.value) and info.value.line == len(path.read_text().splitlines())


def test_custom_stages(corpus_dir):
    path = corpus_dir / "toolkit.yaml"
    text = path.read_text(encoding="utf-8").replace("  - edited\n", "  - edited\n  - proofread\n")
    path.write_text(text, encoding="utf-8")
    assert "proofread" in load_settings(corpus_dir).workflow.stages


@pytest.mark.parametrize("mutation, fragment", [
    (lambda s: s.replace("stage: new", "stage: proofing"), "unknown stage 'proofing'"),
    (lambda s: s + "reviewer: Park\n", "unknown key 'reviewer'"),
    (lambda s: s.replace("title:", "title: [oops"), "malformed YAML"),
    (lambda s: s.replace(f"id: {ARTICLE}", "id: another-id"), "does not match its folder"),
])
def test_bad_metadata(corpus_dir, mutation, fragment):
    meta = corpus_dir / "articles" / ARTICLE / "article.yaml"
    meta.write_text(mutation(meta.read_text(encoding="utf-8")), encoding="utf-8")
    with pytest.raises(InputError) as info:
        Corpus(corpus_dir).load(ARTICLE)
    assert fragment in str(info.value)
    assert "article.yaml" in str(info.value)
    assert info.value.line is not None


def test_missing_text_file(corpus_dir):
    (corpus_dir / "articles" / ARTICLE / "ko.txt").unlink()
    with pytest.raises(InputError, match="ko.txt: file not found"):
        Corpus(corpus_dir).load(ARTICLE)
