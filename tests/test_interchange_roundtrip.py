"""Property tests: corpus → PO/TMX → corpus leaves every file byte-identical."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from tests.conftest import tree_digest
from toolkit.config import default_settings_text
from toolkit.corpus import Corpus
from toolkit.interchange.po import export_po, import_po, parse_po_text
from toolkit.interchange.tmx import export_tmx, illegal_xml_characters, import_tmx
from toolkit.model import join_paragraphs, paragraph_digest, split_paragraphs

ARTICLE = "2026-10-20-jangmadang-prices"
# Hangul, Latin, quotes of both kinds, tab, backslash, emoji, and NUL-free C0/C1 controls
# (no CR: corpus files have LF line ends).
XML_SAFE = list("북한장마당쌀값이올랐다 Rice prices rose3만원.,") + [
    '"', "'", "“", "”", "‘", "’", "\t", "\\", "\n", "😀", "🇰", "🇷", "\x7f", "\x85", "\u2028",
    "#", "%", "&", "<", "]]>"[0]]
ALPHABET = st.sampled_from(XML_SAFE + ["\x01", "\x0b", "\x0c", "\x1b", "\x1f"])
PARAGRAPH = st.text(ALPHABET, min_size=1, max_size=40)
XML_PARAGRAPH = st.text(st.sampled_from(XML_SAFE + [">"]), min_size=1, max_size=40)


def canonical(raw: list[str]) -> list[str]:
    """Paragraph texts as the corpus loader would see them."""
    return [text for text, _ in split_paragraphs(join_paragraphs(raw))]


def make_corpus(root: Path, ko: list[str], en: list[str]) -> Corpus:
    root.mkdir(parents=True, exist_ok=True)
    (root / "toolkit.yaml").write_text(default_settings_text("desk"), encoding="utf-8")
    folder = root / "articles" / ARTICLE
    folder.mkdir(parents=True)
    (folder / "article.yaml").write_text(f"id: {ARTICLE}\nstage: translating\n", encoding="utf-8")
    (folder / "ko.txt").write_text(join_paragraphs(ko), encoding="utf-8")
    (folder / "en.txt").write_text(join_paragraphs(en), encoding="utf-8")
    corpus = Corpus(root)
    corpus.save(corpus.load(ARTICLE))  # canonical article.yaml with the paragraph table
    return corpus


def distinct(*sides: list[str]) -> bool:
    digests = [paragraph_digest(t) for side in sides for t in side]
    return len(set(digests)) == len(digests)


def retranslate(po_text: str, texts: dict[str, str]) -> str:
    """Set every entry's msgstr from the English ids in its toolkit note."""
    po = parse_po_text(po_text)
    for entry in po:
        note = dict(item.split("=", 1) for item in entry.comment.split() if "=" in item)
        ids = [i for i in note["en"].split(",") if i]
        entry.msgstr = "\n\n".join(texts[i] for i in ids)
    return str(po)


def three_sides(sides: tuple[list[str], list[str], list[str]]) -> tuple[list[str], ...]:
    """Korean, English and another English of the same length, all canonical and distinct."""
    ko, en, other = (canonical(side) for side in sides)
    assume(ko and en and len(other) >= len(en))
    other = other[:len(en)]
    assume(distinct(en, other) and distinct(ko))
    return ko, en, other


def retranslate_tmx(corpus: Corpus, tmx_path: Path, texts: dict[str, str]) -> None:
    """Import the TMX file with each unit's English replaced by `texts` (by paragraph id),
    as a CAT tool that rewrote every segment would give it back."""
    from toolkit.interchange.po import plan_import
    from toolkit.interchange.tmx import read_tmx_units

    units, header = read_tmx_units(tmx_path)[ARTICLE]
    for unit in units:
        unit.en_text = "\n\n".join(texts[i] for i in unit.en_ids)
    plan_import(corpus, ARTICLE, units, tmx_path, header).commit(corpus)


SIDES = st.tuples(st.lists(PARAGRAPH, min_size=1, max_size=4),
                  st.lists(PARAGRAPH, min_size=1, max_size=4),
                  st.lists(PARAGRAPH, min_size=4, max_size=4))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(SIDES)
def test_po_round_trip_is_byte_identical(sides):
    ko, en, other = three_sides(sides)
    with tempfile.TemporaryDirectory() as tmp:
        corpus = make_corpus(Path(tmp) / "desk", ko, en)
        original = tree_digest(corpus.root)
        po_path = Path(tmp) / "a.po"
        exported = export_po(corpus.load(ARTICLE), corpus.settings)
        po_path.write_text(exported, encoding="utf-8")
        assert not import_po(corpus, po_path).has_changes
        assert tree_digest(corpus.root) == original
        # translate everything to other texts, then back: the files are as they were
        ids = [p.id for p in corpus.load(ARTICLE).en]
        po_path.write_text(retranslate(exported, dict(zip(ids, other))), encoding="utf-8")
        assert import_po(corpus, po_path).written
        assert [p.text for p in corpus.load(ARTICLE).en] == other
        po_path.write_text(retranslate(export_po(corpus.load(ARTICLE), corpus.settings),
                                       dict(zip(ids, en))), encoding="utf-8")
        import_po(corpus, po_path)
        assert tree_digest(corpus.root) == original


XML_SIDES = st.tuples(st.lists(XML_PARAGRAPH, min_size=1, max_size=4),
                     st.lists(XML_PARAGRAPH, min_size=1, max_size=4),
                     st.lists(XML_PARAGRAPH, min_size=4, max_size=4))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(XML_SIDES)
def test_tmx_round_trip_is_byte_identical(sides):
    ko, en, other = three_sides(sides)
    with tempfile.TemporaryDirectory() as tmp:
        corpus = make_corpus(Path(tmp) / "desk", ko, en)
        original = tree_digest(corpus.root)
        tmx_path = Path(tmp) / "a.tmx"
        exported = export_tmx([corpus.load(ARTICLE)], corpus.settings)
        tmx_path.write_text(exported, encoding="utf-8")
        assert not any(r.has_changes for r in import_tmx(corpus, tmx_path))
        assert tree_digest(corpus.root) == original
        ids = [p.id for p in corpus.load(ARTICLE).en]
        # translate everything to other texts, then back: the files are as they were
        retranslate_tmx(corpus, tmx_path, dict(zip(ids, other)))
        assert [p.text for p in corpus.load(ARTICLE).en] == other
        tmx_path.write_text(export_tmx([corpus.load(ARTICLE)], corpus.settings), encoding="utf-8")
        retranslate_tmx(corpus, tmx_path, dict(zip(ids, en)))
        assert tree_digest(corpus.root) == original


@settings(max_examples=30, deadline=None)
@given(st.text(ALPHABET, min_size=1, max_size=60))
def test_tmx_escaping_survives_a_parse(text):
    from toolkit.interchange.tmx import _attr, _text

    assume(not illegal_xml_characters(text))
    import xml.etree.ElementTree as ET

    root = ET.fromstring(f'<x a="{_attr(text)}">{_text(text)}</x>')
    assert root.text == text and root.get("a") == text
