"""JSON and JSON Lines: the stable machine formats (schema in docs/formats.md)."""

from __future__ import annotations

import json
from typing import Any

from toolkit.report import SCHEMA, finding_dict

# The layout json.dumps(..., indent=2) gives a finding at depth 2 of the document. With an
# indent, json.dumps runs its pure-Python encoder (half a second on 13,000 findings); a
# finding without a waiver is a flat object, so the C encoder writes the same bytes when
# its item separator carries the line break and the indentation.
_FINDING_INDENT = "\n" + " " * 6
_FLAT = json.JSONEncoder(ensure_ascii=False, separators=("," + _FINDING_INDENT, ": "))


def _indented_finding(data: dict[str, Any]) -> str:
    if data["waiver"] is not None:  # nested: the general encoder indents it
        return json.dumps(data, ensure_ascii=False, indent=2).replace("\n", "\n    ")
    return "{" + _FINDING_INDENT + _FLAT.encode(data)[1:-1] + "\n    }"


def format_json(result: Any, *, root: Any = None, **_: Any) -> str:
    """`{"schema": "toolkit.findings/1", "summary": {...}, "findings": [...]}`, indented
    by two spaces (exactly as `json.dumps(..., indent=2)` writes it)."""
    summary = json.dumps(result.summary(), ensure_ascii=False, indent=2).replace("\n", "\n  ")
    findings = ",\n    ".join(_indented_finding(finding_dict(f, root)) for f in result.findings)
    return (f'{{\n  "schema": {json.dumps(SCHEMA)},\n  "summary": {summary},\n  "findings": '
            + (f"[\n    {findings}\n  ]" if findings else "[]") + "\n}\n")


def format_jsonl(result: Any, *, root: Any = None, **_: Any) -> str:
    """One finding object per line (no summary), for streaming and `grep`."""
    return "".join(json.dumps(finding_dict(f, root), ensure_ascii=False) + "\n"
                   for f in result.findings)
