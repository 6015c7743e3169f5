"""Error types. Every content or usage problem is a ToolkitError, which the CLI turns into
a one-line message on stderr and exit code 2."""

from __future__ import annotations

from pathlib import Path


class ToolkitError(Exception):
    """A problem the user can fix: bad input, bad settings, a refused command."""

    def __init__(self, message: str, path: str | Path | None = None, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.path = str(path) if path is not None else None
        self.line = line

    def __str__(self) -> str:
        if self.path is None:
            return self.message
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        return f"{where}: {self.message}"


class InputError(ToolkitError):
    """A file that cannot be read as the toolkit expects (encoding, syntax, empty, missing)."""


class ConfigError(ToolkitError):
    """toolkit.yaml or the glossary holds a setting the toolkit does not accept."""


class CorpusNotFound(ToolkitError):
    """No toolkit.yaml in the given folder or any folder above it."""


class ArticleNotFound(ToolkitError):
    """The corpus has no article with the given id."""


class InvalidId(ToolkitError):
    """An article id that is not a safe folder name."""


class WorkflowError(ToolkitError):
    """A stage move or assignment that the workflow rules refuse."""
