"""H family: Hangul residue, untranslated paragraphs, empty translations."""

from __future__ import annotations

import pytest

from toolkit.checks import Document, Unit
from toolkit.checks.runner import run_checks
from toolkit.model import Paragraph

KO = "국가보위성 검열단이 신의주에 파견돼 국경경비대 간부들을 조사하고 있다."


def run(en: str | None, ko: str = KO, kind: str = "files", select=("H",)):
    en_paras = () if en is None else (Paragraph("e1", en, 3),)
    unit = Unit(0, (Paragraph("k1", ko, 1),), en_paras)
    doc = Document("t", [unit], en_path="t.po" if kind == "po" else "en.txt", kind=kind)
    return run_checks([doc], select=list(select)).findings


@pytest.mark.parametrize("en,residue", [
    ("An inspection team from the 보위성 has been sent to Sinuiju.", "보위성"),
    ("Traders at the 장마당 said rice prices doubled.", "장마당"),
    ("The guards laughed ㅋㅋ and took the money.", "ㅋㅋ"),
])
def test_hangul_residue(en, residue):
    found = run(en)
    assert [f.code for f in found] == ["H001"]
    assert residue in found[0].message and found[0].column == en.index(residue) + 1


def test_no_residue_in_clean_english():
    assert not run("An inspection team from the Ministry of State Security has been sent to Sinuiju.")


def test_copied_korean_is_untranslated_not_residue():
    found = run(KO)
    assert [f.code for f in found] == ["H002"]  # H001 is gated by H002


def test_mostly_hangul_is_untranslated():
    found = run("국가보위성 검열단이 Sinuiju에 파견돼 국경경비대 간부들을 조사 중이다.")
    assert [f.code for f in found] == ["H002"]


def test_identical_latin_text_is_not_untranslated():
    # A paragraph that is only a name or a figure reads the same in both languages.
    assert not run("Daily NK", ko="Daily NK")


def test_empty_translation_in_po():
    found = run("", kind="po")
    assert [f.code for f in found] == ["H003"]
    found = run(None, kind="po")
    assert [f.code for f in found] == ["H003"]


def test_missing_english_in_article_is_omission_not_empty():
    assert not run(None, kind="article", select=("H003",))
