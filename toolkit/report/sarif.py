"""SARIF 2.1.0 for code-scanning dashboards (GitHub, GitLab, Azure DevOps).

One run; the rules are the whole registry (so a rule's help is there even when it found
nothing); results carry a physical location relative to the repository root (`%SRCROOT%`);
waived findings are kept with an accepted external suppression and its justification.
"""

from __future__ import annotations

import json
from typing import Any

from toolkit import __version__
from toolkit.report import relative_path

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_LEVELS = {"error": "error", "warning": "warning", "info": "note"}


def format_sarif(result: Any, *, root: Any = None, **_: Any) -> str:
    """The findings as a SARIF 2.1.0 log (JSON)."""
    from toolkit.checks import load_checks

    registry = load_checks()
    rule_index = {code: n for n, code in enumerate(registry)}
    rules = [{
        "id": code,
        "name": spec.name,
        "shortDescription": {"text": spec.summary},
        "fullDescription": {"text": " ".join((spec.func.__doc__ or spec.summary).split())},
        "helpUri": f"docs/checks.md#{code.lower()}",
        "defaultConfiguration": {"level": _LEVELS[spec.severity.value]},
        "properties": {"family": code[0]},
    } for code, spec in registry.items()]
    results = []
    for f in result.findings:
        item: dict[str, Any] = {
            "ruleId": f.code,
            "level": _LEVELS[f.severity.value],
            "message": {"text": f.message},
        }
        if f.code in rule_index:
            item["ruleIndex"] = rule_index[f.code]
        location: dict[str, Any] = {}
        path = relative_path(f.path, root)
        if path:
            physical: dict[str, Any] = {"artifactLocation": {"uri": path, "uriBaseId": "%SRCROOT%"}}
            if f.line is not None:
                region: dict[str, Any] = {"startLine": f.line}
                if f.column is not None:
                    region["startColumn"] = f.column
                physical["region"] = region
            location["physicalLocation"] = physical
        logical = [name for name in (f.article, f.paragraph) if name]
        if logical:
            location["logicalLocations"] = [{"fullyQualifiedName": "/".join(logical),
                                             "kind": "paragraph" if f.paragraph else "article"}]
        if location:
            item["locations"] = [location]
        props = {k: v for k, v in (("article", f.article), ("paragraph", f.paragraph),
                                   ("unit", f.unit), ("ko", f.ko), ("en", f.en)) if v not in (None, "")}
        if props:
            item["properties"] = props
        if f.waiver is not None:
            item["suppressions"] = [{"kind": "external", "status": "accepted",
                                     "justification": f"{f.waiver.reason} (by {f.waiver.by})"}]
        results.append(item)
    log = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "toolkit", "version": __version__,
                                "informationUri": "docs/checks.md", "rules": rules}},
            "originalUriBaseIds": {"%SRCROOT%": {"description": {"text": "the repository root"}}},
            "results": results,
        }],
    }
    # Compact: json.dumps with an indent runs its pure-Python encoder (most of a second on
    # 13,000 results); SARIF readers do not need the layout, and `jq .` restores it.
    return json.dumps(log, ensure_ascii=False, separators=(",", ":")) + "\n"
