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
