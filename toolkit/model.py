"""The plain data types everything else works on. No I/O, no click, no heavy imports."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path


class Severity(str, Enum):
    """How bad a finding is. Ordered: error > warning > info."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return {"error": 3, "warning": 2, "info": 1}[self.value]

    @classmethod
    def parse(cls, value: str) -> "Severity":
        try:
            return cls(value.lower())
        except ValueError:
            raise ValueError(f"unknown severity {value!r}; use error, warning or info") from None


@dataclass(frozen=True, slots=True)
class Paragraph:
    """One paragraph of one side of an article, with a stable id and its place in the file."""

    id: str
    text: str
    line: int  # 1-based line of the paragraph's first line in its text file

    @property
    def digest(self) -> str:
        return paragraph_digest(self.text)


@dataclass(frozen=True, slots=True)
class Link:
    """An n:m alignment link between Korean and English paragraph ids.

    `digest` fingerprints the texts of all paragraphs in the link when it was made, so a
    later edit of either side makes the link stale.
    """

    ko: tuple[str, ...]
    en: tuple[str, ...]
    confidence: float
    digest: str = ""
    pinned: bool = False

    @property
    def kind(self) -> str:
        return f"{len(self.ko)}-{len(self.en)}"


@dataclass(slots=True)
class Alignment:
    """The stored alignment of an article: links in order, and how it was made."""

    links: list[Link]
    method: str = ""
    created: str = ""


@dataclass(frozen=True, slots=True)
class Credit:
    """A sign-off credit: who did a role (translator, editor, …) and when."""

    role: str
    name: str
    date: str | None = None


@dataclass(frozen=True, slots=True)
class Assignment:
    """Who is assigned a role on an article, and by when it is due."""

    role: str
    name: str
    due: str | None = None
    assigned: str | None = None


@dataclass(frozen=True, slots=True)
class HistoryEntry:
    """One stage move of an article."""

    from_stage: str | None
    to_stage: str
    by: str
    at: str
    note: str | None = None
    forced: bool = False
    snapshot: str | None = None  # path, relative to the article folder, of the signed text


@dataclass(frozen=True, slots=True)
class Waiver:
    """A finding that a person decided to leave, with their reason."""

    code: str
    paragraph: str | None
    reason: str
    by: str
    date: str | None = None


@dataclass(slots=True)
class Article:
    """One article: its Korean original, its English translation (if any) and its metadata."""

    id: str
    path: Path  # the article's folder
    title_ko: str = ""
    title_en: str = ""
    author: str = ""
    published: str | None = None
    source: str | None = None
    stage: str = "new"
    ko: list[Paragraph] = field(default_factory=list)
    en: list[Paragraph] | None = None
    assignments: dict[str, Assignment] = field(default_factory=dict)
    credits: list[Credit] = field(default_factory=list)
    history: list[HistoryEntry] = field(default_factory=list)
    alignment: Alignment | None = None
    waivers: list[Waiver] = field(default_factory=list)
    notes: str | None = None

    @property
    def ko_path(self) -> Path:
        return self.path / "ko.txt"

    @property
    def en_path(self) -> Path:
        return self.path / "en.txt"

    @property
    def meta_path(self) -> Path:
        return self.path / "article.yaml"

    def paragraph(self, pid: str) -> Paragraph | None:
        """The paragraph with this id on either side, or None."""
        for para in self.ko + (self.en or []):
            if para.id == pid:
                return para
        return None

    def credit(self, role: str) -> Credit | None:
        """The latest credit for a role, or None."""
        for credit in reversed(self.credits):
            if credit.role == role:
                return credit
        return None


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem found by a check, placed as precisely as the input allows."""

    code: str
    name: str
    severity: Severity
    message: str
    path: str | None = None  # the file holding the English text (or the PO file)
    line: int | None = None  # 1-based
    column: int | None = None  # 1-based
    article: str | None = None
    paragraph: str | None = None  # paragraph id where known
    unit: int | None = None  # 0-based index of the aligned unit
    ko: str = ""  # offending Korean snippet
    en: str = ""  # offending English snippet
    waiver: Waiver | None = None

    @property
    def waived(self) -> bool:
        return self.waiver is not None

    def row(self) -> tuple:
        """The fields in order: `Finding(*finding.row())` is the same finding."""
        return (self.code, self.name, self.severity, self.message, self.path, self.line,
                self.column, self.article, self.paragraph, self.unit, self.ko, self.en,
                self.waiver)

    def __reduce__(self) -> tuple:
        # Pickled as its fields: a large run sends its findings from the worker processes,
        # and the default state of a frozen slots dataclass takes twice as long both ways.
        return (Finding, self.row())


# -- paragraph text ------------------------------------------------------------------------

_BLANK_LINE = re.compile(r"\n[ \t]*\n")


def split_paragraphs(text: str) -> list[tuple[str, int]]:
    """Split text into (paragraph, first line) at blank lines.

    A paragraph keeps its inner line breaks and trailing spaces so that writing it back
    reproduces the file; only the separating blank lines are dropped.
    """
    result: list[tuple[str, int]] = []
    pos = 0
    line = 1
    for match in _BLANK_LINE.finditer(text + "\n\n"):
        block = text[pos:match.start()] if match.start() <= len(text) else text[pos:]
        stripped = block.strip("\n")
        if stripped.strip():
            lead = len(block) - len(block.lstrip("\n"))
            result.append((stripped, line + lead))
        line += block.count("\n") + match.group().count("\n")
        pos = match.end()
        if pos >= len(text):
            break
    return result


def join_paragraphs(paragraphs: list[str]) -> str:
    """The canonical file text for a list of paragraphs: one blank line between, LF at end."""
    return "\n\n".join(paragraphs) + "\n" if paragraphs else ""


def normalize_for_digest(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def paragraph_digest(text: str) -> str:
    """A short content hash that ignores whitespace differences and Unicode normal form."""
    return hashlib.sha1(normalize_for_digest(text).encode("utf-8")).hexdigest()[:12]


def link_digest(ko_texts: list[str], en_texts: list[str]) -> str:
    """Fingerprint of a link's paragraphs, used to notice that an alignment went stale."""
    joined = "\x1e".join(paragraph_digest(t) for t in ko_texts) + "\x1d" + "\x1e".join(
        paragraph_digest(t) for t in en_texts)
    return hashlib.sha1(joined.encode("ascii")).hexdigest()[:12]
