"""GitHub Actions workflow commands: `::error file=…,line=…,col=…,title=…::message`, so
that findings appear as annotations on the changed lines of a pull request.

Escaping follows the Actions runner: in the message % CR LF become %25 %0D %0A; in
property values also : and , become %3A and %2C. Waived findings are not annotated.
"""

from __future__ import annotations

from typing import Any

from toolkit.report import relative_path

_COMMANDS = {"error": "error", "warning": "warning", "info": "notice"}


def escape_data(text: str) -> str:
    """Escape a workflow command's message."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Escape a workflow command's property value."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def format_github(result: Any, *, root: Any = None, **_: Any) -> str:
    """One workflow command per unwaived finding."""
    lines = []
    for f in result.findings:
        if f.waiver is not None:
            continue
        props = []
        path = relative_path(f.path, root)
        if path:
            props.append(f"file={escape_property(path)}")
            if f.line is not None:
                props.append(f"line={f.line}")
                if f.column is not None:
                    props.append(f"col={f.column}")
        props.append(f"title={escape_property(f'{f.code} {f.name}')}")
        message = f.message
        if f.en:
            message += f"\nen: {f.en}"
        if f.ko:
            message += f"\nko: {f.ko}"
        lines.append(f"::{_COMMANDS[f.severity.value]} {','.join(props)}::{escape_data(message)}")
    return "\n".join(lines) + "\n" if lines else ""
