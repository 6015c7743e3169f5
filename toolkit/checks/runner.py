"""Running the checks: building documents, selecting checks, placing findings, waivers.

`documents_for(...)` turns what the user named (corpus articles, a PO file, two loose text
files, a folder) into `Document`s of aligned units; `run_checks(documents, settings=...)`
runs the selected checks over them and returns a `CheckResult` whose findings are placed
in the file that holds the English, in a stable order, with waivers applied.
"""

from __future__ import annotations

import fnmatch
import gc
import os
from collections import Counter, deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Sequence

from toolkit.checks import CheckContext, CheckSpec, Document, Hit, Scope, Unit, excerpt, load_checks
from toolkit.config import CheckSettings, WorkflowSettings
from toolkit.errors import ConfigError, InputError
from toolkit.model import Article, Finding, Paragraph, Severity, Waiver, split_paragraphs
from toolkit.workers import WorkerProcesses, serve_messages

# Checks whose finding on a unit means the unit is not a translation pair at all (nothing
# to compare, or the "English" is Korean): other unit checks are skipped there, so that an
# omitted paragraph is not also reported as missing numbers, dates and terms.
GATE_CODES = ("A001", "A002", "H002", "H003")


# -- documents ------------------------------------------------------------------------------

def article_document(article: Article, *, matcher: Any = None) -> Document:
    """The document for one corpus article (units from its stored or on-the-fly alignment)."""
    from toolkit.align import article_units

    units = article_units(article, matcher=matcher)
    return Document(name=article.id, units=units, en_path=str(article.en_path),
                    ko_path=str(article.ko_path), article=article, kind="article",
                    waivers=list(article.waivers))


def po_document(path: str | Path, *, swap: bool = False) -> Document:
    """The document for a PO file (msgid Korean, msgstr English; `swap` for the reverse)."""
    from toolkit.interchange.po import read_po_document

    return read_po_document(path, swap=swap)


def _file_paragraphs(text: str, prefix: str) -> list[Paragraph]:
    return [Paragraph(f"{prefix}{n + 1}", body, line)
            for n, (body, line) in enumerate(split_paragraphs(text))]


def _line_paragraphs(text: str, prefix: str) -> list[Paragraph]:
    lines = [(n + 1, line) for n, line in enumerate(text.split("\n")) if line.strip()]
    return [Paragraph(f"{prefix}{k + 1}", line, n) for k, (n, line) in enumerate(lines)]


def files_document(ko_path: str | Path, en_path: str | Path, *, matcher: Any = None) -> Document:
    """The document for two loose text files, aligned on the fly.

    Paragraphs are separated by blank lines; when neither file has a blank line but both
    have several lines, each line is a paragraph (one-segment-per-line files).
    """
    from toolkit.align import align_texts
    from toolkit.fileio import read_text

    ko_text, en_text = read_text(ko_path), read_text(en_path, allow_empty=True)
    by_line = ("\n\n" not in ko_text.strip() and "\n\n" not in en_text.strip()
               and ko_text.strip().count("\n") > 0 and en_text.strip().count("\n") > 0)
    split = _line_paragraphs if by_line else _file_paragraphs
    ko, en = split(ko_text, "k"), split(en_text, "e")
    links = align_texts([p.text for p in ko], [p.text for p in en], matcher=matcher) if en else \
        []
    if en:
        units = [Unit(n, tuple(ko[i] for i in link.ko), tuple(en[j] for j in link.en), link.confidence)
                 for n, link in enumerate(links)]
    else:
        units = [Unit(n, (p,), ()) for n, p in enumerate(ko)]
    return Document(name=Path(en_path).name, units=units, en_path=str(en_path), ko_path=str(ko_path),
                    kind="files")


def documents_in_folder(folder: str | Path, *, corpus: Any = None, swap: bool = False,
                        matcher: Any = None) -> list[Document]:
    """Every article folder (with article.yaml) and PO file under `folder`, in path order."""
    from toolkit.corpus import META_NAME, parse_article

    folder = Path(folder)
    settings = corpus.settings if corpus is not None else None
    docs = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        here = Path(root)
        if META_NAME in files and (here / "ko.txt").is_file():
            docs.append(article_document(parse_article(here, settings=settings), matcher=matcher))
            dirs[:] = [d for d in dirs if d != "snapshots"]
        for name in sorted(files):
            if name.endswith(".po"):
                docs.append(po_document(here / name, swap=swap))
    return docs


def documents_for(targets: Sequence[str] = (), *, corpus: Any = None, ko: str | Path | None = None,
                  en: str | Path | None = None, swap: bool = False,
                  matcher: Any = None) -> list[Document]:
    """The documents named on a command line.

    `ko`/`en`: two loose files. Each target may be a PO file, an article folder, any other
    folder (searched recursively for articles and PO files) or an article id of `corpus`.
    No targets: every article of `corpus`.
    """
    # Reading builds many small objects and no reference cycles: the cyclic collector's
    # passes over them took a fifth of the reading time, for nothing.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _documents_for(targets, corpus, ko, en, swap, matcher)
    finally:
        if collecting:
            gc.enable()


def _documents_for(targets: Sequence[str], corpus: Any, ko: str | Path | None,
                   en: str | Path | None, swap: bool, matcher: Any) -> list[Document]:
    if (ko is None) != (en is None):
        raise InputError("--ko and --en go together: give the Korean and the English file")
    if ko is not None:
        if targets:
            raise InputError("give either --ko/--en or articles and paths, not both")
        return [files_document(ko, en, matcher=matcher)]
    from toolkit.corpus import META_NAME, parse_article

    if not targets:
        if corpus is None:
            raise InputError("nothing to check: name articles, a folder or a PO file, or run "
                             "inside a corpus")
        return [article_document(a, matcher=matcher) for a in corpus.articles()]
    docs: list[Document] = []
    for target in targets:
        path = Path(target)
        if path.is_file():
            if path.suffix.lower() != ".po":
                raise InputError("is not a PO file; for two text files use --ko KO.txt --en EN.txt",
                                 path)
            docs.append(po_document(path, swap=swap))
        elif path.is_dir() and (path / META_NAME).is_file():
            settings = corpus.settings if corpus is not None else None
            docs.append(article_document(parse_article(path, settings=settings), matcher=matcher))
        elif path.is_dir():
            found = documents_in_folder(path, corpus=corpus, swap=swap, matcher=matcher)
            if not found:
                raise InputError("holds no articles and no PO files", path)
            docs.extend(found)
        elif corpus is not None:
            docs.append(article_document(corpus.load(corpus.resolve_ids([target])[0]), matcher=matcher))
        else:
            raise InputError("no such file or folder, and no corpus to look the id up in", target)
    return docs


# -- selection ------------------------------------------------------------------------------

def resolve_codes(patterns: Iterable[str], registry: dict[str, CheckSpec], *,
                  what: str = "--select") -> set[str]:
    """The codes a list of codes, code prefixes ("Q", "A00") or names ("mojibake") stands for."""
    codes: set[str] = set()
    for raw in patterns:
        for item in str(raw).replace(",", " ").split():
            key = item.strip()
            if key.upper() in ("ALL",):
                codes.update(registry)
                continue
            matched = {code for code, spec in registry.items()
                       if code.startswith(key.upper()) and key[:1].isalpha() and
                       (len(key) == 1 or key[1:].isdigit()) or spec.name == key.lower()}
            if not matched:
                raise ConfigError(f"{what}: unknown check {key!r} (see `toolkit checks`)")
            codes.update(matched)
    return codes


def _severities(settings: CheckSettings, registry: dict[str, CheckSpec]
                ) -> tuple[dict[str, Severity | None], set[str]]:
    """(code -> effective severity, None when switched off; codes the settings override).

    A longer key is more specific: `Q: info` with `Q001: error` makes Q001 an error.
    """
    result: dict[str, Severity | None] = {code: spec.severity for code, spec in registry.items()}
    overridden: set[str] = set()
    for key, value in sorted(settings.severity.items(), key=lambda kv: len(kv[0])):
        for code in resolve_codes([key], registry, what="checks.severity"):
            result[code] = None if value == "off" else Severity.parse(value)
            overridden.add(code)
    return result, overridden


def _path_matches(pattern: str, path: str, root: Path | None) -> bool:
    candidates = [path]
    try:
        candidates.append(os.path.relpath(path))
        if root is not None:
            candidates.append(os.path.relpath(path, root))
    except ValueError:  # a different drive on Windows
        pass
    return any(fnmatch.fnmatch(Path(c).as_posix(), pattern) for c in candidates)


# -- results --------------------------------------------------------------------------------

@dataclass(slots=True)
class CheckResult:
    """The outcome of a run: placed findings in a stable order, plus what was looked at."""

    findings: list[Finding]  # reported findings; waived ones only with show_waived
    documents: list[tuple[str, str | None]] = field(default_factory=list)  # (name, English path)
    units: int = 0
    waived: int = 0  # waived findings, whether shown or not
    skipped: list[str] = field(default_factory=list)  # documents with no English to check
    codes: list[str] = field(default_factory=list)  # the checks that ran
    fail_on: Severity = Severity.ERROR
    length_model: Any = None  # toolkit.checks.alignment.LengthModel

    def counts(self) -> dict[str, int]:
        """Unwaived findings by severity."""
        # Counted by member, named after: a run may have tens of thousands of findings.
        by_severity = Counter(f.severity for f in self.findings if f.waiver is None)
        return {severity.value: by_severity[severity] for severity in Severity}

    def failed(self, fail_on: Severity | str | None = None) -> bool:
        """True if an unwaived finding is at or above `fail_on` (default: the run's)."""
        threshold = Severity.parse(fail_on) if isinstance(fail_on, str) else (fail_on or self.fail_on)
        failing = {severity for severity in Severity if severity.rank >= threshold.rank}
        return any(f.severity in failing and f.waiver is None for f in self.findings)

    def __reduce__(self) -> tuple:
        # Sent from the worker processes of a large run with its findings as rows of fields:
        # a tuple is pickled and unpickled in C, where a Finding is a call each way.
        return (_result_from_rows, ([f.row() for f in self.findings], self.documents,
                                    self.units, self.waived, self.skipped, self.codes,
                                    self.fail_on, self.length_model))

    def summary(self) -> dict[str, Any]:
        """The summary block of the JSON output (documented in docs/formats.md)."""
        counts = self.counts()
        return {"documents": len(self.documents), "units": self.units,
                "findings": sum(counts.values()), "errors": counts["error"],
                "warnings": counts["warning"], "info": counts["info"], "waived": self.waived,
                "skipped": list(self.skipped), "fail_on": self.fail_on.value,
                "failed": self.failed()}


def _result_from_rows(rows: list[tuple], *fields: Any) -> CheckResult:
    """A CheckResult as its __reduce__ sent it."""
    return CheckResult([Finding(*row) for row in rows], *fields)


# -- placing --------------------------------------------------------------------------------

class _Placer:
    """Maps a hit (paragraph id + offset) to a file, line and column for one document."""

    def __init__(self, doc: Document):
        self.doc = doc
        self.where: dict[str, tuple[Paragraph, str, Unit]] = {}
        for unit in doc.units:
            # In a PO file both sides of an entry share one id: the English (msgstr) wins,
            # as findings are placed in the English.
            for para in unit.ko:
                self.where.setdefault(para.id, (para, "ko", unit))
            for para in unit.en:
                self.where[para.id] = (para, "en", unit)

    def _anchor(self, unit: Unit) -> int | None:
        """The line in the English file where a unit's (missing) English belongs."""
        if unit.en:
            return unit.en[0].line
        units = self.doc.units
        for later in units[unit.index + 1:] if unit.index < len(units) else ():
            if later.en:
                return later.en[0].line
        for earlier in reversed(units[:unit.index]):
            if earlier.en:
                last = earlier.en[-1]
                return last.line + last.text.count("\n") + 2
        return None

    def place(self, hit: Hit, unit: Unit | None) -> tuple[str | None, int | None, int | None, str | None, int | None]:
        """(path, line, column, paragraph id, unit index)."""
        doc = self.doc
        unit_index = hit.unit if hit.unit is not None else (unit.index if unit is not None else None)
        if hit.path is not None or hit.line is not None:
            return hit.path or doc.en_path, hit.line, None, hit.paragraph, unit_index
        found = self.where.get(hit.paragraph) if hit.paragraph else None
        if found is None:
            line = None
            if unit is not None:
                line = self._anchor(unit)
            return doc.en_path or doc.ko_path, line, None, hit.paragraph, unit_index
        para, side, owner = found
        if unit_index is None:
            unit_index = owner.index
        if side == "en" or doc.kind == "po":
            if doc.kind == "po":
                return doc.en_path, para.line, None, para.id, unit_index
            offset = hit.offset or 0
            line = para.line + para.text.count("\n", 0, offset)
            column = offset - (para.text.rfind("\n", 0, offset) + 1) + 1
            return doc.en_path, line, column, para.id, unit_index
        if doc.en_path is None:
            return doc.ko_path, para.line, None, para.id, unit_index
        return doc.en_path, self._anchor(owner), None, para.id, unit_index


# -- waivers --------------------------------------------------------------------------------

def _waiver_places(doc: Document, placer: _Placer) -> dict[int, tuple[str | None, int | None]]:
    """Where each waiver of a document is written: article.yaml line, or the PO entry."""
    places: dict[int, tuple[str | None, int | None]] = {}
    if doc.article is not None:
        meta = doc.article.meta_path
        lines: list[int] = []
        try:
            import yaml

            from toolkit.fileio import read_text

            node = yaml.compose(read_text(meta), Loader=yaml.SafeLoader)
            for key, value in (node.value if isinstance(node, yaml.MappingNode) else []):
                if key.value == "waivers" and isinstance(value, yaml.SequenceNode):
                    lines = [item.start_mark.line + 1 for item in value.value]
        except (InputError, yaml.YAMLError):
            lines = []
        for index in range(len(doc.waivers)):
            places[index] = (str(meta), lines[index] if index < len(lines) else None)
        return places
    for index, waiver in enumerate(doc.waivers):
        found = placer.where.get(waiver.paragraph) if waiver.paragraph else None
        line = getattr(waiver, "line", None) or (found[0].line if found else None)
        places[index] = (doc.en_path, line)
    return places


def _match_waiver(finding: Finding, unit: Unit | None, waivers: list[Waiver]) -> int | None:
    for index, waiver in enumerate(waivers):
        code = waiver.code.strip()
        if code != finding.code and code.lower() != finding.name:
            continue
        if waiver.paragraph is None:
            return index
        if waiver.paragraph == finding.paragraph:
            return index
        if unit is not None and any(p.id == waiver.paragraph for p in unit.ko + unit.en):
            return index
    return None


# -- running --------------------------------------------------------------------------------

def _selection(settings: CheckSettings, registry: dict[str, CheckSpec], select: Sequence[str],
               ignore: Sequence[str]) -> tuple[set[str], dict[str, Severity | None], set[str]]:
    """(the codes that run, code -> severity or None when off, codes whose severity the
    settings override)."""
    chosen = resolve_codes(select or settings.select or ["ALL"], registry)
    chosen -= resolve_codes(list(settings.ignore) + list(ignore), registry, what="--ignore")
    severities, overridden = _severities(settings, registry)
    return {code for code in chosen if severities[code] is not None}, severities, overridden


def _order(specs: list[CheckSpec]) -> list[CheckSpec]:
    """Gates first, then checks without prerequisites, then those with (by code)."""
    return sorted(specs, key=lambda s: (s.code not in GATE_CODES, bool(s.requires), s.code))


def run_checks(documents: Sequence[Document], *, settings: CheckSettings | None = None,
               glossary: Any = None, select: Sequence[str] = (), ignore: Sequence[str] = (),
               show_waived: bool = False, fail_on: Severity | str | None = None,
               workflow: WorkflowSettings | None = None, root: Path | None = None,
               length_model: Any = None,
               corpus_hits: dict[str, list[tuple[str, Hit]]] | None = None,
               jobs: int = 1, matcher: Any = None,
               known_lengths: dict[int, tuple[float, float]] | None = None) -> CheckResult:
    """Run the selected checks over documents and return placed, ordered findings.

    Selection: `select` (codes, prefixes or names) replaces `settings.select` when given;
    `ignore` adds to `settings.ignore`; `settings.severity` overrides severities (or turns
    checks "off"); `settings.per_path_ignores` maps globs to codes. Waivers from the
    documents (article metadata, PO comments) mark matching findings; waived findings do
    not count toward failure and are listed only with `show_waived`. `workflow` enables
    the stage-dependent alignment check (A006); `root` anchors per-path globs.

    For runs over part of a corpus judged against all of it (`toolkit verify`):
    `length_model` replaces the length calibration on `documents`, and `corpus_hits`
    (document name -> [(code, Hit)], computed from per-document summaries) replaces
    running the corpus-scope checks over `documents`.

    `jobs` > 1 spreads a large run over that many processes (`_run_in_processes`), with the
    same result; `matcher` is the glossary's TermMatcher when the caller has built it.
    `known_lengths`, for a run over one document, holds what
    `toolkit.checks.alignment.unit_lengths` measured of its units (unit index -> lengths),
    so that they are not measured again.
    """
    settings = settings or CheckSettings()
    if jobs > 1 and corpus_hits is None:
        registry = load_checks()
        chosen = _selection(settings, registry, select, ignore)[0]
        if _worth_processes(documents, chosen, registry):
            return _run_in_processes(documents, chosen, jobs, length_model, dict(
                settings=settings, glossary=glossary, select=select, ignore=ignore,
                show_waived=show_waived, fail_on=fail_on, workflow=workflow, root=root))
    from toolkit.checks.alignment import calibrate

    run = _Run(documents, settings=settings, glossary=glossary, select=select, ignore=ignore,
               show_waived=show_waived, fail_on=fail_on, workflow=workflow, root=root,
               matcher=matcher)
    pairs = run.measure(known_lengths)
    run.ctx.stats["length_model"] = length_model if length_model is not None else calibrate(pairs)
    for n in range(len(run.checked)):
        run.check_document(n, run.unit_specs)
    run.add_corpus_findings(corpus_hits)
    return run.result()


# Unit checks that read a statistic of the whole run (the length model in ctx.stats). A run
# spread over processes runs them after the reduce step, and every other check before it.
RUN_STATISTIC_CODES = frozenset({"A003"})


class _Run:
    """One run of the checks over documents, in steps: `measure` the units (the length
    model), `check_document` each document with some of the unit checks (all of them,
    or those before and after the reduce step of a run in several processes), add the
    corpus-scope findings, then `result` applies waivers and orders the findings."""

    def __init__(self, documents: Sequence[Document], *, settings: CheckSettings,
                 glossary: Any, select: Sequence[str], ignore: Sequence[str], show_waived: bool,
                 fail_on: Severity | str | None, workflow: WorkflowSettings | None,
                 root: Path | None, matcher: Any):
        registry = load_checks()
        chosen, severities, overridden = _selection(settings, registry, select, ignore)
        self.chosen = chosen
        self.severities, self.overridden = severities, overridden
        self.show_waived = show_waived
        self.threshold = (Severity.parse(fail_on) if isinstance(fail_on, str)
                          else (fail_on or Severity.parse(settings.fail_on)))
        self.path_ignores = {pattern: resolve_codes(codes, registry, what="checks.per-path-ignores")
                             for pattern, codes in settings.per_path_ignores.items()}
        self.root = root
        required = {code for code in chosen for code in registry[code].requires}
        self.shadow = (set(GATE_CODES) | required) - chosen  # run to gate others, never reported
        self.unit_specs = _order([s for c, s in registry.items()
                                  if s.scope == Scope.UNIT and (c in chosen or c in self.shadow)])
        self.doc_specs = [s for c, s in registry.items() if s.scope == Scope.DOCUMENT
                          and c in chosen and c[0] != "X"]
        self.meta_specs = [s for c, s in registry.items() if s.scope == Scope.DOCUMENT
                           and c in chosen and c[0] == "X"]
        self.corpus_specs = [s for c, s in registry.items()
                             if s.scope == Scope.CORPUS and c in chosen]
        self.ctx = CheckContext(options=dict(settings.options), glossary=glossary, _matcher=matcher)
        self.ctx.stats["workflow"] = workflow
        self.ctx.stats["known_codes"] = frozenset(registry)
        self.checked = [d for d in documents if not (d.article is not None and d.article.en is None)]
        self.skipped = [d.name for d in documents if d.article is not None and d.article.en is None]
        self.placed: list[list[tuple[Finding, Unit | None]]] = [[] for _ in self.checked]
        self.placers = [_Placer(doc) for doc in self.checked]
        # Per document: unit index -> the codes that fired on it, so that checks run in a
        # later step are gated and silenced as they would have been in one pass.
        self.fired: list[dict[int, set[str]]] = [{} for _ in self.checked]
        self.active: list[set[str] | None] = [None for _ in self.checked]

    def measure(self, known_lengths: dict[int, tuple[float, float]] | None = None
                ) -> list[tuple[float, float]]:
        """Measure the units for A003 (or take, for a run over one document, what was
        measured before: unit index -> lengths); the lengths the length model is
        calibrated on."""
        from toolkit.checks.alignment import unit_lengths

        stats = self.ctx.stats
        if known_lengths is not None and len(self.checked) == 1:
            units = self.checked[0].units
            stats["unit_lengths"] = {id(units[i]): pair for i, pair in known_lengths.items()}
            return list(known_lengths.values())
        stats["unit_lengths"] = {}  # id(unit) -> weighted lengths, measured once for A003
        return unit_lengths((u for d in self.checked for u in d.units), stats["unit_lengths"])

    def make(self, spec: CheckSpec, hit: Hit, n: int, unit: Unit | None) -> None:
        """Place a hit of document `n` as a finding."""
        doc = self.checked[n]
        if unit is None and hit.unit is not None and 0 <= hit.unit < len(doc.units):
            unit = doc.units[hit.unit]
        path, line, column, paragraph, unit_index = self.placers[n].place(hit, unit)
        # A setting in toolkit.yaml wins over the check's own choice for a weaker case.
        severity = (self.severities[spec.code] if spec.code in self.overridden
                    else (hit.severity or self.severities[spec.code]))
        self.placed[n].append((Finding(
            code=spec.code, name=spec.name, severity=severity, message=hit.message, path=path,
            line=line, column=column, article=doc.article.id if doc.article is not None else None,
            paragraph=paragraph, unit=unit_index,
            # Every finding shows both sides: a check that looked at one side gets the
            # other side's text of the same unit as context.
            ko=hit.ko or (excerpt(unit.ko_text) if unit is not None and unit.ko else ""),
            en=hit.en or (excerpt(unit.en_text) if unit is not None and unit.en else "")), unit))

    def _active_codes(self, n: int) -> set[str]:
        active = self.active[n]
        if active is None:
            doc = self.checked[n]
            active = set(self.chosen)
            if self.path_ignores and doc.en_path:
                for pattern, codes in self.path_ignores.items():
                    if _path_matches(pattern, doc.en_path, self.root):
                        active -= codes
            self.active[n] = active
        return active

    def check_document(self, n: int, unit_specs: Sequence[CheckSpec],
                       document_checks: bool = True) -> None:
        """Run `unit_specs` (a subset of self.unit_specs, in its order) over the units of
        document `n`, and its document-scope checks when `document_checks`."""
        ctx, doc = self.ctx, self.checked[n]
        ctx.document = doc
        ctx.doc_cache = {}
        active = self._active_codes(n)
        gates, fired_on = frozenset(GATE_CODES), self.fired[n]
        # What runs on this document's units, decided once: the gates, then the others,
        # each as (spec, its function, reported?, its prerequisites or None).
        plan = [(spec, spec.func, spec.code in active, spec.requires or None) for spec in unit_specs
                if (spec.code in active or spec.code in self.shadow)
                and (spec.applies is None or spec.applies(doc, ctx))]
        stages = ((_screened([p for p in plan if p[0].code in gates]), False),
                  (_screened([p for p in plan if p[0].code not in gates]), True))
        for unit in doc.units:
            fired = fired_on.get(unit.index)
            for stage, gated in stages:
                if gated and fired is not None and not gates.isdisjoint(fired):
                    break  # a gate fired: the unit is no translation pair to check further
                for may_find, members in stage:
                    if may_find is not None and not may_find(unit):
                        continue  # the whole family finds nothing here
                    for spec, func, reported, requires in members:
                        # (Most units fire nothing: `fired` is tested first.)
                        if fired is not None and requires is not None \
                                and not fired.isdisjoint(requires):
                            continue
                        for hit in func(unit, ctx):
                            if fired is None:
                                fired = fired_on[unit.index] = set()
                            fired.add(spec.code)
                            if reported:
                                self.make(spec, hit, n, unit)
                            else:
                                break  # a shadow check: one hit is enough to gate
        if document_checks:
            for spec in self.doc_specs:
                if spec.code in active:
                    for hit in spec.func(doc, ctx):
                        self.make(spec, hit, n, None)
        ctx.document = None

    def add_corpus_findings(self, corpus_hits: dict[str, list[tuple[str, Hit]]] | None) -> None:
        """The corpus-scope checks over the run's documents, or, given `corpus_hits`
        (document name -> [(code, Hit)]), their hits computed elsewhere."""
        if corpus_hits is not None:
            by_code = {spec.code: spec for spec in self.corpus_specs}
            for n, doc in enumerate(self.checked):
                for code, hit in corpus_hits.get(doc.name, ()):
                    if code in by_code:
                        self.make(by_code[code], hit, n, None)
            return
        doc_index = {id(doc): n for n, doc in enumerate(self.checked)}
        for spec in self.corpus_specs:
            for doc, hit in spec.func(self.checked, self.ctx):
                n = doc_index.get(id(doc))
                if n is not None:
                    self.make(spec, hit, n, None)

    def result(self) -> CheckResult:
        """Apply waivers, report unused ones (X checks), order the findings."""
        from toolkit.checks.meta import USED_WAIVERS, WAIVER_PLACES

        ctx = self.ctx
        findings: list[Finding] = []
        waived = 0
        for n, doc in enumerate(self.checked):
            used: set[int] = set()
            placed: list[tuple[Finding, Unit | None]] = []
            for finding, unit in self.placed[n]:
                index = _match_waiver(finding, unit, doc.waivers) if doc.waivers else None
                if index is not None:
                    used.add(index)
                    finding = _with_waiver(finding, doc.waivers[index])
                placed.append((finding, unit))
            if self.meta_specs and doc.waivers:
                ctx.document = doc
                ctx.doc_cache = {USED_WAIVERS: used,
                                 WAIVER_PLACES: _waiver_places(doc, self.placers[n]),
                                 ("X", "active-codes"): set(self.chosen)}
                for spec in self.meta_specs:
                    for hit in spec.func(doc, ctx):
                        path, line, column, paragraph, unit_index = self.placers[n].place(hit, None)
                        placed.append((Finding(
                            code=spec.code, name=spec.name, severity=self.severities[spec.code],
                            message=hit.message, path=path, line=line, column=column,
                            article=doc.article.id if doc.article is not None else None,
                            paragraph=paragraph, unit=unit_index), None))
            placed.sort(key=lambda fu: (fu[0].unit if fu[0].unit is not None else 1 << 30,
                                        fu[0].line or 0, fu[0].column or 0, fu[0].code))
            for finding, _ in placed:
                if finding.waiver is not None:
                    waived += 1
                    if not self.show_waived:
                        continue
                findings.append(finding)
        ctx.document = None
        return CheckResult(findings=findings,
                           documents=[(d.name, d.en_path) for d in self.checked],
                           units=sum(len(d.units) for d in self.checked), waived=waived,
                           skipped=self.skipped, codes=sorted(self.chosen),
                           fail_on=self.threshold, length_model=ctx.stats["length_model"])


def _screened(plan: list[tuple]) -> list[tuple[Any, list[tuple]]]:
    """The plan's entries as (may_find, entries): the checks in a row that share a
    `may_find` test form one group behind it, every other check a group of its own."""
    groups: list[tuple[Any, list[tuple]]] = []
    for entry in plan:
        may_find = entry[0].may_find
        if may_find is not None and groups and groups[-1][0] is may_find:
            groups[-1][1].append(entry)
        else:
            groups.append((may_find, [entry]))
    return groups


def _with_waiver(finding: Finding, waiver: Waiver) -> Finding:
    from dataclasses import replace

    return replace(finding, waiver=waiver)


# -- running in several processes -------------------------------------------------------------
#
# A run over many documents is a map and a reduce, as `toolkit verify` does it (and with
# its process pool): the workers measure each document's units and summarise it for the
# corpus-scope checks; this process calibrates the length model and runs the corpus steps
# on the summaries; the workers then check each document with that model and its share of
# the corpus hits. Under fork the workers inherit the documents instead of receiving them.

PARALLEL_MIN_UNITS = 2000  # below this, a run is over before worker processes have started
_WORKER: dict[str, Any] = {}


def _corpus_codes(chosen: set[str], registry: dict[str, CheckSpec]) -> list[str]:
    return [code for code, spec in registry.items() if spec.scope == Scope.CORPUS and code in chosen]


def _worth_processes(documents: Sequence[Document], chosen: set[str],
                     registry: dict[str, CheckSpec]) -> bool:
    if len(documents) < 2 or sum(len(d.units) for d in documents) < PARALLEL_MIN_UNITS:
        return False
    return _corpus_steps_known(chosen, registry)


def _corpus_steps_known(chosen: set[str], registry: dict[str, CheckSpec]) -> bool:
    """Whether every chosen corpus-scope check has a map/reduce form (verify's steps)."""
    from toolkit.verify import CORPUS_STEPS

    return all(code in CORPUS_STEPS for code in _corpus_codes(chosen, registry))


def _init_check_worker(state: dict[str, Any]) -> None:
    """Per process: the run's documents and options, and one context for the summaries."""
    _WORKER.clear()
    _WORKER.update(state)
    options = state["options"]
    _WORKER["ctx"] = CheckContext(options=dict(options["settings"].options),
                                  glossary=options["glossary"])


def _summarise_part(indices: list[int]) -> list[tuple[int, dict[int, tuple[float, float]], dict]]:
    """The map step for some documents: (index, unit index -> weighted lengths of the units
    long enough to judge, corpus-step summaries)."""
    from toolkit.checks.alignment import unit_lengths
    from toolkit.verify import corpus_summaries

    ctx = _WORKER["ctx"]
    out = []
    for index in indices:
        doc = _WORKER["documents"][index]
        summaries = corpus_summaries(doc, ctx, _WORKER["corpus_codes"])
        memo: dict[int, tuple[float, float]] = {}
        unit_lengths(doc.units, memo)
        out.append((index, {unit.index: memo[id(unit)] for unit in doc.units if id(unit) in memo},
                    summaries))
    return out


def _check_part(task: tuple[list[int], Any, dict[int, list[tuple[str, Hit]]],
                            dict[int, dict[int, tuple[float, float]]]]
                ) -> list[tuple[int, CheckResult]]:
    """The check step for some documents, with the run's length model and corpus hits, and
    the unit lengths the map step measured."""
    indices, model, hits, lengths = task
    out = []
    for index in indices:
        doc = _WORKER["documents"][index]
        out.append((index, run_checks([doc], **_WORKER["options"], length_model=model,
                                      corpus_hits={doc.name: hits.get(index, [])},
                                      matcher=_WORKER["ctx"].matcher,
                                      known_lengths=lengths.get(index))))
    return out


def _parts(documents: Sequence[Document], count: int) -> list[list[int]]:
    """Document indices in `count` shares of about equal work, the largest share first
    (longest processing time first, so that no worker is left with a big file at the end)."""
    shares: list[list[int]] = [[] for _ in range(min(count, len(documents)))]
    loads = [0] * len(shares)
    for index in sorted(range(len(documents)), key=lambda i: -len(documents[i].units)):
        lightest = loads.index(min(loads))
        shares[lightest].append(index)
        loads[lightest] += len(documents[index].units) + 1
    order = sorted(range(len(shares)), key=lambda n: -loads[n])
    return [sorted(shares[n]) for n in order if shares[n]]


def _run_in_processes(documents: Sequence[Document], chosen: set[str], jobs: int,
                      length_model: Any, options: dict[str, Any]) -> CheckResult:
    """`run_checks(documents, length_model=length_model, **options)` in `jobs` processes:
    the same result, in the same order."""
    corpus_codes = _corpus_codes(chosen, load_checks())
    state = {"documents": list(documents), "options": options, "corpus_codes": corpus_codes}
    init = (state,)
    parts = _parts(documents, jobs * 4)
    # Forked workers share this process's memory until they write to it, and the cyclic
    # collector's passes in a worker would write to every object: frozen objects are left
    # out of them (what the gc module's documentation advises before a fork).
    gc.freeze()
    try:
        return _map_reduce(documents, parts, init, jobs, corpus_codes, length_model, options)
    finally:
        gc.unfreeze()


def _map_reduce(documents: Sequence[Document], parts: list[list[int]], init: tuple, jobs: int,
                corpus_codes: list[str], length_model: Any,
                options: dict[str, Any]) -> CheckResult:
    from toolkit.verify import _pool_map

    checked = [n for n, d in enumerate(documents)
               if not (d.article is not None and d.article.en is None)]
    summaries: dict[int, tuple[dict[int, tuple[float, float]], dict]] = {}
    wanted = set(checked)
    for part in _pool_map(_summarise_part, [[i for i in p if i in wanted] for p in parts],
                          jobs, init, _init_check_worker):
        for index, lengths, found in part:
            summaries[index] = (lengths, found)
    model, hits = _reduce(summaries, checked, corpus_codes, length_model, options)
    results: dict[int, CheckResult] = {}
    tasks = [(part, model, {i: hits[i] for i in part if i in hits},
              {i: summaries[i][0] for i in part if i in summaries}) for part in parts]
    gc.freeze()  # the summaries too, before the second fork
    for part in _pool_map(_check_part, tasks, jobs, init, _init_check_worker):
        results.update(part)
    return _merged([results[n] for n in range(len(documents))], model)


def _reduce(summaries: dict[int, tuple[dict[int, tuple[float, float]], dict]], checked: list[int],
            corpus_codes: list[str], length_model: Any, options: dict[str, Any]
            ) -> tuple[Any, dict[int, list[tuple[str, Hit]]]]:
    """(the run's length model, document index -> corpus-scope hits) from the summaries of
    the map step."""
    import importlib

    from toolkit.checks.alignment import calibrate
    from toolkit.verify import CORPUS_STEPS

    model = length_model
    if model is None:
        model = calibrate([pair for index in checked for pair in summaries[index][0].values()])
    hits: dict[int, list[tuple[str, Hit]]] = {}
    ctx = CheckContext(options=dict(options["settings"].options), glossary=options["glossary"])
    for code in corpus_codes:
        step = importlib.import_module(CORPUS_STEPS[code])
        for index, hit in step.corpus_hits(((i, summaries[i][1][code]) for i in checked), ctx):
            hits.setdefault(index, []).append((code, hit))
    return model, hits


def _merged(ordered: list[CheckResult], model: Any) -> CheckResult:
    """One result from the per-document results, in document order."""
    first = ordered[0]
    return CheckResult(findings=[f for r in ordered for f in r.findings],
                       documents=[d for r in ordered for d in r.documents],
                       units=sum(r.units for r in ordered), waived=sum(r.waived for r in ordered),
                       skipped=[name for r in ordered for name in r.skipped], codes=first.codes,
                       fail_on=first.fail_on, length_model=model)


# -- PO files read in the workers -------------------------------------------------------------
#
# For a run over many PO files, each of the `jobs` processes (this one and the workers it
# starts) takes files as it becomes free (the largest first, so that they finish together),
# reads, measures and summarises them, runs every check that needs nothing of the other
# files, and keeps the documents; after the reduce step here (length model, corpus-scope
# hits) each finishes the ones it kept. Nearly all the work is in the first step, where the
# load is shared out as it comes, so neither step leaves a process waiting for another.
# This process's share is never sent anywhere: only the workers' answers are.

PARALLEL_MIN_BYTES = 1_000_000  # about PARALLEL_MIN_UNITS units of PO text


def po_paths(targets: Sequence[str]) -> list[Path] | None:
    """The PO files the targets name, in the order `documents_for` reads them, when every
    target is a PO file or a folder of PO files without articles; else None (articles, ids,
    other files and missing paths take `documents_for`'s way, with its messages)."""
    from toolkit.corpus import META_NAME

    paths: list[Path] = []
    for target in targets:
        path = Path(target)
        if path.is_file():
            if path.suffix.lower() != ".po":
                return None
            paths.append(path)
            continue
        if not path.is_dir() or (path / META_NAME).is_file():
            return None
        found = len(paths)
        for root, dirs, files in os.walk(path):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            here = Path(root)
            if META_NAME in files and (here / "ko.txt").is_file():
                return None
            paths.extend(here / name for name in sorted(files) if name.endswith(".po"))
        if len(paths) == found:
            return None
    return paths or None


def run_po_checks(paths: Sequence[str | Path], *, swap: bool = False, jobs: int = 1,
                  **options: Any) -> CheckResult:
    """`run_checks(documents_for(paths, swap=swap), jobs=jobs, **options)` for PO files, the
    same result, with the files read in the worker processes when the run is large enough
    to spread (`options`: run_checks's selection, reporting and matcher arguments)."""
    options.setdefault("settings", CheckSettings())
    options.setdefault("glossary", None)
    matcher = options.pop("matcher", None)
    registry = load_checks()
    chosen = _selection(options["settings"], registry, options.get("select", ()),
                        options.get("ignore", ()))[0]
    sizes = [os.path.getsize(p) for p in paths]
    if (jobs <= 1 or len(paths) < 2 or sum(sizes) < PARALLEL_MIN_BYTES
            or not _corpus_steps_known(chosen, registry)):
        return run_checks(documents_for([str(p) for p in paths], swap=swap), jobs=jobs,
                          matcher=matcher, **options)
    corpus_codes = _corpus_codes(chosen, registry)
    state = {"paths": [str(p) for p in paths], "swap": swap, "corpus_codes": corpus_codes,
             "options": {key: options.get(key) for key in
                         ("settings", "glossary", "select", "ignore", "show_waived", "fail_on",
                          "workflow", "root")}}
    state["options"]["select"] = state["options"]["select"] or ()
    state["options"]["ignore"] = state["options"]["ignore"] or ()
    state["options"]["show_waived"] = bool(state["options"]["show_waived"])
    tasks = _size_tasks(sizes, jobs)
    # What every worker imports to read and measure the files (and this process to
    # calibrate), imported once before they fork rather than once in each.
    import toolkit.align  # noqa: F401
    import toolkit.interchange.po  # noqa: F401

    with _Readers(min(jobs, len(tasks)) - 1, state) as workers:
        _init_check_worker(state)
        _WORKER["runs"] = {}
        try:
            return _share_po_checks(workers, tasks, corpus_codes, state, len(paths))
        finally:
            _WORKER.clear()


def _share_po_checks(workers: "_Readers", tasks: list[list[int]], corpus_codes: list[str],
                     state: dict[str, Any], count: int) -> CheckResult:
    """The two steps of `run_po_checks`, shared between the workers and this process (whose
    `_WORKER` state is set up as theirs is)."""
    summaries: dict[int, tuple[dict[int, tuple[float, float]], dict]] = {}
    here = len(workers.conns)  # this process's number among the workers
    kept_by: list[list[int]] = [[] for _ in range(here + 1)]  # the files each one keeps
    refused = []
    for worker, part in workers.share(tasks, _early_step):
        for found in part:
            if found[0] == "refused":
                refused.append(found)
                continue
            _, index, lengths, summary = found
            summaries[index] = (lengths, summary)
            kept_by[worker].append(index)
    if refused:
        _, index, cls, message, path, line = min(refused, key=lambda r: r[1])
        raise cls(message, path, line)
    checked = sorted(summaries)
    model, hits = _reduce(summaries, checked, corpus_codes, None, state["options"])
    late = [(kept, model, {i: hits[i] for i in kept if i in hits}) for kept in kept_by]
    for conn, task in zip(workers.conns, late):
        conn.send(("late", task))
    parts = [_late_step(late[here])]  # while the workers finish theirs
    # This process's documents are freed while the workers send their results.
    _WORKER["runs"].clear()
    parts += [workers.receive(conn) for conn in workers.conns]
    workers.close(wait=False)  # they end while this process merges and reports
    results = dict(pair for part in parts for pair in part)
    return _merged([results[n] for n in range(count)], model)


def _size_tasks(sizes: list[int], jobs: int) -> list[list[int]]:
    """File indices in tasks for the workers, the largest files first, small files
    together, each task an eighth of what is left per worker (but not under a 256th of
    the whole): tasks shrink toward the end, so the workers run out of work together."""
    remaining = total = sum(sizes)
    tasks: list[list[int]] = []
    load = target = 0.0
    for index in sorted(range(len(sizes)), key=lambda i: (-sizes[i], i)):
        if load >= target:
            tasks.append([])
            load, target = 0, max(remaining / (jobs * 8), total / 1024)
        tasks[-1].append(index)
        load += sizes[index]
        remaining -= sizes[index]
    return tasks


def _early_step(indices: list[int], between: Callable[[], None] | None = None) -> list[tuple]:
    """Read, measure, summarise and check some of the files with every check that needs
    nothing of the other files, keeping each document's run for `_late_step`:
    ("ok", index, unit lengths, summaries) per file, or ("refused", index, error class,
    message, path, line) for a file that cannot be read (the parent raises the earliest
    file's error, as reading in file order would). `between` is called after each file is
    checked."""
    from toolkit.errors import ToolkitError
    from toolkit.verify import corpus_summaries

    paths, swap, runs = _WORKER["paths"], _WORKER["swap"], _WORKER["runs"]
    out: list[tuple] = []
    read: list[tuple[int, Document]] = []
    collecting = gc.isenabled()
    gc.disable()  # reading builds many objects and no cycles (see documents_for)
    try:
        for index in indices:
            try:
                read.append((index, po_document(paths[index], swap=swap)))
            except ToolkitError as exc:
                out.append(("refused", index, type(exc), exc.message, exc.path, exc.line))
    finally:
        if collecting:
            gc.enable()
    gc.freeze()  # the documents live to the end: keep the collector's passes off them
    for index, doc in read:
        run = _Run([doc], **_WORKER["options"], matcher=_WORKER["ctx"].matcher)
        run.measure()
        summaries = corpus_summaries(doc, run.ctx, _WORKER["corpus_codes"])
        lengths = run.ctx.stats["unit_lengths"]
        run.check_document(0, [s for s in run.unit_specs if s.code not in RUN_STATISTIC_CODES])
        runs[index] = run
        out.append(("ok", index, {u.index: lengths[id(u)] for u in doc.units if id(u) in lengths},
                    summaries))
        if between is not None:
            between()
    return out


def _late_step(task: tuple[list[int], Any, dict[int, list[tuple[str, Hit]]]]
               ) -> list[tuple[int, CheckResult]]:
    """Finish the runs `_early_step` kept: the checks that need the run's length model,
    the corpus-scope hits, waivers and order."""
    indices, model, hits = task
    out = []
    for index in indices:
        # Kept, not popped: freeing a document's objects here took a sixth of this step,
        # and the worker process ends without freeing anything.
        run = _WORKER["runs"][index]
        run.ctx.stats["length_model"] = model
        run.check_document(0, [s for s in run.unit_specs if s.code in RUN_STATISTIC_CODES],
                           document_checks=False)
        run.add_corpus_findings({run.checked[0].name: hits.get(index, [])})
        out.append((index, run.result()))
    return out


def _serve_share(conn: Any, state: dict[str, Any]) -> None:
    """A worker process of `_Readers`: reads, summarises and checks the files it is given,
    then finishes them after the reduce step, answering each message on `conn`."""
    def setup() -> Any:
        _init_check_worker(state)
        _WORKER["runs"] = {}
        return lambda message: (_early_step if message[0] == "early" else _late_step)(message[1])

    serve_messages(conn, setup)


class _Readers(WorkerProcesses):
    """The worker processes of a run over PO files, kept for both steps."""

    what = "check worker"

    def __init__(self, count: int, state: dict[str, Any]):
        super().__init__(count, _serve_share, (state,))

    def share(self, tasks: list[Any], step: Callable[[Any, Callable[[], None]], Any]
              ) -> Iterator[tuple[int, Any]]:
        """Share the tasks of the early step, in order, between the workers and this process,
        which runs `step(task, between)` on its own and takes the workers' answers (and
        sends them more) whenever `step` calls `between`, so that no worker waits long for
        its next task: each keeps two queued. Yield (number, answer) for every task; this
        process is number len(self.conns)."""
        from multiprocessing.connection import wait

        pending = deque(tasks)
        queued = dict.fromkeys(self.conns, 0)
        number = {conn: n for n, conn in enumerate(self.conns)}
        arrived: list[tuple[int, Any]] = []

        def collect(timeout: float | None) -> None:
            for conn in wait([conn for conn, n in queued.items() if n], timeout):
                queued[conn] -= 1
                arrived.append((number[conn], self.receive(conn)))
            for conn in self.conns:
                while queued[conn] < 2 and pending:
                    conn.send(("early", pending.popleft()))
                    queued[conn] += 1

        collect(0)
        while pending:
            arrived.append((len(self.conns), step(pending.popleft(), lambda: collect(0))))
            yield from arrived
            arrived.clear()
        while any(queued.values()):
            collect(None)
            yield from arrived
            arrived.clear()
