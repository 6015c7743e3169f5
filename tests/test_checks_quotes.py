"""Q family: lost apostrophes, unbalanced quotes and brackets, mixed quote styles."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from toolkit.checks import Document, Unit
from toolkit.checks.runner import run_checks
from toolkit.model import Paragraph
from toolkit.terms import Glossary, Term

KO = "데일리NK 내부 소식통에 따르면 김정은의 숙청 이후 간부들 사이에서 불안이 커지고 있다."
GLOSSARY = Glossary([Term("김정은", "Kim Jong Un", ("Kim Jong-un",), "person"),
                     Term("데일리NK", "Daily NK", (), "organisation"),
                     Term("노동당", "Workers’ Party of Korea", (), "organisation")])


def doc_of(paragraphs: list[str], ko: str = KO) -> Document:
    units = [Unit(n, (Paragraph(f"k{n + 1}", ko, 2 * n + 1),), (Paragraph(f"e{n + 1}", text, 2 * n + 1),))
             for n, text in enumerate(paragraphs)]
    return Document("t", units, en_path="en.txt", kind="files")


def codes(code: str, *paragraphs: str, ko: str = KO, glossary=GLOSSARY) -> list[tuple[str, str]]:
    found = run_checks([doc_of(list(paragraphs), ko)], select=[code], glossary=glossary).findings
    return [(f.code, f.paragraph) for f in found]


@pytest.mark.parametrize("en", [
    "Officials are anxious, Daily NKs sources in the North report.",
    "Even his [Kim Jong Uns] uncle was executed, the source said.",
    "Residents say, ‘Its a sign that the nation is doomed.’",
    "“Its not about money any more,” the trader said.",
    "“We dont know who will be next,” an official said.",
    "The guards didnt stop the smugglers.",
    "“Theyre taking everything,” she said.",
    "Its been three months since the purge.",
    "Officials fear Jang Song Thaeks fate.",
    "The Workers Party of Korea met in Pyongyang.",
])
def test_lost_apostrophe_fails(en):
    assert codes("Q001", en) == [("Q001", "e1")]


@pytest.mark.parametrize("en", [
    "According to Daily NK’s sources inside North Korea, officials are anxious.",
    "The party tightened its grip on the border as its agents fanned out.",
    "The regime and its leader, Kim Jong Un, face its worst crisis.",
    "Labour MPs and ICBMs are both plural, and so are the NGOs in Seoul.",
    "He said it was a time of fear, as was his wont.",
    "The regime cannot ignore its time-honoured rituals.",
    "The Kims have ruled for three generations; Kim Jong Un’s uncle was executed.",
    "The Workers’ Party of Korea met in Pyongyang.",
    "The Workers' Party of Korea met in Pyongyang.",
    "Textile workers partly blamed the shortages.",
])
def test_lost_apostrophe_passes(en):
    assert codes("Q001", en) == []


def test_a_surname_alone_loses_its_apostrophe_when_the_korean_names_someone_by_it():
    ko = "소식통에 따르면 박 씨의 조카도 보위부에 끌려갔다."
    assert codes("Q001", "Paks nephew was also taken away by security agents.", ko=ko) == [("Q001", "e1")]
    assert codes("Q001", "The Paks moved to Hyesan, and Pak’s nephew followed.", ko=ko) == []
    # Without 박 씨 in the Korean, "Parks" may be anything.
    assert codes("Q001", "Parks officials said the nephew was taken away.") == []


def test_acronym_possessive_needs_korean_evidence():
    # Without a glossary, "Daily NKs" is still found: the Korean glues NK to Hangul (데일리NK).
    assert codes("Q001", "According to Daily NKs sources, prices rose.", glossary=None) == [("Q001", "e1")]
    assert codes("Q001", "Two North Korean ICBMs were fired.", ko="북한 ICBM 두 발이 발사됐다.",
                 glossary=None) == []


@pytest.mark.parametrize("paragraphs,expected", [
    (["An official said, “Huge sums have been spent on statues.", "Cycle of corruption"], [("Q002", "e1")]),
    (["The source said “the guards are paid off."], [("Q002", "e1")]),
    (["The guards (most of them conscripts are paid little."], [("Q002", "e1")]),
    (["He said the guards were paid.” Then he left."], [("Q002", "e1")]),
    (["“Residents are saying, ‘the nation is doomed,” the source added."], [("Q002", "e1")]),
    (['"Security agents keep the money, the source said.'], [("Q002", "e1")]),
    # A straight quote never closed before the next one opens is no quote running on, even
    # when the next paragraph opens with a quotation mark.
    (['"They insist they never got any money, the source said. "There is even talk of fines."',
      '"Nobody knows what happens next," he added.'], [("Q002", "e1")]),
])
def test_unbalanced_quote_fails(paragraphs, expected):
    assert codes("Q002", *paragraphs) == expected


@pytest.mark.parametrize("paragraphs", [
    # A quote over three paragraphs: each stays open and the next reopens it.
    ["“Agents go from house to house at night.", "“They ask who has called South Korea.",
     "“Nobody dares to refuse them,” the source said."],
    ["“Residents are saying, ‘It’s a sign the nation is doomed,’” the source added."],
    ['"Residents are saying, \'It\'s a sign the nation is doomed,\'" the source added.'],
    ["The officials’ families and the guards’ commanders (in Hyesan) were questioned."],
    ["The 1990s famine, the ’90s, and a 5'11\" guard were mentioned."],
    ["Three demands: 1) stop the raids, 2) free the traders, and 3) lower fees."],
    ["The agents [of the Ministry of State Security] said “no.”"],
])
def test_unbalanced_quote_passes(paragraphs):
    assert codes("Q002", *paragraphs) == []


def test_mixed_quotes_reports_minority():
    found = run_checks([doc_of(["“Prices doubled,” a trader said.", "“Rice is scarce,” she said.",
                                '"The crackdown is choking trade," a source said.'])],
                       select=["Q003"]).findings
    assert [(f.code, f.paragraph, f.unit) for f in found] == [("Q003", "e3", 2)]


def test_mixed_apostrophes_reported_and_uniform_passes():
    found = run_checks([doc_of(["North Korea’s markets are busy.", "The party’s cadres don’t care.",
                                "The market's stalls are empty."])], select=["Q003"]).findings
    assert [f.paragraph for f in found] == ["e3"]
    assert not run_checks([doc_of(["North Korea’s markets.", "“Yes,” he said."])], select=["Q003"]).findings


@settings(max_examples=50, deadline=None)
@given(st.lists(st.sampled_from(["Prices", "rose", "in", "Hyesan", "agents", "took", "bribes"]),
                min_size=1, max_size=8), st.integers(min_value=1, max_value=3))
def test_balanced_quotes_never_flagged(words, depth):
    body = " ".join(words)
    text = body
    for _ in range(depth):
        text = f"“{text} ({body})”"
    assert codes("Q002", f"The source said {text}.") == []
