"""`toolkit verify`: the one command CI and pre-commit run on a corpus."""

from __future__ import annotations

from pathlib import Path

import click

from toolkit.cli.common import info, render_report, report_options, split_codes


@click.command("verify")
@click.argument("paths", nargs=-1, metavar="[PATH|ID]...")
@click.option("--corpus", "corpus_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Corpus root (default: the nearest toolkit.yaml at or above the first path or "
                   "the current folder).")
@click.option("--changed-since", "ref", metavar="REF",
              help="Verify only the articles whose files differ from this git ref (a branch, tag "
                   "or commit), plus untracked ones; every article when toolkit.yaml or the "
                   "glossary changed.")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None,
              help="Worker processes (default: the number of cores).")
@click.option("--no-cache", is_flag=True,
              help="Neither read nor write the cache in <corpus>/.toolkit-cache/.")
@report_options
@click.pass_context
def verify_cmd(ctx: click.Context, paths: tuple[str, ...], corpus_dir: Path | None,
               ref: str | None, jobs: int | None, no_cache: bool, select: tuple[str, ...],
               ignore: tuple[str, ...], fail_on: str | None, exit_zero: bool,
               show_waived: bool, fmt: str, output: Path | None) -> None:
    """Verify a corpus for CI: files parse, workflow rules hold, checks pass.

    For each article: its files parse (a file that does not is an E000 finding for that
    article), its stage, credits and history agree (W checks), its alignment is present
    and fresh where the stage requires it (A004, A006), and the quality checks find
    nothing at or above --fail-on. The findings are those `toolkit check` reports on the
    whole corpus; corpus-wide checks always look at every article. PATHs (files or
    folders, as pre-commit passes them) or ids narrow the articles reported.

    Unchanged articles are served from a cache in <corpus>/.toolkit-cache/ (safe to
    delete). Exit code 0: nothing at or above --fail-on; 1: something is; 2: bad input.

    \b
    Examples:
      toolkit verify corpora/                         # every article
      toolkit verify --changed-since origin/main --format github
      toolkit verify --format sarif -o verify.sarif --exit-zero
      toolkit verify --format junit -o verify.xml -j 4
      toolkit verify corpora/articles/2026-10-14-market-rice-exchange-rates/en.txt
    """
    from toolkit.corpus import Corpus
    from toolkit.verify import articles_for_paths, verify

    targets = [Path(p) for p in paths]
    if corpus_dir is not None:
        corpus = Corpus.find(explicit=corpus_dir)
    else:
        start = next((p.resolve() for p in targets if p.exists()), None)
        corpus = Corpus.find(start=start)
    ids = None
    if paths:
        ids, reason = articles_for_paths(corpus, list(paths))
        if reason:
            info(f"verify: every article ({reason})")
    run = verify(corpus, ids=ids, ref=ref, jobs=jobs, use_cache=not no_cache,
                 select=split_codes(select), ignore=split_codes(ignore),
                 show_waived=show_waived, fail_on=fail_on)
    stats = run.stats
    if stats.changed is not None:
        info(f"verify: {len(stats.changed)} of {stats.articles} articles changed since {ref}"
             + (f" (every article: {stats.reason})" if stats.reason else ""))
    # How the corpus-wide statistics were had: cached, moved (only places changed) or full.
    how = f", corpus statistics {stats.reduce}" if stats.reduce else ""
    info(f"verify: {stats.reported} articles: {stats.checked} checked, {stats.cached} from the "
         f"cache, {stats.summarised} summarised (cache {stats.cache}{how}); {stats.seconds:.2f} s")
    render_report(ctx, run.result, fmt, output, exit_zero)
