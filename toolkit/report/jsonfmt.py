"""JSON and JSON Lines: the stable machine formats (schema in docs/formats.md)."""

from __future__ import annotations

import json
from typing import Any

from toolkit.report import SCHEMA, finding_dict


def format_json(result: Any, *, root: Any = None, **_: Any) -> str:
    """`{"schema": "toolkit.findings/1", "summary": {...}, "findings": [...]}`, indented."""
    data = {"schema": SCHEMA, "summary": result.summary(),
            "findings": [finding_dict(f, root) for f in result.findings]}
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def format_jsonl(result: Any, *, root: Any = None, **_: Any) -> str:
    """One finding object per line (no summary), for streaming and `grep`."""
    return "".join(json.dumps(finding_dict(f, root), ensure_ascii=False) + "\n"
                   for f in result.findings)
