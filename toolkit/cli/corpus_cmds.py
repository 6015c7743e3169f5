"""Corpus commands: init, add, list, show."""

from __future__ import annotations

import os
import shutil
import tempfile
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import click

from toolkit.cli.common import corpus_option, emit_json, format_option, info, open_corpus
from toolkit.config import CONFIG_NAME, default_settings_text
from toolkit.corpus import Corpus, article_to_yaml, validate_id
from toolkit.errors import InputError, ToolkitError, WorkflowError
from toolkit.fileio import atomic_write, read_text
from toolkit.model import Article, Credit, HistoryEntry, Paragraph, join_paragraphs

LIST_SCHEMA = "toolkit.list/1"
SHOW_SCHEMA = "toolkit.show/1"
EMPTY_GLOSSARY = "# House spellings: see docs/glossary.md for the format.\nterms: []\n"


@click.command("init")
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@click.option("--name", default=None, help="The corpus name (default: the folder name).")
def init_cmd(directory: Path, name: str | None) -> None:
    """Create a new corpus in DIRECTORY with default settings and an empty glossary.

    Refuses a folder that already holds a corpus.

    \b
    Examples:
      toolkit init newsroom-corpus
      toolkit init . --name "NK desk 2026"
    """
    if (directory / CONFIG_NAME).exists():
        raise ToolkitError("already holds a corpus", directory / CONFIG_NAME)
    if directory.exists() and not directory.is_dir():
        raise ToolkitError("exists and is not a folder", directory)
    directory.mkdir(parents=True, exist_ok=True)
    corpus_name = name or directory.resolve().name
    glossary = directory / "glossary.yaml"
    if not glossary.exists():
        atomic_write(glossary, EMPTY_GLOSSARY)
    (directory / "articles").mkdir(exist_ok=True)
    atomic_write(directory / CONFIG_NAME, default_settings_text(corpus_name))
    info(f"created corpus {corpus_name!r} in {directory}")


def _read_copy(path: Path, timezone: str):
    from toolkit.ingest import parse_copy

    text = read_text(path)
    parsed = parse_copy(text, timezone=timezone)
    if not parsed.paragraphs:
        raise InputError("has no body paragraphs after removing title, byline, credits and footer",
                         path)
    return parsed


@click.command("add")
@click.argument("article_id")
@click.option("--ko", "ko_file", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="The Korean original: a clean body or a raw page capture.")
@click.option("--en", "en_file", type=click.Path(dir_okay=False, path_type=Path),
              help="The English translation, if there is one.")
@click.option("--title-ko", help="Korean title (default: recognised from the capture).")
@click.option("--title-en", help="English title (default: recognised from the capture).")
@click.option("--author", help="Byline of the Korean original (default: recognised).")
@click.option("--published", help="Publication time, ISO 8601 (default: from the byline).")
@click.option("--source", help="Link to the Korean original.")
@click.option("--stage", help="Starting stage (default: new, or the last stage the credits sign off).")
@click.option("--by", "added_by", default="desk", show_default=True, help="Who adds the article.")
@corpus_option
@format_option("text", "json")
def add_cmd(article_id: str, ko_file: Path, en_file: Path | None, title_ko: str | None,
            title_en: str | None, author: str | None, published: str | None, source: str | None,
            stage: str | None, added_by: str, corpus_dir: Path | None, fmt: str) -> None:
    """Register an article from its Korean original and (optionally) its English translation.

    Input may be raw copy as a web page gives it: a title line, a byline such as
    `Kang Mi Jin | 2026-10-14 16:07` or `김지은 기자 | 2026-11-03 15:20`, a "Read in Korean"
    link, subheadings, credit lines (`*Translated by …`, `*Edited by …`) and a site footer.
    The byline and credits become metadata, boilerplate stays out of the body, and what was
    recognised is listed on stderr (or in the JSON).

    \b
    Examples:
      toolkit add 2026-11-03-hoeryong-purge --ko raw-ko.txt --en raw-en.txt
      toolkit add 2026-11-04-rice-prices --ko body.ko.txt --title-en "Rice prices climb"
    """
    corpus = open_corpus(corpus_dir)
    validate_id(article_id)
    if corpus.has(article_id):
        raise ToolkitError(f"article {article_id!r} exists already", corpus.article_dir(article_id))
    tz = corpus.settings.timezone
    ko = _read_copy(ko_file, tz)
    en = _read_copy(en_file, tz) if en_file else None
    workflow = corpus.settings.workflow
    credits_found = en.credits if en else []
    if stage is None:
        stage = workflow.stages[0]
        for candidate, role in workflow.signoff.items():
            if en and any(r == role for r, _ in credits_found) and \
                    workflow.index(candidate) > workflow.index(stage):
                stage = candidate
    if stage not in workflow.stages:
        raise WorkflowError(f"unknown stage {stage!r} (stages: {', '.join(workflow.stages)})")
    if en is None and any(workflow.at_or_after(stage, s) for s in workflow.require_english):
        raise WorkflowError(f"stage {stage!r} needs an English text (--en)")

    from toolkit.cli.common import env_now
    from toolkit.workflow import local_now

    now = local_now(corpus.settings, env_now()).replace(microsecond=0).isoformat()
    article = Article(
        id=article_id, path=corpus.article_dir(article_id),
        title_ko=title_ko or ko.title or "", title_en=title_en or (en.title if en else None) or "",
        author=author or ko.author or (en.author if en else None) or "",
        published=published or ko.published or (en.published if en else None),
        source=source or ko.source or (en.source if en else None), stage=stage,
        ko=[Paragraph(f"k{i + 1}", text, 0) for i, text in enumerate(ko.paragraphs)],
        en=[Paragraph(f"e{i + 1}", text, 0) for i, text in enumerate(en.paragraphs)] if en else None,
        credits=[Credit(role, name, None) for role, name in credits_found],
        history=[HistoryEntry(None, stage, added_by, now,
                              f"added from {ko_file.name}" + (f" and {en_file.name}" if en_file else ""))],
    )
    _create_article_folder(corpus, article, ko.paragraphs, en.paragraphs if en else None)
    notes = {"ko": ko.recognised, "en": en.recognised if en else []}
    if fmt == "json":
        emit_json({"schema": "toolkit.add/1", "id": article_id, "stage": stage,
                   "paragraphs": {"ko": len(ko.paragraphs), "en": len(en.paragraphs) if en else None},
                   "recognised": notes})
    else:
        for side, items in notes.items():
            for item in items:
                info(f"{side}: {item}")
        info(f"added {article_id} at stage {stage}: {len(ko.paragraphs)} Korean"
             + (f", {len(en.paragraphs)} English" if en else "") + " paragraphs")


def _create_article_folder(corpus: Corpus, article: Article, ko: list[str], en: list[str] | None) -> None:
    """Build the article folder beside its final place and rename it in one step, so a
    failure never leaves a half-written article behind."""
    corpus.articles_dir.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{article.id}.", dir=corpus.articles_dir))
    try:
        (staging / "ko.txt").write_text(join_paragraphs(ko), encoding="utf-8")
        if en is not None:
            (staging / "en.txt").write_text(join_paragraphs(en), encoding="utf-8")
        (staging / "article.yaml").write_text(article_to_yaml(article), encoding="utf-8")
        os.chmod(staging, 0o755)
        os.rename(staging, corpus.article_dir(article.id))
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def article_summary(article: Article) -> dict:
    """The per-article record of `toolkit list --format json` (schema toolkit.list/1)."""
    from toolkit.align import alignment_state

    state = alignment_state(article)
    translator = article.credit("translator") or article.assignments.get("translator")
    editor = article.credit("editor") or article.assignments.get("editor")
    return {
        "id": article.id,
        "title": {"ko": article.title_ko, "en": article.title_en},
        "author": article.author,
        "published": article.published,
        "stage": article.stage,
        "translator": translator.name if translator else None,
        "editor": editor.name if editor else None,
        "credits": [{"role": c.role, "name": c.name, "date": c.date} for c in article.credits],
        "paragraphs": {"ko": len(article.ko), "en": len(article.en) if article.en is not None else None},
        "alignment": {"present": state.present, "stale": state.is_stale, "aligned": state.aligned,
                      "total": state.total},
    }


@click.command("list")
@click.argument("path", required=False, type=click.Path(exists=True, path_type=Path))
@corpus_option
@format_option("table", "json")
def list_cmd(path: Path | None, corpus_dir: Path | None, fmt: str) -> None:
    """List the corpus's articles: id, title, stage, translator, editor, paragraphs.

    PATH is the corpus (or any folder inside it); by default the corpus is found from the
    current folder upwards. The alignment column says `stale` when a text changed after
    it was aligned, `-` when it was never aligned.

    \b
    Examples:
      toolkit list
      toolkit list corpora --format json
    """
    corpus = open_corpus(corpus_dir, start=path)
    records = [article_summary(a) for a in corpus.articles()]
    if fmt == "json":
        emit_json({"schema": LIST_SCHEMA, "corpus": corpus.settings.name, "articles": records})
        return
    from toolkit.display import table

    rows = []
    for r in records:
        align = r["alignment"]
        align_text = "-" if not align["present"] else ("stale" if align["stale"] else
                                                       f"{align['aligned']}/{align['total']}")
        rows.append([r["id"], r["title"]["en"] or r["title"]["ko"], r["stage"], r["translator"] or "-",
                     r["editor"] or "-", str(r["paragraphs"]["ko"]),
                     "-" if r["paragraphs"]["en"] is None else str(r["paragraphs"]["en"]), align_text])
    click.echo(table(["id", "title", "stage", "translator", "editor", "ko", "en", "aligned"], rows,
                     {0: 34, 1: 30, 3: 14, 4: 14}))
    info(f"{len(records)} article(s) in {corpus.root}")


@click.command("show")
@click.argument("article_id")
@corpus_option
@click.option("--width", type=int, default=None, help="Columns to use (default: the terminal's).")
@format_option("text", "json")
def show_cmd(article_id: str, corpus_dir: Path | None, width: int | None, fmt: str) -> None:
    """Show an article with Korean and English side by side, unit by aligned unit.

    Uses the stored alignment when there is one (stale links are marked), else aligns on
    the fly. Merged and split paragraphs share a row; dropped and added ones show `—`
    on the empty side.

    \b
    Examples:
      toolkit show 2026-10-14-hyesan-defector-families
      toolkit show 2026-10-14-hyesan-defector-families --format json | jq '.units[0]'
    """
    corpus = open_corpus(corpus_dir)
    article = corpus.load(corpus.resolve_ids([article_id])[0])
    from toolkit.align import article_units

    units = article_units(article, corpus.term_matcher())
    if fmt == "json":
        emit_json({
            "schema": SHOW_SCHEMA, "id": article.id, "stage": article.stage,
            "title": {"ko": article.title_ko, "en": article.title_en},
            "credits": [{"role": c.role, "name": c.name, "date": c.date} for c in article.credits],
            "units": [{"index": u.index, "ko": [{"id": p.id, "text": p.text} for p in u.ko],
                       "en": [{"id": p.id, "text": p.text} for p in u.en],
                       "confidence": u.confidence, "stale": u.stale} for u in units],
        })
        return
    from toolkit.display import side_by_side

    columns = width or shutil.get_terminal_size((100, 24)).columns
    click.echo(f"{article.id}  [{article.stage}]")
    click.echo("\n".join(side_by_side(article.title_ko, article.title_en, columns)))
    byline = ", ".join(x for x in (article.author, article.published or "") if x)
    if byline:
        click.echo(byline)
    click.echo("=" * columns)
    for unit in units:
        ids = ",".join(p.id for p in unit.ko) or "—"
        en_ids = ",".join(p.id for p in unit.en) or "—"
        conf = "" if unit.confidence is None else f" {unit.confidence:.2f}"
        mark = " STALE" if unit.stale else (" omitted in English" if not unit.en else
                                            (" added in English" if not unit.ko else ""))
        click.echo(f"[{ids} = {en_ids}]{conf}{mark}")
        click.echo("\n".join(side_by_side(unit.ko_text or "—", unit.en_text or "—", columns)))
        click.echo("")
    for credit in article.credits:
        click.echo(f"{credit.role}: {credit.name}" + (f" ({credit.date})" if credit.date else ""))
