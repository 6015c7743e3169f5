"""A: omissions, additions and the state of the stored alignment.

A001 omission, A002 addition, A003 length-ratio, A004 stale-alignment, A005 low-confidence,
A006 unaligned. The omission checks work on the aligned units: a Korean paragraph in a unit
with no English is an omitted paragraph; an English paragraph much shorter than its
Korean, judged against the length ratio of the corpus being checked, is a partial omission.
"""

from __future__ import annotations

import bisect
import math
import re
from dataclasses import dataclass
from typing import Iterable, Iterator

from toolkit.checks import (Document, Hit, Scope, Unit, aligned_neighbours, check, excerpt,
                            moved_facts, paragraph_facts, spare_facts, unit_facts)
from toolkit.model import Severity

# -- the length model ------------------------------------------------------------------------

MIN_CALIBRATION_UNITS = 30  # below this, the run is too small to calibrate on: use the prior
MIN_KO_LENGTH = 30.0  # weighted length (about 13 Hangul syllables): shorter units vary too much


@dataclass(frozen=True, slots=True)
class LengthModel:
    """How long an English unit is expected to be, given its Korean.

    Lengths are the aligner's `weighted_length` (a Hangul syllable counts as several
    letters). The deviation of a unit is Gale and Church's statistic
    d = (len_en - c·len_ko) / sqrt(s2 · (c·len_ko + len_en) / 2), and its z-score is
    (d - location) / scale. Calibrated on a run, `c` is the median ratio of the run's
    units and `location`/`scale` the median and MAD of their d, so a desk whose
    translations run long or short is judged against itself.
    """

    c: float
    s2: float
    location: float = 0.0
    scale: float = 1.0
    units: int = 0
    source: str = "prior"

    def deviation(self, len_ko: float, len_en: float) -> float:
        """Gale and Church's d for one unit."""
        return (len_en - self.c * len_ko) / math.sqrt(self.s2 * (self.c * len_ko + len_en) / 2.0)

    def zscore(self, len_ko: float, len_en: float) -> float:
        """How many (robust) standard deviations the unit is from the expected length."""
        return (self.deviation(len_ko, len_en) - self.location) / self.scale


def unit_lengths(units: Iterable[Unit], memo: dict | None = None) -> list[tuple[float, float]]:
    """(weighted Korean length, weighted English length) of the two-sided units long enough
    to judge. With `memo`, each unit's lengths are also kept there under id(unit), so that
    A003 does not measure the texts a second time."""
    from toolkit.align import weighted_length

    pairs = []
    for unit in units:
        if not unit.ko or not unit.en:
            continue
        lk = sum(weighted_length(p.text) for p in unit.ko)
        if lk < MIN_KO_LENGTH:
            continue
        pair = (lk, sum(weighted_length(p.text) for p in unit.en))
        pairs.append(pair)
        if memo is not None:
            memo[id(unit)] = pair
    return pairs


def _median_of_sorted(values: list[float]) -> float:
    """The median of values already in order (statistics.median, which costs its module's
    import at every start)."""
    middle = len(values) // 2
    return values[middle] if len(values) % 2 else (values[middle - 1] + values[middle]) / 2


def calibrate(pairs: list[tuple[float, float]]) -> LengthModel:
    """The length model for a run: calibrated on its units when there are enough of them,
    else the aligner's prior (c, s2 from toolkit.align.DEFAULT_PARAMS) with c moved toward
    the run's own ratio as the aligner does (its `adapt` setting)."""
    from toolkit.align import DEFAULT_PARAMS as prior

    ratios = [le / lk for lk, le in pairs if le > 0]
    if len(pairs) >= MIN_CALIBRATION_UNITS and ratios:
        c = _median_of_sorted(sorted(ratios))
        # LengthModel.deviation written out (the same operations in the same order): the
        # parent of a parallel run calibrates on tens of thousands of units while its
        # workers wait, and a method call per unit was half of it.
        s2, sqrt = prior.s2, math.sqrt
        devs = sorted([(le - c * lk) / sqrt(s2 * (c * lk + le) / 2.0) for lk, le in pairs])
        location = _median_of_sorted(devs)
        # |d - location| is location - d below the median and d - location above it: two
        # ascending runs, which the sort merges rather than sorting afresh.
        split = bisect.bisect_right(devs, location)
        spread = [location - d for d in reversed(devs[:split])] + [d - location for d in devs[split:]]
        mad = _median_of_sorted(sorted(spread)) * 1.4826
        # A floor keeps an unusually uniform corpus from turning small differences into outliers.
        return LengthModel(c, prior.s2, location, max(mad, 0.5), len(pairs), "corpus")
    c = prior.c
    if len(ratios) >= 5:
        c = (1 - prior.adapt) * prior.c + prior.adapt * _median_of_sorted(sorted(ratios))
    return LengthModel(c, prior.s2, 0.0, 1.0, len(pairs), "prior")


def length_model(ctx) -> LengthModel:
    """The run's length model (computed by the runner into ctx.stats), or the prior."""
    model = ctx.stats.get("length_model")
    if model is None:
        model = calibrate([])
        ctx.stats["length_model"] = model
    return model


# -- unit checks ---------------------------------------------------------------------------

# Korean lines that are not article text: photo credits, datelines, bylines, copyright.
_KO_BOILERPLATE = re.compile(r"^[\[(（【<].{0,40}[\])）】>]$|ⓒ|©|무단\s*전재|재배포\s*금지|저작권자|"
                             r"^(?:[\[(（【][^\])）】]{1,30}[\])）】]\s*)?\S{2,4}\s?(?:기자|특파원|통신원)"
                             r"(?:\s+\S+@\S+)?\s*$|^사진\s*[=:]")


def _aligned_here(doc: Document, ctx) -> bool:
    # A PO entry pairs its two sides by construction: nothing is left out of a pairing.
    return doc.kind != "po"


def _stored_links(doc: Document, ctx) -> bool:
    return any(unit.link is not None for unit in doc.units)


@check("A001", "omission", Severity.ERROR, applies=_aligned_here)
def omission(unit: Unit, ctx) -> Iterator[Hit]:
    """A Korean paragraph with no English translation (a 1-0 unit of the alignment)."""
    doc = ctx.document
    if not unit.ko or (doc is not None and not _aligned_here(doc, ctx)):
        return
    if unit.en:
        if len(unit.ko) > 1 and doc is not None:
            yield from _dropped_in_merge(unit, ctx)
        return
    if doc is not None and doc.kind == "files" and not any(u.en for u in doc.units):
        return  # an empty English file is one empty translation (H003), not n omissions
    if doc is not None and _all_moved(unit, "ko", ctx):
        return
    for para in unit.ko:
        text = para.text.strip()
        if not text or _KO_BOILERPLATE.search(text):
            continue
        yield Hit(f"Korean paragraph {para.id} has no English translation", paragraph=para.id,
                  offset=0, ko=excerpt(text))


def _dropped_in_merge(unit: Unit, ctx) -> Iterator[Hit]:
    """The Korean paragraphs of a merged link whose facts (two or more figures, dates,
    terms; see `toolkit.checks.unit_facts`) are all among those the link's English leaves
    unrendered, counted by occurrence, and not all moved elsewhere: the aligner merged a
    dropped paragraph into its neighbour's link, where the length of the rest could hide it."""
    unrendered = spare_facts(unit, "ko", ctx)
    moved = moved_facts(unit, "ko", ctx)
    for para in unit.ko:
        facts = paragraph_facts(para, "ko", ctx)
        if sum(facts.values()) >= 2 and not facts - unrendered and facts - moved:
            yield Hit(f"Korean paragraph {para.id} has no English translation: the English of "
                      "its link leaves its figures, dates and terms unrendered", paragraph=para.id,
                      offset=0, ko=excerpt(para.text))


def _all_moved(unit: Unit, side: str, ctx) -> bool:
    """Whether every fact of a one-sided unit (see `toolkit.checks.unit_facts`) moved to
    other units (`moved_facts`): a Korean paragraph the translator moved into another
    English paragraph, or an English one split off the Korean of another unit."""
    facts = unit_facts(unit, side, ctx)
    return bool(facts) and not facts - moved_facts(unit, side, ctx)


_SUBHEADING_END = re.compile(r"[.!?\"”’:;,]\s*$")


@check("A002", "addition", Severity.WARNING)
def addition(unit: Unit, ctx) -> Iterable[Hit]:
    """An English paragraph with no Korean original (a 0-1 unit); a subheading or credit line is info."""
    # A unit with Korean (nearly every one) returns () without starting a generator.
    if unit.ko or not unit.en or (ctx is not None and ctx.document is not None
                                  and _all_moved(unit, "en", ctx)):
        return ()
    return _addition_hits(unit)


def _addition_hits(unit: Unit) -> Iterator[Hit]:
    from toolkit.align import is_credit_line

    for para in unit.en:
        text = para.text.strip()
        if not text:
            continue
        minor = is_credit_line(text) or (len(text.split()) <= 8 and not _SUBHEADING_END.search(text))
        kind = "subheading or credit line" if minor else "paragraph"
        yield Hit(f"English {kind} {para.id} has no Korean original", paragraph=para.id, offset=0,
                  en=excerpt(text), severity=Severity.INFO if minor else None)


@check("A003", "length-ratio", Severity.WARNING)
def length_ratio(unit: Unit, ctx) -> Iterable[Hit]:
    """An English unit much shorter or longer than its Korean, by a z-score calibrated on the run."""
    # A plain function returning () for the usual unit, a generator only near a threshold:
    # this runs on every unit of a run.
    if not unit.ko or not unit.en:
        return ()
    settings = ctx.cache.get(("A003", "settings"))
    if settings is None:  # read once per run
        settings = ctx.cache[("A003", "settings")] = (
            ctx.option("A003", "min-length", MIN_KO_LENGTH), ctx.option("A003", "short-z", -3.5),
            ctx.option("A003", "long-z", 5.0))
    min_length, short, long = settings
    # The runner measured every unit of the run (`unit_lengths`): one left out is shorter
    # than MIN_KO_LENGTH, too short to judge unless the corpus asks for shorter units.
    measured = ctx.stats.get("unit_lengths")
    known = measured.get(id(unit)) if measured is not None else None
    if known is None and measured is not None and min_length >= MIN_KO_LENGTH:
        return ()
    lk, le = known or _lengths(unit)
    if lk < min_length:
        return ()
    model = length_model(ctx)
    z = model.zscore(lk, le)
    if short < z < long or _sentence_moved(unit, lk, le, z, model, (short, long), ctx):
        return ()
    return _length_hits(unit, z, short)


def _lengths(unit: Unit) -> tuple[float, float]:
    """The unit's weighted lengths, for a unit the runner did not measure."""
    from toolkit.align import weighted_length

    return (sum(weighted_length(p.text) for p in unit.ko),
            sum(weighted_length(p.text) for p in unit.en))


# How far the other way a neighbour must deviate for a sentence to have moved to it.
MOVED_SENTENCE_Z = 1.5


def _sentence_moved(unit: Unit, lk: float, le: float, z: float, model: LengthModel,
                    bounds: tuple[float, float], ctx) -> bool:
    """Whether the unit is short (long) because a sentence of it went to (came from) the
    nearest aligned unit before or after it (`aligned_neighbours`): that neighbour deviates
    the other way and the two together are of normal length."""
    measured = ctx.stats.get("unit_lengths") or {}

    def takes_it(other: Unit, lk: float, le: float) -> tuple[bool, float, float, float]:
        # (whether `other` deviates the other way and the two together are of normal
        # length, its z, its lengths)
        ok, oe = measured.get(id(other)) or _lengths(other)
        other_z = model.zscore(ok, oe)
        return ((other_z >= MOVED_SENTENCE_Z if z < 0 else other_z <= -MOVED_SENTENCE_Z)
                and bounds[0] < model.zscore(lk + ok, le + oe) < bounds[1]), other_z, ok, oe

    for other in aligned_neighbours(unit, ctx):
        moved, other_z, ok, oe = takes_it(other, lk, le)
        if moved:
            return True
        # Boundaries shifted by a sentence over three paragraphs: the neighbour passed one
        # on and took one in; the unit beyond it holds the sentence.
        if abs(other_z) < MOVED_SENTENCE_Z and any(
                takes_it(beyond, lk + ok, le + oe)[0]
                for beyond in aligned_neighbours(other, ctx) if beyond is not unit):
            return True
    return False


def _length_hits(unit: Unit, z: float, short: float) -> Iterator[Hit]:
    # No sentence count lowers the bar for "shorter": two Korean sentences joined into one
    # English sentence ("…낳았다. …때문이다." → "…, as …") is how terse but faithful copy
    # reaches z -3 to -3.5, and no paragraph cut on purpose in the evaluation sets needed it.
    first = unit.en[0]
    if z <= short:
        yield Hit(f"English much shorter than its Korean (z = {z:.1f}): part may be missing",
                  paragraph=first.id, offset=0, ko=excerpt(unit.ko_text), en=excerpt(unit.en_text))
    else:
        yield Hit(f"English much longer than its Korean (z = {z:.1f}): something may be added",
                  paragraph=first.id, offset=0, ko=excerpt(unit.ko_text), en=excerpt(unit.en_text))


@check("A004", "stale-alignment", Severity.ERROR, applies=_stored_links)
def stale_alignment(unit: Unit, ctx) -> Iterator[Hit]:
    """A stored alignment link whose texts changed since it was made; re-run `toolkit align`."""
    if not unit.stale:
        return
    ids = " ".join((*(p.id for p in unit.ko), "→", *(p.id for p in unit.en)))
    first = unit.en[0] if unit.en else unit.ko[0]
    yield Hit(f"stored link {ids} no longer matches the text (edited since aligned); "
              "re-align the article", paragraph=first.id, offset=0,
              ko=excerpt(unit.ko_text), en=excerpt(unit.en_text))


@check("A005", "low-confidence", Severity.WARNING, applies=_stored_links)
def low_confidence(unit: Unit, ctx) -> Iterator[Hit]:
    """A stored, unpinned alignment link with low confidence: check the pairing by eye and pin it."""
    link = unit.link
    if link is None or link.pinned or unit.stale:
        return
    threshold = ctx.option("A005", "threshold", 0.5)
    if unit.confidence is None or unit.confidence >= threshold:
        return
    ids = " ".join((*(p.id for p in unit.ko), "→", *(p.id for p in unit.en)))
    first = unit.en[0] if unit.en else unit.ko[0]
    yield Hit(f"alignment link {ids} has confidence {unit.confidence:.2f} (below {threshold:g}); "
              "check it and pin it", paragraph=first.id, offset=0,
              ko=excerpt(unit.ko_text), en=excerpt(unit.en_text))


@check("A006", "unaligned", Severity.ERROR, scope=Scope.DOCUMENT)
def unaligned(doc: Document, ctx) -> Iterator[Hit]:
    """An article at a stage that requires an alignment has no stored one, or paragraphs outside it."""
    article = doc.article
    workflow = ctx.stats.get("workflow")
    if article is None or article.en is None or workflow is None:
        return
    if not any(workflow.at_or_after(article.stage, stage) for stage in workflow.require_alignment):
        return
    if article.alignment is None:
        yield Hit(f"article is at stage {article.stage!r}, which requires a stored alignment; "
                  f"run `toolkit align {article.id}`", paragraph=None, offset=None, unit=None)
        return
    linked = {pid for link in article.alignment.links for pid in link.ko + link.en}
    for unit in doc.units:
        for para in unit.ko + unit.en:
            if para.id not in linked:
                side = "Korean" if para in unit.ko else "English"
                yield Hit(f"{side} paragraph {para.id} is in no stored alignment link",
                          paragraph=para.id, offset=0, unit=unit.index,
                          **({"ko": excerpt(para.text)} if side == "Korean" else {"en": excerpt(para.text)}))
