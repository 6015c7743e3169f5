"""JUnit XML for Jenkins and GitLab: a testsuite per document, a testcase per (document,
check code), a failure per finding at or above the run's failing severity.

Findings below it are listed in the testcase's system-out (the test passes); waived
findings make a skipped testcase when nothing else is wrong with that code. A document
with no findings gets one passing testcase, so that it shows up as checked.
"""

from __future__ import annotations

from typing import Any
from xml.etree import ElementTree as ET

from toolkit.report import relative_path


def _where(f: Any, root: Any) -> str:
    where = relative_path(f.path, root) or f.article or "-"
    if f.line is not None:
        where += f":{f.line}"
        if f.column is not None:
            where += f":{f.column}"
    return where


def _detail(f: Any, root: Any) -> str:
    lines = [f"{_where(f, root)}: {f.code} [{f.severity.value}] {f.name}: {f.message}"]
    if f.ko:
        lines.append(f"  ko: {f.ko}")
    if f.en:
        lines.append(f"  en: {f.en}")
    return "\n".join(lines)


def format_junit(result: Any, *, root: Any = None, **_: Any) -> str:
    """The findings as a JUnit XML document (UTF-8, escaped by ElementTree)."""
    by_doc: dict[str, list[Any]] = {name: [] for name, _ in result.documents}
    paths = {name: path for name, path in result.documents}
    for f in result.findings:
        key = f.article or next((name for name, path in result.documents if path == f.path), None) \
            or (f.path or "-")
        by_doc.setdefault(key, []).append(f)
    suites = ET.Element("testsuites", name="toolkit check")
    total_tests = total_failures = total_skipped = 0
    for name, findings in by_doc.items():
        suite = ET.SubElement(suites, "testsuite", name=name)
        if paths.get(name):
            suite.set("file", relative_path(paths[name], root) or "")
        codes: dict[tuple[str, str], list[Any]] = {}
        for f in findings:
            codes.setdefault((f.code, f.name), []).append(f)
        tests = failures = skipped = 0
        if not codes:
            ET.SubElement(suite, "testcase", classname=name, name="all checks")
            tests = 1
        for (code, check_name), group in sorted(codes.items()):
            tests += 1
            case = ET.SubElement(suite, "testcase", classname=name, name=f"{code} {check_name}")
            failing = [f for f in group if f.waiver is None and f.severity.rank >= result.fail_on.rank]
            minor = [f for f in group if f.waiver is None and f.severity.rank < result.fail_on.rank]
            waived = [f for f in group if f.waiver is not None]
            for f in failing:
                failure = ET.SubElement(case, "failure", type=f.severity.value,
                                        message=f"{_where(f, root)}: {f.message}")
                failure.text = _detail(f, root)
            if failing:
                failures += 1
            elif waived and not minor:
                skip = ET.SubElement(case, "skipped",
                                     message=f"waived: {waived[0].waiver.reason} ({waived[0].waiver.by})")
                skip.text = "\n".join(_detail(f, root) for f in waived)
                skipped += 1
            if minor or (waived and failing):
                out = ET.SubElement(case, "system-out")
                out.text = "\n".join(_detail(f, root) for f in minor + waived)
        suite.set("tests", str(tests))
        suite.set("failures", str(failures))
        suite.set("errors", "0")
        suite.set("skipped", str(skipped))
        total_tests += tests
        total_failures += failures
        total_skipped += skipped
    suites.set("tests", str(total_tests))
    suites.set("failures", str(total_failures))
    suites.set("errors", "0")
    suites.set("skipped", str(total_skipped))
    ET.indent(suites)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, encoding="unicode") + "\n"
