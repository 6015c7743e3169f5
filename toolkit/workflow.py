"""The desk's stage machine: assignments, stage moves, sign-off snapshots and credits.

Everything here is pure except `save_move`: `assign` and `advance` validate a change and
return the new article state (and the snapshot to keep) without touching the disk, so
that a refused command cannot leave a half-written article behind.

Rules (the stage names come from `toolkit.yaml`, see docs/workflow.md):

- a move goes one step forward, or back to any earlier stage with a note;
- a sign-off stage (`workflow.signoff`) is signed by the person assigned to its role;
  anyone else needs `force` and a note, and the move is recorded as forced;
- a person who signed (or holds) another sign-off role on the article may not sign this
  one unless `workflow.allow-self-edit` is set: an editor does not pass their own
  translation;
- entering a stage from `workflow.require-english` / `workflow.require-alignment` on
  needs the English / a fresh alignment, and the last stage (publishing) also needs the
  English and no error-level findings.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, Callable

from toolkit.config import Settings, WorkflowSettings
from toolkit.errors import ConfigError, InputError, WorkflowError
from toolkit.fileio import atomic_write, read_text
from toolkit.model import Article, Assignment, Credit, HistoryEntry, join_paragraphs

if TYPE_CHECKING:
    from toolkit.corpus import Corpus
    from toolkit.model import Finding

SNAPSHOT_DIR = "snapshots"

# role -> the verb of its credit line as the site prints it ("*Translated by …").
ROLE_VERBS = {
    "translator": "Translated",
    "editor": "Edited",
    "proofreader": "Proofread",
    "copy-editor": "Copy-edited",
    "fact-checker": "Fact-checked",
    "reviewer": "Reviewed",
}

# A gate: (article, stage it is about to enter) -> reasons the move must be refused.
Gate = Callable[[Article, str], list[str]]


@dataclass(frozen=True, slots=True)
class MoveResult:
    """A validated stage move, not yet written: the new article state and its snapshot."""

    article: Article
    entry: HistoryEntry
    snapshot_text: str | None = None  # the English as signed, written to entry.snapshot


# -- time -----------------------------------------------------------------------------------

def zone(settings: Settings):
    """The corpus's time zone (settings.timezone) as a ZoneInfo."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        return ZoneInfo(settings.timezone)
    except (ZoneInfoNotFoundError, ValueError):
        raise ConfigError(f"timezone {settings.timezone!r} is not a known IANA zone name "
                          "(e.g. Asia/Seoul)", settings.path) from None


def local_now(settings: Settings, now: datetime | None = None) -> datetime:
    """`now` (default: the current time) in the corpus's zone; a naive `now` is taken as local."""
    tz = zone(settings)
    if now is None:
        return datetime.now(tz)
    return now.replace(tzinfo=tz) if now.tzinfo is None else now.astimezone(tz)


def parse_date(value: str, what: str = "date") -> date:
    """A YYYY-MM-DD date, or InputError naming what it was meant to be."""
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        raise InputError(f"{what} {value!r} is not a date in the form YYYY-MM-DD") from None


def parse_timestamp(value: str) -> datetime | None:
    """An ISO 8601 timestamp from the history, or None when it cannot be read."""
    try:
        return datetime.fromisoformat(value)
    except (TypeError, ValueError):
        return None


# -- roles and assignments --------------------------------------------------------------------

def known_roles(workflow: WorkflowSettings) -> list[str]:
    """Every role the settings name, sign-off roles first, in stage order."""
    roles: list[str] = []
    for stage in workflow.stages:
        for table in (workflow.stage_roles, workflow.signoff):
            role = table.get(stage)
            if role and role not in roles:
                roles.append(role)
    return roles


def signoff_stage(workflow: WorkflowSettings, role: str) -> str | None:
    """The stage at which `role` signs off, or None."""
    for stage in workflow.stages:
        if workflow.signoff.get(stage) == role:
            return stage
    return None


def role_done(article: Article, role: str, workflow: WorkflowSettings) -> bool:
    """True once the article has reached the stage where `role` signs off."""
    stage = signoff_stage(workflow, role)
    return stage is not None and workflow.at_or_after(article.stage, stage)


def _clean_name(name: str, what: str) -> str:
    cleaned = " ".join(str(name or "").split())
    if not cleaned:
        raise WorkflowError(f"{what} needs a person's name")
    return cleaned


def assign(article: Article, role: str, name: str, *, due: str | None = None,
           now: datetime | None = None, settings: Settings | None = None) -> Article:
    """The article with `name` assigned to `role` (replacing any earlier assignee).

    `due` is a YYYY-MM-DD date; `settings`, when given, restricts `role` to the roles the
    workflow names.
    """
    name = _clean_name(name, f"assigning the {role}")
    if settings is not None:
        roles = known_roles(settings.workflow)
        if role not in roles:
            raise WorkflowError(f"unknown role {role!r} (roles: {', '.join(roles)})",
                                settings.path)
    due_text = parse_date(due, "due date").isoformat() if due else None
    when = (local_now(settings, now) if settings is not None
            else (now or datetime.now().astimezone()))
    assignments = dict(article.assignments)
    assignments[role] = Assignment(role, name, due_text, when.date().isoformat())
    return dataclasses.replace(article, assignments=assignments)


# -- gates ------------------------------------------------------------------------------------

@dataclass(slots=True)
class CheckedArticles:
    """One run of the checks over corpus articles, as `toolkit check` does on the corpus.

    `findings` maps article id to its findings (waived ones included only when asked for);
    an article the runner skipped (no English yet) has no entry, and `findings` is None when
    the run itself failed. `problems` holds what went wrong per article id ("" for the run).
    """

    documents: dict[str, Any]
    findings: dict[str, list[Finding]] | None
    problems: dict[str, list[str]]


def _article_document(article: Article, matcher: Any) -> tuple[Any, str | None]:
    """The checks' document for an article; if aligning fails, its paragraphs unpaired, so
    that a report can still show (and count) the article."""
    from toolkit.checks import Document, Unit
    from toolkit.checks.runner import article_document
    from toolkit.errors import ToolkitError

    try:
        return article_document(article, matcher=matcher), None
    except ToolkitError as exc:
        units = [Unit(n, (p,), ()) for n, p in enumerate(article.ko)]
        units += [Unit(len(units) + n, (), (p,)) for n, p in enumerate(article.en or [])]
        return Document(article.id, units, str(article.en_path), str(article.ko_path), article,
                        waivers=list(article.waivers)), f"alignment failed: {exc}"


def check_articles(articles: list[Article], corpus: "Corpus", *,
                   show_waived: bool = False) -> CheckedArticles:
    """Run the checks once over all `articles`, so that corpus-scope checks (a term
    translated two ways) and the length model calibrated on all of them give the findings
    CI gives."""
    from toolkit.checks.runner import run_checks
    from toolkit.errors import ToolkitError

    matcher = corpus.term_matcher()
    documents: dict[str, Any] = {}
    problems: dict[str, list[str]] = {}
    for article in articles:
        documents[article.id], problem = _article_document(article, matcher)
        if problem:
            problems.setdefault(article.id, []).append(problem)
    try:
        result = run_checks(list(documents.values()), settings=corpus.settings.checks,
                            glossary=corpus.glossary(), show_waived=show_waived,
                            workflow=corpus.settings.workflow, root=corpus.root)
    except ToolkitError as exc:
        problems.setdefault("", []).append(f"checks failed: {exc}")
        return CheckedArticles(documents, None, problems)
    # Articles the runner skipped (no English yet) were not checked: no entry, not "clean".
    found: dict[str, list[Finding]] = {a.id: [] for a in articles if a.id not in result.skipped}
    for finding in result.findings:
        if finding.article in found:
            found[finding.article].append(finding)
    return CheckedArticles(documents, found, problems)


def corpus_findings(articles: list[Article], corpus: "Corpus") -> "dict[str, list[Finding]] | None":
    """The checks' reported (unwaived) findings per article id, from one run over all of
    `articles`; None when the checks could not run."""
    return check_articles(articles, corpus).findings


def article_findings(article: Article, corpus: "Corpus") -> "list[Finding] | None":
    """The checks' unwaived findings on one article, or None when the checks could not run."""
    found = corpus_findings([article], corpus)
    return None if found is None else found.get(article.id, [])


def requirement_blockers(article: Article, stage: str, workflow: WorkflowSettings) -> list[str]:
    """What entering `stage` needs and the article lacks: English, a fresh alignment."""
    blockers = []
    last = workflow.stages[-1]
    needs_english = stage == last or any(workflow.at_or_after(stage, t)
                                         for t in workflow.require_english)
    if needs_english and not article.en:
        blockers.append(f"the English text is missing ({article.en_path.name})")
    if any(workflow.at_or_after(stage, t) for t in workflow.require_alignment):
        from toolkit.align import alignment_state

        state = alignment_state(article)
        if not state.present:
            blockers.append("the article has no alignment; run `toolkit align "
                            f"{article.id}`")
        elif state.is_stale:
            blockers.append("the alignment is stale (a text changed since it was aligned); "
                            f"run `toolkit align {article.id}`")
    return blockers


def gate_report(article: Article, stage: str, corpus: "Corpus | None",
                workflow: WorkflowSettings) -> tuple[list[str], list[str]]:
    """(blockers, notices) for entering `stage`; notices say what could not be checked."""
    blockers = requirement_blockers(article, stage, workflow)
    notices = []
    if stage == workflow.stages[-1]:
        findings = article_findings(article, corpus)
        if findings is None:
            notices.append("quality checks not run (toolkit.checks.runner not installed)")
        else:
            errors = [f for f in findings if f.severity.value == "error" and not f.waived]
            if errors:
                codes = sorted({f.code for f in errors})
                blockers.append(f"{len(errors)} error-level finding(s) ({', '.join(codes)}); "
                                f"see `toolkit check {article.id}`")
    return blockers, notices


def publish_blockers(article: Article, corpus: "Corpus") -> list[str]:
    """Why the article may not be published now (empty when it may)."""
    workflow = corpus.settings.workflow
    return gate_report(article, workflow.stages[-1], corpus, workflow)[0]


def corpus_gate(corpus: "Corpus") -> Gate:
    """The gate `advance` uses in a corpus: requirements plus, for publishing, the checks."""
    return lambda article, stage: gate_report(article, stage, corpus, corpus.settings.workflow)[0]


# -- moves ------------------------------------------------------------------------------------

def _person_roles(article: Article, name: str) -> set[str]:
    roles = {c.role for c in article.credits if c.name == name}
    roles |= {role for role, a in article.assignments.items() if a.name == name}
    return roles


def _conflicting_roles(article: Article, name: str, role: str, wf: WorkflowSettings) -> set[str]:
    """The other sign-off roles `name` holds on the article, which bar them from `role`
    unless the settings allow self-editing."""
    if wf.allow_self_edit:
        return set()
    return (_person_roles(article, name) - {role}) & set(wf.signoff.values())


def snapshot_path(article: Article, stage: str) -> str:
    """Where the next sign-off snapshot of `stage` goes, relative to the article folder.

    The first is `snapshots/<stage>.en.txt`; a re-sign after rework gets `<stage>.2.en.txt`
    and so on, so that every history entry keeps pointing at the text it signed.
    """
    taken = {h.snapshot for h in article.history if h.snapshot}
    candidate = f"{SNAPSHOT_DIR}/{stage}.en.txt"
    n = 1
    while candidate in taken or (article.path / candidate).exists():
        n += 1
        candidate = f"{SNAPSHOT_DIR}/{stage}.{n}.en.txt"
    return candidate


def advance(article: Article, stage: str, *, by: str, settings: Settings, note: str | None = None,
            force: bool = False, now: datetime | None = None,
            check_gate: Gate | None = None) -> MoveResult:
    """Validate moving `article` to `stage` and return the new state; nothing is written.

    `check_gate(article, stage)` returns reasons to refuse a forward move (default: the
    English and alignment requirements of the settings); in a corpus pass
    `corpus_gate(corpus)` so that publishing also runs the checks.
    """
    wf = settings.workflow
    where = article.meta_path
    by = _clean_name(by, "a stage move")
    note = " ".join(note.split()) if note and note.strip() else None
    if stage not in wf.stages:
        raise WorkflowError(f"unknown stage {stage!r} (stages: {' → '.join(wf.stages)})", where)
    if article.stage not in wf.stages:
        raise WorkflowError(f"the article is at unknown stage {article.stage!r} "
                            f"(stages: {' → '.join(wf.stages)})", where)
    here, there = wf.index(article.stage), wf.index(stage)
    if there == here:
        raise WorkflowError(f"{article.id} is already at {stage!r}", where)
    if there > here + 1:
        raise WorkflowError(f"{article.id} is at {article.stage!r}: it can move forward only to "
                            f"{wf.stages[here + 1]!r}, one stage at a time", where)
    backward = there < here
    if backward and not note:
        raise WorkflowError(f"moving {article.id} back from {article.stage!r} to {stage!r} needs "
                            "--note saying why (e.g. returned for rework)", where)

    forced = False
    assignments = dict(article.assignments)
    credits = list(article.credits)
    when = local_now(settings, now)
    snapshot = snapshot_text = None

    if not backward:
        blockers = (check_gate or (lambda a, s: requirement_blockers(a, s, wf)))(article, stage)
        if blockers:
            raise WorkflowError(f"cannot move {article.id} to {stage!r}: " + "; ".join(blockers),
                                where)
        role = wf.stage_roles.get(stage)
        if role and role not in assignments:
            # Whoever starts the work takes it on, so the desk always knows who has it; but
            # a translator handing over must not become the editor of their own text.
            if _conflicting_roles(article, by, role, wf):
                raise WorkflowError(
                    f"{stage!r} needs a {role}, and {by} cannot be one on {article.id}; assign "
                    f"one first with `toolkit assign {article.id} --{role} NAME`", where)
            assignments[role] = Assignment(role, by, None, when.date().isoformat())
        role = wf.signoff.get(stage)
        if role:
            assigned = assignments.get(role)
            if assigned is None or assigned.name != by:
                holder = f"assigned to {assigned.name}" if assigned else "not assigned to anyone"
                if not force:
                    raise WorkflowError(
                        f"only the {role} signs off {stage!r}, and that role is {holder}; "
                        f"assign {by} with `toolkit assign {article.id} --{role} {by!r}` "
                        "or use --force with a --note", where)
                if not note:
                    raise WorkflowError(f"--force needs a --note saying why {by} signs off "
                                        f"{stage!r} instead of the {role}", where)
                forced = True
            other = _conflicting_roles(article, by, role, wf)
            if other:
                raise WorkflowError(
                    f"{by} is the {'/'.join(sorted(other))} of {article.id} and cannot sign "
                    f"off as {role} (set workflow.allow-self-edit to allow it)", where)
            if article.en:
                snapshot = snapshot_path(article, stage)
                snapshot_text = join_paragraphs([p.text for p in article.en])
            credits = [c for c in credits if not (c.role == role and c.name == by)]
            credits.append(Credit(role, by, when.date().isoformat()))

    entry = HistoryEntry(article.stage, stage, by, when.isoformat(timespec="seconds"), note,
                         forced, snapshot)
    new = dataclasses.replace(article, stage=stage, assignments=assignments, credits=credits,
                              history=[*article.history, entry])
    return MoveResult(new, entry, snapshot_text)


def save_move(corpus: "Corpus", result: MoveResult) -> None:
    """Write a validated move: the snapshot first, then the article's metadata."""
    if result.entry.snapshot and result.snapshot_text is not None:
        atomic_write(result.article.path / result.entry.snapshot, result.snapshot_text)
    corpus.save(result.article)


def read_snapshot(article: Article, snapshot: str) -> str:
    """The text of a snapshot named in the history (path relative to the article folder)."""
    path = (article.path / snapshot).resolve()
    if article.path.resolve() not in path.parents:
        raise InputError(f"snapshot path {snapshot!r} leaves the article folder", article.meta_path)
    return read_text(path, allow_empty=True)


def last_signoff(article: Article, stage: str) -> HistoryEntry | None:
    """The latest history entry that signed off `stage` with a snapshot, or None."""
    for entry in reversed(article.history):
        if entry.to_stage == stage and entry.snapshot:
            return entry
    return None


# -- credits ----------------------------------------------------------------------------------

def join_names(names: list[str]) -> str:
    """'A', 'A and B', 'A, B and C'."""
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def credit_lines(article: Article, settings: Settings) -> list[str]:
    """The credit lines as the site prints them, in stage order: `*Translated by Jiyoon Han`."""
    roles = [r for r in known_roles(settings.workflow) if r in settings.workflow.signoff.values()]
    roles += [c.role for c in article.credits if c.role not in roles]
    lines = []
    for role in dict.fromkeys(roles):
        names = list(dict.fromkeys(c.name for c in article.credits if c.role == role))
        if not names:
            continue
        verb = ROLE_VERBS.get(role)
        lines.append(f"*{verb} by {join_names(names)}" if verb
                     else f"*{role.replace('-', ' ').capitalize()}: {join_names(names)}")
    return lines


def history_dicts(article: Article) -> list[dict[str, Any]]:
    """The history as JSON-ready dicts (keys as in article.yaml)."""
    return [{"from": h.from_stage, "to": h.to_stage, "by": h.by, "at": h.at, "note": h.note,
             "forced": h.forced, "snapshot": h.snapshot} for h in article.history]

