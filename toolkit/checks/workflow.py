"""W: the desk's workflow rules, as recorded in an article's metadata.

W001 missing-credit, W002 history-mismatch. An article that has passed a sign-off stage
(`workflow.signoff` in toolkit.yaml: translated by the translator, edited by the editor)
must carry the credit of the role that signed it, and its history must be one connected
chain of moves that ends at the stage the article says it is at. `toolkit advance` keeps
both true; these checks catch hand edits and merges that broke them. Findings are placed
in article.yaml, at the key or history entry concerned.
"""

from __future__ import annotations

from typing import Any, Iterator

from toolkit.checks import Document, Hit, Scope, check
from toolkit.model import Article, Severity

_META_LINES = ("W", "meta-lines")


def _meta_lines(article: Article, ctx) -> dict[str, Any]:
    """Lines of the top-level keys of article.yaml and of each history entry, read once
    per document and only when a finding needs them."""
    lines = ctx.doc_cache.get(_META_LINES)
    if lines is not None:
        return lines
    import yaml

    from toolkit.errors import InputError
    from toolkit.fileio import read_text

    lines = {"keys": {}, "history": []}
    try:
        node = yaml.compose(read_text(article.meta_path), Loader=yaml.SafeLoader)
    except (InputError, yaml.YAMLError):
        node = None
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            lines["keys"][key.value] = key.start_mark.line + 1
            if key.value == "history" and isinstance(value, yaml.SequenceNode):
                lines["history"] = [item.start_mark.line + 1 for item in value.value]
    ctx.doc_cache[_META_LINES] = lines
    return lines


def _at(article: Article, ctx, key: str, entry: int | None = None) -> dict[str, Any]:
    lines = _meta_lines(article, ctx)
    line = lines["keys"].get(key)
    if entry is not None and entry < len(lines["history"]):
        line = lines["history"][entry]
    return {"path": str(article.meta_path), "line": line}


@check("W001", "missing-credit", Severity.ERROR, scope=Scope.DOCUMENT)
def missing_credit(doc: Document, ctx) -> Iterator[Hit]:
    """The article has passed a sign-off stage but lacks the credit of the role that signs it."""
    article = doc.article
    workflow = ctx.stats.get("workflow")
    if article is None or workflow is None:
        return
    for stage in workflow.stages:
        role = workflow.signoff.get(stage)
        if role is None or not workflow.at_or_after(article.stage, stage):
            continue
        if article.credit(role) is None:
            yield Hit(f"article is at stage {article.stage!r}, past the {role}'s sign-off "
                      f"({stage!r}), but has no {role} credit; sign off with `toolkit advance` "
                      "or add the credit", **_at(article, ctx, "credits" if article.credits
                                                 else "stage"))


@check("W002", "history-mismatch", Severity.ERROR, scope=Scope.DOCUMENT)
def history_mismatch(doc: Document, ctx) -> Iterator[Hit]:
    """The history is not one chain of moves ending at the article's stage, or a signer lacks a credit."""
    article = doc.article
    workflow = ctx.stats.get("workflow")
    if article is None or workflow is None or not article.history:
        return
    previous: str | None = None
    for n, entry in enumerate(article.history):
        for name in (entry.from_stage, entry.to_stage):
            if name is not None and name not in workflow.stages:
                yield Hit(f"history entry {n + 1} names unknown stage {name!r} "
                          f"(stages: {', '.join(workflow.stages)})", **_at(article, ctx, "history", n))
        if n > 0 and entry.from_stage != previous:
            yield Hit(f"history entry {n + 1} moves from {entry.from_stage!r}, but the entry "
                      f"before it ended at {previous!r}", **_at(article, ctx, "history", n))
        elif (entry.from_stage in workflow.stages and entry.to_stage in workflow.stages
              and workflow.index(entry.to_stage) > workflow.index(entry.from_stage) + 1):
            yield Hit(f"history entry {n + 1} skips stages ({entry.from_stage!r} → "
                      f"{entry.to_stage!r}); moves go forward one stage at a time",
                      **_at(article, ctx, "history", n))
        previous = entry.to_stage
    if article.stage != previous:
        yield Hit(f"article is at stage {article.stage!r}, but its history ends at {previous!r}",
                  **_at(article, ctx, "stage"))
    # The last sign-off of each stage the article still stands past must be credited to
    # whoever made it (`toolkit advance` records both together).
    signed: dict[str, tuple[int, str]] = {}
    for n, entry in enumerate(article.history):
        if entry.to_stage in workflow.signoff and entry.by:
            signed[entry.to_stage] = (n, entry.by)
    for stage, (n, by) in signed.items():
        role = workflow.signoff[stage]
        if not workflow.at_or_after(article.stage, stage) or article.credit(role) is None:
            continue  # W001 reports a missing credit; a returned article is re-signed later
        if not any(c.role == role and c.name == by for c in article.credits):
            yield Hit(f"{by} signed off {stage!r} (history entry {n + 1}) but the {role} "
                      f"credit names {article.credit(role).name}", **_at(article, ctx, "history", n))
