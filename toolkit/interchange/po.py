"""Gettext PO files: reading any Korean PO project for the checks, and the lossless
article ⇄ PO exchange with translators' tools (Poedit, Weblate, OmegaT, Lokalize).

Reading (`read_po_document`) turns a PO file into a `toolkit.checks.Document`: one unit
per entry, Korean from msgid and English from msgstr (or the reverse with `swap=True`).

Exchange (`export_po` / `import_po`) writes one PO file per article and brings the
translator's msgstr back into `en.txt`. The unit key in msgctxt and a `#. toolkit:`
extracted comment carry what import needs to map every entry back to paragraph ids; see
docs/interchange.md for the format. The unit, key and import logic here is shared with
the TMX side (toolkit.interchange.tmx).

polib is imported inside the functions that need it.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

from toolkit.corpus import PREFIX, Corpus
from toolkit.errors import InputError
from toolkit.fileio import atomic_write, decode_text, read_bytes
from toolkit.model import Article, Paragraph, Waiver, join_paragraphs, link_digest, split_paragraphs

if TYPE_CHECKING:
    from toolkit.checks import Document
    from toolkit.config import Settings

# -- PO syntax -----------------------------------------------------------------------------

_STRING = r'"(?:[^"\\]|\\.)*"'
_KEYWORD_LINE = re.compile(
    rf'^(?P<kw>msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)?[ \t]*(?P<s>{_STRING})[ \t]*$')
_CHARSET = re.compile(r"charset=([A-Za-z0-9._:+-]+)", re.IGNORECASE)
_UTF8_NAMES = {"utf-8", "utf8"}


@dataclass(slots=True)
class _Located:
    """Where one non-obsolete entry sits in the PO text (1-based lines)."""

    msgid_line: int
    msgstr_line: int | None = None
    empty_msgid: bool = False
    comments: list[tuple[int, str]] = field(default_factory=list)  # translator comments


@dataclass(slots=True)
class _ParsedPo:
    path: Path
    text: str
    pofile: Any  # polib.POFile
    header_comments: list[tuple[int, str]]
    entries: list[tuple[Any, _Located]]  # (polib.POEntry, place), header and obsolete excluded


def _scan(text: str, path: Path) -> tuple[list[_Located], list[tuple[int, str]]]:
    """Check the PO syntax line by line and record where each entry's msgid and msgstr are.

    polib forgives a string cut off mid-line (it keeps what it read), so a truncated file
    would import a truncated translation; this scan refuses it with the line instead.
    """
    located: list[_Located] = []
    pending: list[tuple[int, str]] = []
    current: _Located | None = None
    last_kw = ""
    for number, line in enumerate(text.split("\n"), start=1):
        stripped = line.strip()
        if not stripped:
            continue
        if stripped.startswith("#"):
            # "#~" obsolete, "#|" previous msgid, "#." extracted, "#:" reference, "#," flags
            if len(stripped) == 1 or stripped[1] in " \t":
                pending.append((number, stripped[1:].strip()))
            continue
        match = _KEYWORD_LINE.match(stripped)
        if match is None:
            if stripped.startswith(('"', "msg")):
                problem = "unterminated or malformed string (is the file truncated?)"
            else:
                problem = f"not PO syntax: {stripped[:40]!r}"
            raise InputError(problem, path, number)
        kw = match.group("kw")
        if kw is None:
            if current is None or not last_kw:
                raise InputError("string continuation outside an entry", path, number)
            if last_kw == "msgid" and match.group("s") != '""':
                current.empty_msgid = False
            continue
        last_kw = kw
        if kw == "msgid":
            current = _Located(number, empty_msgid=match.group("s") == '""', comments=pending)
            pending = []
            located.append(current)
        elif kw.startswith("msgstr"):
            if current is None:
                raise InputError("msgstr without msgid", path, number)
            if current.msgstr_line is None:
                current.msgstr_line = number
    for place in located:
        if place.msgstr_line is None:
            raise InputError("entry has a msgid but no msgstr (is the file truncated?)", path,
                             place.msgid_line)
    return located, pending


def _declared_charset(text: str) -> tuple[str | None, int | None]:
    """The charset named in the header's Content-Type, and its line."""
    header_end = text.find("\n\n")
    head = text if header_end < 0 else text[:header_end]
    for number, line in enumerate(head.split("\n"), start=1):
        if "Content-Type:" in line:
            match = _CHARSET.search(line)
            if match:
                return match.group(1), number
    return None, None


def _decode_po(data: bytes, path: Path) -> str:
    """Decode PO bytes as UTF-8 and make sure the header says so."""
    try:
        text = decode_text(data, path, allow_crlf=True, allow_bom=True)
    except InputError as exc:
        charset, line = _declared_charset(data.decode("latin-1"))
        if charset and charset.lower() not in _UTF8_NAMES:
            raise InputError(f"declares charset={charset} and is not UTF-8; the toolkit reads "
                             "UTF-8 PO files: convert it with `msgconv --to-code=UTF-8`",
                             path, line) from None
        raise
    if b"\r" in data:  # bytes are searched much faster than Korean text
        text = text.replace("\r\n", "\n")
    charset, line = _declared_charset(text)
    if charset and charset.lower() not in _UTF8_NAMES and not text.isascii():
        raise InputError(f"header declares charset={charset} but the file is UTF-8; set "
                         "`Content-Type: text/plain; charset=UTF-8`", path, line)
    return text


def parse_po_text(text: str) -> Any:
    """A polib.POFile from PO text (LF line ends), raising polib's OSError on bad syntax.

    polib splits content with str.splitlines(), which also breaks at U+0085, U+2028, VT,
    FF and other characters that PO carries raw inside strings; this gives it LF lines.
    """
    import polib

    parser = polib._POFileParser(text, encoding="utf-8")
    parser.fhandle = text.split("\n")
    return parser.parse()


def _parse_po(path: str | Path, data: bytes | None = None) -> _ParsedPo:
    """Read, decode, syntax-check and parse a PO file."""
    p = Path(path)
    if data is None:
        data = read_bytes(p)
    text = _decode_po(data, p)
    located, _trailing = _scan(text, p)
    try:
        pofile = parse_po_text(text)
    except (OSError, ValueError) as exc:
        match = re.search(r"line (\d+)", str(exc))
        message = re.sub(r"^Syntax error in po file.*?\(line \d+\):?\s*", "", str(exc))
        raise InputError(f"PO syntax error{': ' + message if message else ''}", p,
                         int(match.group(1)) if match else None) from None
    header_comments: list[tuple[int, str]] = []
    # polib lifts the first entry whose msgid is empty out as the header.
    header_index = next((i for i, place in enumerate(located) if place.empty_msgid), None)
    if header_index is not None:
        header_comments = located[header_index].comments
        located = located[:header_index] + located[header_index + 1:]
    live = [entry for entry in pofile if not entry.obsolete]
    if len(live) != len(located):
        raise InputError(f"PO structure not understood ({len(live)} entries parsed, "
                         f"{len(located)} found)", p)
    return _ParsedPo(p, text, pofile, header_comments, list(zip(live, located)))


# -- the fast reader for checking ---------------------------------------------------------------
#
# Checking a large PO project spends most of its time reading it: `_scan` validates every
# line and polib parses every line again. `_fast_entries` does both in one pass for the
# files every PO tool writes, modelling polib's state machine for the fields a Document
# needs, and gives up (returns None) on anything else, which `_parse_po` then reads (and
# refuses, with its messages) exactly as before. tests/test_perf_equivalence.py holds the
# two paths to the same Documents.

# One token per entry in the layout every PO tool writes (file references, a flags line,
# msgid and msgstr, then blank lines; or an obsolete msgid and msgstr), else per blank
# line, comment line, or keyword line with its continuation lines; no indentation, one
# space after a keyword, no trailing blanks. The string pattern is `_STRING` unrolled,
# which the regex engine runs in tight loops; every repeat is possessive (`*+`): what
# follows one can never match where it stops, so giving back would never help, and not
# keeping the state to give back makes the engine a fifth faster.
_QUOTED = r'"[^"\\\n]*+(?:\\.[^"\\\n]*+)*+"'
_KEYWORDS = r"msgctxt|msgid_plural|msgid|msgstr(?:\[\d\])?"
_PO_TOKEN = re.compile(
    rf"(?P<refs>(?:#: [^\s][^\n]*+\n)*+)(?P<flags>#, [^\s][^\n]*+\n)?"
    rf"msgid (?P<id>{_QUOTED}\n(?:{_QUOTED}\n)*+)msgstr (?P<entry>{_QUOTED}\n(?:{_QUOTED}\n)*+)\n*+"
    rf"|#~ msgid (?P<oid>{_QUOTED}\n(?:#~ {_QUOTED}\n)*+)"
    rf"#~ msgstr (?P<oentry>{_QUOTED}\n(?:#~ {_QUOTED}\n)*+)\n*+"
    rf"|(?P<blank>\n)"
    rf"|(?P<references>(?:#: [^\s][^\n]*+\n)++)"
    rf"|#~ (?P<okw>{_KEYWORDS}) (?P<obsolete>{_QUOTED}\n(?:#~ {_QUOTED}\n)*+)"
    rf"|(?P<comment>#[^\n]*+)\n"
    rf"|(?P<kw>{_KEYWORDS}) (?P<live>{_QUOTED}\n(?:{_QUOTED}\n)*+)")
# polib.unescape's escapes, and only those, less the common three (see `_unescape`)
_ESCAPES = (("\\t", "\t"), ("\\r", "\r"), ("\\v", "\v"), ("\\b", "\b"), ("\\f", "\f"))
_KEYWORD_STATE = {"msgctxt": "ct", "msgid": "mi", "msgid_plural": "mp", "msgstr": "ms"}
# The states (polib's) a keyword may follow here: polib's transitions, less those into the
# middle of an entry, which no PO tool writes.
_AFTER = {"ct": {"st", "he", "gc", "oc", "fl", "tc", "pc", "pm", "pp", "ms", "mx"},
          "mi": {"st", "he", "gc", "oc", "fl", "ct", "tc", "pc", "pm", "pp", "ms", "mx"},
          "mp": {"mi"},
          "ms": {"mi", "mp"},
          "mx": {"mi", "mx", "mp"}}
_ENTRY_FIELDS = {"ct": "msgctxt", "mi": "msgid", "mp": "msgid_plural", "ms": "msgstr"}
_COMMENT_STATE = {"#:": "oc", "#.": "gc", "#,": "fl"}
_PREVIOUS = {"msgctxt": "pc", "msgid": "pm", "msgid_plural": "pp"}


@dataclass(slots=True)
class _FastEntry:
    """The fields of a polib.POEntry that a Document is built from."""

    msgctxt: str | None = None
    msgid: str = ""
    msgid_plural: str = ""
    msgstr: str = ""
    msgstr_plural: dict[int, str] = field(default_factory=dict)
    fuzzy: bool = False
    obsolete: bool = False


def _joined(block: str, obsolete: bool) -> str:
    """The content of a keyword's strings, joined and unescaped. A quote, a line end and a
    quote can only be where one string ends and the next begins; escapes never span two
    strings, so unescaping the whole is unescaping each (as polib does)."""
    value = block.replace('"\n#~ "' if obsolete else '"\n"', "")[1:-2]
    return _unescape(value) if "\\" in value else value


def _unescape(value: str) -> str:
    """polib.unescape by plain replacements (`\\\\`, `\\n`, `\\"`, then the rare ones), a
    third faster than a substitution calling back per escape. Escaped backslashes are paired
    off from the left as a scan would, and set aside as NUL (which decoded text never
    holds: `decode_text` refuses it); every backslash left then starts its own escape, and
    no replacement makes a backslash."""
    value = value.replace("\\\\", "\x00").replace("\\n", "\n").replace('\\"', '"')
    if "\\" in value:  # the rare ones
        for escape, char in _ESCAPES:
            value = value.replace(escape, char)
    return value.replace("\x00", "\\")


class _FastReader:
    """polib's state machine, for the fields a Document needs, with `_scan`'s places."""

    def __init__(self) -> None:
        self.entries: list[_FastEntry] = []
        self.located: list[_Located] = []
        self.pending: list[tuple[int, str]] = []  # translator comments, as `_scan` has them
        self.entry = _FastEntry()
        self.place: _Located | None = None
        self.state = "st"

    def comment(self, kind: str) -> bool:
        """A comment line of polib's kind `kind` (oc, gc, fl, tc, he, pc, pm, pp)."""
        if self.state in ("ct", "mi", "mp"):
            return False  # a comment inside an entry: polib's corner, not ours
        if self.state in ("ms", "mx") and kind != "he":
            self.entries.append(self.entry)
            self.entry = _FastEntry()
        self.state = kind
        return True

    def keyword(self, kind: str, value: str, line: int, obsolete: bool, index: int = 0,
                continued: bool = False) -> bool:
        """A keyword (ct, mi, mp, ms, mx) with its whole string, on `line`; `continued` when
        the string goes on over more lines."""
        state = self.state
        if state not in _AFTER[kind]:
            return False
        if continued and not obsolete and kind != "mi" and self.place is None:
            return False  # `_scan` refuses a continuation line before the first msgid
        entry = self.entry
        if kind in ("ct", "mi") and state in ("ms", "mx"):
            self.entries.append(entry)
            entry = self.entry = _FastEntry()
        if kind == "mi":
            place = self.place
            if not obsolete and place is not None and place.msgstr_line is None:
                return False
            entry.obsolete = obsolete
            if not obsolete:
                self.place = _Located(line, empty_msgid=not value, comments=self.pending)
                self.pending = []
                self.located.append(self.place)
        elif kind in ("ms", "mx") and not obsolete:
            if self.place is None:
                return False
            if self.place.msgstr_line is None:
                self.place.msgstr_line = line
        if kind == "mx":
            entry.msgstr_plural[index] = value
        else:
            setattr(entry, _ENTRY_FIELDS[kind], value)
        self.state = kind
        return True


# What `_FastReader` holds as its current entry while it reads an untranslated entry it
# leaves out (see `_fast_entries`): never kept, never written to (the next keyword, comment
# or entry sets a new current entry first).
_LEFT_OUT = _FastEntry()


def _fast_entries(text: str, *, untranslated_msgid: bool = True
                  ) -> tuple[list[tuple[_FastEntry, _Located]], list[tuple[int, str]]] | None:
    """(live entries with their places, header comments) as `_parse_po` would give them,
    or None when the file holds anything but the usual PO layout (or an error). `text` is
    as `_decode_po` gives it: without NUL, which `_unescape` relies on.

    Without `untranslated_msgid`, an entry with an empty msgstr is left out, though the
    file is still read and checked whole: a reader that drops untranslated entries
    (`read_po_document` with swap) spares building half a project. One with a msgctxt
    (the other entries' paragraph ids count those) or an empty msgid (the header is chosen
    among those) stays, with its msgid undecoded (the raw quoted lines, or "" when they
    hold nothing)."""
    if text.startswith("\ufeff"):
        return None
    if not text.endswith("\n"):
        text += "\n"
    reader = _FastReader()
    ends_in_comment = False  # polib drops an unfinished entry when the file ends in one
    number = 1  # the line the next token starts on
    pos, end = 0, len(text)
    match = _PO_TOKEN.match
    while pos < end:
        m = match(text, pos)
        if m is None:
            return None
        start, pos = m.span()
        token = m.lastgroup
        line = number
        if token != "entry":  # an entry's lines are counted from its parts, below
            number += text.count("\n", start, pos)  # in place: m.group() would copy
        if token == "entry" or token == "oentry":
            # The usual whole entry, nine in ten tokens: what `_FastReader.comment` (for the
            # references and flags) and `keyword` (msgid, then msgstr) do, in one step.
            ends_in_comment = False
            state = reader.state
            if state == "mi" or state == "mp":
                return None
            if token == "entry":
                refs, flags, ident, block = m.group("refs", "flags", "id", "entry")
                if refs or flags is not None:
                    if state == "ct":
                        return None  # a comment between msgctxt and msgid
                    line += refs.count("\n") + (flags is not None)  # the msgid's line
                place = reader.place
                if place is not None and place.msgstr_line is None:
                    return None
                if (block == '""\n' and not untranslated_msgid and state != "ct"
                        and len(ident) != 3 * ident.count("\n")):  # see the docstring
                    if state == "ms" or state == "mx":
                        reader.entries.append(reader.entry)
                    reader.entry = _LEFT_OUT
                    reader.pending = []
                    reader.state = "ms"
                    number = line + ident.count("\n") + 1 + pos - m.end("entry")  # + blank lines
                    continue
            if state == "ms" or state == "mx":
                reader.entries.append(reader.entry)
                entry = reader.entry = _FastEntry()
            else:
                entry = reader.entry
            if token == "oentry":
                entry.obsolete = True
                # an obsolete entry is dropped: only whether its msgid is empty counts
                entry.msgid = _joined(m.group("oid"), True)
                reader.state = "ms"
                continue
            if flags is not None and "fuzzy" in flags and \
                    any(flag.strip() == "fuzzy" for flag in flags.strip()[3:].split(",")):
                entry.fuzzy = True
            entry.obsolete = False
            if untranslated_msgid or block != '""\n':
                entry.msgid = msgid = _joined(ident, False)
            else:  # never read (see the docstring); empty when every line is ""
                entry.msgid = msgid = "" if len(ident) == 3 * ident.count("\n") else ident
            entry.msgstr = _joined(block, False)
            msgstr_line = line + ident.count("\n")
            number = msgstr_line + block.count("\n") + pos - m.end("entry")  # + blank lines
            reader.place = place = _Located(line, msgstr_line, not msgid, reader.pending)
            reader.pending = []
            reader.located.append(place)
            reader.state = "ms"
            continue
        if token == "blank":
            continue
        ends_in_comment = True
        if token == "references":
            # "#: file:line" lines, one after another: what one does, all do.
            if not reader.comment("oc"):
                return None
            continue
        if token == "comment":
            s = m.group("comment").strip()
            tokens = s.split(None, 2)
            head = tokens[0]
            if head == "#~|":
                continue
            if head.startswith("#~"):
                return None  # an obsolete line out of the usual layout: left to polib
            if len(s) == 1 or s[1] in " \t":
                reader.pending.append((line, s[1:].strip()))
            if head in _COMMENT_STATE:
                if len(tokens) < 2:
                    continue
                kind = _COMMENT_STATE[head]
            elif head == "#" or head.startswith("##"):
                kind = "he" if reader.state in ("st", "he") else "tc"
            elif head == "#|":
                if len(tokens) > 1 and tokens[1][:1] == '"' and reader.state in ("pc", "pm", "pp"):
                    continue  # a previous string continued: nothing a Document keeps
                if len(tokens) < 3 or tokens[1] not in _PREVIOUS or \
                        _PO_TOKEN.fullmatch(f"msgctxt {tokens[2]}\n") is None:
                    return None
                kind = _PREVIOUS[tokens[1]]
            else:
                return None
            if not reader.comment(kind):
                return None
            if kind == "fl" and any(flag.strip() == "fuzzy" for flag in s[3:].split(",")):
                reader.entry.fuzzy = True
            continue
        ends_in_comment = False
        obsolete = token == "obsolete"
        keyword = m.group("okw" if obsolete else "kw")
        kind = _KEYWORD_STATE.get(keyword, "mx")
        block = m.group(token)
        if not reader.keyword(kind, _joined(block, obsolete), line, obsolete,
                              int(keyword[7]) if kind == "mx" else 0, block.count("\n") > 1):
            return None
    place = reader.place
    if reader.state not in ("ms", "mx") or place is None or place.msgstr_line is None:
        return None  # ends inside an entry, or holds no entry: let the general path judge
    entries, located = reader.entries, reader.located
    if not ends_in_comment:
        entries.append(reader.entry)
    live = [e for e in entries if not e.obsolete and e is not _LEFT_OUT]
    if len(live) != len(located) or any(e.obsolete and not e.msgid for e in entries):
        return None
    header_comments: list[tuple[int, str]] = []
    empty = [i for i, e in enumerate(live) if not e.msgid]
    if empty:
        # polib lifts out as the header the last entry with an empty msgid and no msgctxt
        # (else the first with an empty msgid); `_parse_po` pairs the rest with `_scan`'s
        # places less the first empty one. Where those differ, or where polib's removal by
        # equality could take another entry (msgctxt "0" compares as none), it decides.
        bare = [i for i in empty if not live[i].msgctxt]
        if len(bare) > 1 or any(live[i].msgctxt == "0" for i in empty) or \
                (bare[-1] if bare else empty[0]) != empty[0]:
            return None
        header_comments = located[empty[0]].comments
        del live[empty[0]], located[empty[0]]
    return list(zip(live, located)), header_comments


def _msgstr(entry: Any) -> str:
    if entry.msgid_plural:
        return entry.msgstr_plural.get(0, "")
    return entry.msgstr


# -- waivers as translator comments ----------------------------------------------------------

_WAIVER = re.compile(
    r"^toolkit:\s*ignore\[(?P<codes>[A-Z]\d{3}(?:\s*,\s*[A-Z]\d{3})*)(?:@(?P<para>[^\]\s]+))?\]"
    r"\s*(?P<reason>.*?)\s*\(by\s+(?P<by>[^()]+?)(?:,\s*(?P<date>\d{4}-\d{2}-\d{2}[^(),]*))?\)\s*$")


def parse_waiver_comment(comment: str, paragraph: str | None, path: str | Path | None = None,
                         line: int | None = None) -> list[Waiver]:
    """Waivers from one translator-comment line, or [] when it is not a toolkit comment.

    The form is `toolkit: ignore[N001] reason (by NAME, DATE)`; several codes may be
    listed (`ignore[N001,Q002]`), the date is optional, and `ignore[N001@e4]` names the
    paragraph explicitly (otherwise `paragraph` is used). A comment that starts with
    `toolkit:` but does not have this form is an InputError: a waiver that silently does
    nothing would let a real finding through.
    """
    text = comment.strip()
    if not text.startswith("toolkit:"):
        return []
    match = _WAIVER.match(text)
    if match is None or not match.group("reason"):
        raise InputError("malformed waiver comment; the form is "
                         "`# toolkit: ignore[N001] reason (by NAME, YYYY-MM-DD)`", path, line)
    codes = [c.strip() for c in match.group("codes").split(",")]
    target = match.group("para") or paragraph
    return [Waiver(code, target, match.group("reason"), match.group("by").strip(),
                   (match.group("date") or "").strip() or None) for code in codes]


def waivers_from_comments(comments: list[tuple[int, str]], paragraph: str | None,
                          path: str | Path | None = None) -> list[Waiver]:
    """Waivers from an entry's translator comments, given as (line, text) pairs.

    PO tools wrap long comments (polib at 78 columns), so a `toolkit:` comment continues
    on the following comment lines until it is complete.
    """
    waivers: list[Waiver] = []
    group: list[tuple[int, str]] = []

    def flush() -> None:
        if group:
            text = " ".join(part for _, part in group)
            waivers.extend(parse_waiver_comment(text, paragraph, path, group[0][0]))
            group.clear()

    for number, text in comments:
        if text.startswith("toolkit:"):
            flush()
            group.append((number, text))
        elif group and not _WAIVER.match(" ".join(part for _, part in group)):
            group.append((number, text))
        else:
            flush()
    flush()
    return waivers


def format_waiver_comment(waiver: Waiver, default_paragraph: str | None) -> str:
    """The translator comment for a waiver (see parse_waiver_comment)."""
    if "\n" in waiver.reason or "(" in waiver.by or ")" in waiver.by:
        raise InputError(f"waiver {waiver.code} on {waiver.paragraph or 'the article'} cannot be "
                         "written as a one-line PO comment (line break in its reason or "
                         "parenthesis in its author)")
    para = f"@{waiver.paragraph}" if waiver.paragraph and waiver.paragraph != default_paragraph else ""
    by = f"{waiver.by}, {waiver.date}" if waiver.date else waiver.by
    return f"toolkit: ignore[{waiver.code}{para}] {waiver.reason} (by {by})"


# -- reading any PO file as a Document --------------------------------------------------------

def read_po_document(path: str | Path, *, swap: bool = False) -> "Document":
    """A PO file as a checks Document: one unit per non-obsolete entry.

    msgid is Korean and msgstr English; `swap=True` reads English-source files (msgid
    English, msgstr Korean), where untranslated entries are skipped because they hold no
    Korean. Plural entries use msgid and msgstr[0]. The paragraph id is msgctxt when it is
    unique in the file, else `po:<line of msgid>`. Each paragraph's line is the line of its
    own keyword (msgid or msgstr). Waivers come from `# toolkit: ignore[...]` translator
    comments; fuzzy entries are kept and their ids listed in `Document.fuzzy`.
    """
    from toolkit.checks import Document, Unit

    p = Path(path)
    fast = _fast_entries(_decode_po(read_bytes(p), p), untranslated_msgid=not swap)
    if fast is None:
        parsed = _parse_po(p)
        pairs, header_comments = parsed.entries, parsed.header_comments
    else:
        pairs, header_comments = fast
    counts = Counter(entry.msgctxt for entry, _ in pairs if entry.msgctxt)
    units: list[Unit] = []
    waivers: list[Waiver] = []
    fuzzy: set[str] = set()
    waivers += waivers_from_comments(header_comments, None, p)
    for entry, place in pairs:
        source, target = entry.msgid, _msgstr(entry)
        source_line, target_line = place.msgid_line, place.msgstr_line or place.msgid_line
        if swap:
            if not target:
                continue  # untranslated: no Korean (half the entries of a project)
            source, target = target, source
            source_line, target_line = target_line, source_line
        context = entry.msgctxt
        pid = context if context and counts[context] == 1 else f"po:{place.msgid_line}"
        ko = (Paragraph(pid, source, source_line),) if source else ()
        en = (Paragraph(pid, target, target_line),) if target else ()
        units.append(Unit(len(units), ko, en))
        if entry.fuzzy:
            fuzzy.add(pid)
        if place.comments:  # few entries have translator comments
            waivers += waivers_from_comments(place.comments, pid, p)
    name = str(path)
    return Document(name=name, units=units, en_path=name, ko_path=name, kind="po",
                    waivers=waivers, fuzzy=fuzzy)


def iter_po_files(path: str | Path) -> list[Path]:
    """The PO files at a path: the file itself, or every *.po under a folder, sorted."""
    p = Path(path)
    if p.is_dir():
        return sorted(f for f in p.rglob("*.po") if f.is_file())
    if not p.exists():
        raise InputError("file not found", p)
    return [p]


# -- units and their keys (shared with TMX) --------------------------------------------------

@dataclass(frozen=True, slots=True)
class ExchangeUnit:
    """One aligned unit as it leaves the corpus: ids, texts and what import checks against."""

    key: str  # "k3", "k3+k4", or "+e5" for English with no Korean
    ko_ids: tuple[str, ...]
    en_ids: tuple[str, ...]
    ko_text: str
    en_text: str
    confidence: float | None
    stale: bool
    ko_line: int | None = None

    @property
    def en_digest(self) -> str:
        return text_digest(self.en_text)


def text_digest(text: str) -> str:
    """An exact content hash (unlike paragraph_digest, whitespace counts): import uses it
    to notice that the corpus English changed after the file was exported."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]


def unit_key(ko_ids: tuple[str, ...] | list[str], en_ids: tuple[str, ...] | list[str]) -> str:
    """The key of a unit: its Korean ids joined by '+', or '+' and its English ids when it
    has no Korean (an added English paragraph)."""
    if ko_ids:
        return "+".join(ko_ids)
    return "+" + "+".join(en_ids)


_KEY = re.compile(r"^(?:k\d+(?:\+k\d+)*|\+e\d+(?:\+e\d+)*)$")


def parse_unit_key(key: str | None, path: str | Path | None = None,
                   line: int | None = None) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(Korean ids, English ids) named by a unit key; InputError when it is not one."""
    if not key or not _KEY.match(key):
        raise InputError(f"unit key {key!r} is not a toolkit paragraph key (like k3, k3+k4 or "
                         "+e5); was this file exported by `toolkit export`?", path, line)
    ids = tuple(i for i in key.split("+") if i)
    if key.startswith("+"):
        return (), ids
    return ids, ()


def _glossary_matcher(settings: "Settings") -> Any:
    """The aligner's term matcher from the corpus glossary, or None without one."""
    glossary = settings.glossary
    if glossary is None or not Path(glossary).is_file():
        return None
    from toolkit.terms import TermMatcher, load_glossary

    return TermMatcher(load_glossary(glossary))


def exchange_units(article: Article, settings: "Settings") -> list[ExchangeUnit]:
    """The article's aligned units (stored alignment, else aligned on the fly) with keys."""
    from toolkit.align import article_units

    units = []
    for unit in article_units(article, _glossary_matcher(settings)):
        ko_ids = tuple(p.id for p in unit.ko)
        en_ids = tuple(p.id for p in unit.en)
        units.append(ExchangeUnit(unit_key(ko_ids, en_ids), ko_ids, en_ids, unit.ko_text,
                                  unit.en_text, unit.confidence, unit.stale,
                                  unit.ko[0].line if unit.ko else None))
    return units


def default_waiver_paragraph(ko_ids: tuple[str, ...], en_ids: tuple[str, ...]) -> str | None:
    """The paragraph a unit's waiver comment applies to when it names none: the first
    English paragraph, else the first Korean one."""
    return (en_ids or ko_ids or (None,))[0]


def unit_waivers(article: Article, unit: ExchangeUnit) -> list[Waiver]:
    """The article waivers that belong to a unit (their paragraph is one of its ids)."""
    ids = set(unit.ko_ids) | set(unit.en_ids)
    return [w for w in article.waivers if w.paragraph in ids]


def needs_signoff(article: Article, settings: "Settings") -> bool:
    """True while the article is before the translator's sign-off stage: its English is
    a draft, which PO marks fuzzy."""
    workflow = settings.workflow
    signoff = [stage for stage, role in workflow.signoff.items() if role == "translator"]
    if not signoff or article.stage not in workflow.stages:
        return False
    return workflow.index(article.stage) < min(workflow.index(s) for s in signoff)


# -- dates -----------------------------------------------------------------------------------

def parse_when(value: str | None, tz_name: str) -> datetime | None:
    """A credit or history date as an aware datetime (naive values are in the desk's zone)."""
    if not value:
        return None
    try:
        when = datetime.fromisoformat(str(value).strip().replace(" ", "T", 1))
    except ValueError:
        try:
            when = datetime.combine(date.fromisoformat(str(value).strip()[:10]), datetime.min.time())
        except ValueError:
            return None
    if when.tzinfo is None:
        try:
            from zoneinfo import ZoneInfo

            when = when.replace(tzinfo=ZoneInfo(tz_name))
        except (KeyError, ValueError, ImportError, OSError):
            when = when.replace(tzinfo=timezone.utc)
    return when


def latest_change(article: Article, tz_name: str) -> datetime | None:
    """The latest date among the article's credits and history, or None."""
    moments = [parse_when(c.date, tz_name) for c in article.credits]
    moments += [parse_when(h.at, tz_name) for h in article.history]
    moments = [m for m in moments if m is not None]
    return max(moments, key=lambda m: m.astimezone(timezone.utc)) if moments else None


def first_change(article: Article, tz_name: str) -> datetime | None:
    """The earliest date among the article's credits and history, or None."""
    moments = [parse_when(c.date, tz_name) for c in article.credits]
    moments += [parse_when(h.at, tz_name) for h in article.history]
    moments = [m for m in moments if m is not None]
    return min(moments, key=lambda m: m.astimezone(timezone.utc)) if moments else None


# -- import: plan, then commit ---------------------------------------------------------------

@dataclass(slots=True)
class IncomingUnit:
    """One unit as it comes back from a translator's file."""

    key: str
    ko_text: str
    en_text: str
    line: int | None  # where the unit is in the incoming file
    en_ids: tuple[str, ...] | None = None  # as exported (None: not recorded in the file)
    en_digest: str | None = None  # of the English as exported
    waivers: list[Waiver] | None = None  # None: the format carried no waiver information
    fuzzy: bool = False


@dataclass(slots=True)
class UnitChange:
    """The English of one unit replaced by an import."""

    key: str
    before: tuple[str, ...]  # English paragraph ids before
    after: tuple[str, ...]  # English paragraph ids after (fresh ids for added paragraphs)


@dataclass(slots=True)
class ImportReport:
    """What importing one file into one article changes (or changed)."""

    path: str
    article: str
    units: int = 0  # units in the file
    changed: list[UnitChange] = field(default_factory=list)
    added: list[str] = field(default_factory=list)  # new English paragraph ids
    removed: list[str] = field(default_factory=list)  # English paragraph ids that are gone
    kept_empty: list[str] = field(default_factory=list)  # keys whose empty target was ignored
    waivers_added: list[Waiver] = field(default_factory=list)
    waivers_removed: list[Waiver] = field(default_factory=list)
    fuzzy: int = 0  # units still marked fuzzy in the file
    written: bool = False
    # the planned result; private to commit()
    _article: Article | None = None
    _en_text: list[str] | None = None

    @property
    def has_changes(self) -> bool:
        return bool(self.changed or self.waivers_added or self.waivers_removed)

    def commit(self, corpus: Corpus) -> None:
        """Write the planned change (no-op when there is none)."""
        if not self.has_changes or self._article is None:
            return
        corpus.save(self._article, en_text=self._en_text)
        self.written = True

    def to_dict(self) -> dict[str, Any]:
        """The JSON form (schema toolkit.import/1, docs/interchange.md)."""
        def waiver(w: Waiver) -> dict[str, Any]:
            return {"code": w.code, "paragraph": w.paragraph, "reason": w.reason, "by": w.by,
                    "date": w.date}

        return {
            "path": self.path, "article": self.article, "units": self.units,
            "changed": [{"unit": c.key, "before": list(c.before), "after": list(c.after)}
                        for c in self.changed],
            "added": self.added, "removed": self.removed, "kept_empty": self.kept_empty,
            "waivers_added": [waiver(w) for w in self.waivers_added],
            "waivers_removed": [waiver(w) for w in self.waivers_removed],
            "fuzzy": self.fuzzy, "written": self.written,
        }


def plan_import(corpus: Corpus, article_id: str, incoming: list[IncomingUnit], path: str | Path,
                header_waivers: list[Waiver] | None = None) -> ImportReport:
    """Work out what an incoming file changes in one article, refusing conflicts.

    Refused (InputError, nothing planned): a unit whose Korean differs from the corpus, a
    key that names no paragraph, a unit key twice, and a unit whose English changed both
    in the corpus (since export) and in the file. An empty target never deletes English.
    """
    article = corpus.load(article_id)
    report = ImportReport(str(path), article.id, units=len(incoming),
                          fuzzy=sum(1 for u in incoming if u.fuzzy))
    ko_by_id = {p.id: p for p in article.ko}
    en_list = list(article.en or [])
    en_by_id = {p.id: p for p in en_list}

    seen: dict[str, int | None] = {}
    differing: list[tuple[str, int | None]] = []
    resolved: list[tuple[IncomingUnit, tuple[str, ...], tuple[str, ...]]] = []
    current_units: dict[str, ExchangeUnit] | None = None
    for unit in incoming:
        if unit.key in seen:
            raise InputError(f"unit {unit.key} appears twice (first at line {seen[unit.key]})",
                             path, unit.line)
        seen[unit.key] = unit.line
        ko_ids, key_en = parse_unit_key(unit.key, path, unit.line)
        if ko_ids:
            missing = [i for i in ko_ids if i not in ko_by_id]
            if missing or "\n\n".join(ko_by_id[i].text for i in ko_ids) != unit.ko_text:
                differing.append((unit.key, unit.line))
                continue
        elif unit.ko_text:
            differing.append((unit.key, unit.line))
            continue
        en_ids = unit.en_ids
        if en_ids is None:
            if key_en:
                en_ids = key_en
            else:
                if current_units is None:
                    current_units = {u.key: u for u in exchange_units(article, corpus.settings)}
                found = current_units.get(unit.key)
                if found is None:
                    raise InputError(f"unit {unit.key} is not a unit of article {article.id} "
                                     "any more (the alignment changed); re-export it", path, unit.line)
                en_ids = found.en_ids
        gone = [i for i in en_ids if i not in en_by_id]
        if gone:
            raise InputError(f"unit {unit.key}: English paragraph {', '.join(gone)} no longer "
                             f"exists in article {article.id}; re-export it", path, unit.line)
        resolved.append((unit, ko_ids, en_ids))
    if differing:
        keys = ", ".join(key for key, _ in differing)
        raise InputError(f"the Korean of {len(differing)} unit(s) no longer matches article "
                         f"{article.id}: {keys}; re-export the article and redo these units",
                         path, differing[0][1])

    # Which units change, and the conflicts: English edited in the corpus after export.
    replacements: dict[str, tuple[IncomingUnit, list[str]]] = {}  # first en id -> new texts
    dropped: set[str] = set()
    inserts: dict[str | None, list[tuple[IncomingUnit, list[str]]]] = {}
    conflicts: list[tuple[str, int | None]] = []
    changed_units: list[tuple[IncomingUnit, tuple[str, ...], tuple[str, ...]]] = []
    ko_pos = {p.id: n for n, p in enumerate(article.ko)}
    en_pos = {p.id: n for n, p in enumerate(en_list)}
    # Korean position -> last English position of the units that have both sides; English
    # that belongs to no Korean (0-1 units) stays before English inserted after it.
    pairs = [(ko_pos[ko[0]], max(en_pos[e] for e in en)) for _, ko, en in resolved if ko and en]
    added_en = {e for _, ko, en in resolved if not ko for e in en}

    def anchor_for(ko_ids: tuple[str, ...]) -> str | None:
        here = ko_pos[ko_ids[0]]
        last = max((en for ko, en in pairs if ko < here), default=-1)
        while last + 1 < len(en_list) and en_list[last + 1].id in added_en:
            last += 1
        return en_list[last].id if last >= 0 else None

    # English paragraphs that no unit of the file names were added after the export (by a
    # previous import of this file, or by hand): they count as part of the unit they
    # follow, so importing a file twice changes nothing, and a hand-made addition shows
    # up as a conflict instead of being overwritten.
    claimed = {e for _, _, en in resolved for e in en}
    taken: set[str] = set()

    def trailing(after: int) -> tuple[str, ...]:
        extra = []
        for para in en_list[after + 1:]:
            if para.id in claimed or para.id in taken:
                break
            extra.append(para.id)
        taken.update(extra)
        return tuple(extra)

    effective: dict[str, tuple[str, ...]] = {}
    for unit, ko_ids, en_ids in sorted(resolved, key=lambda r: ko_pos[r[1][0]] if r[1] else -1):
        if en_ids:
            en_ids = en_ids + trailing(max(en_pos[e] for e in en_ids))
        elif ko_ids:
            anchor = anchor_for(ko_ids)
            en_ids = trailing(en_pos[anchor] if anchor is not None else -1)
        effective[unit.key] = en_ids
        current = "\n\n".join(en_by_id[i].text for i in en_ids)
        new_texts = [text for text, _ in split_paragraphs(unit.en_text)]
        if unit.en_text == current or new_texts == [en_by_id[i].text for i in en_ids]:
            continue
        if not new_texts:
            if en_ids:
                report.kept_empty.append(unit.key)
            continue
        if unit.en_digest is not None and en_ids and text_digest(current) != unit.en_digest:
            conflicts.append((unit.key, unit.line))
            continue
        changed_units.append((unit, ko_ids, en_ids))
        if en_ids:
            replacements[en_ids[0]] = (unit, new_texts)
            dropped.update(en_ids[1:])
        else:
            inserts.setdefault(anchor_for(ko_ids), []).append((unit, new_texts))
    resolved = [(unit, ko_ids, effective[unit.key]) for unit, ko_ids, _ in resolved]
    if conflicts:
        keys = ", ".join(key for key, _ in conflicts)
        raise InputError(f"the English of {len(conflicts)} unit(s) was changed both in article "
                         f"{article.id} since the export and in this file: {keys}; re-export "
                         "and merge by hand", path, conflicts[0][1])

    # New English paragraph list, touching only the changed units. A changed unit's texts
    # take its old ids in order; extra paragraphs get fresh numbers (never reused ones, as
    # the loader does), so a waiver or link on another paragraph cannot move onto them.
    texts: list[str] = []
    hints: list[str | None] = []
    owner: list[str | None] = []  # the incoming key that produced each text, None if unchanged

    def emit(new: list[str], unit: IncomingUnit, old_ids: tuple[str, ...]) -> None:
        texts.extend(new)
        hints.extend(old_ids[n] if n < len(old_ids) else None for n in range(len(new)))
        owner.extend([unit.key] * len(new))

    for unit, new in inserts.get(None, []):
        emit(new, unit, ())
    by_first = {en[0]: en for _, _, en in changed_units if en}
    for para in en_list:
        if para.id in replacements:
            unit, new = replacements[para.id]
            emit(new, unit, by_first[para.id])
        elif para.id not in dropped:
            texts.append(para.text)
            hints.append(para.id)
            owner.append(None)
        for unit, new in inserts.get(para.id, []):
            emit(new, unit, ())

    waivers = list(article.waivers)
    if changed_units:
        reserved = [pid for link in (article.alignment.links if article.alignment else [])
                    for pid in link.ko + link.en] + [w.paragraph for w in article.waivers if w.paragraph]
        ids = _fresh_ids(hints, [p.id for p in en_list] + reserved, PREFIX["en"])
        lines = [line for _, line in split_paragraphs(join_paragraphs(texts))]
        new_en = [Paragraph(pid, text, line) for pid, text, line in zip(ids, texts, lines)]
        new_ids_by_key: dict[str, tuple[str, ...]] = {}
        for pid, key in zip(ids, owner):
            if key is not None:
                new_ids_by_key[key] = new_ids_by_key.get(key, ()) + (pid,)
        before_ids = {p.id for p in en_list}
        after_ids = set(ids)
        report.added = [pid for pid in ids if pid not in before_ids]
        report.removed = [p.id for p in en_list if p.id not in after_ids]
        for unit, ko_ids, en_ids in changed_units:
            report.changed.append(UnitChange(unit.key, en_ids, new_ids_by_key.get(unit.key, ())))
        article.en = new_en
        _update_alignment(article, {p.id: p for p in en_list}, changed_units, new_ids_by_key)
        en_ids_after = {key: new_ids_by_key.get(key, en) for (u, _, en) in resolved
                        for key in [u.key]}
    else:
        en_ids_after = {u.key: en for (u, _, en) in resolved}

    # Waivers: the file's waivers replace the article's waivers on the units it carries.
    if all(u.waivers is not None for u, _, _ in resolved) and (resolved or header_waivers is not None):
        covered: set[str | None] = set()
        incoming_waivers: list[Waiver] = []
        for unit, ko_ids, en_ids in resolved:
            covered.update(ko_ids + en_ids + en_ids_after[unit.key])
            default = default_waiver_paragraph(ko_ids, en_ids_after[unit.key])
            incoming_waivers += [w if w.paragraph else replace(w, paragraph=default)
                                 for w in unit.waivers or []]
        if header_waivers is not None:
            covered.add(None)
            incoming_waivers = list(header_waivers) + incoming_waivers
        old = [w for w in article.waivers if w.paragraph in covered]
        if Counter(old) != Counter(incoming_waivers):
            report.waivers_removed = list((Counter(old) - Counter(incoming_waivers)).elements())
            report.waivers_added = list((Counter(incoming_waivers) - Counter(old)).elements())
            waivers = [w for w in article.waivers if w.paragraph not in covered] + incoming_waivers
    article.waivers = waivers
    report._article = article
    report._en_text = texts if changed_units else None
    return report


def _fresh_ids(hints: list[str | None], used: list[str], prefix: str) -> list[str]:
    """Fill the gaps in `hints` with ids numbered after every id in `used`."""
    numbers = [int(i[len(prefix):]) for i in used if i.startswith(prefix) and i[len(prefix):].isdigit()]
    counter = max(numbers, default=0) + 1
    ids = []
    for hint in hints:
        if hint is None:
            hint = f"{prefix}{counter}"
            counter += 1
        ids.append(hint)
    return ids


def _update_alignment(article: Article, old_en: dict[str, Paragraph],
                      changed: list[tuple[IncomingUnit, tuple[str, ...], tuple[str, ...]]],
                      new_ids: dict[str, tuple[str, ...]]) -> None:
    """Point the stored links of changed units at their new English ids.

    A link that was fresh before gets a fresh digest: the translator paired these texts
    explicitly. A link that was already stale stays stale.
    """
    if article.alignment is None:
        return
    ko_by_id = {p.id: p for p in article.ko}
    en_by_id = {p.id: p for p in article.en or []}
    # A Korean paragraph is in one link only, so the Korean ids name the link; an English-
    # only unit is named by its English ids.
    by_ids = {(ko_ids or en_ids): unit.key for unit, ko_ids, en_ids in changed}
    links = []
    for link in article.alignment.links:
        key = by_ids.get(link.ko or link.en)
        if key is None:
            links.append(link)
            continue
        after = new_ids.get(key, ())
        ko_texts = [ko_by_id[i].text for i in link.ko if i in ko_by_id]
        was_fresh = link.digest == link_digest(ko_texts, [old_en[i].text for i in link.en if i in old_en])
        digest = link_digest(ko_texts, [en_by_id[i].text for i in after]) if was_fresh else link.digest
        links.append(replace(link, en=after, digest=digest))
    article.alignment.links = links


# -- PO export and import ---------------------------------------------------------------------

_TOOL_COMMENT = re.compile(r"^toolkit:\s")
_PO_DATE = "%Y-%m-%d %H:%M%z"


def unit_note(unit: ExchangeUnit) -> str:
    """What import needs besides the key: `ko=k3 en=e3,e4 link=1-2 confidence=0.93 digest=…`
    (a PO `#. toolkit:` comment, a TMX `x-toolkit` prop)."""
    parts = [f"ko={','.join(unit.ko_ids)}", f"en={','.join(unit.en_ids)}",
             f"link={len(unit.ko_ids)}-{len(unit.en_ids)}"]
    if unit.confidence is not None:
        parts.append(f"confidence={unit.confidence:.2f}")
    if unit.stale:
        parts.append("stale")
    parts.append(f"digest={unit.en_digest}")
    return " ".join(parts)


def parse_unit_note(note: str) -> tuple[tuple[str, ...] | None, str | None]:
    """(English ids, English digest) from a unit note; (None, None) when it has none."""
    fields = dict(item.split("=", 1) for item in note.split() if "=" in item)
    if "en" not in fields:
        return None, None
    return tuple(i for i in fields["en"].split(",") if i), fields.get("digest")


def _po_unit_note(comment: str) -> tuple[tuple[str, ...] | None, str | None]:
    for line in comment.split("\n"):
        if _TOOL_COMMENT.match(line.strip()):
            return parse_unit_note(line.strip()[len("toolkit:"):])
    return None, None


def export_po(article: Article, settings: "Settings") -> str:
    """One article as PO text: a unit per entry, msgctxt its key, msgid Korean, msgstr English.

    The header carries the article id, the credits, the stage and the latest date; units
    translated before the translator's sign-off are fuzzy; waivers become translator
    comments. `msgfmt -c` accepts the result (see docs/interchange.md).
    """
    import polib

    from toolkit import __version__

    po = polib.POFile(wrapwidth=78, encoding="utf-8")
    title = article.title_en or article.title_ko
    po.header = f"{article.id}: {title}" if title else article.id
    header_waivers = [w for w in article.waivers if w.paragraph is None]
    if header_waivers:
        po.header += "\n" + "\n".join(format_waiver_comment(w, None) for w in header_waivers)
    translator = article.credit("translator")
    editor = article.credit("editor")
    assigned = article.assignments.get("translator")
    revised = latest_change(article, settings.timezone)
    created = parse_when(article.published, settings.timezone) or first_change(article, settings.timezone)
    metadata = {
        "Project-Id-Version": article.id,
        "Report-Msgid-Bugs-To": "",
        "POT-Creation-Date": (created or revised).strftime(_PO_DATE) if (created or revised) else "",
        "PO-Revision-Date": revised.strftime(_PO_DATE) if revised else "",
        "Last-Translator": translator.name if translator else (assigned.name if assigned else ""),
        "Language-Team": settings.name,
        "Language": "en",
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": "nplurals=2; plural=(n != 1);",
        "X-Generator": f"toolkit {__version__}",
        "X-Source-Language": "ko",
        "X-Toolkit-Article": article.id,
        "X-Stage": article.stage,
    }
    if editor:
        metadata["X-Editor"] = editor.name
    po.metadata = {k: v for k, v in metadata.items()
                   if v or k in ("Report-Msgid-Bugs-To", "Last-Translator", "POT-Creation-Date")}
    draft = needs_signoff(article, settings)
    for unit in exchange_units(article, settings):
        default = default_waiver_paragraph(unit.ko_ids, unit.en_ids)
        comments = [format_waiver_comment(w, default) for w in unit_waivers(article, unit)]
        entry = polib.POEntry(
            msgctxt=unit.key, msgid=unit.ko_text, msgstr=unit.en_text,
            comment="toolkit: " + unit_note(unit), tcomment="\n".join(comments),
            occurrences=[("ko.txt", str(unit.ko_line))] if unit.ko_line else [],
            flags=["fuzzy"] if draft and unit.en_text else [])
        po.append(entry)
    return str(po)


def read_po_units(path: str | Path, data: bytes | None = None) -> tuple[str, list[IncomingUnit], list[Waiver]]:
    """(article id, units, article-level waivers) of a PO file written by `export_po` and
    edited in any PO tool. Obsolete entries are ignored; plural entries use msgstr[0]."""
    parsed = _parse_po(path, data)
    article_id = parsed.pofile.metadata.get("X-Toolkit-Article") or \
        parsed.pofile.metadata.get("Project-Id-Version", "")
    if not article_id:
        raise InputError("the header names no article (X-Toolkit-Article); was this file "
                         "exported by `toolkit export`?", parsed.path, 1)
    header_waivers = waivers_from_comments(parsed.header_comments, None, parsed.path)
    units = []
    for entry, place in parsed.entries:
        key = entry.msgctxt
        ko_ids, en_key = parse_unit_key(key, parsed.path, place.msgid_line)
        en_ids, digest = _po_unit_note(entry.comment or "")
        # the explicit paragraph (`@e4`) or None; plan_import applies the unit default
        waivers = waivers_from_comments(place.comments, None, parsed.path)
        units.append(IncomingUnit(key, entry.msgid, _msgstr(entry), place.msgstr_line, en_ids,
                                  digest, waivers, entry.fuzzy))
    return article_id, units, header_waivers


def plan_po_import(corpus: Corpus, path: str | Path) -> ImportReport:
    """What importing a PO file would change; raises InputError when it must be refused."""
    article_id, units, header_waivers = read_po_units(path)
    if not corpus.has(article_id):
        raise InputError(f"names article {article_id!r}, which is not in this corpus", path, 1)
    return plan_import(corpus, article_id, units, path, header_waivers)


def import_po(corpus: Corpus, path: str | Path, *, dry_run: bool = False) -> ImportReport:
    """Bring a translated PO file back into its article (see plan_import for refusals)."""
    report = plan_po_import(corpus, path)
    if not dry_run:
        report.commit(corpus)
    return report


def write_po(path: str | Path, text: str) -> None:
    """Write PO text atomically (never polib's in-place save)."""
    atomic_write(path, text)
