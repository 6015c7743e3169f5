"""Workflow commands: assign, advance, credits, score, status."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import click

from toolkit.cli.common import corpus_option, emit_json, env_now, format_option, info, open_corpus, warn
from toolkit.corpus import Corpus
from toolkit.errors import InputError
from toolkit.model import Article

# For reproducible scripts and tests: the time every command takes as "now".
def _load(corpus_dir: Path | None, article_id: str) -> tuple[Corpus, Article]:
    start = Path(article_id) if Path(article_id).is_dir() else None
    corpus = open_corpus(corpus_dir, start=start)
    ids = corpus.resolve_ids([article_id])
    if len(ids) != 1:
        raise InputError(f"{article_id} names {len(ids)} articles; give one article id")
    return corpus, corpus.load(ids[0])


@click.command("assign")
@click.argument("article_id", metavar="ID")
@click.option("--translator", help="Assign this person as translator.")
@click.option("--editor", help="Assign this person as editor.")
@click.option("--role", "role_pair", metavar="ROLE=NAME",
              help="Assign a person to another role the settings name (e.g. proofreader=NAME).")
@click.option("--due", metavar="DATE", help="Due date, YYYY-MM-DD.")
@corpus_option
def assign_cmd(article_id: str, translator: str | None, editor: str | None, role_pair: str | None,
               due: str | None, corpus_dir: Path | None) -> None:
    """Assign a translator, an editor (or another role) to an article.

    Give exactly one of --translator, --editor or --role. A new assignment replaces the
    earlier one for that role; credits already earned stay.

    \b
    Examples:
      toolkit assign defectors-0412 --translator "Jiyoon Han" --due 2026-11-28
      toolkit assign defectors-0412 --editor "Paul Whitmore"
      toolkit assign defectors-0412 --role proofreader="Ha-eun Park"
    """
    from toolkit.workflow import assign

    chosen = [(r, n) for r, n in (("translator", translator), ("editor", editor)) if n is not None]
    if role_pair is not None:
        role, sep, name = role_pair.partition("=")
        if not sep or not role.strip():
            raise InputError(f"--role takes ROLE=NAME, not {role_pair!r}")
        chosen.append((role.strip(), name))
    if len(chosen) != 1:
        raise InputError("give exactly one of --translator, --editor or --role ROLE=NAME")
    role, name = chosen[0]
    corpus, article = _load(corpus_dir, article_id)
    updated = assign(article, role, name, due=due, now=env_now(), settings=corpus.settings)
    corpus.save(updated)
    a = updated.assignments[role]
    info(f"{article.id}: {role} {a.name}" + (f", due {a.due}" if a.due else ""))


@click.command("advance")
@click.argument("article_id", metavar="ID")
@click.argument("stage")
@click.option("--by", "by", required=True, metavar="NAME", help="Who makes the move (signs off).")
@click.option("--note", metavar="TEXT", help="Why (required to move back, and with --force).")
@click.option("--force", is_flag=True,
              help="Sign off for the assigned person (needs --note; recorded as forced).")
@corpus_option
def advance_cmd(article_id: str, stage: str, by: str, note: str | None, force: bool,
                corpus_dir: Path | None) -> None:
    """Move an article to STAGE: one step forward, or back with a note.

    A sign-off stage (translated, edited by default) must be signed by the person assigned
    to its role, and keeps a snapshot of the English as signed. Publishing needs the
    English, a fresh alignment and no error-level findings. A refused move exits 2 and
    changes no file.

    \b
    Examples:
      toolkit advance defectors-0412 translating --by "Jiyoon Han"
      toolkit advance defectors-0412 translated --by "Jiyoon Han"
      toolkit advance defectors-0412 translating --by "Paul Whitmore" --note "returned: para 3 missing"
    """
    from toolkit.workflow import advance, gate_report, save_move

    corpus, article = _load(corpus_dir, article_id)
    wf = corpus.settings.workflow
    notices: list[str] = []

    def gate(art: Article, target: str) -> list[str]:
        blockers, found = gate_report(art, target, corpus, wf)
        notices.extend(found)
        return blockers

    result = advance(article, stage, by=by, settings=corpus.settings, note=note, force=force,
                     now=env_now(), check_gate=gate)
    for notice in notices:
        warn(f"{article.id}: {notice}")
    save_move(corpus, result)
    entry = result.entry
    info(f"{article.id}: {entry.from_stage} → {entry.to_stage} by {entry.by}"
         + (" (forced)" if entry.forced else "")
         + (f"; snapshot {entry.snapshot}" if entry.snapshot else ""))


@click.command("credits")
@click.argument("article_id", metavar="ID")
@format_option("text", "json")
@corpus_option
def credits_cmd(article_id: str, fmt: str, corpus_dir: Path | None) -> None:
    """Print an article's credit lines as the site prints them.

    JSON (`toolkit.credits/1`): {"schema", "id", "lines": [...], "credits": [{"role",
    "name", "date"}]}.

    \b
    Examples:
      toolkit credits defectors-0412
      toolkit credits defectors-0412 --format json
    """
    from toolkit.workflow import credit_lines

    corpus, article = _load(corpus_dir, article_id)
    lines = credit_lines(article, corpus.settings)
    if fmt == "json":
        emit_json({"schema": "toolkit.credits/1", "id": article.id, "lines": lines,
                   "credits": [{"role": c.role, "name": c.name, "date": c.date}
                               for c in article.credits]})
        return
    if not lines:
        info(f"{article.id}: no credits yet (credits are earned at sign-off)")
    for line in lines:
        click.echo(line)


def _read_paragraphs(path: Path) -> list[str]:
    from toolkit.fileio import read_text
    from toolkit.model import split_paragraphs

    return [p for p, _ in split_paragraphs(read_text(path))]


def _read_po_pair(hyp: Path, ref: Path) -> tuple[list[str], list[str]]:
    """msgstr of hyp and ref entries matched by (msgctxt, msgid), in the reference's order."""
    import polib

    from toolkit.fileio import read_text

    def entries(path: Path) -> dict[tuple[str | None, str], str]:
        try:
            po = polib.pofile(read_text(path))
        except (OSError, ValueError) as exc:
            raise InputError(f"cannot be read as a PO file: {exc}", path) from None
        return {(e.msgctxt, e.msgid): e.msgstr for e in po if e.msgid and not e.obsolete}

    hyp_entries, ref_entries = entries(hyp), entries(ref)
    keys = list(ref_entries) + [k for k in hyp_entries if k not in ref_entries]
    return [hyp_entries.get(k, "") for k in keys], [ref_entries.get(k, "") for k in keys]


def _score_text(score, title: str) -> str:
    lines = [title, f"{'#':>3} {'HYP':<7} {'REF':<7} {'CHRF':>6} {'TER':>6} {'BLEU':>6}"]
    for n, p in enumerate(score.paragraphs, 1):
        def span(indices: tuple[int, ...]) -> str:
            return ",".join(str(i + 1) for i in indices) or "-"
        lines.append(f"{n:>3} {span(p.hyp):<7} {span(p.ref):<7} {p.chrf:>6.1f} {p.ter:>6.1f} "
                     f"{p.bleu:>6.1f}")
    lines.append(f"article: chrF2 = {score.chrf:.2f}  TER = {score.ter:.2f}  BLEU = {score.bleu:.2f}"
                 f"  (paragraphs paired by {score.pairing})")
    lines += [f"{name}: {sig}" for name, sig in score.signatures.items()]
    lines += [f"sentence {name}: {sig}" for name, sig in score.sentence_signatures.items()]
    return "\n".join(lines)


@click.command("score")
@click.argument("article_id", metavar="[ID]", required=False)
@click.option("--hyp", type=click.Path(dir_okay=False, path_type=Path),
              help="Hypothesis file (e.g. the translator's text): paragraphs or a PO file.")
@click.option("--ref", type=click.Path(dir_okay=False, path_type=Path),
              help="Reference file (e.g. the edited text): paragraphs or a PO file.")
@format_option("text", "json")
@corpus_option
def score_cmd(article_id: str | None, hyp: Path | None, ref: Path | None, fmt: str,
              corpus_dir: Path | None) -> None:
    """Editing effort (chrF, TER, BLEU) per paragraph and per article, with signatures.

    With ID: the translator's signed text against the editor's signed text (or the current
    English while editing is in progress). With --hyp and --ref: any two texts, one
    paragraph per blank-line block, or two PO files (msgstr matched by msgctxt + msgid).

    \b
    Examples:
      toolkit score defectors-0412
      toolkit score --hyp draft.txt --ref edited.txt --format json
      toolkit score --hyp translator.po --ref edited.po
    """
    from toolkit.metrics import editing_effort, score_texts

    if article_id is not None and (hyp or ref):
        raise InputError("give an article ID or --hyp and --ref, not both")
    if article_id is None:
        if hyp is None or ref is None:
            raise InputError("give an article ID, or both --hyp FILE and --ref FILE")
        if hyp.suffix == ".po" and ref.suffix == ".po":
            hyp_paras, ref_paras = _read_po_pair(hyp, ref)
        else:
            hyp_paras, ref_paras = _read_paragraphs(hyp), _read_paragraphs(ref)
        score = score_texts(hyp_paras, ref_paras, hyp_label=str(hyp), ref_label=str(ref))
        subject = {"hyp": str(hyp), "ref": str(ref)}
        title = f"{hyp} → {ref}"
    else:
        corpus, article = _load(corpus_dir, article_id)
        score = editing_effort(article, corpus.settings.workflow)
        if score is None:
            raise InputError(f"{article.id} has no editing effort yet: it needs the translator's "
                             f"sign-off and a later stage (it is at {article.stage!r})")
        subject = {"id": article.id}
        title = f"{article.id}: {score.hyp_label} → {score.ref_label}" + (
            "" if score.final else " (editing in progress)")
    if fmt == "json":
        emit_json({"schema": "toolkit.score/1", **subject, **score.to_dict()})
    else:
        click.echo(_score_text(score, title))


@click.command("status")
@click.argument("path", required=False, type=click.Path(exists=True, path_type=Path))
@format_option("table", "markdown", "json")
@click.option("--stage", metavar="STAGE", help="Only articles at this stage.")
@click.option("--person", metavar="NAME", help="Only articles this person is assigned or credited.")
@click.option("--since", metavar="DATE", help="Count finished work from this date (YYYY-MM-DD).")
@click.option("--no-checks", is_flag=True, help="Skip the quality checks (faster; no findings).")
@click.option("--today", metavar="DATE", hidden=True, help="Report as of this date (tests).")
@corpus_option
def status_cmd(path: Path | None, fmt: str, stage: str | None, person: str | None,
               since: str | None, no_checks: bool, today: str | None,
               corpus_dir: Path | None) -> None:
    """The editors' status report: what is where, who has what, what is late.

    Per article: stage, translator, editor, days in stage, due date (! overdue), aligned
    paragraphs, errors/warnings, editing effort (chrF/TER). Per person: articles in hand
    by stage, finished in the period, median effort. PATH may be the corpus or one article
    folder. JSON follows the `toolkit.status/1` schema in docs/workflow.md.

    \b
    Examples:
      toolkit status
      toolkit status --person "Jiyoon Han" --since 2026-11-01
      toolkit status --stage editing --format markdown
      toolkit status --no-checks
      toolkit status corpora/articles/defectors-0412 --format json
    """
    from toolkit.corpus import META_NAME
    from toolkit.status import build_status, render_markdown, render_table
    from toolkit.workflow import local_now, parse_date

    corpus = open_corpus(corpus_dir, start=path)
    ids = None
    if path is not None and path.is_dir() and (path / META_NAME).is_file():
        ids = corpus.resolve_ids([str(path)])
    since_day = parse_date(since, "--since") if since else None
    if today:
        today_day = parse_date(today, "--today")
    else:
        today_day = local_now(corpus.settings, env_now()).date() if env_now() else None
    report = build_status(corpus, stage=stage, person=person, since=since_day, today=today_day,
                          ids=ids, checks=not no_checks)
    if fmt == "json":
        emit_json(report.to_dict())
    elif fmt == "markdown":
        click.echo(render_markdown(report), nl=False)
    else:
        click.echo(render_table(report), nl=False)
