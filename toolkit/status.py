"""The editors' status report: what is where, who has what, what is late, what still fails,
and how much editing each translation needed.

`build_status` makes a `StatusReport` (plain data; the review site renders the same model),
and `render_table` / `render_markdown` / `StatusReport.to_dict` turn it into the terminal
table, Markdown and the `toolkit.status/1` JSON documented in docs/workflow.md.

The report must build on a corpus in any state: an article that cannot be loaded, has a
stale alignment, a missing snapshot or failing checks is shown with its problem, never
dropped and never allowed to stop the report.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from toolkit.display import display_width, truncate
from toolkit.errors import ToolkitError, WorkflowError
from toolkit.workflow import (
    corpus_findings,
    credit_lines,
    history_dicts,
    known_roles,
    local_now,
    parse_timestamp,
    role_done,
)

if TYPE_CHECKING:
    from toolkit.corpus import Corpus
    from toolkit.metrics import EffortScore
    from toolkit.model import Article, Finding

SCHEMA = "toolkit.status/1"
SEVERITIES = ("error", "warning", "info")


@dataclass(slots=True)
class ArticleStatus:
    """One article's line of the report."""

    id: str
    title: str = ""
    stage: str | None = None  # None when the article could not be loaded
    assignees: dict[str, str] = field(default_factory=dict)  # role -> name
    stage_since: str | None = None  # ISO timestamp of the move into the current stage
    days_in_stage: int | None = None
    due: str | None = None
    overdue: bool = False
    alignment: dict[str, Any] = field(default_factory=dict)
    findings: dict[str, int] | None = None  # severity -> count; None: checks not run
    effort: "EffortScore | None" = None
    credits: list[dict[str, Any]] = field(default_factory=list)
    credit_lines: list[str] = field(default_factory=list)
    history: list[dict[str, Any]] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def translator(self) -> str | None:
        return self.assignees.get("translator")

    @property
    def editor(self) -> str | None:
        return self.assignees.get("editor")

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict (schema toolkit.status/1)."""
        return {
            "id": self.id, "title": self.title, "stage": self.stage,
            "translator": self.translator, "editor": self.editor,
            "assignees": dict(self.assignees), "stage_since": self.stage_since,
            "days_in_stage": self.days_in_stage, "due": self.due, "overdue": self.overdue,
            "alignment": dict(self.alignment), "findings": self.findings,
            "effort": self.effort.to_dict() if self.effort is not None else None,
            "credits": list(self.credits), "credit_lines": list(self.credit_lines),
            "history": list(self.history), "problems": list(self.problems),
        }


@dataclass(slots=True)
class PersonStatus:
    """What one person has in hand and has finished."""

    name: str
    roles: list[str] = field(default_factory=list)
    in_hand: dict[str, int] = field(default_factory=dict)  # stage -> articles
    finished: int = 0  # articles they signed off in the period
    translation_effort: dict[str, Any] | None = None  # medians over their translations
    edit_effort: dict[str, Any] | None = None  # medians over their edits

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict (schema toolkit.status/1)."""
        return {"name": self.name, "roles": list(self.roles), "in_hand": dict(self.in_hand),
                "finished": self.finished, "translation_effort": self.translation_effort,
                "edit_effort": self.edit_effort}


@dataclass(slots=True)
class StatusReport:
    """The whole report: articles, people and totals by stage."""

    corpus: str
    today: str
    stages: list[str]
    articles: list[ArticleStatus]
    people: list[PersonStatus]
    totals: dict[str, int]
    since: str | None = None
    filters: dict[str, str | None] = field(default_factory=dict)
    signatures: dict[str, str] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """The `toolkit.status/1` JSON document."""
        return {"schema": SCHEMA, "corpus": self.corpus, "today": self.today, "since": self.since,
                "filters": dict(self.filters), "stages": list(self.stages),
                "totals": dict(self.totals), "signatures": dict(self.signatures),
                "articles": [a.to_dict() for a in self.articles],
                "people": [p.to_dict() for p in self.people]}


# -- building ---------------------------------------------------------------------------------

def _title(article: "Article") -> str:
    return article.title_en or article.title_ko or ""


def _article_status(article: "Article", corpus: "Corpus", today: date,
                    findings: "list[Finding] | str | None") -> ArticleStatus:
    """One article's line; `findings` is the checks' list, None (not run) or an error."""
    from toolkit.metrics import editing_effort

    settings = corpus.settings
    wf = settings.workflow
    tz = local_now(settings).tzinfo
    status = ArticleStatus(article.id, _title(article), article.stage)
    status.assignees = {role: a.name for role, a in article.assignments.items()}
    for role in ("translator", "editor"):
        credit = article.credit(role)
        if role not in status.assignees and credit is not None:
            status.assignees[role] = credit.name
    for entry in reversed(article.history):
        if entry.to_stage == article.stage:
            status.stage_since = entry.at
            moved = parse_timestamp(entry.at)
            if moved is not None:
                moved_day = moved.astimezone(tz).date() if moved.tzinfo else moved.date()
                status.days_in_stage = max(0, (today - moved_day).days)
            break
    # Due is the earliest due date of a role whose sign-off the article has not reached.
    open_dues = sorted(a.due for role, a in article.assignments.items()
                       if a.due and not role_done(article, role, wf) and article.stage != wf.stages[-1])
    if open_dues:
        status.due = open_dues[0]
        status.overdue = open_dues[0] < today.isoformat()
    from toolkit.align import alignment_state

    state = alignment_state(article)
    status.alignment = {"present": state.present, "stale": state.is_stale, "aligned": state.aligned,
                        "total": state.total}
    if state.is_stale:
        status.problems.append("alignment is stale")
    status.credits = [{"role": c.role, "name": c.name, "date": c.date} for c in article.credits]
    status.credit_lines = credit_lines(article, settings)
    status.history = history_dicts(article)
    if isinstance(findings, str):
        status.problems.append(f"checks failed: {findings}")
    elif findings is not None:
        counts = dict.fromkeys(SEVERITIES, 0)
        for finding in findings:
            if not finding.waived:
                counts[finding.severity.value] += 1
        status.findings = counts
    try:
        status.effort = editing_effort(article, wf)
    except ToolkitError as exc:
        status.problems.append(f"editing effort: {exc}")
    return status


def _involves(article: "Article", person: str) -> bool:
    names = {a.name for a in article.assignments.values()} | {c.name for c in article.credits}
    return person.casefold() in {n.casefold() for n in names}


def _median_effort(scores: list["EffortScore"]) -> dict[str, Any] | None:
    if not scores:
        return None
    return {"chrf": round(statistics.median(s.chrf for s in scores), 2),
            "ter": round(statistics.median(s.ter for s in scores), 2), "articles": len(scores)}


def _people(articles: list[ArticleStatus], loaded: dict[str, "Article"], corpus: "Corpus",
            since: date | None, today: date) -> list[PersonStatus]:
    wf = corpus.settings.workflow
    tz = local_now(corpus.settings).tzinfo
    people: dict[str, PersonStatus] = {}

    def person(name: str) -> PersonStatus:
        return people.setdefault(name, PersonStatus(name))

    translations: dict[str, list] = {}
    edits: dict[str, list] = {}
    for status in articles:
        article = loaded.get(status.id)
        if article is None:
            continue
        for role, assignment in article.assignments.items():
            p = person(assignment.name)
            if role not in p.roles:
                p.roles.append(role)
            if not role_done(article, role, wf) and article.stage != wf.stages[-1]:
                p.in_hand[article.stage] = p.in_hand.get(article.stage, 0) + 1
        finishers = set()
        for entry in article.history:
            backward = entry.from_stage in wf.stages and \
                wf.index(entry.to_stage) < wf.index(entry.from_stage)
            if entry.to_stage in wf.signoff and not backward:
                moved = parse_timestamp(entry.at)
                day = (moved.astimezone(tz).date() if moved and moved.tzinfo
                       else moved.date() if moved else None)
                if day is not None and (since is None or day >= since) and day <= today:
                    finishers.add(entry.by)
        for name in finishers:
            person(name).finished += 1
        for credit in article.credits:
            p = person(credit.name)
            if credit.role not in p.roles:
                p.roles.append(credit.role)
        if status.effort is not None and status.effort.final:
            for credit in article.credits:
                if credit.role == "translator":
                    translations.setdefault(credit.name, []).append(status.effort)
                elif credit.role == "editor":
                    edits.setdefault(credit.name, []).append(status.effort)
    for name, p in people.items():
        p.translation_effort = _median_effort(translations.get(name, []))
        p.edit_effort = _median_effort(edits.get(name, []))
        p.in_hand = {s: p.in_hand[s] for s in wf.stages if s in p.in_hand}
        order = known_roles(wf)
        p.roles.sort(key=lambda r: order.index(r) if r in order else len(order))
    return sorted(people.values(), key=lambda p: p.name.casefold())


def build_status(corpus: "Corpus", *, stage: str | None = None, person: str | None = None,
                 since: date | None = None, today: date | None = None,
                 ids: list[str] | None = None, checks: bool = True,
                 findings: "dict[str, list[Finding]] | None" = None) -> StatusReport:
    """The status report of a corpus (or of `ids`), filtered by stage and person.

    `since` starts the period for "finished" counts (default: all time); `today` defaults
    to the current date in the corpus's time zone; `checks=False` skips the quality checks
    (findings are then null), which are most of the report's cost on a large corpus.
    `findings` (unwaived findings by article id, from `workflow.check_articles`) saves a
    second checks run when the caller has one already.
    """
    wf = corpus.settings.workflow
    if stage is not None and stage not in wf.stages:
        raise WorkflowError(f"unknown stage {stage!r} (stages: {' → '.join(wf.stages)})",
                            corpus.settings.path)
    today = today or local_now(corpus.settings).date()
    unreadable: dict[str, str] = {}
    loaded: dict[str, Article] = {}
    for article_id in (ids if ids is not None else corpus.article_ids()):
        try:
            article = corpus.load(article_id)
        except ToolkitError as exc:
            unreadable[article_id] = str(exc)
            continue
        if (stage is None or article.stage == stage) and (person is None or _involves(article, person)):
            loaded[article_id] = article
    found: dict[str, list[Finding]] | str | None = findings
    if checks and found is None:
        try:
            found = corpus_findings(list(loaded.values()), corpus)
        except ToolkitError as exc:
            found = str(exc)
    articles: list[ArticleStatus] = []
    # An unreadable article cannot be filtered by stage or person, so only the unfiltered
    # report lists it.
    shown = set(loaded) | (set(unreadable) if stage is None and person is None else set())
    for article_id in sorted(shown):
        if article_id in unreadable:
            articles.append(ArticleStatus(article_id, problems=[unreadable[article_id]]))
            continue
        findings = found.get(article_id) if isinstance(found, dict) else found
        articles.append(_article_status(loaded[article_id], corpus, today, findings))
    people = _people(articles, loaded, corpus, since, today)
    if person is not None:
        people = [p for p in people if p.name.casefold() == person.casefold()]
    totals = dict.fromkeys(wf.stages, 0)
    for status in articles:
        if status.stage in totals:
            totals[status.stage] += 1
    signatures: dict[str, str] = {}
    for status in articles:
        if status.effort is not None:
            signatures = dict(status.effort.signatures)
            break
    return StatusReport(corpus.settings.name, today.isoformat(), list(wf.stages), articles, people,
                        totals, since.isoformat() if since else None,
                        {"stage": stage, "person": person}, signatures)


# -- rendering --------------------------------------------------------------------------------

def fit(text: str, width: int, *, right: bool = False) -> str:
    """Text on one line, padded or truncated (with …) to exactly `width` terminal columns."""
    text = truncate(" ".join(text.split()), width)
    filler = " " * (width - display_width(text))
    return filler + text if right else text + filler


def _num(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f}"


def _cells(a: ArticleStatus) -> dict[str, str]:
    al = a.alignment
    if a.stage is None:
        align = "-"
    elif al.get("stale"):
        align = "stale"
    elif not al.get("present"):
        align = "none"
    else:
        align = f"{al['aligned']}/{al['total']}"
    return {
        "id": a.id, "title": a.title or ("(unreadable)" if a.stage is None else ""),
        "stage": a.stage or "?", "translator": a.translator or "-", "editor": a.editor or "-",
        "days": "-" if a.days_in_stage is None else str(a.days_in_stage),
        "due": (a.due or "-") + ("!" if a.overdue else ""),
        "align": align,
        "e/w": "-" if a.findings is None else f"{a.findings['error']}/{a.findings['warning']}",
        "chrf": _num(a.effort.chrf if a.effort else None),
        "ter": _num(a.effort.ter if a.effort else None),
    }


# Detail columns, on the line under each article's id and title: key, header, max width,
# right-aligned. Ids run to 30 columns and titles further, so they get a line of their own.
_COLUMNS = [
    ("stage", "STAGE", 12, False), ("translator", "TRANSLATOR", 16, False),
    ("editor", "EDITOR", 16, False), ("days", "DAYS", 4, True), ("due", "DUE", 11, False),
    ("align", "ALIGN", 7, True), ("e/w", "E/W", 7, True), ("chrf", "CHRF", 5, True),
    ("ter", "TER", 5, True),
]
_INDENT = "  "


def _effort_cell(effort: dict[str, Any] | None) -> str:
    return "-" if not effort else f"{effort['chrf']:.1f}/{effort['ter']:.1f}"


def render_table(report: StatusReport, width: int = 100) -> str:
    """A plain-text report that fits `width` terminal columns.

    Each article takes two lines: its id and title (cut with … to fit), then its stage,
    people, days in stage, due date (`!` when overdue), aligned/total paragraphs,
    errors/warnings and editing effort.
    """
    rows = [_cells(a) for a in report.articles]
    widths = {key: min(cap, max([display_width(header)] + [display_width(r[key]) for r in rows]))
              for key, header, cap, _ in _COLUMNS}
    lines = [f"{report.corpus}: status on {report.today}"
             + (f", finished since {report.since}" if report.since else "")]

    def details(cells: dict[str, str]) -> str:
        return (_INDENT + " ".join(fit(cells[key], widths[key], right=right)
                                   for key, _, _, right in _COLUMNS)).rstrip()

    lines.append("ID  TITLE")
    lines.append(details({key: header for key, header, _, _ in _COLUMNS}))
    for row in rows:
        head = f"{row['id']}  "
        lines.append((head + fit(row["title"], max(1, width - display_width(head)))).rstrip())
        lines.append(details(row))
    if not rows:
        lines.append("(no articles)")
    problems = [(a.id, p) for a in report.articles for p in a.problems]
    if problems:
        lines.append("")
        lines += [fit(f"! {aid}: {p}", width).rstrip() for aid, p in problems]
    lines.append("")
    totals = ", ".join(f"{s} {n}" for s, n in report.totals.items())
    lines.append(fit(f"Totals: {totals}", width).rstrip())
    if report.people:
        lines.append("")
        name_w = min(20, max(6, *(display_width(p.name) for p in report.people)))
        lines.append(f"{fit('PERSON', name_w)} {fit('DONE', 4, right=True)} "
                     f"{fit('TRANSL. chrF/TER', 16)} {fit('EDITS chrF/TER', 16)} IN HAND")
        for p in report.people:
            in_hand = ", ".join(f"{s} {n}" for s, n in p.in_hand.items()) or "-"
            row = (f"{fit(p.name, name_w)} {fit(str(p.finished), 4, right=True)} "
                   f"{fit(_effort_cell(p.translation_effort), 16)} "
                   f"{fit(_effort_cell(p.edit_effort), 16)} ")
            lines.append((row + fit(in_hand, max(5, width - display_width(row)))).rstrip())
    return "\n".join(lines) + "\n"


def _md(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def render_markdown(report: StatusReport) -> str:
    """The report as Markdown tables, for pasting into a chat or a ticket."""
    out = [f"### {_md(report.corpus)}: status on {report.today}", ""]
    headers = ["ID", "Title", "Stage", "Translator", "Editor", "Days", "Due", "Aligned",
               "Errors/warnings", "chrF", "TER"]
    out.append("| " + " | ".join(headers) + " |")
    out.append("|" + "|".join("---:" if h in ("Days", "chrF", "TER") else "---" for h in headers) + "|")
    for a in report.articles:
        c = _cells(a)
        due = c["due"].rstrip("!") + (" **overdue**" if a.overdue else "")
        cells = [f"`{a.id}`", _md(c["title"]), c["stage"], _md(c["translator"]), _md(c["editor"]),
                 c["days"], due, c["align"], c["e/w"], c["chrf"], c["ter"]]
        out.append("| " + " | ".join(cells) + " |")
    problems = [(a.id, p) for a in report.articles for p in a.problems]
    if problems:
        out += ["", "Problems:", ""] + [f"- `{aid}`: {_md(p)}" for aid, p in problems]
    out += ["", "**Totals:** " + ", ".join(f"{s} {n}" for s, n in report.totals.items())]
    if report.people:
        out += ["", "| Person | Roles | In hand | Finished | Translations chrF/TER | Edits chrF/TER |",
                "|---|---|---|---:|---|---|"]
        for p in report.people:
            in_hand = ", ".join(f"{s} {n}" for s, n in p.in_hand.items()) or "-"
            out.append(f"| {_md(p.name)} | {', '.join(p.roles) or '-'} | {in_hand} | {p.finished} | "
                       f"{_effort_cell(p.translation_effort)} | {_effort_cell(p.edit_effort)} |")
    if report.signatures:
        out += ["", "Scores: " + "; ".join(f"{k} `{v}`" for k, v in report.signatures.items())]
    return "\n".join(out) + "\n"
