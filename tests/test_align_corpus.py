"""The corpus side of alignment (storage, pins, staleness, units) and the `align` command."""

from __future__ import annotations

import json

import pytest

from tests.conftest import EN_BODY, KO_BODY, tree_digest
from tests.test_align import EN, KO
from toolkit.align import (ALIGNER_VERSION, align_article, alignment_state, article_units,
                           paragraph_anchors, pin_link, unpin_links)
from toolkit.corpus import Corpus
from toolkit.errors import InputError
from toolkit.terms import Glossary, TermMatcher, make_term

ARTICLE = "2026-10-14-hyesan-families"


def load(root):
    return Corpus(root).load(ARTICLE)


def test_glossary_terms_match_with_particles():
    glossary = Glossary([make_term(ko="김정은", en="Kim Jong Un", kind="person",
                                   forbidden=["Kim Jong-un"]),
                         make_term(ko="노동당", en="Workers' Party of Korea", kind="organisation")])
    matcher = TermMatcher(glossary)
    key = ("t", "김정은")
    for ko in ("김정은의 현지지도 소식이 전해졌다.", "김정은이 공장을 찾았다.", "노동당 회의에서 김정은은 연설했다."):
        assert key in paragraph_anchors(ko, "ko", matcher=matcher)
    assert key in paragraph_anchors("Kim Jong Un's visit to the factory", "en", matcher=matcher)
    # A house-style slip still anchors the paragraph.
    assert key in paragraph_anchors("Kim Jong-un visited the factory.", "en", matcher=matcher)
    assert key not in paragraph_anchors("김정은혜 씨가 증언했다.", "ko", matcher=matcher)


def test_align_article_stores_links_by_id_with_digests(corpus_dir):
    article = load(corpus_dir)
    assert alignment_state(article).present is False
    alignment = align_article(article)
    assert [(link.ko, link.en) for link in alignment.links] == [
        (("k1",), ("e1",)), (("k2",), ("e2",)), (("k3",), ("e3",)), (("k4",), ("e4",)),
        (("k5",), ("e5",))]
    assert alignment.method.startswith(ALIGNER_VERSION + " ")
    assert alignment.created[-6] in "+-"  # ISO time with a zone offset
    article.alignment = alignment
    state = alignment_state(article)
    assert (state.present, state.is_stale, state.aligned, state.total) == (True, False, 10, 10)


def test_editing_a_paragraph_makes_its_link_stale(corpus_dir, invoke):
    assert invoke("align", ARTICLE, "--corpus", corpus_dir).exit_code == 0
    en_path = corpus_dir / "articles" / ARTICLE / "en.txt"
    en_path.write_text(EN_BODY.replace("40 households", "45 households"), encoding="utf-8")
    article = load(corpus_dir)
    state = alignment_state(article)
    assert state.is_stale and state.stale_links == 1
    assert state.aligned == 8 and state.total == 10
    units = article_units(article)
    assert [u.stale for u in units] == [False, False, True, False, False]
    check = invoke("align", "--check", "--corpus", corpus_dir)
    assert check.exit_code == 1 and ARTICLE in check.stdout
    assert invoke("align", "--corpus", corpus_dir).exit_code == 0
    assert invoke("align", "--check", "--corpus", corpus_dir).exit_code == 0


def test_deleted_paragraph_leaves_a_stale_link_and_units_still_cover_the_texts(corpus_dir, invoke):
    invoke("align", ARTICLE, "--corpus", corpus_dir)
    ko_path = corpus_dir / "articles" / ARTICLE / "ko.txt"
    paragraphs = KO_BODY.strip().split("\n\n")
    ko_path.write_text("\n\n".join(paragraphs[:2] + paragraphs[3:]) + "\n", encoding="utf-8")
    article = load(corpus_dir)
    state = alignment_state(article)
    assert state.stale_links == 1 and state.is_stale
    units = article_units(article)
    assert [p.id for u in units for p in u.ko] == [p.id for p in article.ko]
    assert [p.id for u in units for p in u.en] == [p.id for p in article.en]


def test_pin_keeps_the_link_and_realigns_around_it(corpus_dir, invoke):
    result = invoke("align", ARTICLE, "--corpus", corpus_dir, "--pin", "k3,k4=e3", "--format", "json")
    assert result.exit_code == 0, result.stderr
    record = json.loads(result.stdout)["articles"][0]
    links = [(tuple(x["ko"]), tuple(x["en"]), x["pinned"]) for x in record["links"]]
    assert (("k3", "k4"), ("e3",), True) in links
    assert [i for link in links for i in link[0]] == ["k1", "k2", "k3", "k4", "k5"]
    assert [i for link in links for i in link[1]] == ["e1", "e2", "e3", "e4", "e5"]
    # A plain re-alignment keeps the pin.
    article = load(corpus_dir)
    again = align_article(article)
    assert any(link.pinned and link.ko == ("k3", "k4") for link in again.links)
    # Unpinning lets the aligner decide again.
    article.alignment = again
    freed = unpin_links(article, ["k3"])
    assert not any(link.pinned for link in freed.links)
    assert (("k3",), ("e3",)) in [(link.ko, link.en) for link in freed.links]


def test_pin_a_dropped_paragraph(corpus_dir):
    article = load(corpus_dir)
    alignment = pin_link(article, ["k5"], [])
    assert (("k5",), (), True) in [(link.ko, link.en, link.pinned) for link in alignment.links]
    assert alignment_state(article).present is False  # pin_link does not modify the article


@pytest.mark.parametrize("pin", ["k9=e1", "k1,k3=e1", "k1", "=", "k1=e1,e9"])
def test_bad_pin_is_refused_and_changes_nothing(corpus_dir, invoke, pin):
    before = tree_digest(corpus_dir)
    result = invoke("align", ARTICLE, "--corpus", corpus_dir, "--pin", pin)
    assert result.exit_code == 2
    assert result.stderr.startswith("toolkit: error:") and result.stdout == ""
    assert tree_digest(corpus_dir) == before


def test_unpin_of_unpinned_paragraph_is_refused(corpus_dir):
    with pytest.raises(InputError):
        unpin_links(load(corpus_dir), ["k1"])


def test_realigning_an_unchanged_article_writes_nothing(corpus_dir, invoke):
    invoke("align", "--corpus", corpus_dir)
    before = tree_digest(corpus_dir)
    result = invoke("align", "--corpus", corpus_dir)
    assert result.exit_code == 0 and "unchanged" in result.stderr
    assert tree_digest(corpus_dir) == before


def test_units_without_stored_alignment_or_english(corpus_dir, tmp_path, invoke):
    article = load(corpus_dir)
    units = article_units(article)
    assert len(units) == 5 and all(u.link is None and u.confidence is not None for u in units)
    ko = tmp_path / "only-ko.txt"
    ko.write_text(KO_BODY, encoding="utf-8")
    assert invoke("add", "2026-10-15-no-english", "--ko", ko, "--corpus", corpus_dir).exit_code == 0
    bare = Corpus(corpus_dir).load("2026-10-15-no-english")
    assert all(u.en == () for u in article_units(bare))
    refused = invoke("align", "2026-10-15-no-english", "--corpus", corpus_dir)
    assert refused.exit_code == 2


def test_standalone_json_schema(tmp_path, invoke):
    ko = tmp_path / "ko.txt"
    en = tmp_path / "en.txt"
    ko.write_text("\n\n".join(KO) + "\n", encoding="utf-8")
    # The translator merged paragraphs 3 and 4, dropped 6 and added a background paragraph.
    english = EN[:1] + ["Pyongyang has been barred by UN Security Council resolutions from any "
                        "ballistic missile activity since 2006."] + EN[1:2] + [EN[2] + " " + EN[3],
                                                                               EN[4], EN[6]]
    en.write_text("\n\n".join(english) + "\n", encoding="utf-8")
    result = invoke("align", "--ko", ko, "--en", en, "--format", "json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["schema"] == "toolkit.align/1"
    assert (data["ko_paragraphs"], data["en_paragraphs"]) == (7, 6)
    for link in data["links"]:
        assert set(link) == {"ko", "en", "confidence"}
        assert isinstance(link["confidence"], float)
    assert [i for link in data["links"] for i in link["ko"]] == list(range(7))
    assert [j for link in data["links"] for j in link["en"]] == list(range(6))
    shapes = [(link["ko"], link["en"]) for link in data["links"]]
    assert ([], [1]) in shapes and ([2, 3], [3]) in shapes and ([5], []) in shapes


def test_standalone_text_marks_omissions_side_by_side(tmp_path, invoke):
    ko = tmp_path / "ko.txt"
    en = tmp_path / "en.txt"
    ko.write_text("\n\n".join(KO) + "\n", encoding="utf-8")
    en.write_text("\n\n".join(EN[:5] + EN[6:]) + "\n", encoding="utf-8")
    result = invoke("align", "--ko", ko, "--en", en, "--width", "100")
    assert result.exit_code == 0
    assert "OMITTED in English" in result.stdout
    from toolkit.display import display_width

    assert max(display_width(line) for line in result.stdout.splitlines()) <= 100
    assert "1 omitted" in result.stderr


@pytest.mark.parametrize("args", [["--ko", "missing.txt", "--en", "missing.txt"],
                                  ["--ko", "x.txt"],
                                  ["--ko", "x.txt", "--en", "x.txt", "--pin", "k1=e1"]])
def test_standalone_usage_errors_exit_2(tmp_path, invoke, args):
    (tmp_path / "x.txt").write_text("북한\n", encoding="utf-8")
    result = invoke("align", *[str(tmp_path / a) if a.endswith(".txt") else a for a in args])
    assert result.exit_code == 2 and result.stdout == ""


def test_help_has_examples(invoke):
    out = invoke("align", "--help").stdout
    assert "Examples:" in out and "--pin" in out
