"""Building the editors' review site: a folder of static HTML pages made from the corpus.

Pages: `index.html` (the status report as a dashboard), `articles/<id>.html` (Korean and
English side by side, unit by unit, with findings, credits, history and the editor's
changes), `people/<slug>.html` (what each person has in hand and has finished).

The data comes from the modules that own it (status report, aligner, checks, metrics); this
module only arranges it for the templates. Jinja2 runs with autoescaping on and no corpus
text is ever marked safe, so an article containing `<script>` shows it as text. The site is
built in a temporary folder next to the target and swapped in at the end, so a failed build
leaves the previous site as it was.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from toolkit.errors import InputError, ToolkitError
from toolkit.fileio import atomic_write
from toolkit.model import Article, Finding, Paragraph, Severity

if TYPE_CHECKING:
    from toolkit.checks import Document, Unit
    from toolkit.corpus import Corpus
    from toolkit.status import ArticleStatus, StatusReport

SCHEMA = "toolkit.site/1"
# A file that marks a folder as a site this command built, so that `--out` never replaces a
# folder holding anything else (a mistyped `--out .` must not wipe the working directory).
MARKER = ".toolkit-site"
TEMPLATES = Path(__file__).parent / "templates"
ASSETS = ("site.css",)


@dataclass(slots=True)
class SiteResult:
    """What a build wrote: the folder, its pages, and the problems it showed."""

    out: Path
    pages: list[str]
    articles: int
    people: int
    problems: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        """The `toolkit.site/1` JSON document (see docs/site.md)."""
        return {"schema": SCHEMA, "out": str(self.out), "index": str(self.out / "index.html"),
                "pages": list(self.pages), "articles": self.articles, "people": self.people,
                "problems": list(self.problems), "seconds": round(self.seconds, 3)}


# -- views: plain data for the templates ------------------------------------------------------

@dataclass(slots=True)
class ParagraphView:
    """A paragraph with the findings placed on it."""

    id: str
    text: str
    line: int
    findings: list[Finding] = field(default_factory=list)

    @property
    def worst(self) -> str | None:
        """The highest severity among its unwaived findings ("waived" when all are waived)."""
        live = [f for f in self.findings if not f.waived]
        if live:
            return max(live, key=lambda f: f.severity.rank).severity.value
        return "waived" if self.findings else None


@dataclass(slots=True)
class UnitView:
    """One aligned unit as the article page shows it."""

    index: int
    kind: str  # match, merged, split, dropped, added, many
    label: str
    confidence: float | None
    stale: bool
    ko: list[ParagraphView]
    en: list[ParagraphView]
    findings: list[Finding] = field(default_factory=list)  # placed on the unit, no paragraph


@dataclass(slots=True)
class PersonView:
    """A person's page: the report's summary plus the articles behind it."""

    name: str
    slug: str
    roles: list[str]
    in_hand: list[dict[str, Any]]
    finished: list[dict[str, Any]]
    summary: Any = None  # toolkit.status.PersonStatus


def unit_kind(n_ko: int, n_en: int) -> tuple[str, str]:
    """(kind, label) of a unit with n_ko Korean and n_en English paragraphs."""
    if n_ko and not n_en:
        return "dropped", "dropped: no English" if n_ko == 1 else f"dropped: {n_ko} paragraphs, no English"
    if n_en and not n_ko:
        return "added", "added in English"
    if n_ko == 1 and n_en == 1:
        return "match", "1:1"
    if n_en == 1:
        return "merged", f"merged: {n_ko} Korean → 1 English"
    if n_ko == 1:
        return "split", f"split: 1 Korean → {n_en} English"
    return "many", f"{n_ko} Korean → {n_en} English"


def person_slug(name: str, taken: set[str]) -> str:
    """A file-name-safe slug for a person (Hangul kept), unique among `taken`."""
    text = unicodedata.normalize("NFKC", name).casefold()
    slug = "-".join("".join(ch if ch.isalnum() else " " for ch in text).split()) or "person"
    candidate, n = slug, 2
    while candidate in taken:
        candidate, n = f"{slug}-{n}", n + 1
    taken.add(candidate)
    return candidate


def _paragraph_views(paragraphs: tuple[Paragraph, ...]) -> list[ParagraphView]:
    return [ParagraphView(p.id, p.text, p.line) for p in paragraphs]


def place_findings(units: list[UnitView], findings: list[Finding]) -> list[Finding]:
    """Attach each finding to its paragraph (or, lacking one, its unit); return the rest.

    A finding whose paragraph no longer exists in any unit (a stale id) falls back to its
    unit index, and then to the article-level list: it is shown, never dropped.
    """
    by_id = {p.id: p for u in units for p in u.ko + u.en}
    by_index = {u.index: u for u in units}
    rest = []
    for finding in findings:
        if finding.paragraph and finding.paragraph in by_id:
            by_id[finding.paragraph].findings.append(finding)
        elif finding.unit is not None and finding.unit in by_index:
            by_index[finding.unit].findings.append(finding)
        else:
            rest.append(finding)
    return rest


def unit_views(units: list["Unit"]) -> list[UnitView]:
    """Views of an article's aligned units."""
    views = []
    for unit in units:
        kind, label = unit_kind(len(unit.ko), len(unit.en))
        views.append(UnitView(unit.index, kind, label, unit.confidence, unit.stale,
                              _paragraph_views(unit.ko), _paragraph_views(unit.en)))
    return views


def severity_counts(findings: list[Finding]) -> dict[str, int]:
    """Unwaived findings by severity, plus the waived ones under "waived"."""
    counts = {s.value: 0 for s in Severity}
    counts["waived"] = 0
    for finding in findings:
        counts["waived" if finding.waived else finding.severity.value] += 1
    return counts


_SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}

def _effort_view(status: "ArticleStatus") -> dict[str, Any] | None:
    from toolkit.site.diff import changed_words, word_diff

    effort = status.effort
    if effort is None:
        return None
    paragraphs = []
    for score in effort.paragraphs:
        ops = word_diff(score.hyp_text, score.ref_text)
        deleted, inserted = changed_words(ops)
        paragraphs.append({"score": score, "ops": ops, "changed": bool(deleted or inserted)
                           or score.hyp_text != score.ref_text, "deleted": deleted,
                           "inserted": inserted})
    return {"score": effort, "paragraphs": paragraphs,
            "changed": sum(1 for p in paragraphs if p["changed"])}


def _in_hand_and_finished(articles: dict[str, Article], statuses: dict[str, "ArticleStatus"],
                          corpus: "Corpus", today: date) -> tuple[dict[str, list], dict[str, list]]:
    """Per person name: the articles they hold (role not yet signed off) and the sign-offs
    they made, with the same rules as the status report's counts."""
    from toolkit.workflow import role_done

    wf = corpus.settings.workflow
    last = wf.stages[-1]
    in_hand: dict[str, list] = {}
    finished: dict[str, list] = {}
    for article_id, article in articles.items():
        status = statuses[article_id]
        for role, assignment in article.assignments.items():
            if not role_done(article, role, wf) and article.stage != last:
                in_hand.setdefault(assignment.name, []).append(
                    {"status": status, "role": role, "due": assignment.due,
                     "overdue": bool(assignment.due and assignment.due < today.isoformat())})
        for entry in article.history:
            if entry.to_stage not in wf.signoff:
                continue
            backwards = (entry.from_stage in wf.stages
                         and wf.index(entry.to_stage) < wf.index(entry.from_stage))
            if not backwards:
                finished.setdefault(entry.by, []).append(
                    {"status": status, "stage": entry.to_stage, "role": wf.signoff[entry.to_stage],
                     "at": entry.at, "forced": entry.forced})
    return in_hand, finished


# -- rendering --------------------------------------------------------------------------------

def _environment():
    import jinja2

    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES)), autoescape=True,
                             undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters["num"] = lambda v, digits=1: "–" if v is None else f"{v:.{digits}f}"
    env.filters["url"] = lambda v: quote(str(v), safe="")
    env.filters["when"] = _when
    return env


def _when(value: str | None) -> str:
    """An ISO timestamp as `2026-10-15 17:40` (the zone is the corpus's, stated in the footer)."""
    if not value:
        return ""
    from toolkit.workflow import parse_timestamp

    moved = parse_timestamp(value)
    return moved.strftime("%Y-%m-%d %H:%M") if moved is not None else value


def _swap_in(tmp: Path, out: Path) -> None:
    """Replace `out` with the finished build in `tmp`, keeping the old site until the end."""
    old = None
    if out.exists():
        old = out.with_name(f".{out.name}.old-{os.getpid()}")
        os.replace(out, old)
    try:
        os.replace(tmp, out)
    except OSError:
        if old is not None:
            os.replace(old, out)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def check_out_dir(out: Path) -> None:
    """Refuse an output folder that exists and is not a site built by this command."""
    if out.exists() and not out.is_dir():
        raise InputError("the output path is a file, not a folder", out)
    if out.is_dir() and any(out.iterdir()) and not (out / MARKER).is_file():
        raise InputError(f"the output folder is not empty and holds no {MARKER} marker, so it "
                         "was not built by `toolkit site`; refusing to replace it (choose "
                         "another --out or empty it)", out)


def build_site(corpus: "Corpus", out: Path, *, today: date | None = None) -> SiteResult:
    """Build the review site for `corpus` into the folder `out` (replacing an earlier build).

    `today` (default: the current date in the corpus's time zone) fixes what is overdue and
    how long articles have been in their stage, so that a build can be reproduced.
    """
    from toolkit import __version__
    from toolkit.site.chart import stage_chart
    from toolkit.status import build_status
    from toolkit.workflow import check_articles, local_now

    started = time.perf_counter()
    out = Path(out)
    check_out_dir(out)
    settings = corpus.settings
    wf = settings.workflow
    now = local_now(settings)
    today = today or now.date()
    loaded: dict[str, Article] = {}
    for article_id in corpus.article_ids():
        try:
            loaded[article_id] = corpus.load(article_id)
        except ToolkitError:
            pass  # the status report lists the article with its problem
    # One checks run serves both the highlights and the status report's counts.
    checked = check_articles(list(loaded.values()), corpus, show_waived=True)
    found = checked.findings
    unwaived = None if found is None else {k: [f for f in v if not f.waived] for k, v in found.items()}
    report: StatusReport = build_status(corpus, today=today, findings=unwaived)
    statuses = {a.id: a for a in report.articles}
    articles = {a.id: loaded[a.id] for a in report.articles if a.id in loaded}

    env = _environment()
    common = {"corpus_name": report.corpus, "today": report.today, "version": __version__,
              "timezone": settings.timezone, "stages": report.stages}
    pages: dict[str, str] = {}
    problems = [f"{a.id}: {p}" for a in report.articles for p in a.problems]

    taken: set[str] = set()
    in_hand, finished = _in_hand_and_finished(articles, statuses, corpus, today)
    names = sorted({p.name for p in report.people} | set(in_hand) | set(finished), key=str.casefold)
    summaries = {p.name: p for p in report.people}
    people = [PersonView(name, person_slug(name, taken),
                         list(summaries[name].roles) if name in summaries else [],
                         in_hand.get(name, []), finished.get(name, []), summaries.get(name))
              for name in names]
    slugs = {p.name: p.slug for p in people}

    documents, run_problems = checked.documents, checked.problems
    problems += run_problems.get("", [])
    all_findings: list[tuple[str, Finding]] = []
    article_template = env.get_template("article.html")
    for status in report.articles:
        article = articles.get(status.id)
        page: dict[str, Any] = {"status": status, "article": article, "slugs": slugs}
        if article is not None:
            for problem in run_problems.get(article.id, []):
                status.problems.append(problem)
                problems.append(f"{article.id}: {problem}")
            units = unit_views(documents[article.id].units)
            findings = None if found is None else found.get(article.id)
            if findings is not None:
                # Sorted for the page: by unit, then worst first.
                findings.sort(key=lambda f: (f.unit if f.unit is not None else -1,
                                             _SEVERITY_ORDER.get(f.severity.value, 3), f.code))
            unplaced = place_findings(units, findings or [])
            all_findings += [(status.id, f) for f in findings or []]
            page.update(units=units, unplaced=unplaced, findings=findings,
                        counts=severity_counts(findings or []), effort=_effort_view(status),
                        stored_alignment=article.alignment is not None)
        pages[f"articles/{status.id}.html"] = article_template.render(root="../", **common, **page)

    person_template = env.get_template("person.html")
    for person in people:
        pages[f"people/{person.slug}.html"] = person_template.render(root="../", person=person, **common)

    by_code: dict[str, dict[str, Any]] = {}
    for article_id, finding in all_findings:
        row = by_code.setdefault(finding.code, {"code": finding.code, "name": finding.name,
                                                "severity": finding.severity.value, "count": 0,
                                                "waived": 0, "articles": set()})
        row["waived" if finding.waived else "count"] += 1
        row["articles"].add(article_id)
    chart = stage_chart(articles.values(), report.stages, today, now.tzinfo)
    efforts = [a for a in report.articles if a.effort is not None]
    pages["index.html"] = env.get_template("index.html").render(
        root="", report=report, slugs=slugs, people=people, chart=chart,
        severity=severity_counts([f for _, f in all_findings]),
        checked=any(a.findings is not None for a in report.articles),
        codes=sorted(by_code.values(), key=lambda r: r["code"]), efforts=efforts,
        overdue=[a for a in report.articles if a.overdue], problems=problems, **common)

    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.build-", dir=out.parent))
    try:
        tmp.chmod(0o755)  # mkdtemp makes it private; a published site must be readable
        for name, html in pages.items():
            atomic_write(tmp / name, html)
        for asset in ASSETS:
            atomic_write(tmp / "assets" / asset, (TEMPLATES / asset).read_bytes())
        atomic_write(tmp / MARKER, f"built by toolkit {__version__}; `toolkit site` replaces "
                                   "this folder on every build\n")
        _swap_in(tmp, out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return SiteResult(out, sorted(pages), len(report.articles), len(people), problems,
                      time.perf_counter() - started)
