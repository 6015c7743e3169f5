"""The sample corpus: every planted defect in corpora/README.md is found by its code at its
paragraph, nothing the README says must stay quiet is reported, and the clean articles get
no warning or error."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from toolkit.cli import cli
from toolkit.corpus import Corpus

CORPUS = Path(__file__).resolve().parents[1] / "corpora"
README = CORPUS / "README.md"

pytestmark = pytest.mark.skipif(not README.is_file(), reason="the sample corpus is not in this checkout")


def _table(header_word: str) -> list[list[str]]:
    """The rows of the first Markdown table whose header row contains `header_word`."""
    rows: list[list[str]] = []
    inside = False
    for line in README.read_text(encoding="utf-8").splitlines():
        if line.startswith("|"):
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            if not inside and any(header_word in c for c in cells):
                inside = True
                continue
            if inside and not set("".join(cells)) <= set("-: "):
                rows.append(cells)
        elif inside:
            break
    return rows


def _defects() -> list[dict]:
    defects = []
    for article, where, code, what in (r[:4] for r in _table("expected check code")):
        article_id = article.strip("`")
        place = re.match(r"(\d+)\s+`([^`]*)`", where)
        if place:
            side, index, words = "en", int(place.group(1)), place.group(2)
        else:
            korean = re.search(r"Korean paragraph (\d+)\s+`([^`]*)`", where)
            assert korean, f"cannot read the place of a defect: {where!r}"
            side, index, words = "ko", int(korean.group(1)), korean.group(2)
        quiet = re.findall(r"\b([A-Z]\d{3}) should not be reported", what)
        if re.search(r"numbers should not be reported", what):
            quiet.append("N")
        defects.append({"article": article_id, "side": side, "index": index, "words": words,
                        "code": code.strip("` "), "quiet": quiet, "what": what})
    return defects


def _clean_articles() -> list[str]:
    return [r[0].strip("`") for r in _table("defects") if len(r) >= 7 and r[6].strip() == "clean"]


@pytest.fixture(scope="module")
def findings() -> list[dict]:
    result = CliRunner().invoke(cli, ["check", "--corpus", str(CORPUS), "--format", "json",
                                      "--exit-zero"], catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)["findings"]


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    return Corpus(CORPUS)


def _paragraph(corpus: Corpus, defect: dict):
    article = corpus.load(defect["article"])
    paragraphs = article.en if defect["side"] == "en" else article.ko
    para = paragraphs[defect["index"] - 1]
    # The README names the paragraph by number and first words: both must agree.
    assert para.text.startswith(defect["words"].rstrip("…. ")), (defect, para.text[:60])
    return para


def _at(finding: dict, para, side: str) -> bool:
    """A finding is at a paragraph when it names it, or (for a check that names the Korean
    of the unit, such as a number missing from the English) when it is placed on the
    English paragraph's lines."""
    if finding["paragraph"] == para.id:
        return True
    return side == "en" and finding["line"] is not None and (finding["path"] or "").endswith("en.txt") \
        and para.line <= finding["line"] <= para.line + para.text.count("\n")


def test_readme_lists_defects():
    defects = _defects()
    assert len(defects) >= 10
    assert all(re.fullmatch(r"[A-Z]\d{3}", d["code"]) for d in defects)


@pytest.mark.parametrize("defect", _defects(), ids=lambda d: f"{d['article'][:18]}-{d['side']}{d['index']}-{d['code']}")
def test_planted_defect_is_found(defect, findings, corpus):
    para = _paragraph(corpus, defect)
    here = [f for f in findings if f["article"] == defect["article"] and _at(f, para, defect["side"])]
    assert any(f["code"] == defect["code"] for f in here), \
        (defect["what"], [(f["code"], f["paragraph"], f["message"]) for f in findings if f["article"] == defect["article"]])
    units = {f["unit"] for f in here if f["code"] == defect["code"]}
    for quiet in defect["quiet"]:
        noisy = [f for f in findings if f["article"] == defect["article"] and f["code"].startswith(quiet)
                 and (_at(f, para, defect["side"]) or f["unit"] in units)]
        assert not noisy, (defect["what"], [(f["code"], f["message"]) for f in noisy])


@pytest.mark.parametrize("article_id", _clean_articles())
def test_clean_article_has_no_warning_or_error(article_id, findings):
    noisy = [(f["code"], f["paragraph"], f["message"]) for f in findings
             if f["article"] == article_id and f["severity"] in ("error", "warning") and not f["waived"]]
    assert noisy == []
