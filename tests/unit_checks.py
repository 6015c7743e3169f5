"""Table-test helpers for unit-scope checks: build an aligned unit from Korean and English
text (paragraphs separated by blank lines) and run a family's checks on it directly."""

from __future__ import annotations

from toolkit.checks import REGISTRY, Unit, load_checks
from toolkit.model import Paragraph

load_checks()


def unit(ko: str, en: str) -> Unit:
    """One unit whose paragraphs are the blank-line blocks of `ko` and `en`."""
    ko_paras = tuple(Paragraph(f"k{i + 1}", t, 1) for i, t in enumerate(ko.split("\n\n")) if t)
    en_paras = tuple(Paragraph(f"e{i + 1}", t, 1) for i, t in enumerate(en.split("\n\n")) if t)
    return Unit(0, ko_paras, en_paras)


def hits(codes: tuple[str, ...], ko: str, en: str) -> list[tuple[str, object]]:
    """(code, Hit) for every hit of the given checks on the unit."""
    u = unit(ko, en)
    return [(code, hit) for code in codes for hit in REGISTRY[code].func(u, None)]


def passes(codes: tuple[str, ...], ko: str, en: str) -> None:
    found = hits(codes, ko, en)
    assert not found, [(c, h.message) for c, h in found]


def fails(codes: tuple[str, ...], ko: str, en: str, code: str, fragment: str | None = None) -> None:
    found = hits(codes, ko, en)
    assert any(c == code for c, _ in found), (code, [(c, h.message) for c, h in found])
    if fragment is not None:
        assert any(c == code and fragment in h.message for c, h in found), found
