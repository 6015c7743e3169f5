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


def format_json(result: Any, *, root: Any = None, **_: Any) -> str:
    """`{"schema": "toolkit.findings/1", "summary": {...}, "findings": [...]}`, indented
    by two spaces (exactly as `json.dumps(..., indent=2)` writes it)."""
    summary = json.dumps(result.summary(), ensure_ascii=False, indent=2).replace("\n", "\n  ")
    paths = {path: relative_path(path, root) for path in {f.path for f in result.findings}}
    findings = ",\n    ".join(_indented_finding(finding_dict(f, paths=paths))
                               for f in result.findings)
    return (f'{{\n  "schema": {json.dumps(SCHEMA)},\n  "summary": {summary},\n  "findings": '
            + (f"[\n    {findings}\n  ]" if findings else "[]") + "\n}\n")


def format_jsonl(result: Any, *, root: Any = None, **_: Any) -> str:
    """One finding object per line (no summary), for streaming and `grep`."""
    return "".join(json.dumps(finding_dict(f, root), ensure_ascii=False) + "\n"
                   for f in result.findings)
