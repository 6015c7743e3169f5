"""PO reading (any Korean PO project) and the lossless article ⇄ PO exchange."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import tree_digest
from toolkit.corpus import Corpus
from toolkit.errors import InputError
from toolkit.interchange.po import (
    export_po,
    import_po,
    iter_po_files,
    parse_po_text,
    parse_unit_key,
    parse_waiver_comment,
    read_po_document,
    unit_key,
)
from toolkit.model import Alignment, Link, Waiver, link_digest

FIXTURES = Path(__file__).parent / "fixtures" / "po"
ARTICLE = "2026-10-14-hyesan-families"
MSGFMT = shutil.which("msgfmt")


def msgfmt_check(path: Path) -> None:
    if MSGFMT is None:
        pytest.skip("msgfmt (GNU gettext) is not installed")
    result = subprocess.run([MSGFMT, "-c", "-o", "/dev/null", str(path)], capture_output=True,
                            text=True)
    assert result.returncode == 0, result.stderr


def export_to(corpus_dir: Path, tmp_path: Path, article_id: str = ARTICLE) -> Path:
    corpus = Corpus(corpus_dir)
    path = tmp_path / f"{article_id}.po"
    path.write_text(export_po(corpus.load(article_id), corpus.settings), encoding="utf-8")
    return path


def edit_po(path: Path, edits: dict[str, str]) -> None:
    po = parse_po_text(path.read_text(encoding="utf-8"))
    for entry in po:
        if entry.msgctxt in edits:
            entry.msgstr = edits[entry.msgctxt]
    path.write_text(str(po), encoding="utf-8")


# -- reading PO projects ---------------------------------------------------------------------

def test_read_weblate_style_korean_source():
    doc = read_po_document(FIXTURES / "weblate-korean-source.po")
    assert doc.kind == "po"
    ids = [u.ko[0].id for u in doc.units]
    # unique msgctxt is the id; a repeated one ("button") falls back to the msgid line
    assert ids[0] == "menu"
    assert ids[1].startswith("po:") and ids[2].startswith("po:") and ids[1] != ids[2]
    plural = doc.units[3]
    assert plural.ko_text.startswith("%(count)d건의") and plural.en_text.startswith("%(count)d article ")
    text = (FIXTURES / "weblate-korean-source.po").read_text(encoding="utf-8").split("\n")
    assert text[plural.en[0].line - 1].startswith("msgstr[0]")
    assert text[plural.ko[0].line - 1].startswith("msgid ")
    untranslated = doc.units[-1]
    assert untranslated.ko_text == "번역자를 지정하십시오." and untranslated.en == ()
    assert len(doc.units) == 6  # the obsolete entry is not a unit
    assert doc.fuzzy == {doc.units[4].ko[0].id}
    (waiver,) = doc.waivers
    assert waiver.code == "H001" and waiver.by == "Paul Whitmore" and waiver.paragraph == plural.en[0].id


def test_read_english_source_with_swap():
    doc = read_po_document(FIXTURES / "english-source.po", swap=True)
    assert [u.ko_text for u in doc.units] == ["데스크 업무 방식",
                                              "모든 기사는 영문 사이트에 게재되기 전에 번역, 편집, 검수를 거친다."]
    assert doc.units[1].en_text.startswith("Every article is translated")
    lines = (FIXTURES / "english-source.po").read_text(encoding="utf-8").split("\n")
    assert lines[doc.units[1].en[0].line - 1].startswith("msgid")
    assert lines[doc.units[1].ko[0].line - 1].startswith("msgstr")


def test_iter_po_files(tmp_path):
    (tmp_path / "a" / "b").mkdir(parents=True)
    for name in ("a/b/z.po", "a/y.po", "x.po", "notes.txt"):
        (tmp_path / name).write_text("", encoding="utf-8")
    assert [p.relative_to(tmp_path).as_posix() for p in iter_po_files(tmp_path)] == \
        ["a/b/z.po", "a/y.po", "x.po"]
    assert iter_po_files(tmp_path / "x.po") == [tmp_path / "x.po"]


HEADER = ('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset={charset}\\n"\n\n'
          'msgctxt "k1"\nmsgid "북한 당국이 감시를 강화했다."\nmsgstr "North Korea tightened surveillance."\n')


@pytest.mark.parametrize("name, data, line, words", [
    ("truncated", HEADER.format(charset="UTF-8")[:-12].encode(), 7, "truncated"),
    ("no-msgstr", HEADER.format(charset="UTF-8").rsplit("msgstr", 1)[0].encode(), 6, "no msgstr"),
    ("euc-kr-header", HEADER.format(charset="EUC-KR").encode(), 3, "charset=EUC-KR"),
    ("charset-placeholder", HEADER.format(charset="CHARSET").encode(), 3, "charset=CHARSET"),
    ("euc-kr-bytes", HEADER.format(charset="UTF-8").encode("cp949"), 6, "CP949"),
    ("euc-kr-both", HEADER.format(charset="EUC-KR").encode("cp949"), 3, "msgconv"),
    ("bad-quote", b'msgid "a"b"\nmsgstr ""\n', 1, "malformed"),
    ("garbage", b"hello world\n", 1, "not PO syntax"),
    ("bad-waiver", ('# toolkit: ignore[N001] no author given\n' + HEADER.format(charset="UTF-8")
                    .split("\n\n", 1)[1]).encode(), 1, "malformed waiver"),
])
def test_bad_po_is_an_input_error_with_line(tmp_path, name, data, line, words):
    path = tmp_path / f"{name}.po"
    path.write_bytes(data)
    with pytest.raises(InputError) as info:
        read_po_document(path)
    assert info.value.path == str(path) and info.value.line == line
    assert words in info.value.message


def test_waiver_comment_forms():
    (w,) = parse_waiver_comment("toolkit: ignore[N001] rounded in the source (by Paul Whitmore, 2026-10-15)", "e2")
    assert w == Waiver("N001", "e2", "rounded in the source", "Paul Whitmore", "2026-10-15")
    a, b = parse_waiver_comment("toolkit: ignore[Q001,Q002@e4] quote runs on (by 김영희)", "e3")
    assert (a.code, a.paragraph, b.code, b.paragraph, a.date) == ("Q001", "e4", "Q002", "e4", None)
    assert parse_waiver_comment("a translator's own note", "e1") == []


def test_unit_keys_round_trip():
    assert unit_key(("k3", "k4"), ("e3",)) == "k3+k4"
    assert unit_key((), ("e5",)) == "+e5"
    assert parse_unit_key("k3+k4") == (("k3", "k4"), ())
    assert parse_unit_key("+e5+e6") == ((), ("e5", "e6"))
    with pytest.raises(InputError):
        parse_unit_key("menu")


# -- export --------------------------------------------------------------------------------------

def test_export_header_entries_and_msgfmt(corpus_dir, tmp_path):
    path = export_to(corpus_dir, tmp_path)
    msgfmt_check(path)
    po = parse_po_text(path.read_text(encoding="utf-8"))
    meta = po.metadata
    assert meta["Language"] == "en" and meta["X-Source-Language"] == "ko"
    assert meta["Project-Id-Version"] == ARTICLE and meta["X-Toolkit-Article"] == ARTICLE
    assert meta["X-Stage"] == "new" and "charset=UTF-8" in meta["Content-Type"]
    assert [e.msgctxt for e in po] == ["k1", "k2", "k3", "k4", "k5"]
    assert po[1].msgid.startswith("양강도 소식통은") and po[1].msgstr.startswith("“Security agents")
    # stage "new" is before the translator's sign-off: the English is a draft
    assert all(e.fuzzy for e in po)
    assert po[0].comment.startswith("toolkit: ko=k1 en=e1 link=1-1")


def test_export_credits_and_signed_off_stage(corpus_dir, tmp_path):
    corpus = Corpus(corpus_dir)
    article = corpus.load(ARTICLE)
    from toolkit.model import Credit

    article.stage = "edited"
    article.history = []
    article.credits = [Credit("translator", "Jiyoon Han", "2026-10-14T15:00:00+09:00"),
                       Credit("editor", "Paul Whitmore", "2026-10-16")]
    article.waivers = [Waiver("N001", "e2", "the source rounds the fine", "Paul Whitmore", "2026-10-16"),
                       Waiver("W001", None, "wire copy, no byline", "Paul Whitmore")]
    corpus.save(article)
    path = export_to(corpus_dir, tmp_path)
    msgfmt_check(path)
    text = path.read_text(encoding="utf-8")
    assert "# toolkit: ignore[N001] the source rounds the fine (by Paul Whitmore,\n# 2026-10-16)" in text
    assert text.startswith(f"# {ARTICLE}: ") and "# toolkit: ignore[W001] wire copy" in text
    po = parse_po_text(text)
    assert po.metadata["Last-Translator"] == "Jiyoon Han" and po.metadata["X-Editor"] == "Paul Whitmore"
    assert po.metadata["PO-Revision-Date"] == "2026-10-16 00:00+0900"
    assert not any(e.fuzzy for e in po)
    doc = read_po_document(path)
    assert {(w.code, w.paragraph) for w in doc.waivers} == {("N001", "k2"), ("W001", None)}


# -- import --------------------------------------------------------------------------------------

def test_unchanged_export_imports_as_no_change(corpus_dir, tmp_path):
    path = export_to(corpus_dir, tmp_path)
    before = tree_digest(corpus_dir)
    report = import_po(Corpus(corpus_dir), path)
    assert not report.has_changes and not report.written and report.units == 5
    assert tree_digest(corpus_dir) == before


def test_import_updates_english_and_splits_paragraphs(corpus_dir, tmp_path):
    path = export_to(corpus_dir, tmp_path)
    edit_po(path, {"k3": "Since January, more than 40 households in Hyesan alone have been caught.",
                   "k5": "Border guards, too, take money from smugglers.\n\nSome collect a monthly fee."})
    corpus = Corpus(corpus_dir)
    report = import_po(corpus, path)
    assert report.written and [c.key for c in report.changed] == ["k3", "k5"]
    assert report.added == ["e6"] and report.removed == []
    article = corpus.load(ARTICLE)
    assert [p.id for p in article.en] == ["e1", "e2", "e3", "e4", "e5", "e6"]
    assert article.paragraph("e3").text.startswith("Since January")
    assert article.paragraph("e6").text == "Some collect a monthly fee."
    assert article.ko_path.read_text(encoding="utf-8").startswith("북한 당국이")


def test_import_refuses_changed_korean_and_writes_nothing(corpus_dir, tmp_path):
    path = export_to(corpus_dir, tmp_path)
    edit_po(path, {"k1": "A new first paragraph."})
    ko = corpus_dir / "articles" / ARTICLE / "ko.txt"
    ko.write_text(ko.read_text(encoding="utf-8").replace("40여 가구", "50여 가구"), encoding="utf-8")
    before = tree_digest(corpus_dir)
    with pytest.raises(InputError) as info:
        import_po(Corpus(corpus_dir), path)
    assert "k3" in info.value.message and "no longer matches" in info.value.message
    assert tree_digest(corpus_dir) == before


def test_import_refuses_english_edited_on_both_sides(corpus_dir, tmp_path):
    path = export_to(corpus_dir, tmp_path)
    edit_po(path, {"k4": "A cycle of bribes"})
    en = corpus_dir / "articles" / ARTICLE / "en.txt"
    en.write_text(en.read_text(encoding="utf-8").replace("A cycle of bribery", "Bribery, again"),
                  encoding="utf-8")
    before = tree_digest(corpus_dir)
    with pytest.raises(InputError) as info:
        import_po(Corpus(corpus_dir), path)
    assert "k4" in info.value.message and "both" in info.value.message
    assert tree_digest(corpus_dir) == before


def test_dry_run_reports_but_writes_nothing(corpus_dir, tmp_path):
    path = export_to(corpus_dir, tmp_path)
    edit_po(path, {"k4": "The bribery cycle"})
    before = tree_digest(corpus_dir)
    report = import_po(Corpus(corpus_dir), path, dry_run=True)
    assert [c.key for c in report.changed] == ["k4"] and not report.written
    assert tree_digest(corpus_dir) == before


def test_waiver_comments_edited_in_po_update_the_article(corpus_dir, tmp_path):
    path = export_to(corpus_dir, tmp_path)
    po = parse_po_text(path.read_text(encoding="utf-8"))
    po[1].tcomment = "toolkit: ignore[N001] the fine is quoted as given (by Paul Whitmore, 2026-10-16)"
    path.write_text(str(po), encoding="utf-8")
    corpus = Corpus(corpus_dir)
    report = import_po(corpus, path)
    assert report.changed == [] and len(report.waivers_added) == 1
    assert corpus.load(ARTICLE).waivers == [
        Waiver("N001", "e2", "the fine is quoted as given", "Paul Whitmore", "2026-10-16")]
    # exporting again writes the same comment, and re-importing it changes nothing
    (tmp_path / "again").mkdir()
    again = export_to(corpus_dir, tmp_path / "again")
    assert read_po_document(again).waivers[0].reason == "the fine is quoted as given"
    before = tree_digest(corpus_dir)
    assert not import_po(corpus, again).has_changes
    assert tree_digest(corpus_dir) == before


def test_stored_alignment_two_to_one_and_untranslated_unit(corpus_dir, tmp_path):
    corpus = Corpus(corpus_dir)
    article = corpus.load(ARTICLE)
    texts = {p.id: p.text for p in article.ko + article.en}
    links = [Link(("k1",), ("e1",), 0.98), Link(("k2", "k3"), ("e2", "e3"), 0.91),
             Link(("k4",), (), 0.7), Link(("k5",), ("e4", "e5"), 0.6)]
    links = [Link(l.ko, l.en, l.confidence, link_digest([texts[i] for i in l.ko], [texts[i] for i in l.en]))
             for l in links]
    article.alignment = Alignment(links, "test", "2026-10-15")
    corpus.save(article)
    path = export_to(corpus_dir, tmp_path)
    msgfmt_check(path)
    po = parse_po_text(path.read_text(encoding="utf-8"))
    assert [e.msgctxt for e in po] == ["k1", "k2+k3", "k4", "k5"]
    assert po[1].msgid.count("\n\n") == 1 and po[2].msgstr == ""
    assert "confidence=0.91" in po[1].comment
    edit_po(path, {"k4": "A cycle of bribes", "k2+k3": po[1].msgstr.replace("\n\n", " ")})
    report = import_po(corpus, path)
    assert {c.key: c.after for c in report.changed} == {"k2+k3": ("e2",), "k4": ("e6",)}
    assert report.removed == ["e3"]
    article = corpus.load(ARTICLE)
    assert [p.id for p in article.en] == ["e1", "e2", "e6", "e4", "e5"]
    stored = {l.ko: l for l in article.alignment.links}
    assert stored[("k2", "k3")].en == ("e2",) and stored[("k4",)].en == ("e6",)
    from toolkit.align import link_is_stale

    assert not link_is_stale(article, stored[("k2", "k3")])


def test_poedit_style_file_imports_cleanly(corpus_dir, tmp_path):
    corpus = Corpus(corpus_dir)
    report = import_po(corpus, FIXTURES / "hyesan-poedit.po")
    assert [c.key for c in report.changed] == ["k3", "k5"]
    assert report.fuzzy == 1 and report.added == ["e6"]
    article = corpus.load(ARTICLE)
    assert article.paragraph("e3").text.startswith("Since January, more than 40 households")
    assert article.paragraph("e6").text == "Some guards now collect a monthly fee from the same traders."
    assert [(w.code, w.paragraph, w.by) for w in article.waivers] == [("N001", "e2", "Paul Whitmore")]
    # a second import of the same file is a no-op
    before = tree_digest(corpus_dir)
    assert not import_po(corpus, FIXTURES / "hyesan-poedit.po").has_changes
    assert tree_digest(corpus_dir) == before


def test_import_json_schema_through_cli(corpus_dir, tmp_path, invoke):
    path = export_to(corpus_dir, tmp_path)
    edit_po(path, {"k4": "The bribery cycle"})
    result = invoke("import", path, "--corpus", corpus_dir, "--format", "json", "--dry-run")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["schema"] == "toolkit.import/1" and data["dry_run"] is True
    (record,) = data["files"]
    assert record["article"] == ARTICLE and record["changed"] == [
        {"unit": "k4", "before": ["e4"], "after": ["e4"]}]
    assert "would change" in result.stderr
