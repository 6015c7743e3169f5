"""E family: mojibake, control characters, replacement characters, doubled words, spacing."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from toolkit.checks import Document, Unit
from toolkit.checks.runner import run_checks
from toolkit.model import Paragraph

KO = "양강도 소식통은 지난 12일 데일리NK에 보위원들이 탈북민 가족에게서 돈을 뜯어내고 있다고 전했다."


def findings(code: str, en: str, ko: str = KO):
    unit = Unit(0, (Paragraph("k1", ko, 1),), (Paragraph("e1", en, 1),))
    doc = Document("t", [unit], en_path="en.txt", kind="files")
    return run_checks([doc], select=[code]).findings


def fails(code: str, en: str, ko: str = KO) -> None:
    found = findings(code, en, ko)
    assert [f.code for f in found] and all(f.code == code for f in found), en


def passes(code: str, en: str, ko: str = KO) -> None:
    found = findings(code, en, ko)
    assert not found, [(f.code, f.message) for f in found]


@pytest.mark.parametrize("en", [
    "A source in Ryanggang Province told Daily NK that agents are taking the smugglersâ€™ money.",
    "Security agents said â€œno one is exemptâ€\x9d from the crackdown.",
    "The Ministry of State Security (êµ­ê°€ë³´ìœ„ì„±) has sent inspectors.",
    "Officials in ÇÑ±¹ say the border is quiet.",
    "The market price rose to 5,000 won\u00c2\u00a0per kilogram.",
])
def test_mojibake_fails(en):
    fails("E001", en)


@pytest.mark.parametrize("en", [
    "Officials from São Paulo and Zürich met Kim Yo Jong’s delegation in Pyongyang.",
    "“We can’t keep paying,” the trader said — the café owner agreed.",
    "The naïve plan, a résumé of Noël’s work, cost 3,000 won.",
])
def test_mojibake_passes(en):
    passes("E001", en)


def test_mojibake_in_korean_is_found():
    found = findings("E001", "Rice prices rose in Hyesan.", ko="í˜œì‚° ìŒ€ê°’ì´ ì˜¬ëžë‹¤.")
    assert found and found[0].ko


@pytest.mark.parametrize("en,what", [
    ("Border guards are taking\u200b bribes.", "zero-width space"),
    ("Border guards are taking\x07 bribes.", "control"),
    ("The \u202eagents\u202c said so.", "bidirectional"),
    ("The smug\u00adglers paid.", "soft hyphen"),
])
def test_control_character(en, what):
    found = findings("E002", en)
    assert len(found) == 1 and what in found[0].message


def test_control_character_passes_tabs_and_newlines():
    passes("E002", "Prices rose.\nTraders\tcomplained.")


def test_replacement_character():
    fails("E003", "Kim Jong Un\ufffds order was read at the meeting.")
    passes("E003", "Kim Jong Un’s order was read at the meeting.")


@pytest.mark.parametrize("en", [
    "The agents keep the the business going.",
    "Traders said prices rose rose sharply in October.",
    "The source said the\nthe guards were paid.",  # across a hard line break
])
def test_doubled_word_fails(en):
    fails("E004", en)


@pytest.mark.parametrize("en", [
    "He said that that was the end of it.",
    "By then the agents had had enough.",
    "President Moon Jae-in in Seoul welcomed the talks.",
    "The delegation visited Bora Bora last year.",
])
def test_doubled_word_passes(en):
    passes("E004", en)


@pytest.mark.parametrize("en", [
    "The price of rice rose  sharply.",
    "The price of rice rose sharply .",
    "Why did prices rise ?",
    "Prices rose sharply.The agents did nothing.",
    "Prices rose,however, agents did nothing.",
    "The meeting was held on Nov.16, 2016.",
    "“We are starving,”the trader said.",
    # Prose around code is still prose.
    "The module `ttk` is documented here.Read it first.",
])
def test_spacing_fails(en):
    fails("E005", en)


@pytest.mark.parametrize("en", [
    "The U.S. envoy arrived at 3:30 p.m. on Nov. 16, and prices rose 1.5 percent.",
    "Details are on www.DailyNK.com and in the report … and more.",
    "Ph.D. students met on Oct. 3. The talks ended.",
    "He paused ... then said it again.",
    "“We are starving,” the trader said.",
    # Code in software documentation (a PO file of a manual): names, not run-on sentences.
    ":class:`collections.abc.Container` now supports subscripting.",
    "class EchoServerProtocol(asyncio.Protocol): the server side.",
    "Using concurrent.futures.ProcessPoolExecutor for CPU-bound work.",
    "The handle comes from _winapi.OpenProcess on Windows.",
    "parser = optparse.OptionParser() builds the parser.",
])
def test_spacing_passes(en):
    passes("E005", en)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(["Prices", "rose", "in", "Hyesan", "as", "agents", "took",
                                 "bribes", "from", "traders", "on", "October", "12,"]),
                min_size=3, max_size=25, unique=True))
def test_clean_prose_has_no_encoding_findings(words):
    text = " ".join(words) + "."
    assert not findings("E", text)
