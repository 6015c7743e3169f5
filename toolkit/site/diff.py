"""Word-level differences between two versions of an English paragraph.

The site shows what an editor changed in a translator's text as `<del>`/`<ins>` runs. The
diff works on tokens (words, single punctuation marks, whitespace runs) so that a changed
apostrophe or comma shows as itself and not as a rewritten word, and it never loses text:
the equal and deleted pieces join to the old text, the equal and inserted pieces to the new.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

# \w covers Hangul and digits; every other non-space character is a token of its own.
_TOKEN = re.compile(r"\w+|\s+|[^\w\s]")

EQUAL = "equal"
DELETE = "delete"
INSERT = "insert"


@dataclass(frozen=True, slots=True)
class DiffOp:
    """One run of a word diff: `kind` is "equal", "delete" or "insert"."""

    kind: str
    text: str


def tokenize(text: str) -> list[str]:
    """Split text into word, punctuation and whitespace tokens that join back to the text."""
    return _TOKEN.findall(text)


def _append(ops: list[DiffOp], kind: str, text: str) -> None:
    if not text:
        return
    if ops and ops[-1].kind == kind:
        ops[-1] = DiffOp(kind, ops[-1].text + text)
    else:
        ops.append(DiffOp(kind, text))


def _regroup(ops: list[DiffOp]) -> list[DiffOp]:
    """Fold whitespace-only equal runs between two changes into the changes, and order each
    change as one deletion followed by one insertion.

    "<del>a</del><ins>x</ins> <del>b</del><ins>y</ins>" reads worse than
    "<del>a b</del><ins>x y</ins>"; an editor wants to see the rewritten phrase whole.
    """
    out: list[DiffOp] = []
    pending_del: list[str] = []
    pending_ins: list[str] = []

    def flush() -> None:
        _append(out, DELETE, "".join(pending_del))
        _append(out, INSERT, "".join(pending_ins))
        pending_del.clear()
        pending_ins.clear()

    for n, op in enumerate(ops):
        if op.kind == DELETE:
            pending_del.append(op.text)
        elif op.kind == INSERT:
            pending_ins.append(op.text)
        elif (not op.text.strip() and (pending_del or pending_ins) and n + 1 < len(ops)
              and ops[n + 1].kind != EQUAL):
            pending_del.append(op.text)
            pending_ins.append(op.text)
        else:
            flush()
            _append(out, EQUAL, op.text)
    flush()
    return out


def word_diff(old: str, new: str) -> list[DiffOp]:
    """The word-level difference from `old` to `new` as equal/delete/insert runs."""
    a, b = tokenize(old), tokenize(new)
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    ops: list[DiffOp] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            ops.append(DiffOp(EQUAL, "".join(a[i1:i2])))
            continue
        if tag in ("delete", "replace"):
            ops.append(DiffOp(DELETE, "".join(a[i1:i2])))
        if tag in ("insert", "replace"):
            ops.append(DiffOp(INSERT, "".join(b[j1:j2])))
    return _regroup(ops)


def old_text(ops: list[DiffOp]) -> str:
    """The text before the change (equal and deleted runs)."""
    return "".join(op.text for op in ops if op.kind != INSERT)


def new_text(ops: list[DiffOp]) -> str:
    """The text after the change (equal and inserted runs)."""
    return "".join(op.text for op in ops if op.kind != DELETE)


def changed_words(ops: list[DiffOp]) -> tuple[int, int]:
    """(words deleted, words inserted): a quick measure of how much a paragraph changed."""
    counts = {DELETE: 0, INSERT: 0}
    for op in ops:
        if op.kind in counts:
            counts[op.kind] += len(re.findall(r"\w+", op.text))
    return counts[DELETE], counts[INSERT]
