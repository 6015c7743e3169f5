"""The human format: one line per finding, `path:line:col: CODE [severity] name: message`,
then the Korean and English snippets indented, as compilers and linters print them so that
editors can jump to the place."""

from __future__ import annotations

from typing import Any

from toolkit.report import relative_path

_COLORS = {"error": "\x1b[31m", "warning": "\x1b[33m", "info": "\x1b[36m"}
_RESET = "\x1b[0m"


def format_text(result: Any, *, root: Any = None, color: bool = False) -> str:
    """The findings as text lines (empty string when there are none)."""
    lines = []
    for f in result.findings:
        where = relative_path(f.path, root) or f.article or "-"
        if f.line is not None:
            where += f":{f.line}"
            if f.column is not None:
                where += f":{f.column}"
        severity = f.severity.value
        label = f"[{severity}]"
        if color:
            label = f"{_COLORS[severity]}{label}{_RESET}"
        head = f"{where}: {f.code} {label} {f.name}: {f.message}"
        if f.waiver is not None:
            head += f" [waived by {f.waiver.by}: {f.waiver.reason}]"
        lines.append(head)
        if f.ko:
            lines.append(f"    ko: {f.ko}")
        if f.en:
            lines.append(f"    en: {f.en}")
    return "\n".join(lines) + "\n" if lines else ""
