"""toolkit: a Korean→English translation-workflow toolkit for a news desk.

The library is the product; the `toolkit` command is a thin layer over it. Importing this
package is cheap: heavy modules (sacrebleu, ftfy, jinja2) load only when used.
"""

from __future__ import annotations

__all__ = ["__version__"]


def __getattr__(name: str) -> str:
    # The version is read from the installed package's metadata when first asked for:
    # importlib.metadata costs more start-up time than the rest of the command line.
    if name != "__version__":
        raise AttributeError(f"module 'toolkit' has no attribute {name!r}")
    from importlib.metadata import PackageNotFoundError, version

    try:
        found = version("toolkit")
    except PackageNotFoundError:  # running from a source tree that was not installed
        found = "0.0.0+source"
    globals()["__version__"] = found
    return found
