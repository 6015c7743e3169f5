"""The quality-check commands: `check`, `checks` (the list) and `explain CODE`."""

from __future__ import annotations

import os
from pathlib import Path

import click

from toolkit.cli.common import (REPORT_FORMATS, emit_json, format_option, render_report,
                                 report_options, split_codes, warn)
from toolkit.errors import CorpusNotFound, InputError

CHECKS_SCHEMA = "toolkit.checks/1"
OUTPUT_FORMATS = REPORT_FORMATS





def _find_corpus(corpus_dir: Path | None, targets: tuple[str, ...], ko: Path | None):
    """The corpus named by --corpus, else the one around the first path or the cwd; None
    outside a corpus (a PO file or two loose files can be checked anywhere)."""
    from toolkit.corpus import Corpus

    if corpus_dir is not None:
        return Corpus.find(explicit=corpus_dir)
    start = None
    for candidate in ([str(ko)] if ko else []) + list(targets):
        if Path(candidate).exists():
            start = Path(candidate).resolve()
            break
    try:
        return Corpus.find(start=start)
    except CorpusNotFound:
        if start is None and targets and not ko:
            raise  # an article id needs a corpus
        return None


def _glossary(corpus, glossary_file: Path | None):
    """The corpus glossary, with the entries of --glossary added (replacing the same Korean)."""
    from toolkit.terms import Glossary, corpus_glossary, load_glossary

    base = None
    if corpus is not None and corpus.glossary_path is not None and Path(corpus.glossary_path).exists():
        base = corpus_glossary(corpus)
    if glossary_file is None:
        return base
    extra = load_glossary(glossary_file)
    if base is None:
        return extra
    replaced = {term.ko for term in extra}
    return Glossary([t for t in base if t.ko not in replaced] + list(extra), Path(glossary_file))


@click.command("check")
@click.argument("targets", nargs=-1, metavar="[ID|PATH]...")
@click.option("--corpus", "corpus_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Corpus root (default: the nearest toolkit.yaml at or above the first path or "
                   "the current folder).")
@click.option("--ko", "ko_file", type=click.Path(dir_okay=False, path_type=Path),
              help="A Korean text file to check with --en (paragraphs separated by blank lines).")
@click.option("--en", "en_file", type=click.Path(dir_okay=False, path_type=Path),
              help="Its English translation (aligned to the Korean on the fly).")
@click.option("--glossary", "glossary_file", type=click.Path(dir_okay=False, path_type=Path),
              help="A glossary (YAML, CSV ko,en,forbidden,note, TSV or TBX) added to the corpus "
                   "glossary; its entries replace corpus entries for the same Korean term.")
@report_options
@click.option("--swap", is_flag=True, help="PO files have English msgid and Korean msgstr.")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None,
              help="Worker processes for a large run (default: the number of cores); the "
                   "findings are the same for any number.")
@click.pass_context
def check_cmd(ctx: click.Context, targets: tuple[str, ...], corpus_dir: Path | None,
              ko_file: Path | None, en_file: Path | None, glossary_file: Path | None,
              select: tuple[str, ...], ignore: tuple[str, ...], fail_on: str | None,
              exit_zero: bool, show_waived: bool, fmt: str, output: Path | None, swap: bool,
              jobs: int | None) -> None:
    """Check translations for errors: numbers, dates, terms, Hangul, quotes, omissions.

    Checks the whole corpus, the named articles (ids or folders), folders (searched for
    articles and PO files), PO files (msgid Korean, msgstr English), or two loose text
    files given with --ko and --en. Findings go to stdout, a summary to stderr. Exit code
    0: nothing at or above --fail-on; 1: something is; 2: bad input or usage.

    \b
    Examples:
      toolkit check                                  # the whole corpus
      toolkit check 2016-11-16-defectors             # one article
      toolkit check --ko story.ko.txt --en story.en.txt
      toolkit check translations/ko.po --glossary terms.csv
      toolkit check --select N,D --ignore N003 --fail-on warning
      toolkit check --format sarif -o checks.sarif --exit-zero
      toolkit check --format github                  # annotations in GitHub Actions
      toolkit check --swap -j 2 po/                  # English-source PO files, 2 processes
    """
    from toolkit.checks.runner import documents_for, po_paths, run_checks, run_po_checks
    from toolkit.config import CheckSettings

    if (ko_file is None) != (en_file is None):
        raise InputError("--ko and --en go together: give the Korean and the English file")
    corpus = _find_corpus(corpus_dir, targets, ko_file)
    glossary = _glossary(corpus, glossary_file)
    matcher = None
    if glossary is not None and len(glossary):
        from toolkit.terms import TermMatcher

        matcher = TermMatcher(glossary)
    settings = corpus.settings.checks if corpus is not None else CheckSettings()
    options = dict(settings=settings, glossary=glossary, select=split_codes(select),
                   ignore=split_codes(ignore), show_waived=show_waived, fail_on=fail_on,
                   workflow=corpus.settings.workflow if corpus is not None else None,
                   root=corpus.root if corpus is not None else None,
                   jobs=jobs or os.cpu_count() or 1, matcher=matcher)
    # PO files only: the worker processes read them, this process never parses them.
    paths = po_paths(list(targets)) if targets and ko_file is None else None
    if paths is not None:
        result = run_po_checks(paths, swap=swap, **options)
    else:
        result = run_checks(documents_for(list(targets), corpus=corpus, ko=ko_file, en=en_file,
                                          swap=swap, matcher=matcher), **options)
    render_report(ctx, result, fmt, output, exit_zero)


@click.command("checks")
@format_option("table", "json")
def checks_cmd(fmt: str) -> None:
    """List the quality checks: code, name, default severity and summary.

    \b
    Examples:
      toolkit checks
      toolkit checks --format json | jq '.checks[] | select(.severity == "error") | .code'
    """
    from toolkit.checks import load_checks

    registry = load_checks()
    if fmt == "json":
        emit_json({"schema": CHECKS_SCHEMA, "checks": [
            {"code": code, "name": spec.name, "severity": spec.severity.value,
             "scope": spec.scope.value, "summary": spec.summary, "requires": list(spec.requires),
             "help": f"docs/checks.md#{code.lower()}"}
            for code, spec in registry.items()]})
        return
    width = max(len(spec.name) for spec in registry.values())
    for code, spec in registry.items():
        click.echo(f"{code}  {spec.name:<{width}}  {spec.severity.value:<7}  {spec.summary}")


def _doc_section(code: str) -> str | None:
    """The section of docs/checks.md for a code, when the docs ship next to the package."""
    import re

    docs = Path(__file__).resolve().parents[2] / "docs" / "checks.md"
    if not docs.is_file():
        return None
    text = docs.read_text(encoding="utf-8")
    match = re.search(rf"^## {code}\b.*?(?=^## |\Z)", text, re.MULTILINE | re.DOTALL)
    return match.group().strip() if match else None


@click.command("explain")
@click.argument("code")
def explain_cmd(code: str) -> None:
    """Explain one check: what it finds, why, and failing and passing examples.

    CODE is a check code (Q001) or name (lost-apostrophe).

    \b
    Examples:
      toolkit explain N001
      toolkit explain lost-apostrophe
    """
    import inspect

    from toolkit.checks import load_checks
    from toolkit.errors import ToolkitError

    registry = load_checks()
    spec = registry.get(code.upper()) or next((s for s in registry.values() if s.name == code.lower()), None)
    if spec is None:
        raise ToolkitError(f"unknown check {code!r}; `toolkit checks` lists them")
    section = _doc_section(spec.code)
    if section:
        click.echo(section)
        return
    click.echo(f"{spec.code} {spec.name} [{spec.severity.value}]\n")
    click.echo(inspect.cleandoc(spec.func.__doc__ or spec.summary))
