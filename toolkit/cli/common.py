"""Options and helpers shared by the commands, so flags mean the same everywhere."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Callable

import click

from toolkit.corpus import Corpus


def corpus_option(func: Callable) -> Callable:
    """`--corpus DIR`: the corpus root (default: nearest toolkit.yaml at or above the cwd)."""
    return click.option("--corpus", "corpus_dir", type=click.Path(file_okay=False, path_type=Path),
                        default=None, help="Corpus root (default: the nearest folder with "
                        "toolkit.yaml at or above the current one).")(func)


def format_option(*choices: str, default: str | None = None) -> Callable:
    """`--format` with the given choices (the first is the default)."""
    def decorator(func: Callable) -> Callable:
        return click.option("--format", "fmt", type=click.Choice(choices), default=default or choices[0],
                            show_default=True, help="Output format.")(func)
    return decorator


def open_corpus(corpus_dir: Path | None, start: Path | None = None) -> Corpus:
    """The corpus named by --corpus, or found from `start` (or the cwd) upwards."""
    return Corpus.find(start=start, explicit=corpus_dir)


def emit_json(data: Any) -> None:
    """Print JSON to stdout: UTF-8 as is (Hangul stays readable), two-space indent."""
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


def warn(message: str) -> None:
    """A warning on stderr (never stdout, which carries only the requested output)."""
    click.echo(f"toolkit: warning: {message}", err=True)


def info(message: str) -> None:
    """Progress or a summary on stderr."""
    click.echo(message, err=True)


NOW_ENV = "TOOLKIT_NOW"


def env_now():
    """The time given in TOOLKIT_NOW (ISO 8601), for reproducible scripts and tests; None
    means the real clock."""
    import os
    from datetime import datetime

    from toolkit.errors import InputError

    value = os.environ.get(NOW_ENV)
    if not value:
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        raise InputError(f"{NOW_ENV}={value!r} is not an ISO 8601 date and time") from None


# -- finding reports (shared by `check` and `verify`, so that both speak the same formats) --

REPORT_FORMATS = ("text", "json", "jsonl", "junit", "sarif", "github")


def split_codes(values: tuple[str, ...]) -> list[str]:
    """Codes given as repeated options and/or separated by commas or spaces."""
    return [part for value in values for part in value.replace(",", " ").split()]


def report_options(func: Callable) -> Callable:
    """The options of a command that reports findings: --select, --ignore, --fail-on,
    --exit-zero, --show-waived, --format and --output."""
    options = [
        click.option("--select", multiple=True, metavar="CODES",
                     help="Run only these checks: codes, prefixes (Q, A00) or names; repeat or "
                          "separate by commas."),
        click.option("--ignore", multiple=True, metavar="CODES", help="Skip these checks (as --select)."),
        click.option("--fail-on", type=click.Choice(["error", "warning", "info"]), default=None,
                     help="Lowest severity that makes the exit code 1 (default: checks.fail-on, "
                          "else error)."),
        click.option("--exit-zero", is_flag=True, help="Exit 0 even when findings fail the run."),
        click.option("--show-waived", is_flag=True, help="List waived findings too (marked as waived)."),
        format_option(*REPORT_FORMATS),
        click.option("--output", "-o", "output", type=click.Path(dir_okay=False, path_type=Path),
                     help="Write the report to this file instead of stdout."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def render_report(ctx: click.Context, result: Any, fmt: str, output: Path | None,
                  exit_zero: bool) -> None:
    """Write a CheckResult in `fmt` to `output` (atomically) or stdout, its summary line to
    stderr, and exit 1 when it failed (unless `exit_zero`)."""
    import sys

    from toolkit.report import format_findings, summary_line

    color = bool(ctx.color) if ctx.color is not None else (output is None and sys.stdout.isatty())
    text = format_findings(result, fmt, **({"color": color} if fmt == "text" else {}))
    if output is not None:
        from toolkit.fileio import atomic_write

        atomic_write(output, text)
    elif text:
        click.echo(text, nl=False)
    info(summary_line(result))
    if result.failed() and not exit_zero:
        ctx.exit(1)
