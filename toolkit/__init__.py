"""toolkit: a Korean→English translation-workflow toolkit for a news desk.

The library is the product; the `toolkit` command is a thin layer over it. Importing this
package is cheap: heavy modules (sacrebleu, ftfy, jinja2) load only when used.
"""

from __future__ import annotations

try:
    from importlib.metadata import PackageNotFoundError, version

    __version__ = version("toolkit")
except PackageNotFoundError:  # running from a source tree that was not installed
    __version__ = "0.0.0+source"

__all__ = ["__version__"]
