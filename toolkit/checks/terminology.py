"""T: terminology, against the house glossary and across the corpus.

T001 forbidden-variant, T002 term-missing, T003 inconsistent-rendering. The Korean side is
matched with particles attached (김정은의, 노동당에서는) and North Korean spellings
(로동당); the English side is case-aware and accepts possessives. How a term was rendered
in a unit is decided in one place, `toolkit.terms.unit_occurrences`, which `toolkit terms
report` uses too, so the report and the checks cannot disagree.
"""

from __future__ import annotations

from typing import Any, Iterable, Iterator

from toolkit.checks import Document, Hit, Scope, Unit, check, excerpt
from toolkit.model import Severity


@check("T001", "forbidden-variant", Severity.ERROR)
def forbidden_variant(unit: Unit, ctx) -> Iterator[Hit]:
    """The English uses a spelling the glossary forbids (Kim Jong-un for Kim Jong Un)."""
    matcher = ctx.matcher
    if matcher is None:
        return
    for para in unit.en:
        for hit in matcher.find_forbidden(para.text):
            term = hit.term
            yield Hit(f"{hit.text!r} is not the house spelling of {term.ko}: use {term.en!r}",
                      ko=excerpt(unit.ko_text, 0, 0) if unit.ko else term.ko,
                      en=excerpt(para.text, hit.start, hit.end), paragraph=para.id,
                      offset=hit.start)


def _lost_possessive(unit: Unit, matcher: Any, term: Any) -> bool:
    return any(matcher.find_lost_possessive(p.text, term) for p in unit.en)


@check("T002", "term-missing", Severity.WARNING)
def term_missing(unit: Unit, ctx) -> Iterator[Hit]:
    """A glossary term is in the Korean but its approved English is not in the translation."""
    matcher = ctx.matcher
    if matcher is None or not unit.en or not any(p.text.strip() for p in unit.en):
        return
    from toolkit.terms import unit_occurrences

    for occ in unit_occurrences(ctx.document, unit, matcher):
        if occ.status not in ("missing", "unlisted"):
            continue
        term = occ.term
        # "Kim Jong Uns" keeps the name; the lost apostrophe is the quotes checks' finding.
        if occ.status == "missing" and _lost_possessive(unit, matcher, term):
            continue
        para = next((p for p in unit.ko if occ.ko.text in p.text), unit.ko[0])
        ko = excerpt(para.text, occ.ko.start, occ.ko.end + len(occ.ko.tail))
        if occ.status == "unlisted":
            yield Hit(f"{term.ko} is rendered {occ.rendering!r}; the house spelling is {term.en!r}",
                      ko=ko, en=excerpt(occ.en_hit.text), paragraph=occ.paragraph,
                      offset=occ.en_hit.start)
        else:
            yield Hit(f"{occ.ko.text}{occ.ko.tail} is in the Korean but {term.en!r} is not in the "
                      "English", ko=ko, en=excerpt(unit.en_text), paragraph=unit.en[0].id)


def _counts(places: Iterable[tuple[str, str]]) -> str:
    """'Kim Jong Un' 5× (a1, a2), 'Kim Jong-un' 1× (a3): spellings by frequency."""
    by_spelling: dict[str, list[str]] = {}
    for spelling, article in places:
        by_spelling.setdefault(spelling, []).append(article)
    ranked = sorted(by_spelling.items(), key=lambda kv: (-len(kv[1]), kv[0]))
    return ", ".join(f"{s!r} {len(a)}× ({', '.join(sorted(set(a)))})" for s, a in ranked)


@check("T003", "inconsistent-rendering", Severity.WARNING, scope=Scope.CORPUS,
       requires=("T001",))
def inconsistent_rendering(docs: list[Document], ctx) -> Iterator[tuple[Document, Hit]]:
    """The same Korean name or term is rendered two ways across the corpus."""
    from toolkit.terms import name_evidence, term_usage

    matcher = ctx.matcher
    if matcher is not None:
        for usage in term_usage(docs, matcher).values():
            if not usage.inconsistent:
                continue
            term = usage.term
            counts = _counts((o.rendering, o.doc.name) for o in usage.occurrences if o.rendering)
            for occ in usage.off_house:
                yield occ.doc, Hit(
                    f"{term.ko} is rendered {len(usage.renderings)} ways: {counts}; house "
                    f"spelling {term.en!r}", ko=term.ko, en=excerpt(occ.en_hit.text),
                    paragraph=occ.paragraph, offset=occ.en_hit.start, unit=occ.unit.index)
    if not ctx.option("T003", "names", True):
        return
    min_count = int(ctx.option("T003", "min-count", 2))
    # The regex method, not kiwipiepy, so that findings do not depend on an optional extra.
    for evidence in name_evidence(docs, matcher, method="regex", min_count=min_count).values():
        spellings = evidence.consistent_spellings()
        if len(spellings) < 2:
            continue
        top_n = max(spellings.values())
        top = min(s for s, n in spellings.items() if n == top_n)
        tied = sum(1 for n in spellings.values() if n == top_n) > 1
        counts = _counts((p.spelling, p.doc.name) for p in evidence.places if p.spelling in spellings)
        for place in evidence.places:
            if place.spelling not in spellings or (place.spelling == top and not tied):
                continue
            yield place.doc, Hit(
                f"{evidence.ko} is spelt {len(spellings)} ways: {counts}", ko=evidence.ko,
                en=place.spelling, paragraph=place.paragraph, offset=place.offset,
                unit=place.unit.index)


