"""Paragraph splitting and content hashes."""

from __future__ import annotations

from hypothesis import given, strategies as st

from toolkit.model import join_paragraphs, link_digest, paragraph_digest, split_paragraphs


def test_split_keeps_lines_and_numbers():
    text = "첫 문단\n이어지는 줄\n\n둘째 문단\n\n\n셋째 문단\n"
    assert split_paragraphs(text) == [("첫 문단\n이어지는 줄", 1), ("둘째 문단", 4), ("셋째 문단", 7)]


def test_whitespace_only_line_separates():
    assert [p for p, _ in split_paragraphs("a\n   \nb")] == ["a", "b"]


paragraph = st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\n\r"),
                    min_size=1).filter(lambda s: s.strip())


@given(st.lists(paragraph, max_size=8))
def test_join_then_split_round_trips(paragraphs):
    text = join_paragraphs(paragraphs)
    assert [p for p, _ in split_paragraphs(text)] == paragraphs


def test_digest_ignores_whitespace_but_not_words():
    assert paragraph_digest("Kim Jong Un  said") == paragraph_digest("Kim Jong Un\nsaid")
    assert paragraph_digest("Kim Jong Un said") != paragraph_digest("Kim Jong Un’s said")
    assert link_digest(["가"], ["a"]) != link_digest(["가"], ["b"])


def test_finding_survives_pickling_with_every_field():
    # Findings cross process boundaries in runs over several processes; Finding pickles
    # itself as a tuple of its fields, which must follow the field order.
    import dataclasses
    import pickle

    from toolkit.model import Finding, Severity, Waiver

    values = {"code": "Q001", "name": "lost-apostrophe", "severity": Severity.ERROR,
              "message": "'Daily NKs': possessive without apostrophe", "path": "en.txt",
              "line": 3, "column": 14, "article": "2026-11-20-hyesan", "paragraph": "e2",
              "unit": 1, "ko": "데일리NK 소식통", "en": "Daily NKs sources",
              "waiver": Waiver("Q001", "e2", "quoted as printed", "editor.kim", "2026-11-21")}
    assert [f.name for f in dataclasses.fields(Finding)] == list(values)
    finding = Finding(**values)
    assert finding.row() == tuple(values.values())
    assert pickle.loads(pickle.dumps(finding)) == finding


def test_check_result_survives_pickling_with_its_findings():
    # A worker sends its CheckResult with the findings as rows (Finding.row).
    import pickle

    from toolkit.checks.runner import CheckResult
    from toolkit.model import Finding, Severity

    findings = [Finding("E005", "spacing", Severity.WARNING, "doubled space", "po/a.po", 12,
                        None, None, "po:12", 3, "", "said.  The"),
                Finding("N001", "number-mismatch", Severity.ERROR, "3만 (30,000) rendered as 3,000",
                        "po/b.po", 40, None, None, "po:40", 7, "3만 명", "3,000 people")]
    result = CheckResult(findings, [("po/a.po", "po/a.po")], units=9, waived=1,
                         skipped=["x"], codes=["E005", "N001"], fail_on=Severity.WARNING)
    assert pickle.loads(pickle.dumps(result)) == result
