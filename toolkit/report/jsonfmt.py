"""JSON and JSON Lines: the stable machine formats (schema in docs/formats.md)."""

from __future__ import annotations

import json
from json.encoder import encode_basestring  # the C encoder of one string, with its quotes
from typing import Any

from toolkit.report import SCHEMA, finding_dict, relative_path

# The layout json.dumps(..., indent=2) gives a finding at depth 2 of the document, written
# here value by value with the C string encoder: json.dumps with an indent runs its
# pure-Python encoder, which took half a second on 13,000 findings.
def _indented_finding(data: dict[str, Any]) -> str:
    if data["waiver"] is not None:  # nested: the general encoder indents it
        return json.dumps(data, ensure_ascii=False, indent=2).replace("\n", "\n    ")
    parts = []
    for key, value in data.items():
        if value.__class__ is str:
            value = encode_basestring(value)
        elif value is None:
            value = "null"
        elif value is True or value is False:
            value = "true" if value else "false"
        elif value.__class__ is int:
            value = str(value)
        else:
            value = json.dumps(value, ensure_ascii=False)
        parts.append(f'"{key}": {value}')
    return "{\n      " + ",\n      ".join(parts) + "\n    }"


def _text(value: str | None) -> str:
    return "null" if value is None else encode_basestring(value)


def _number(value: int | None) -> str:
    return "null" if value is None else str(value)


def _unwaived_finding(finding: Any, lead: str) -> str:
    """`_indented_finding(finding_dict(finding))` for a finding without a waiver (nearly
    every one), each field written by its known type: the loop over values above took
    half the report's time on 13,000 findings. `lead` is `_lead` of its code, name,
    severity, message, article and path. The keys and their order are finding_dict's (the tests
    hold both ways to the same bytes)."""
    return (f'{lead}\n      "line": {_number(finding.line)},\n      "column": {_number(finding.column)},'
            f'\n      "paragraph": {_text(finding.paragraph)},\n      "unit": {_number(finding.unit)},'
            f'\n      "ko": {encode_basestring(finding.ko)},\n      "en": {encode_basestring(finding.en)},'
            f'\n      "waived": false,\n      "waiver": null\n    }}')


def _lead(finding: Any, path: str | None) -> str:
    """The fields of a finding up to its path, written once for each check and file: a
    large run repeats a few codes and files thousands of times."""
    return (f'{{\n      "code": {encode_basestring(finding.code)},'
            f'\n      "name": {encode_basestring(finding.name)},'
            f'\n      "severity": {encode_basestring(finding.severity.value)},'
            f'\n      "message": {encode_basestring(finding.message)},'
            f'\n      "article": {_text(finding.article)},\n      "path": {_text(path)},')


def format_json(result: Any, *, root: Any = None, **_: Any) -> str:
    """`{"schema": "toolkit.findings/1", "summary": {...}, "findings": [...]}`, indented
    by two spaces (exactly as `json.dumps(..., indent=2)` writes it)."""
    summary = json.dumps(result.summary(), ensure_ascii=False, indent=2).replace("\n", "\n  ")
    paths = {path: relative_path(path, root) for path in {f.path for f in result.findings}}
    head = f'{{\n  "schema": {json.dumps(SCHEMA)},\n  "summary": {summary},\n  "findings": '
    if not result.findings:
        return head + "[]\n}\n"
    # One join of every piece: a report of many findings is megabytes, copied once.
    parts = [head + "[\n    "]
    leads: dict[tuple, str] = {}
    for finding in result.findings:
        if finding.waiver is None:
            key = (finding.code, finding.name, finding.severity, finding.message,
                   finding.article, finding.path)
            lead = leads.get(key)
            if lead is None:
                lead = leads[key] = _lead(finding, paths[finding.path])
            parts.append(_unwaived_finding(finding, lead))
        else:
            parts.append(_indented_finding(finding_dict(finding, paths=paths)))
        parts.append(",\n    ")
    parts[-1] = "\n  ]\n}\n"
    return "".join(parts)


def format_jsonl(result: Any, *, root: Any = None, **_: Any) -> str:
    """One finding object per line (no summary), for streaming and `grep`."""
    return "".join(json.dumps(finding_dict(f, root), ensure_ascii=False) + "\n"
                   for f in result.findings)
