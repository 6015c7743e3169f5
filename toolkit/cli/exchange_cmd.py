"""`toolkit export` and `toolkit import`: PO and TMX files for translators' tools."""

from __future__ import annotations

from pathlib import Path

import click

from toolkit.cli.common import corpus_option, emit_json, format_option, info, open_corpus
from toolkit.errors import InputError

IMPORT_SCHEMA = "toolkit.import/1"


@click.command("export")
@click.argument("article_ids", nargs=-1)
@click.option("--format", "fmt", type=click.Choice(["po", "tmx"]), required=True,
              help="po: one file per article; tmx: one file for all the articles named.")
@click.option("--all", "all_articles", is_flag=True, help="Export every article of the corpus.")
@click.option("--out", "out", type=click.Path(path_type=Path), default=None,
              help="A folder (one PO per article, or corpus.tmx) or a file name (one PO "
                   "article, or the TMX). Default: standard output, for one PO or a TMX.")
@corpus_option
def export_cmd(article_ids: tuple[str, ...], fmt: str, all_articles: bool, out: Path | None,
               corpus_dir: Path | None) -> None:
    """Export articles as PO or TMX for translation in Poedit, Weblate, OmegaT or a CAT tool.

    Every file is rendered before any is written, so a refused export writes nothing.
    `toolkit import` brings the edited file back.

    \b
    Examples:
      toolkit export 2026-10-14-hyesan-families --format po --out work/
      toolkit export --all --format po --out po/
      toolkit export --all --format tmx --out desk.tmx
    """
    corpus = open_corpus(corpus_dir)
    if all_articles:
        ids = corpus.article_ids()
    elif article_ids:
        ids = corpus.resolve_ids(list(article_ids))
    else:
        raise InputError("name the articles to export, or use --all")
    if not ids:
        raise InputError("the corpus has no articles to export", corpus.articles_dir)
    articles = list(corpus.articles(ids))
    outputs: list[tuple[Path | None, str, str]] = []  # (path or stdout, text, description)
    if fmt == "po":
        from toolkit.interchange.po import export_po

        rendered = [(a, export_po(a, corpus.settings)) for a in articles]
        if out is None:
            if len(rendered) > 1:
                raise InputError("several PO files: give --out DIR")
            outputs.append((None, rendered[0][1], rendered[0][0].id))
        elif out.suffix == ".po" and not out.is_dir():
            if len(rendered) > 1:
                raise InputError(f"--out {out} is one file but {len(rendered)} articles are "
                                 "exported: give a folder")
            outputs.append((out, rendered[0][1], rendered[0][0].id))
        else:
            outputs += [(out / f"{a.id}.po", text, a.id) for a, text in rendered]
    else:
        from toolkit.interchange.tmx import export_tmx

        text = export_tmx(articles, corpus.settings)
        target = out
        if out is not None and (out.is_dir() or not out.suffix):
            target = out / f"{corpus.settings.name}.tmx"
        outputs.append((target, text, f"{len(articles)} article(s)"))

    from toolkit.fileio import atomic_write

    for path, text, what in outputs:
        if path is None:
            click.echo(text, nl=False)
        else:
            atomic_write(path, text)
            info(f"wrote {path} ({what})")


def _kind(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix in (".po", ".pot"):
        return "po"
    if suffix == ".tmx":
        return "tmx"
    try:
        head = path.read_bytes()[:200].lstrip(b"\xef\xbb\xbf").lstrip()
    except OSError:
        raise InputError("file not found", path) from None
    return "tmx" if head.startswith(b"<") else "po"


@click.command("import")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--dry-run", is_flag=True, help="Report what would change; write nothing.")
@format_option("text", "json")
@corpus_option
def import_cmd(files: tuple[Path, ...], dry_run: bool, fmt: str, corpus_dir: Path | None) -> None:
    """Bring translated PO or TMX files back into their articles.

    Updates the English of the units in the file, and their waivers; leaves everything
    else alone. Every file is checked before any is written: a file whose Korean no
    longer matches the corpus, or whose English was edited in the corpus since the
    export, is refused (exit 2) and nothing changes.

    \b
    Examples:
      toolkit import work/2026-10-14-hyesan-families.po
      toolkit import po/*.po --dry-run
      toolkit import desk.tmx --format json
    """
    from toolkit.interchange.po import plan_po_import
    from toolkit.interchange.tmx import plan_tmx_import

    corpus = open_corpus(corpus_dir)
    reports = []
    for path in files:
        if _kind(path) == "tmx":
            reports += plan_tmx_import(corpus, path)
        else:
            reports.append(plan_po_import(corpus, path))
    targets: dict[str, str] = {}
    for report in reports:
        if report.article in targets:
            raise InputError(f"{targets[report.article]} and {report.path} both import into "
                             f"article {report.article}; import them one at a time")
        targets[report.article] = report.path
    if not dry_run:
        for report in reports:
            report.commit(corpus)
    if fmt == "json":
        emit_json({"schema": IMPORT_SCHEMA, "dry_run": dry_run,
                   "files": [report.to_dict() for report in reports]})
    verb = "would change" if dry_run else "changed"
    for report in reports:
        if not report.has_changes:
            info(f"{report.path}: {report.article}: no change ({report.units} units)")
            continue
        parts = [f"{len(report.changed)} unit(s)"]
        if report.added:
            parts.append(f"new paragraph(s) {', '.join(report.added)}")
        if report.removed:
            parts.append(f"removed {', '.join(report.removed)}")
        if report.waivers_added or report.waivers_removed:
            parts.append(f"waivers +{len(report.waivers_added)}/-{len(report.waivers_removed)}")
        info(f"{report.path}: {report.article}: {verb} {'; '.join(parts)}: "
             f"{', '.join(c.key for c in report.changed) or 'waivers only'}")
        if report.kept_empty:
            info(f"{report.path}: {report.article}: empty translation ignored (English kept) "
                 f"for {', '.join(report.kept_empty)}")
        if report.fuzzy:
            info(f"{report.path}: {report.article}: {report.fuzzy} unit(s) still marked fuzzy")
