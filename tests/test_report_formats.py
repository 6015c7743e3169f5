"""Output formats: every format parses and carries the same findings, escaping is right."""

from __future__ import annotations

import json
from xml.etree import ElementTree as ET

import pytest

from toolkit.checks.runner import CheckResult
from toolkit.model import Finding, Severity, Waiver
from toolkit.report import FORMATS, SCHEMA, format_findings
from toolkit.report.github import escape_data, escape_property


def sample_result(tmp_path) -> CheckResult:
    en = str(tmp_path / "articles" / "a1" / "en.txt")
    findings = [
        Finding("Q001", "lost-apostrophe", Severity.ERROR, "'Daily NKs': possessive without apostrophe",
                path=en, line=3, column=14, article="a1", paragraph="e2", unit=1,
                ko="데일리NK 내부 소식통에 따르면", en="According to Daily NKs sources <inside> & \"out\""),
        Finding("Q002", "unbalanced-quote", Severity.WARNING, "quotation mark '“' is opened, never closed\n100%",
                path=en, line=7, column=54, article="a1", paragraph="e4", unit=3, en="said, “the guards…"),
        Finding("H001", "hangul-residue", Severity.ERROR, "Hangul in the English: '보위성'",
                path=en, line=9, column=5, article="a1", paragraph="e5", unit=4,
                waiver=Waiver("H001", "e5", "kept on first use, with a gloss", "editor.kim", "2026-11-20")),
    ]
    return CheckResult(findings=findings, documents=[("a1", en), ("b2", str(tmp_path / "b2.po"))],
                       units=12, waived=1)


def test_json_schema(tmp_path):
    data = json.loads(format_findings(sample_result(tmp_path), "json", root=tmp_path))
    assert data["schema"] == SCHEMA
    assert data["summary"] == {"documents": 2, "units": 12, "findings": 2, "errors": 1, "warnings": 1,
                               "info": 0, "waived": 1, "skipped": [], "fail_on": "error", "failed": True}
    first = data["findings"][0]
    assert list(first) == ["code", "name", "severity", "message", "article", "path", "line", "column",
                           "paragraph", "unit", "ko", "en", "waived", "waiver"]
    assert first["path"] == "articles/a1/en.txt" and first["waiver"] is None
    assert data["findings"][2]["waiver"] == {"code": "H001", "paragraph": "e5", "reason": "kept on first use, with a gloss",
                                             "by": "editor.kim", "date": "2026-11-20"}


@pytest.mark.parametrize("count", [0, 1, 3])
def test_json_is_laid_out_as_json_dumps_indent_2(tmp_path, count):
    # The formatter writes findings with the C encoder; the bytes must be what the plain
    # json.dumps(..., indent=2) gives, waivers, newlines, quotes and Hangul included.
    from toolkit.report import finding_dict

    result = sample_result(tmp_path)
    result.findings = result.findings[:count] + [
        Finding("E002", "control-character", Severity.ERROR, 'U+0007 in "quoted" \\ text\x07\n🙂',
                path=None, article=None, paragraph=None, unit=None, en="tab\there",
                ko="북한 주민 \u2028 3만 명")] * (count > 0)
    text = format_findings(result, "json", root=tmp_path)
    assert text == json.dumps(json.loads(text), ensure_ascii=False, indent=2) + "\n"
    assert json.loads(text)["findings"] == [finding_dict(f, tmp_path) for f in result.findings]


def test_jsonl_one_object_per_line(tmp_path):
    lines = format_findings(sample_result(tmp_path), "jsonl", root=tmp_path).splitlines()
    assert [json.loads(line)["code"] for line in lines] == ["Q001", "Q002", "H001"]


def test_junit_is_valid_xml_with_suites_cases_failures(tmp_path):
    root = ET.fromstring(format_findings(sample_result(tmp_path), "junit", root=tmp_path))
    assert root.tag == "testsuites" and root.get("failures") == "1"
    suites = {s.get("name"): s for s in root.findall("testsuite")}
    assert set(suites) == {"a1", "b2"}
    cases = {c.get("name"): c for c in suites["a1"].findall("testcase")}
    assert set(cases) == {"Q001 lost-apostrophe", "Q002 unbalanced-quote", "H001 hangul-residue"}
    assert "Daily NKs sources <inside> & \"out\"" in cases["Q001 lost-apostrophe"].find("failure").text
    assert cases["Q002 unbalanced-quote"].find("failure") is None  # a warning does not fail
    assert cases["Q002 unbalanced-quote"].find("system-out") is not None
    assert cases["H001 hangul-residue"].find("skipped") is not None
    assert [c.get("name") for c in suites["b2"].findall("testcase")] == ["all checks"]


def test_sarif_structure(tmp_path):
    log = json.loads(format_findings(sample_result(tmp_path), "sarif", root=tmp_path))
    assert log["version"] == "2.1.0"
    run = log["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    ids = [r["id"] for r in rules]
    assert ids == sorted(ids) and "Q001" in ids
    assert rules[ids.index("Q001")]["helpUri"] == "docs/checks.md#q001"
    first, second, waived = run["results"]
    assert first["ruleId"] == "Q001" and first["ruleIndex"] == ids.index("Q001") and first["level"] == "error"
    location = first["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == "articles/a1/en.txt"
    assert location["region"] == {"startLine": 3, "startColumn": 14}
    assert second["level"] == "warning"
    assert waived["suppressions"][0]["justification"].startswith("kept on first use")


def test_github_commands_and_escaping(tmp_path):
    lines = format_findings(sample_result(tmp_path), "github", root=tmp_path).splitlines()
    assert len(lines) == 2  # the waived finding is not annotated
    assert lines[0].startswith("::error file=articles/a1/en.txt,line=3,col=14,title=Q001 lost-apostrophe::")
    assert lines[1].startswith("::warning ") and "%0A100%25" in lines[1] and "\n" not in lines[1]
    assert escape_property("a,b:c%\n") == "a%2Cb%3Ac%25%0A"
    assert escape_data("50%\r\n") == "50%25%0D%0A"


def test_text_format_lines(tmp_path):
    text = format_findings(sample_result(tmp_path), "text", root=tmp_path)
    lines = text.splitlines()
    assert lines[0] == "articles/a1/en.txt:3:14: Q001 [error] lost-apostrophe: 'Daily NKs': possessive without apostrophe"
    assert lines[1].startswith("    ko: ") and lines[2].startswith("    en: ")
    assert "[waived by editor.kim: kept on first use, with a gloss]" in text


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_empty_result_in_every_format(fmt, tmp_path):
    result = CheckResult(findings=[], documents=[("a1", None)])
    out = format_findings(result, fmt)
    if fmt == "json":
        assert json.loads(out)["findings"] == []
    elif fmt == "sarif":
        assert json.loads(out)["runs"][0]["results"] == []
    elif fmt == "junit":
        assert ET.fromstring(out).get("failures") == "0"
    else:
        assert out == ""


def test_unknown_format():
    with pytest.raises(ValueError):
        format_findings(CheckResult(findings=[]), "xml")
