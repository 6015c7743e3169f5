"""T: terminology, against the house glossary and across the corpus.

T001 forbidden-variant, T002 term-missing, T003 inconsistent-rendering. The Korean side is
matched with particles attached (김정은의, 노동당에서는) and North Korean spellings
(로동당); the English side is case-aware and accepts possessives. How a term was rendered
in a unit is decided in one place, `toolkit.terms.unit_occurrences`, which `toolkit terms
report` uses too, so the report and the checks cannot disagree.
"""

from __future__ import annotations

from collections import Counter
from typing import Any, Iterable, Iterator

from toolkit.checks import Document, Hit, Scope, Unit, check, excerpt, moved_facts
from toolkit.model import Severity


def _glossary_given(doc: Document, ctx) -> bool:
    return ctx.matcher is not None


@check("T001", "forbidden-variant", Severity.ERROR, applies=_glossary_given)
def forbidden_variant(unit: Unit, ctx) -> Iterator[Hit]:
    """The English uses a spelling the glossary forbids (Kim Jong-un for Kim Jong Un)."""
    matcher = ctx.matcher
    if matcher is None:  # called directly, outside a run (which asks _glossary_given)
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


@check("T002", "term-missing", Severity.WARNING, applies=_glossary_given)
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
        if occ.status == "missing" and (_lost_possessive(unit, matcher, term)
                                        or _moved_elsewhere(unit, term, ctx)):
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


def _moved_elsewhere(unit: Unit, term: Any, ctx) -> bool:
    """Whether the term is a fact the unit's Korean moved to another unit's English (see
    `toolkit.checks.moved_facts`): the sentence that names it moved."""
    return ("t", term.ko) in moved_facts(unit, "ko", ctx)


# A message names at most this many articles per spelling and counts the rest: in a corpus
# of thousands, listing them all made every hit's message (and memory) grow with the corpus.
SHOWN_ARTICLES = 3


def _counts(places: Iterable[tuple[str, str]]) -> str:
    """'Kim Jong Un' 5× (a1, a2), 'Kim Jong-un' 1× (a3): spellings by frequency; a spelling
    found in more articles than SHOWN_ARTICLES reads 'Kim Jong Un' 5,012× in 5,012
    articles (a1, a2, a3 and 5,009 more)."""
    by_spelling: dict[str, list[str]] = {}
    for spelling, article in places:
        by_spelling.setdefault(spelling, []).append(article)
    ranked = sorted(by_spelling.items(), key=lambda kv: (-len(kv[1]), kv[0]))
    parts = []
    for spelling, found in ranked:
        articles = sorted(set(found))
        shown = ", ".join(articles[:SHOWN_ARTICLES])
        if len(articles) > SHOWN_ARTICLES:
            parts.append(f"{spelling!r} {len(found):,}× in {len(articles):,} articles "
                         f"({shown} and {len(articles) - SHOWN_ARTICLES:,} more)")
        else:
            parts.append(f"{spelling!r} {len(found):,}× ({shown})")
    return ", ".join(parts)


@check("T003", "inconsistent-rendering", Severity.WARNING, scope=Scope.CORPUS,
       requires=("T001",))
def inconsistent_rendering(docs: list[Document], ctx) -> Iterator[tuple[Document, Hit]]:
    """The same Korean name or term is rendered two ways across the corpus."""
    # One code path for `check` and `verify`: the check itself works from the documents'
    # summaries, which `toolkit verify` caches per article.
    yield from corpus_hits(((doc, summarise(doc, ctx)) for doc in docs), ctx)


def summarise(doc: Document, ctx) -> dict[str, Any]:
    """The map step of T003: what it needs from one document, as JSON-able data.

    `{"name": document name, "terms": [[term Korean, rendering, status, English found,
    its offset, English paragraph id, unit index], ...], "names": {Korean name: [[spelling,
    paragraph id, offset, unit index], ...]}, "unspelled": "name name ...", "spans":
    {English name span: units}}`. "unspelled" lists, once per place, the name candidates
    no English spelling was found for: they only count, and most are common nouns, so
    they are kept as one string. It depends only on the document, the glossary and the
    T003 options.
    """
    from toolkit.terms import doc_name_places, unit_occurrences

    matcher = ctx.matcher
    terms: list[list[Any]] = []
    if matcher is not None:
        for unit in doc.units:
            for occ in unit_occurrences(doc, unit, matcher):
                hit = occ.en_hit
                terms.append([occ.term.ko, occ.rendering, occ.status,
                              None if hit is None else hit.text, None if hit is None else hit.start,
                              occ.paragraph, unit.index])
    names: dict[str, list[list[Any]]] = {}
    unspelled: list[str] = []
    spans: dict[str, int] = {}
    if ctx.option("T003", "names", True):
        # The regex method, not kiwipiepy, so that findings do not depend on an optional extra.
        places, span_units = doc_name_places(doc, matcher, method="regex")
        for name, found in places.items():
            spelled = [[p.spelling, p.paragraph, p.offset, p.unit.index] for p in found
                       if p.spelling is not None]
            if spelled:
                names[name] = spelled
            unspelled.extend(name for p in found if p.spelling is None)
        spans = dict(span_units)
    return {"name": doc.name, "terms": terms, "names": names, "unspelled": " ".join(unspelled),
            "spans": spans}


def corpus_hits(items: Iterable[tuple[Any, dict[str, Any]]], ctx) -> Iterator[tuple[Any, Hit]]:
    """The reduce step of T003: its hits from (key, summary) pairs in document order, each
    yielded with the key of the document it belongs to."""
    from types import SimpleNamespace

    from toolkit.terms import NamePlace, Occurrence, TermUsage, merge_name_evidence

    items = list(items)
    refs = [SimpleNamespace(key=key, name=summary["name"]) for key, summary in items]
    matcher = ctx.matcher
    if matcher is not None:
        by_ko: dict[str, Any] = {}
        for term in ctx.glossary:
            by_ko.setdefault(term.ko, term)
        usages: dict[str, TermUsage] = {}
        for ref, (_, summary) in zip(refs, items):
            for ko, rendering, status, en_text, en_start, paragraph, index in summary["terms"]:
                term = by_ko[ko]
                en_hit = None if en_text is None else SimpleNamespace(text=en_text, start=en_start)
                usages.setdefault(ko, TermUsage(term)).occurrences.append(Occurrence(
                    ref, SimpleNamespace(index=index), SimpleNamespace(term=term), rendering,
                    status, en_hit, paragraph))
        for usage in usages.values():
            if not usage.inconsistent:
                continue
            term = usage.term
            counts = _counts((o.rendering, o.doc.name) for o in usage.occurrences if o.rendering)
            for occ in usage.off_house:
                if occ.status == "forbidden":
                    continue  # T001 reports it, as an error, at the same place
                yield occ.doc.key, Hit(
                    f"{term.ko} is rendered {len(usage.renderings)} ways: {counts}; house "
                    f"spelling {term.en!r}", ko=term.ko, en=excerpt(occ.en_hit.text),
                    paragraph=occ.paragraph, offset=occ.en_hit.start, unit=occ.unit.index)
    if not ctx.option("T003", "names", True):
        return
    min_count = int(ctx.option("T003", "min-count", 2))
    # A name never spelt anywhere yields nothing: only the others need their unspelt places.
    # Nor does a name found in fewer than min_count places in all: its places are not built.
    places_of: Counter = Counter()
    for _, summary in items:
        for name, found in summary["names"].items():
            places_of[name] += len(found)
    spelt = set(places_of)
    for _, summary in items:
        places_of.update(name for name in summary["unspelled"].split() if name in spelt)
    kept = {name for name, count in places_of.items() if count >= min_count}
    parts = []
    for ref, (_, summary) in zip(refs, items):
        places = {name: [NamePlace(ref, SimpleNamespace(index=index), spelling, pid, offset)
                         for spelling, pid, offset, index in found]
                  for name, found in summary["names"].items() if name in kept}
        for name in summary["unspelled"].split():
            if name in kept:
                places.setdefault(name, []).append(NamePlace(ref, None, None))
        parts.append((places, summary["spans"]))
    for evidence in merge_name_evidence(parts, min_count=min_count).values():
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
            yield place.doc.key, Hit(
                f"{evidence.ko} is spelt {len(spellings)} ways: {counts}", ko=evidence.ko,
                en=place.spelling, paragraph=place.paragraph, offset=place.offset,
                unit=place.unit.index)


