"""Terminal layout that knows Hangul is two columns wide.

Used by every command that prints Korean beside English (`show`, `align`, `status`), so
that columns line up in a terminal whatever the script.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache


@lru_cache(maxsize=4096)
def char_width(ch: str) -> int:
    """Columns a character takes in a terminal: 2 for wide East Asian characters."""
    if unicodedata.combining(ch):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def display_width(text: str) -> int:
    """Columns a string takes in a terminal."""
    if text.isascii():
        return len(text)
    return sum(char_width(ch) for ch in text)


def truncate(text: str, width: int, ellipsis: str = "…") -> str:
    """Cut text to at most `width` columns, marking the cut with an ellipsis."""
    if display_width(text) <= width:
        return text
    out, used = [], 0
    limit = max(0, width - display_width(ellipsis))
    for ch in text:
        w = char_width(ch)
        if used + w > limit:
            break
        out.append(ch)
        used += w
    return "".join(out) + ellipsis


def pad(text: str, width: int) -> str:
    """Left-align text in `width` columns."""
    return text + " " * max(0, width - display_width(text))


def wrap(text: str, width: int) -> list[str]:
    """Wrap text to `width` columns, breaking at spaces where possible (Korean words are
    space-separated too), and inside a word only when it is longer than a line."""
    width = max(4, width)
    lines: list[str] = []
    for raw_line in text.split("\n"):
        current, used = "", 0
        for word in raw_line.split(" "):
            w = display_width(word)
            sep = 1 if current else 0
            if used + sep + w <= width:
                current = f"{current} {word}" if current else word
                used += sep + w
                continue
            if current:
                lines.append(current)
            current, used = "", 0
            while display_width(word) > width:  # a word longer than the line
                piece = truncate(word, width, ellipsis="")
                lines.append(piece)
                word = word[len(piece):]
            current, used = word, display_width(word)
        lines.append(current)
    return lines


def side_by_side(left: str, right: str, width: int, gutter: str = " │ ") -> list[str]:
    """Two texts as two wrapped columns of equal width within `width` columns."""
    column = max(10, (width - display_width(gutter)) // 2)
    lhs, rhs = wrap(left, column), wrap(right, column)
    rows = max(len(lhs), len(rhs))
    lhs += [""] * (rows - len(lhs))
    rhs += [""] * (rows - len(rhs))
    return [pad(a, column) + gutter + b for a, b in zip(lhs, rhs)]


def table(headers: list[str], rows: list[list[str]], max_widths: dict[int, int] | None = None) -> str:
    """A plain-text table with columns padded by display width; cells longer than their
    column's maximum (max_widths: column index -> columns) are truncated with an ellipsis."""
    max_widths = max_widths or {}
    cells = [[truncate(str(c), max_widths[i]) if i in max_widths else str(c) for i, c in enumerate(r)]
             for r in rows]
    widths = [display_width(h) for h in headers]
    for row in cells:
        for i, cell in enumerate(row):
            widths[i] = max(widths[i], display_width(cell))
    lines = ["  ".join(pad(h, widths[i]) for i, h in enumerate(headers)).rstrip(),
             "  ".join("-" * w for w in widths)]
    lines += ["  ".join(pad(c, widths[i]) for i, c in enumerate(row)).rstrip() for row in cells]
    return "\n".join(lines)
