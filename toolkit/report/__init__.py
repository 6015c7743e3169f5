"""Output formats for check findings: text, json, jsonl, junit, sarif, github.

`format_findings(result, fmt)` renders a `toolkit.checks.runner.CheckResult` as a string
for stdout or a file. The functions know nothing about the command line, so that `toolkit
verify` and other callers can reuse them. The machine formats are documented in
docs/formats.md; their fields are added to, never renamed.
"""

from __future__ import annotations

import functools
import importlib
from typing import Any

# format name -> "module:function" in this package; imported only when used.
FORMATS = {
    "text": "toolkit.report.text:format_text",
    "json": "toolkit.report.jsonfmt:format_json",
    "jsonl": "toolkit.report.jsonfmt:format_jsonl",
    "junit": "toolkit.report.junit:format_junit",
    "sarif": "toolkit.report.sarif:format_sarif",
    "github": "toolkit.report.github:format_github",
}
SCHEMA = "toolkit.findings/1"


def format_findings(result: Any, fmt: str, **options: Any) -> str:
    """Render a CheckResult in one of FORMATS; the text ends with a newline (or is empty).

    Options: `root` (text, sarif: paths are made relative to it, default the current
    folder), `color` (text: ANSI colours).
    """
    target = FORMATS.get(fmt)
    if target is None:
        raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
    module, func = target.split(":")
    return getattr(importlib.import_module(module), func)(result, **options)


def relative_path(path: str | None, root: Any = None) -> str | None:
    """`path` relative to `root` (default: the current folder) in POSIX form when it lies
    below it, else as given; CI annotations and SARIF need repository-relative paths."""
    import os

    if path is None:
        return None
    return _relative_path(str(path), None if root is None else str(root), os.getcwd())


@functools.lru_cache(maxsize=4096)  # a report names one file for many findings
def _relative_path(path: str, root: str | None, cwd: str) -> str:
    import os
    from pathlib import Path

    base = Path(root) if root is not None else Path(cwd)
    folder, name = os.path.split(path)
    try:
        rel = os.path.relpath(os.path.join(_resolved(folder, cwd), name), _resolved(str(base), cwd))
    except ValueError:
        return Path(path).as_posix()
    if rel.startswith(".."):
        return Path(path).as_posix()
    return Path(rel).as_posix()


@functools.lru_cache(maxsize=1024)
def _resolved(folder: str, cwd: str) -> str:
    """A folder's real path (`cwd` keys the cache: a relative folder depends on it). A
    report resolves the folders of its files, not each file: far fewer system calls."""
    from pathlib import Path

    return str(Path(folder).resolve())


def finding_dict(finding: Any, root: Any = None,
                 paths: dict[str | None, str | None] | None = None) -> dict[str, Any]:
    """One finding as the JSON object documented in docs/formats.md. `paths` maps finding
    paths to what relative_path makes of them, for a report that names few files."""
    waiver = finding.waiver
    return {
        "code": finding.code,
        "name": finding.name,
        "severity": finding.severity.value,
        "message": finding.message,
        "article": finding.article,
        "path": paths[finding.path] if paths is not None else relative_path(finding.path, root),
        "line": finding.line,
        "column": finding.column,
        "paragraph": finding.paragraph,
        "unit": finding.unit,
        "ko": finding.ko,
        "en": finding.en,
        "waived": waiver is not None,
        "waiver": None if waiver is None else {
            "code": waiver.code, "paragraph": waiver.paragraph, "reason": waiver.reason,
            "by": waiver.by, "date": waiver.date},
    }


def summary_line(result: Any) -> str:
    """A one-line human summary for stderr: counts, waived, documents."""
    counts = result.counts()
    parts = [f"{counts['error']} error{'s' if counts['error'] != 1 else ''}",
             f"{counts['warning']} warning{'s' if counts['warning'] != 1 else ''}",
             f"{counts['info']} info"]
    text = ", ".join(parts)
    if result.waived:
        text += f" ({result.waived} waived)"
    docs = len(result.documents)
    text += f" in {docs} document{'s' if docs != 1 else ''}, {result.units} units"
    if result.skipped:
        text += f"; {len(result.skipped)} without English skipped"
    return text
