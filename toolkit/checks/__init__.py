"""The registry of quality checks.

A check is a small function registered with a stable code (a family letter and three
digits), a kebab-case name, a default severity and a scope. It is a pure function of its
input plus a read-only context: it yields `Hit`s and never raises to signal a problem.
The runner (toolkit.checks.runner) turns hits into located `Finding`s, applies settings,
`--select/--ignore` and waivers.

Families (one module each): E encoding and hygiene, H Hangul and untranslated text,
N numbers, D dates, Q quotes and apostrophes, T terminology, A alignment and omissions,
W workflow (stages, credits, history), X the toolkit's own meta checks (waivers).
"""

from __future__ import annotations

import functools
import importlib
import re
from collections import Counter
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from toolkit.model import Article, Link, Paragraph, Severity

CODE_PATTERN = re.compile(r"^[A-Z]\d{3}$")
NAME_PATTERN = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")

# Modules that register checks, imported by load_checks(); one per family.
FAMILY_MODULES = (
    "toolkit.checks.encoding",
    "toolkit.checks.hangul",
    "toolkit.checks.numbers",
    "toolkit.checks.dates",
    "toolkit.checks.quotes",
    "toolkit.checks.terminology",
    "toolkit.checks.alignment",
    "toolkit.checks.workflow",
    "toolkit.checks.meta",
)


class Scope(str, Enum):
    """What a check looks at."""

    UNIT = "unit"  # one aligned unit: func(unit, ctx) -> Iterable[Hit]
    DOCUMENT = "document"  # one article / PO file: func(doc, ctx) -> Iterable[Hit]
    CORPUS = "corpus"  # all documents of the run: func(docs, ctx) -> Iterable[(doc, Hit)]


@dataclass(frozen=True, slots=True)
class Unit:
    """An aligned unit: Korean paragraphs with the English paragraphs that translate them."""

    index: int  # 0-based position in the document
    ko: tuple[Paragraph, ...]
    en: tuple[Paragraph, ...]
    confidence: float | None = None  # None when the pairing is given (PO entry, 1:1 input)
    link: Link | None = None  # the stored link, when the unit comes from a stored alignment
    stale: bool = False  # the stored link no longer matches the texts

    @property
    def ko_text(self) -> str:
        # Most units hold one paragraph a side (every PO entry does): no join needed.
        return self.ko[0].text if len(self.ko) == 1 else "\n\n".join(p.text for p in self.ko)

    @property
    def en_text(self) -> str:
        return self.en[0].text if len(self.en) == 1 else "\n\n".join(p.text for p in self.en)


@dataclass(slots=True)
class Document:
    """What one run of the checks looks at: an article, a PO file, or two loose files."""

    name: str  # article id or file name, as reported
    units: list[Unit]
    en_path: str | None = None  # the file that holds the English (lines refer to it)
    ko_path: str | None = None
    article: Article | None = None
    kind: str = "article"  # article | po | files
    waivers: list = field(default_factory=list)  # toolkit.model.Waiver
    # Paragraph ids of units marked fuzzy in a PO file (translated, not yet signed off).
    fuzzy: set[str] = field(default_factory=set)


@dataclass(frozen=True, slots=True)
class Hit:
    """What a check found, before the runner places it in a file.

    `paragraph` is the id of the paragraph the problem is in (English side where there is
    one); `offset` is a character offset into that paragraph's text, for line and column.
    `unit` is needed only for document- and corpus-scope checks.
    """

    message: str
    ko: str = ""
    en: str = ""
    paragraph: str | None = None
    offset: int | None = None
    unit: int | None = None
    # Optional overrides: a check may lower its own severity for a weaker case (an added
    # subheading is info, an added paragraph a warning), and a meta check may place its
    # finding in another file (a waiver lives in article.yaml, not in en.txt).
    severity: Severity | None = None
    path: str | None = None
    line: int | None = None


@dataclass(frozen=True, slots=True)
class CheckSpec:
    """A registered check."""

    code: str
    name: str
    severity: Severity
    scope: Scope
    func: Callable[..., Iterable[Any]]
    summary: str
    requires: tuple[str, ...] = ()  # codes whose findings on the same unit silence this one
    # Whether a unit check can find anything in a document at all, asked once per document
    # (None: always): a check with nothing to look at then costs no call per unit.
    applies: Callable[[Any, Any], bool] | None = None
    # Whether a unit check can find anything in a unit, a cheap test that a family of
    # checks shares (one function object): the runner asks it once per unit for the
    # family's checks in a row, instead of calling each to learn that it finds nothing.
    may_find: Callable[[Any], bool] | None = None

    @property
    def family(self) -> str:
        return self.code[0]


REGISTRY: dict[str, CheckSpec] = {}


def check(code: str, name: str, severity: Severity | str, *, scope: Scope = Scope.UNIT,
          requires: tuple[str, ...] = (),
          applies: Callable[[Any, Any], bool] | None = None,
          may_find: Callable[[Any], bool] | None = None) -> Callable:
    """Register a check. The first line of the function's docstring is its summary.
    `applies(document, ctx)` (unit checks) tells whether the check can find anything in a
    document; where it says no, the runner does not call the check on its units.
    `may_find(unit)` tells the same of one unit, for every check of a family that shares
    the function; the check itself must still find nothing where it says no."""
    if not CODE_PATTERN.match(code):
        raise ValueError(f"check code {code!r} is not a letter and three digits")
    if not NAME_PATTERN.match(name):
        raise ValueError(f"check name {name!r} is not kebab-case")
    sev = Severity(severity) if not isinstance(severity, Severity) else severity

    def decorator(func: Callable) -> Callable:
        if code in REGISTRY and REGISTRY[code].func is not func:
            raise ValueError(f"check code {code} registered twice")
        if any(spec.name == name and spec.code != code for spec in REGISTRY.values()):
            raise ValueError(f"check name {name} registered twice")
        summary = (func.__doc__ or "").strip().splitlines()[0] if func.__doc__ else name
        REGISTRY[code] = CheckSpec(code, name, sev, scope, func, summary, tuple(requires),
                                   applies, may_find)
        return func

    return decorator


_loaded = False


def load_checks() -> dict[str, CheckSpec]:
    """Import every family module once and return the registry, ordered by code."""
    global _loaded
    if not _loaded:
        for module in FAMILY_MODULES:
            importlib.import_module(module)
        _loaded = True
    return dict(sorted(REGISTRY.items()))


def has_text(paragraphs: tuple[Paragraph, ...]) -> bool:
    """True when some paragraph has a visible character (the joined text is not blank)."""
    for para in paragraphs:
        if para.text and not para.text.isspace():
            return True
    return False


def unit_memo(func: Callable[[Unit], Any]) -> Callable[[Unit], Any]:
    """Remember a pure function of a unit for the last unit it was asked about.

    Checks that share one comparison (N001-N003 share the numbers of a unit) run one
    after another on the same unit, so the last unit is all the reuse there is; knowing
    it by identity spares hashing its texts, which an lru_cache would do on every call.
    """
    last: list[Any] = [None, None]

    @functools.wraps(func)
    def memo(unit: Unit) -> Any:
        if last[0] is not unit:
            result = func(unit)
            last[0], last[1] = unit, result
        return last[1]

    return memo


_WORD = re.compile(r"\w+")
_ASCII_WORD = re.compile(r"\w+", re.ASCII)  # the same words in ASCII text, found faster


@unit_memo
def english_words(unit: Unit) -> list[list[str]]:
    """The lowercased words (runs of \\w) of each English paragraph of a unit, in order.

    Several checks decide from a paragraph's words whether their costlier patterns can
    match at all (Q001 needs a contraction or a surname, E004 two equal words in a row);
    one pass per paragraph serves them all. Lowercasing never turns a non-word character
    into a word character, so whole words stay whole.
    """
    return [(_ASCII_WORD if text.isascii() else _WORD).findall(text)
            for text in (para.text.lower() for para in unit.en)]


def translated(unit: Unit) -> bool:
    """Both sides of the unit have text: a translation pair that values can be compared
    on (a unit with an empty side is an omission or addition, which A001/A002 report)."""
    return has_text(unit.ko) and has_text(unit.en)


def translated_comparison(compare: Callable[[Unit], Any], nothing: Any) -> Callable[[Unit], Any]:
    """`compare(unit)` for a translated unit and `nothing` for one with an empty side,
    remembered for the last unit: the checks of a family (N001-N003, D001-D004) ask in
    turn about the same unit, and this is the one memo they consult."""
    @unit_memo
    def comparison(unit: Unit) -> Any:
        return compare(unit) if translated(unit) else nothing

    return comparison


def made_by_aligner(unit: Unit) -> bool:
    """Whether an aligner linked the unit (a confidence, or a stored link), rather than the
    input pairing it (a PO entry, two one-paragraph files): only then may its content have
    moved across a paragraph boundary."""
    return unit.confidence is not None or unit.link is not None


def aligned_neighbours(unit: Unit, ctx: Any) -> list[Unit]:
    """The nearest units before and after `unit` with text on both sides (past subheadings
    and credit lines) when an aligner made the document's units: a translator moves a
    sentence across a paragraph boundary or past a subheading, which no link can hold, so
    what is missing here may be next door. Empty for the entries of a PO file, which are
    translated one by one, and outside a run."""
    doc = ctx.document if ctx is not None else None
    if doc is None or not made_by_aligner(unit):
        return []
    units = doc.units
    found = []
    for step in (-1, 1):
        k = unit.index + step
        while 0 <= k < len(units) and not (units[k].ko and units[k].en):
            k += step
        if 0 <= k < len(units):
            found.append(units[k])
    return found


def adjacent_one_sided(unit: Unit, ctx: Any, side: str) -> list[Unit]:
    """The units right before and after `unit` that hold only `side` ("en": English the
    aligner found no Korean for, "ko" the reverse), in an aligned document: a sentence a
    translator split off a paragraph, or moved, lands in one of those as often as in an
    aligned neighbour."""
    doc = ctx.document if ctx is not None else None
    if doc is None or not made_by_aligner(unit):
        return []
    units = doc.units
    found = []
    for k in (unit.index - 1, unit.index + 1):
        if 0 <= k < len(units):
            other = units[k]
            if (other.en and not other.ko) if side == "en" else (other.ko and not other.en):
                found.append(other)
    return found


# What a translation keeps of a paragraph whatever its wording: numbers, dates and glossary
# terms, as the aligner's anchors key them (("n", "3e+04") for 3만 and 30,000, ("month",
# 3), ("t", "김정은")), each counted once per occurrence.
_FACT_KINDS = frozenset({"n", "t", "year", "month", "day", "weekday", "relative", "decade"})


def unit_facts(unit: Unit, side: str, ctx: Any) -> Counter:
    """The facts (see _FACT_KINDS) of one side of a unit, with their counts; remembered
    for the document being checked."""
    key = ("facts", unit.index, side)
    cache = ctx.doc_cache if ctx is not None and ctx.document is not None else None
    found = cache.get(key) if cache is not None else None
    if found is None:
        found = Counter()
        for para in (unit.ko if side == "ko" else unit.en):
            found.update(paragraph_facts(para, side, ctx))
        if cache is not None:
            cache[key] = found
    return found


def paragraph_facts(para: Paragraph, side: str, ctx: Any) -> Counter:
    """The facts (see _FACT_KINDS) of one paragraph, with their counts; remembered for the
    document being checked."""
    from toolkit.align import paragraph_anchors

    cache = ctx.doc_cache if ctx is not None and ctx.document is not None else None
    key = ("paragraph-facts", para.id, side)
    found = cache.get(key) if cache is not None else None
    if found is None:
        matcher = ctx.matcher if ctx is not None else None
        found = Counter({fact: round(count) for fact, count
                         in paragraph_anchors(para.text, side, matcher=matcher,
                                              params=_counting_params()).items()
                         if fact[0] in _FACT_KINDS})
        if cache is not None:
            cache[key] = found
    return found


@functools.lru_cache(maxsize=1)
def _counting_params() -> Any:
    from toolkit.align import AlignParams

    # Every fact weighs one, so that the anchors' weights are counts.
    return AlignParams(w_small_number=1.0, w_date=1.0, w_term=1.0, w_latin=0.0, w_name=0.0,
                       w_added=0.0)


def spare_facts(unit: Unit, side: str, ctx: Any) -> Counter:
    """The facts one side of a unit states beyond the other: for "en", what its English
    holds and its Korean does not (a sentence moved in from another paragraph); for "ko"
    the reverse (a sentence moved out)."""
    return unit_facts(unit, side, ctx) - unit_facts(unit, "en" if side == "ko" else "ko", ctx)


# Facts specific enough to say alone where a sentence went: a figure of 10 or more, a year,
# a month, a decade, and a glossary term that each side of the document names once. A small
# number, a day, a relative date or a recurring name (Kim Jong Un, in every other paragraph
# of the desk's copy) says it only beside another fact that went the same way.
def _telling(fact: tuple, once: set[tuple]) -> bool:
    kind = fact[0]
    if kind == "n":
        return abs(float(fact[1])) >= 10
    return kind in ("year", "month", "decade") or (kind == "t" and fact in once)


def moved_facts(unit: Unit, side: str, ctx: Any) -> Counter:
    """The facts of one side of a unit an aligner made that moved to another unit: for
    "ko", facts its Korean holds beyond its English that another unit's English holds
    beyond its own Korean (the translator moved the sentence there, which no link that
    keeps the order of both sides can hold, however far); for "en" the reverse. Between
    two units, the facts they trade count when one of them is telling (see `_telling`) or
    when two or more go the same way. Empty outside a run and for PO entries."""
    doc = ctx.document if ctx is not None else None
    if doc is None or not made_by_aligner(unit):
        return Counter()
    moves = ctx.doc_cache.get("moved-facts")
    if moves is None:
        moves = ctx.doc_cache["moved-facts"] = _document_moves(doc, ctx)
    return moves.get((unit.index, side), Counter())


def _document_moves(doc: Document, ctx: Any) -> dict[tuple[int, str], Counter]:
    aligned = [u for u in doc.units if made_by_aligner(u)]
    gone = [(u, spare_facts(u, "ko", ctx)) for u in aligned]
    came = [(u, spare_facts(u, "en", ctx)) for u in aligned]
    ko_total: Counter = sum((unit_facts(u, "ko", ctx) for u in aligned), Counter())
    en_total: Counter = sum((unit_facts(u, "en", ctx) for u in aligned), Counter())
    once = {fact for fact, count in ko_total.items() if count == 1 and en_total[fact] == 1}
    moves: dict[tuple[int, str], Counter] = {}
    for source, out in gone:
        if not out:
            continue
        for target, into in came:
            traded = out & into if into and target is not source else None
            if traded and (sum(traded.values()) >= 2
                           or any(_telling(fact, once) for fact in traded)):
                moves[source.index, "ko"] = moves.get((source.index, "ko"), Counter()) | traded
                moves[target.index, "en"] = moves.get((target.index, "en"), Counter()) | traded
    return moves


def iter_paragraphs(unit: Unit, side: str) -> Iterator[Paragraph]:
    """The paragraphs of one side of a unit ("ko" or "en")."""
    return iter(unit.ko if side == "ko" else unit.en)


def excerpt(text: str, start: int = 0, end: int | None = None, width: int = 60) -> str:
    """A short snippet of text around [start, end) for messages, on one line."""
    end = len(text) if end is None else end
    if end - start >= width:
        snippet = text[start:start + width]
    else:
        pad = (width - (end - start)) // 2
        lo, hi = max(0, start - pad), min(len(text), end + pad)
        snippet = ("…" if lo > 0 else "") + text[lo:hi] + ("…" if hi < len(text) else "")
    return " ".join(snippet.split())


def document_path(doc: Document) -> Path | None:
    return Path(doc.en_path) if doc.en_path else None


@dataclass(slots=True)
class CheckContext:
    """Read-only information a check may use; one per run.

    `glossary` is a toolkit.terms.Glossary (or None); `matcher` builds the Korean-aware
    term matcher once per run. `stats` holds corpus-level calibrations computed by the
    runner before the checks run (e.g. the length ratio model for omissions).
    """

    options: dict[str, Any] = field(default_factory=dict)  # code -> {key: value}
    glossary: Any = None
    stats: dict[str, Any] = field(default_factory=dict)
    _matcher: Any = None
    # The document being checked, set by the runner before its unit checks run, so that a
    # unit check can look at neighbours (a quote reopened in the next paragraph).
    document: Document | None = None
    # Memos keyed by the check's code: `cache` lives for the run (a regex built from the
    # glossary), `doc_cache` for the current document (the runner empties it per document).
    cache: dict[Any, Any] = field(default_factory=dict)
    doc_cache: dict[Any, Any] = field(default_factory=dict)

    @property
    def matcher(self):
        if self._matcher is None and self.glossary is not None:
            from toolkit.terms import TermMatcher

            self._matcher = TermMatcher(self.glossary)
        return self._matcher

    def option(self, code: str, key: str, default: Any) -> Any:
        """A per-check option from toolkit.yaml `checks.options.CODE.KEY`, else the default."""
        return (self.options.get(code) or {}).get(key, default)
