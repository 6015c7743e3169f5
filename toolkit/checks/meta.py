"""X: the toolkit's own checks on waivers.

X001 unused-waiver, X002 waiver-without-reason (a placeholder reason such as "ok"). The runner calls these after it has
matched the document's findings against its waivers, and leaves the indices of the
waivers that matched something in `ctx.doc_cache[USED_WAIVERS]`.
"""

from __future__ import annotations

from typing import Iterator

from toolkit.checks import Document, Hit, Scope, check
from toolkit.model import Severity

USED_WAIVERS = ("X", "used-waivers")
WAIVER_PLACES = ("X", "waiver-places")  # index -> (path, line) where the waiver is written


def _place(ctx, index: int) -> dict:
    path, line = (ctx.doc_cache.get(WAIVER_PLACES) or {}).get(index, (None, None))
    return {"path": path, "line": line}


def _describe(waiver) -> str:
    where = f" on {waiver.paragraph}" if waiver.paragraph else ""
    return f"{waiver.code}{where}"


@check("X001", "unused-waiver", Severity.WARNING, scope=Scope.DOCUMENT)
def unused_waiver(doc: Document, ctx) -> Iterator[Hit]:
    """A waiver that matches no finding any more: the problem was fixed, or the waiver names the wrong place."""
    used = ctx.doc_cache.get(USED_WAIVERS)
    if used is None:
        return
    active = ctx.doc_cache.get(("X", "active-codes"))
    for index, waiver in enumerate(doc.waivers):
        if index in used:
            continue
        if active is not None and waiver.code not in active and waiver.code in ctx.stats.get("known_codes", ()):
            continue  # its check did not run (deselected): we cannot tell whether it still applies
        reason = "no such check" if waiver.code not in ctx.stats.get("known_codes", (waiver.code,)) \
            else "no finding matches it"
        yield Hit(f"waiver {_describe(waiver)} is unused ({reason}); remove it", paragraph=waiver.paragraph,
                  **_place(ctx, index))


# Reasons that say nothing about why the finding is right to leave.
_EMPTY_REASONS = {"", "-", "--", "n/a", "na", "none", "ok", "okay", "fine", "todo", "tbd", "fixme",
                  "wontfix", "ignore", "ignored", "waived", "waiver", "false positive", "fp", "."}


@check("X002", "waiver-without-reason", Severity.WARNING, scope=Scope.DOCUMENT)
def waiver_without_reason(doc: Document, ctx) -> Iterator[Hit]:
    """A waiver whose reason or author says nothing ("ok", "todo", "-"): a later editor cannot tell why it was left."""
    for index, waiver in enumerate(doc.waivers):
        missing = []
        if (waiver.reason or "").strip().strip(".!").casefold() in _EMPTY_REASONS:
            missing.append("reason")
        if not (waiver.by or "").strip() or waiver.by.strip() in ("-", "?"):
            missing.append("author")
        if missing:
            yield Hit(f"waiver {_describe(waiver)} has no real {' and no '.join(missing)} "
                      f"(reason: {waiver.reason!r}); say why the finding is right to leave",
                      paragraph=waiver.paragraph, **_place(ctx, index))
