"""`toolkit export` / `toolkit import` through the CLI: TMX structure, bad input, exit codes."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

from tests.conftest import tree_digest
from toolkit.corpus import Corpus
from toolkit.errors import InputError
from toolkit.interchange.tmx import export_tmx

ARTICLE = "2026-10-14-hyesan-families"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def test_help_ends_with_examples(invoke):
    for command in ("export", "import"):
        out = invoke(command, "--help").stdout
        assert "Examples:" in out and out.index("Examples:") > out.index("Usage:")


def test_export_po_to_folder_and_stdout(corpus_dir, tmp_path, invoke):
    result = invoke("export", ARTICLE, "--format", "po", "--out", tmp_path / "work", "--corpus", corpus_dir)
    assert result.exit_code == 0, result.stderr
    assert (tmp_path / "work" / f"{ARTICLE}.po").is_file() and result.stdout == ""
    assert "wrote" in result.stderr
    single = invoke("export", ARTICLE, "--format", "po", "--corpus", corpus_dir)
    assert single.stdout == (tmp_path / "work" / f"{ARTICLE}.po").read_text(encoding="utf-8")


def test_export_tmx_structure(corpus_dir, tmp_path, invoke):
    out = tmp_path / "desk.tmx"
    result = invoke("export", "--all", "--format", "tmx", "--out", out, "--corpus", corpus_dir)
    assert result.exit_code == 0, result.stderr
    root = ET.fromstring(out.read_bytes())
    header = root.find("header")
    assert root.get("version") == "1.4"
    for name, value in (("creationtool", "toolkit"), ("datatype", "plaintext"), ("segtype", "paragraph"),
                        ("adminlang", "en"), ("srclang", "ko"), ("o-tmf", "toolkit")):
        assert header.get(name) == value
    assert header.get("creationtoolversion")
    tus = root.find("body").findall("tu")
    assert [tu.get("tuid") for tu in tus] == ["k1", "k2", "k3", "k4", "k5"]
    tu = tus[1]
    assert re.fullmatch(r"\d{8}T\d{6}Z", tu.get("changedate"))
    props = {p.get("type"): p.text for p in tu.findall("prop")}
    assert props["x-article"] == ARTICLE and props["x-stage"] == "new"
    segs = {tuv.get(XML_LANG): tuv.find("seg").text for tuv in tu.findall("tuv")}
    assert segs["ko"].startswith("양강도 소식통은 지난 12일 데일리NK에 \"보위원들이")
    assert segs["en"].startswith("“Security agents")


def test_tmx_credits(corpus_dir, tmp_path):
    from toolkit.model import Credit

    corpus = Corpus(corpus_dir)
    article = corpus.load(ARTICLE)
    article.credits = [Credit("translator", "Jiyoon Han", "2026-10-14T15:00:00+09:00"),
                       Credit("editor", "Paul Whitmore", "2026-10-16T10:00:00+09:00")]
    article.history = []
    tu = ET.fromstring(export_tmx([article], corpus.settings)).find("body/tu")
    assert (tu.get("creationid"), tu.get("creationdate")) == ("Jiyoon Han", "20261014T060000Z")
    assert (tu.get("changeid"), tu.get("changedate")) == ("Paul Whitmore", "20261016T010000Z")


def test_tmx_refuses_characters_xml_cannot_carry(corpus_dir, tmp_path, invoke):
    en = corpus_dir / "articles" / ARTICLE / "en.txt"
    en.write_text(en.read_text(encoding="utf-8").replace("A cycle of bribery", "A cycle\x0b of bribery"),
                  encoding="utf-8")
    result = invoke("export", ARTICLE, "--format", "tmx", "--out", tmp_path / "x.tmx", "--corpus", corpus_dir)
    assert result.exit_code == 2 and "U+000B" in result.stderr and "e4" in result.stderr
    assert not (tmp_path / "x.tmx").exists()


def test_tmx_edit_and_import(corpus_dir, tmp_path, invoke):
    out = tmp_path / "a.tmx"
    invoke("export", ARTICLE, "--format", "tmx", "--out", out, "--corpus", corpus_dir)
    text = out.read_text(encoding="utf-8").replace("A cycle of bribery", "Bribes &amp; more bribes")
    out.write_text(text, encoding="utf-8")
    result = invoke("import", out, "--corpus", corpus_dir)
    assert result.exit_code == 0, result.stderr
    assert "changed 1 unit(s)" in result.stderr
    assert Corpus(corpus_dir).load(ARTICLE).paragraph("e4").text == "Bribes & more bribes"


def _tmx(body: str, header_extra: str = "") -> str:
    return ('<?xml version="1.0" encoding="UTF-8"?>\n' + header_extra +
            '<tmx version="1.4">\n<header creationtool="x" creationtoolversion="1" datatype="plaintext" '
            'segtype="paragraph" adminlang="en" srclang="ko" o-tmf="x"/>\n<body>\n' + body +
            "</body>\n</tmx>\n")


BAD_INPUT = {
    "truncated.po": (b'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
                     b'msgctxt "k1"\nmsgid "\xeb\xb6\x81"\nmsgstr "North', ":7:", "truncated"),
    "euc-kr.po": (('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=EUC-KR\\n"\n\n'
                  'msgctxt "k1"\nmsgid "북한"\nmsgstr "North Korea"\n').encode(), ":3:", "charset=EUC-KR"),
    "broken.tmx": (_tmx('<tu tuid="k1">\n<tuv xml:lang="ko"><seg>북한</seg></tuv>\n').encode(), ":", "not well-formed"),
    "english-only.tmx": (_tmx(f'<tu tuid="k1"><prop type="x-article">{ARTICLE}</prop>\n'
                              '<tuv xml:lang="en"><seg>North Korea</seg></tuv></tu>\n').encode(),
                         ":5:", "no Korean"),
    "entities.tmx": (_tmx("<tu/>", '<!DOCTYPE tmx [<!ENTITY lol "lol">]>\n').replace("<tu/>", "&lol;").encode(),
                     ":", "entities"),
}


@pytest.mark.parametrize("name", sorted(BAD_INPUT))
def test_bad_input_exits_2_with_file_and_line(corpus_dir, tmp_path, invoke, name):
    data, where, words = BAD_INPUT[name]
    path = tmp_path / name
    path.write_bytes(data)
    before = tree_digest(corpus_dir)
    result = invoke("import", path, "--corpus", corpus_dir)
    assert result.exit_code == 2
    assert f"{path}{where}" in result.stderr and words in result.stderr
    assert result.stdout == "" and tree_digest(corpus_dir) == before


def test_refused_file_among_several_changes_nothing(corpus_dir, tmp_path, invoke):
    good = tmp_path / "good.po"
    invoke("export", ARTICLE, "--format", "po", "--out", good, "--corpus", corpus_dir)
    good.write_text(good.read_text(encoding="utf-8").replace("A cycle of bribery", "Bribery"), encoding="utf-8")
    bad = tmp_path / "bad.po"
    bad.write_bytes(BAD_INPUT["truncated.po"][0])
    before = tree_digest(corpus_dir)
    result = invoke("import", good, bad, "--corpus", corpus_dir)
    assert result.exit_code == 2 and tree_digest(corpus_dir) == before


def test_export_needs_ids_or_all(corpus_dir, invoke):
    result = invoke("export", "--format", "po", "--corpus", corpus_dir)
    assert result.exit_code == 2 and "--all" in result.stderr


def test_tmx_reader_error_is_input_error(tmp_path):
    from toolkit.interchange.tmx import read_tmx_units

    path = tmp_path / "x.tmx"
    path.write_text("<tmx><header/>", encoding="utf-8")
    with pytest.raises(InputError):
        read_tmx_units(path)
