"""Reading raw copy as a web page gives it: title, byline, language links, body, credits,
site footer.

`toolkit add` accepts either a clean body (paragraphs separated by blank lines) or such a
capture. The capture's parts become metadata (title, author, publication time, credits)
and only the body goes into the corpus, so that boilerplate never reaches the checks or a
translator's PO file. Every recognised part is reported, so nothing disappears silently.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

# "Kang Mi Jin  |  2026-10-14 16:07", "김지은 기자 | 2026-11-03 15:20", "By Kim Ji Eun | 2026.11.03"
_BYLINE = re.compile(
    r"^\s*(?:by\s+)?(?P<author>[^|\d][^|]{0,60}?)\s*\|\s*"
    r"(?P<date>\d{4}[-./]\d{1,2}[-./]\d{1,2})\.?(?:\s+(?P<time>\d{1,2}:\d{2}))?\s*$",
    re.IGNORECASE)
_KO_REPORTER = re.compile(r"\s*(?:기자|특파원|통신원|객원기자)$")
# Links to the other edition, as link text (the URL itself is rarely in the capture).
_EDITION_LINK = re.compile(
    r"^\s*(?:read (?:this article )?in (?:korean|english)|영문으로 보기|영문 보기|영어로 보기|한국어로 보기|"
    r"국문으로 보기|원문 보기)\s*(?::\s*(?P<url>https?://\S+))?\s*$", re.IGNORECASE)
_URL = re.compile(r"https?://\S+")
# "*Translated by Jiyoon Han", "* Edited by Paul Whitmore", "번역: 김예지"
_CREDIT = re.compile(
    r"^\s*\*?\s*(?P<verb>translated|edited|proofread|proofed|copy-edited|copyedited)\s+by\s+"
    r"(?P<name>.+?)\s*$", re.IGNORECASE)
_KO_CREDIT = re.compile(r"^\s*\*?\s*(?P<verb>번역|편집|감수)\s*[:：]\s*(?P<name>.+?)\s*$")
_CREDIT_ROLES = {"translated": "translator", "edited": "editor", "proofread": "proofreader",
                 "proofed": "proofreader", "copy-edited": "editor", "copyedited": "editor",
                 "번역": "translator", "편집": "editor", "감수": "editor"}
# Site boilerplate at the foot of a page.
_FOOTER = re.compile(
    r"(?:<?\s*저작권자|무단\s*전재|재배포\s*금지|ⓒ|©|copyright|all rights reserved|"
    r"advertisements?,?\s.*(?:deleted|removed)|comments?\s.*(?:deleted|removed|policy)|"
    r"inappropriate language|댓글|기사제보|구독하기|subscribe to)", re.IGNORECASE)


@dataclass(slots=True)
class ParsedCopy:
    """What `parse_copy` recognised in a capture."""

    paragraphs: list[str]
    title: str | None = None
    author: str | None = None
    published: str | None = None  # ISO 8601 with the corpus time zone
    source: str | None = None
    credits: list[tuple[str, str]] = field(default_factory=list)  # (role, name)
    recognised: list[str] = field(default_factory=list)  # human-readable notes


def _is_heading_like(line: str) -> bool:
    """A title or subheading: a short single line without sentence-final punctuation."""
    stripped = line.strip()
    return 0 < len(stripped) <= 120 and stripped[-1] not in ".!?\"”’'。다" and "|" not in stripped


def parse_copy(text: str, *, timezone: str = "Asia/Seoul") -> ParsedCopy:
    """Split a raw capture (or a clean body) into metadata and body paragraphs."""
    lines = [line.rstrip() for line in text.split("\n")]
    trimmed = sum(1 for a, b in zip(text.split("\n"), lines) if a != b)
    parsed = ParsedCopy(paragraphs=[])

    # Header: title, byline and edition links, which may sit on consecutive lines with
    # the first body paragraph right after them (as web captures give them).
    start = 0
    while start < len(lines) and not lines[start].strip():
        start += 1
    header_end = start
    byline_at = None
    for i in range(start, min(start + 6, len(lines))):
        if _BYLINE.match(lines[i]):
            byline_at = i
            break
    if byline_at is not None:
        head = [ln for ln in lines[start:byline_at] if ln.strip()]
        if head:
            parsed.title = " ".join(h.strip() for h in head)
            parsed.recognised.append(f"title: {parsed.title}")
        match = _BYLINE.match(lines[byline_at])
        author = _KO_REPORTER.sub("", match.group("author").strip())
        parsed.author = author
        date = re.split(r"[-./]", match.group("date"))
        hour, minute = (match.group("time") or "00:00").split(":")
        try:
            stamp = datetime(int(date[0]), int(date[1]), int(date[2]), int(hour), int(minute),
                             tzinfo=ZoneInfo(timezone))
            parsed.published = stamp.isoformat()
        except ValueError:
            parsed.recognised.append(f"byline date {match.group('date')} is not a valid date: ignored")
        parsed.recognised.append(f"byline: {author}, {match.group('date')} {match.group('time') or ''}".rstrip())
        header_end = byline_at + 1
        while header_end < len(lines):
            link = _EDITION_LINK.match(lines[header_end])
            if not link:
                break
            if link.group("url"):
                parsed.source = link.group("url")
            parsed.recognised.append(f"edition link dropped: {lines[header_end].strip()}")
            header_end += 1
    elif start < len(lines) and _is_heading_like(lines[start]) and start + 1 < len(lines) \
            and not lines[start + 1].strip() and _looks_like_title_block(lines, start):
        parsed.title = lines[start].strip()
        parsed.recognised.append(f"title: {parsed.title}")
        header_end = start + 1

    # Foot: credit lines, and everything after the last credit line is site footer.
    body_lines = lines[header_end:]
    last_credit = None
    for i, line in enumerate(body_lines):
        match = _CREDIT.match(line) or _KO_CREDIT.match(line)
        if match:
            role = _CREDIT_ROLES[match.group("verb").lower()]
            name = match.group("name").strip().rstrip(".")
            parsed.credits.append((role, name))
            parsed.recognised.append(f"credit: {role} {name}")
            last_credit = i
    if last_credit is not None:
        footer = [ln for ln in body_lines[last_credit + 1:] if ln.strip()]
        if footer:
            parsed.recognised.append(f"site footer dropped ({len(footer)} line(s))")
        body_lines = [ln for ln in body_lines[:last_credit + 1]
                      if not (_CREDIT.match(ln) or _KO_CREDIT.match(ln))]
    # Footer without credits: trailing boilerplate lines.
    while body_lines and (not body_lines[-1].strip() or _FOOTER.search(body_lines[-1])):
        if body_lines[-1].strip():
            parsed.recognised.append(f"site footer dropped: {body_lines[-1].strip()[:60]}")
        body_lines.pop()

    parsed.paragraphs = _blocks(body_lines)
    if parsed.source is None:
        for para in parsed.paragraphs:
            if _EDITION_LINK.match(para):
                url = _URL.search(para)
                parsed.source = url.group() if url else None
        parsed.paragraphs = [p for p in parsed.paragraphs if not _EDITION_LINK.match(p)]
    subheads = [p for p in parsed.paragraphs if _is_heading_like(p) and "\n" not in p]
    if subheads:
        parsed.recognised.append(f"subheading(s) kept in the body: {'; '.join(subheads)}")
    if trimmed:
        parsed.recognised.append(f"trailing spaces trimmed on {trimmed} line(s)")
    return parsed


def _looks_like_title_block(lines: list[str], start: int) -> bool:
    """A first line counts as a title only when body text follows it (not a subheading
    that happens to open a clean body)."""
    rest = [ln for ln in lines[start + 1:] if ln.strip()]
    return len(rest) >= 1 and not _is_heading_like(rest[0])


def _blocks(lines: list[str]) -> list[str]:
    """Paragraphs: blocks separated by blank lines, inner line breaks kept."""
    blocks, current = [], []
    for line in lines:
        if line.strip():
            current.append(line)
        elif current:
            blocks.append("\n".join(current))
            current = []
    if current:
        blocks.append("\n".join(current))
    return blocks
