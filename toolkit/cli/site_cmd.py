"""The `site` command: build the editors' static review site."""

from __future__ import annotations

from pathlib import Path

import click

from toolkit.cli.common import corpus_option, emit_json, format_option, info, open_corpus, warn


@click.command("site")
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path),
              default=Path("site"), show_default=True,
              help="Folder to build the site into; an earlier build there is replaced.")
@click.option("--today", metavar="DATE",
              help="Build as of this date, YYYY-MM-DD (default: today in the corpus's time zone).")
@format_option("text", "json")
@corpus_option
def site_cmd(out_dir: Path, today: str | None, fmt: str, corpus_dir: Path | None) -> None:
    """Build the review site: a dashboard, one page per article and per person.

    The site is one folder of static HTML that works from disk, offline and without
    JavaScript (sorting and filtering the article table need it). Articles that are stale,
    fail their checks or cannot be loaded are shown with their problem. The folder is built
    aside and swapped in at the end; a folder that `toolkit site` did not build is never
    replaced. Prints the path of index.html (or, with --format json, the list of pages).

    \b
    Examples:
      toolkit site
      toolkit site --out public --corpus corpora
      toolkit site --today 2026-11-20 --format json
      xdg-open "$(toolkit site --out /tmp/review)"
    """
    from toolkit.site import build_site
    from toolkit.workflow import parse_date

    day = parse_date(today, "--today") if today else None
    corpus = open_corpus(corpus_dir)
    result = build_site(corpus, out_dir, today=day)
    for problem in result.problems:
        warn(problem)
    if fmt == "json":
        emit_json(result.to_dict())
    else:
        click.echo(str(result.out / "index.html"))
    info(f"built {len(result.pages)} pages ({result.articles} articles, {result.people} people) "
         f"in {result.out} in {result.seconds:.2f} s")
