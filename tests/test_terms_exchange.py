"""Glossary exchange: CSV/TSV (BOM, CRLF), TBX v2 (martif) and v3, lossless round trips."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from toolkit.errors import ConfigError, InputError
from toolkit.interchange.glossary import glossary_from_delimited, glossary_from_tbx, write_glossary
from toolkit.terms import KINDS, Glossary, Term, build_glossary, glossary_from_yaml, load_glossary

FIXTURES = Path(__file__).parent / "fixtures" / "glossary"
EXT = {"csv": "csv", "tsv": "tsv", "tbx": "tbx", "tbx2": "tbx", "yaml": "yaml"}


def test_tbx_v3_v2_and_csv_samples_agree():
    v3 = load_glossary(FIXTURES / "house-v3.tbx")
    v2 = load_glossary(FIXTURES / "house-v2.tbx")
    csv = load_glossary(FIXTURES / "house.csv")
    assert v3.terms == v2.terms == csv.terms
    kju = v3.get("김정은")
    assert kju.forbidden == ("Kim Jong-un", "Kim Jung Eun") and kju.kind == "person"
    assert v3.get("로동당").en == "Workers' Party of Korea"
    assert v3.get("장마당").en_variants == ("market",)


def test_csv_with_bom_and_crlf_is_accepted():
    data = (FIXTURES / "house.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and b"\r\n" in data
    assert len(load_glossary(FIXTURES / "house.csv")) == 5


def test_tsv_columns_in_any_order(tmp_path):
    path = tmp_path / "g.tsv"
    path.write_text("en\tko\tnote\nHyesan\t혜산\tcity on the Yalu\n", encoding="utf-8")
    assert load_glossary(path).terms == [Term("혜산", "Hyesan", note="city on the Yalu")]


@pytest.mark.parametrize("name, line, words", [
    ("malformed.tbx", 7, "malformed XML"),
    ("malformed.csv", 3, "malformed CSV"),
])
def test_malformed_files_name_file_and_line(name, line, words):
    with pytest.raises(InputError) as info:
        load_glossary(FIXTURES / name)
    assert info.value.line == line and words in info.value.message
    assert name in str(info.value)


@pytest.mark.parametrize("text, line, words", [
    ("ko,en,spelling\n혜산,Hyesan,x\n", 1, "unknown column"),
    ("ko,note\n혜산,x\n", 1, "needs 'ko' and 'en'"),
    ("ko,en,forbidden,note\n혜산,Hyesan,,\n김정은,Kim Jong Un,Kim Jong Un,\n", 3, "forbidden"),
    ("ko,en\n혜산,Hyesan\n\n혜산,Hyesan City\n", 4, "different English"),
    ("ko,en\n혜산,Hyesan,extra\n", 2, "cells"),
])
def test_csv_rejections(tmp_path, text, line, words):
    with pytest.raises((ConfigError, InputError)) as info:
        glossary_from_delimited(text, tmp_path / "g.csv")
    assert info.value.line == line and words in info.value.message


def test_tbx_entity_declarations_are_refused(tmp_path):
    bomb = (b'<?xml version="1.0"?>\n<!DOCTYPE tbx [<!ENTITY a "aaaaaaaaaa">'
            b'<!ENTITY b "&a;&a;&a;&a;">]>\n<tbx><text><body>&b;</body></text></tbx>\n')
    with pytest.raises(InputError, match="entity"):
        glossary_from_tbx(bomb, tmp_path / "bomb.tbx")


def test_tbx_entry_without_english_is_refused(tmp_path):
    data = ('<tbx type="TBX-Basic"><text><body><conceptEntry id="c1">\n'
            '<langSec xml:lang="ko"><termSec><term>혜산</term></termSec></langSec>\n'
            '</conceptEntry></body></text></tbx>').encode()
    with pytest.raises(ConfigError, match="no en term") as info:
        glossary_from_tbx(data, tmp_path / "g.tbx")
    assert info.value.line == 1


def test_tbx_from_a_cat_tool_without_statuses(tmp_path):
    data = ('<martif type="TBX-Basic"><text><body><termEntry>'
            '<langSet xml:lang="ko-KR"><tig><term>혜산</term></tig></langSet>'
            '<langSet xml:lang="en-US"><tig><term>Hyesan</term></tig></langSet>'
            '</termEntry></body></text></martif>').encode()
    assert glossary_from_tbx(data, tmp_path / "g.tbx").terms == [Term("혜산", "Hyesan")]


def test_tbx3_export_shape():
    text = write_glossary(load_glossary(FIXTURES / "house.csv"), "tbx")
    assert '<tbx type="TBX-Basic" style="dca" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2">' in text
    assert '<langSec xml:lang="ko">' in text and "deprecatedTerm-admn-sts" in text
    assert "admittedTerm-admn-sts" in text
    assert "<martif" in write_glossary(load_glossary(FIXTURES / "house.csv"), "tbx2")


# -- lossless round trips --------------------------------------------------------------------

_word = st.text(alphabet=st.sampled_from(list("abcdefghijklmnopqrstuvwxyzKJHPS'’-&<>\" ")),
                min_size=1, max_size=14).map(str.strip).filter(bool)
_hangul = st.text(alphabet=st.characters(min_codepoint=0xAC00, max_codepoint=0xAC40), min_size=1,
                  max_size=5)
_note = st.text(alphabet=st.sampled_from(list("abc 김정은,;\"'<>&\n")), max_size=20).map(str.strip)


@st.composite
def glossaries(draw) -> Glossary:
    kos = draw(st.lists(_hangul, min_size=0, max_size=5, unique=True))
    terms = []
    used_en: set[str] = set()
    for n, ko in enumerate(kos):
        en = draw(_word.filter(lambda w: w not in used_en))
        used_en.add(en)
        others = draw(st.lists(_word.filter(lambda w, en=en: w != en and w not in used_en),
                               max_size=3, unique=True))
        split = draw(st.integers(0, len(others)))
        variants = [v for v in draw(st.lists(_hangul, max_size=2, unique=True))
                    if v not in kos and v != ko and all(v not in t.ko_forms for t in terms)]
        terms.append(Term(ko, en, tuple(others[:split]), draw(st.sampled_from(KINDS)),
                          draw(_note), tuple(variants), tuple(others[split:])))
        used_en.update(others)
    return build_glossary((t, None) for t in terms)


@settings(max_examples=40, deadline=None)
@given(glossary=glossaries(), fmt=st.sampled_from(sorted(EXT)))
def test_export_then_import_is_lossless(tmp_path_factory, glossary, fmt):
    path = tmp_path_factory.mktemp("rt") / f"g.{EXT[fmt]}"
    path.write_text(write_glossary(glossary, fmt), encoding="utf-8")
    assert load_glossary(path).terms == glossary.terms


def test_sample_corpus_glossary_round_trips(tmp_path):
    sample = Path(__file__).resolve().parents[1] / "corpora" / "glossary.yaml"
    if not sample.exists():
        pytest.skip("the sample corpus is not there")
    glossary = load_glossary(sample)
    for fmt in EXT:
        path = tmp_path / f"g.{EXT[fmt]}"
        path.write_text(write_glossary(glossary, fmt), encoding="utf-8")
        assert load_glossary(path).terms == glossary.terms, fmt
    assert glossary_from_yaml(write_glossary(glossary, "yaml"), "g.yaml").terms == glossary.terms
