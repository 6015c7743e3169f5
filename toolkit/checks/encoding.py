"""E: encoding damage and text hygiene.

E001 mojibake, E002 control-character, E003 replacement-character, E004 doubled-word,
E005 spacing. The encoding checks look at both sides (a Korean original pasted through the
wrong code page is as broken as an English one); the hygiene checks look at the English.
"""

from __future__ import annotations

import re
from itertools import islice
from operator import eq
from typing import Callable, Iterable, Iterator

from toolkit.checks import Hit, Unit, check, english_words, excerpt, unit_memo
from toolkit.dates import has_digit
from toolkit.model import Severity

# -- E001 --------------------------------------------------------------------------------

# UTF-8 read as cp1252/Latin-1 leaves a lead byte (Â Ã â ê ë ì í …) followed by what was
# a continuation byte (0x80-0xBF: Latin-1 symbols or the cp1252 punctuation block).
_CP1252_HIGH = "\u20ac\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152" \
               "\u017d\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u017e\u0178"
_CONT = "\u0080-\u00bf" + _CP1252_HIGH
_UTF8_AS_LATIN = re.compile(f"[\u00c2-\u00f4][{_CONT}]+")
# EUC-KR/CP949 read as Latin-1: every Hangul syllable becomes two high Latin-1 characters,
# so a Korean word turns into a run of them ("ÇÑ±¹" for 한국). ftfy cannot undo this.
_CP949_AS_LATIN = re.compile("[\u00a1-\u00fe]{4,}")
# Every mojibake pattern above starts with a high Latin-1 character: a cheap gate.
_SUSPECT = re.compile("[\u00a1-\u00fe]")

_ftfy_badness = None


def _is_bad(text: str) -> bool:
    """ftfy's own verdict, imported once on first need (ftfy is heavy for start-up)."""
    global _ftfy_badness
    if _ftfy_badness is None:
        import ftfy.badness

        _ftfy_badness = ftfy.badness
    return bool(_ftfy_badness.is_bad(text))


def _mojibake_spans(text: str) -> list[tuple[int, int]]:
    spans = []
    for match in _UTF8_AS_LATIN.finditer(text):
        # A lone accented letter before a symbol ("Noël—") is not mojibake; ftfy decides.
        window = text[max(0, match.start() - 3):match.end() + 3]
        if _is_bad(window) or len(match.group()) >= 3:
            spans.append(match.span())
    for match in _CP949_AS_LATIN.finditer(text):
        run = match.group()
        # Real words written in Latin-1 letters ("Ñuñoa") have no symbols (¡-¿) in them.
        if any("\u00a1" <= ch <= "\u00bf" for ch in run):
            spans.append(match.span())
    return sorted(spans)


# Every character E001, E002 or E003 looks for, in one class: most units have none of them,
# which one scan per paragraph, shared by the three checks, tells.
_ANY_DAMAGE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u00a1-\u00fe\u200b-\u200f\u202a-\u202e"
                         "\u2060-\u2064\u2066-\u2069\ufeff\ufffd]")


@unit_memo
def _undamaged(unit: Unit) -> bool:
    for para in unit.en + unit.ko:
        text = para.text
        # Printable ASCII (most English) holds none of the class: its ASCII members are all
        # control characters. Two flag tests in C instead of a scan with the class.
        if not (text.isascii() and text.isprintable()) and _ANY_DAMAGE.search(text):
            return False
    return True


def _damaged(unit: Unit) -> bool:
    """Whether E001-E003 can find anything in the unit (their shared `may_find`)."""
    return not _undamaged(unit)


def _paragraph_hits(unit: Unit, finder: Callable[[str], list[tuple[int, int]]],
                    describe: Callable[[str, str], str]) -> Iterator[Hit]:
    for side in ("en", "ko"):
        for para in (unit.en if side == "en" else unit.ko):
            for start, end in finder(para.text):
                snippet = excerpt(para.text, start, end)
                yield Hit(describe(para.text[start:end], side), paragraph=para.id, offset=start,
                          **{side: snippet})
                break  # one per paragraph: the first place is enough to find the damage


def _side_name(side: str) -> str:
    return "English" if side == "en" else "Korean"


def _mojibake_finder(text: str) -> list[tuple[int, int]]:
    if not _SUSPECT.search(text):
        return []
    return _mojibake_spans(text)


def _describe_mojibake(found: str, side: str) -> str:
    return f"mojibake in the {_side_name(side)}: {found!r} is text decoded with the wrong encoding"


# The three checks below return nothing at all for an undamaged unit (most units), without
# starting a generator.

@check("E001", "mojibake", Severity.ERROR, may_find=_damaged)
def mojibake(unit: Unit, ctx) -> Iterable[Hit]:
    """Text decoded with the wrong encoding (â€™ for ’, ì—… for Korean, ÇÑ±¹ for 한국).

    UTF-8 read as cp1252 or Latin-1 is recognised by its byte pattern and confirmed with
    ftfy; Korean EUC-KR/CP949 read as Latin-1 by runs of Latin-1 symbols.
    """
    return () if _undamaged(unit) else _paragraph_hits(unit, _mojibake_finder, _describe_mojibake)


# -- E002 / E003 ---------------------------------------------------------------------------

_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u00ad\u200b-\u200f\u202a-\u202e"
                      "\u2060-\u2064\u2066-\u2069\ufeff]")
_CONTROL_NAMES = {"\u00ad": "soft hyphen", "\u200b": "zero-width space",
                  "\u200c": "zero-width non-joiner", "\u200d": "zero-width joiner",
                  "\u2060": "word joiner", "\ufeff": "byte-order mark (zero-width no-break space)",
                  "\t": "tab"}


def _describe_control(ch: str) -> str:
    name = _CONTROL_NAMES.get(ch)
    if name is None:
        name = "bidirectional control" if "\u200e" <= ch <= "\u2069" else "control character"
    return f"U+{ord(ch):04X} ({name})"


def _control_finder(text: str) -> list[tuple[int, int]]:
    match = _CONTROL.search(text)
    return [match.span()] if match else []


def _describe_control_found(found: str, side: str) -> str:
    return f"invisible {_describe_control(found)} in the {_side_name(side)}; delete it"


@check("E002", "control-character", Severity.ERROR, may_find=_damaged)
def control_character(unit: Unit, ctx) -> Iterable[Hit]:
    """An invisible control character: C0/C1 controls, zero-width and bidi marks, soft hyphens."""
    return () if _undamaged(unit) else _paragraph_hits(unit, _control_finder,
                                                       _describe_control_found)


def _replacement_finder(text: str) -> list[tuple[int, int]]:
    pos = text.find("\ufffd")
    return [(pos, pos + 1)] if pos >= 0 else []


def _describe_replacement(found: str, side: str) -> str:
    return f"replacement character � in the {_side_name(side)}: a character was lost in decoding"


@check("E003", "replacement-character", Severity.ERROR, may_find=_damaged)
def replacement_character(unit: Unit, ctx) -> Iterable[Hit]:
    """U+FFFD (�): a character was lost when the text was decoded; the original is gone."""
    return () if _undamaged(unit) else _paragraph_hits(unit, _replacement_finder,
                                                       _describe_replacement)


# -- E004 ----------------------------------------------------------------------------------

# Not after a hyphen: "Moon Jae-in in Seoul" repeats a syllable of a name, not a word.
# Possessive quantifiers: a shorter run of letters is followed by a letter, never by the
# apostrophe or space the pattern needs next, so giving letters back cannot make a match;
# not trying it halves the cost on English without doubled words.
_DOUBLED = re.compile(r"(?<![-\w])([A-Za-z]++(?:'[a-z]++)?)\s++(\1)\b", re.IGNORECASE)
# Repetitions English grammar allows ("what he had had", "that that", "is is" in
# "what it is is") and reduplicated names and words.
_DOUBLE_OK = {"had", "that", "is", "bye", "no", "very", "so", "ha", "knock", "yes", "tut", "boo"}


def _may_double(text: str, words: list[str]) -> bool:
    """False when _DOUBLED cannot match `text`, told from its lowercased words: in ASCII
    text a doubled word is two equal words in a row, or with an apostrophe ("don't
    don't": don, t, don, t) equal words one apart. Outside ASCII, case-insensitive
    matching knows more letters than lowercasing does (the Kelvin sign, the long s)."""
    if not text.isascii():
        return True
    if any(map(eq, words, islice(words, 1, None))):
        return True
    return "'" in text and any(map(eq, words, islice(words, 2, None)))


@check("E004", "doubled-word", Severity.WARNING)
def doubled_word(unit: Unit, ctx) -> Iterator[Hit]:
    """The same word twice in a row in the English ("the the"), across a line break too."""
    for para, words in zip(unit.en, english_words(unit)):
        if not _may_double(para.text, words):
            continue
        for match in _DOUBLED.finditer(para.text):
            word = match.group(1)
            if word.lower() in _DOUBLE_OK:
                continue
            # Reduplicated proper names ("Sirhan Sirhan", "Bora Bora") are capitalised twice.
            if word[0].isupper() and match.group(2)[0].isupper() and word.lower() not in ("the", "a", "an"):
                continue
            yield Hit(f"doubled word: {match.group()!r}", paragraph=para.id, offset=match.start(),
                      en=excerpt(para.text, match.start(), match.end()))


# -- E005 ----------------------------------------------------------------------------------

# A run of spaces between two visible characters (indentation and line ends are layout).
_DOUBLE_SPACE = re.compile(r"(?<=\S)[ \u00a0]{2,}(?=\S)")
# A space before closing punctuation followed by a space or the end: "said ." "Why ?".
# Ellipses ("and ... then") are AP style, so a dot that is part of "..." does not count.
# The word character before the space is checked in code: a leading lookbehind would cost
# the regex engine its fast scan for the first character.
_SPACE_BEFORE = re.compile(r" +([,;:?!]|\.(?!\.))(?=[\s\"”’)]|$)")
_SPACE_MARK = re.compile(" [,.;:?!]")  # what every match of _SPACE_BEFORE holds
# Punctuation glued to the next word ("end.Next", "however,the", "said,”the"): candidates
# here, judged in code (lower-case before the mark keeps U.S., Ph.D. and initials out;
# digits keep 1.5 and 3:30 out).
_GLUED = re.compile(r"[.!?,;][\"”]?(?=[A-Za-z])")
_MONTH_DIGIT = re.compile(r"(?:Jan|Feb|Aug|Sept|Oct|Nov|Dec)\.(?=\d)")
_URLISH = re.compile(r"(?:www\.|https?:|\.com|\.org|\.net|\.kr|@)")


def _glued(text: str, match: re.Match) -> bool:
    """Whether a _GLUED candidate is a real missing space, not an abbreviation or a URL."""
    start, mark = match.start(), match.group()
    before = text[start - 1] if start else ""
    nxt = text[match.end()] if match.end() < len(text) else ""
    if not before.islower():
        return False
    if mark in ".!?" and not (nxt.isupper() and text[match.end() + 1:match.end() + 2].islower()):
        return False  # "e.g", "a.m", "i.e" and domain names have a lower-case letter next
    if mark in ",;" and not (start >= 2 and text[start - 2].islower()):
        return False
    token_start = text.rfind(" ", 0, start) + 1
    token_end = text.find(" ", start)
    token = text[token_start:token_end if token_end >= 0 else len(text)]
    return not _URLISH.search(token) and not _code_token(token)


# Characters prose does not glue to a word, but code and markup do: reST roles and literals
# (:class:`asyncio.Task`), names (_winapi.OpenProcess), calls and keyword arguments.
_CODE_CHARS = re.compile(r"[`_=<>{}\[\]\\]")
_DOTTED_PATH = re.compile(r"\w\.\w+\.\w")  # xml.parsers.expat, concurrent.futures.Executor


def _code_token(token: str) -> bool:
    """Whether the token holding a _GLUED candidate is code, not two sentences run
    together: a PO file of software documentation is full of module.Class names, which
    look like "said.The" to the rule."""
    # A bracket inside the token opens a call or a definition: prose spaces before one.
    return (_CODE_CHARS.search(token) is not None or "(" in token[1:]
            or _DOTTED_PATH.search(token) is not None)


@check("E005", "spacing", Severity.WARNING)
def spacing(unit: Unit, ctx) -> Iterator[Hit]:
    """Doubled spaces, a space before , . ; : ? !, or no space after sentence punctuation."""
    for para in unit.en:
        text = para.text
        if "  " in text or (not text.isascii() and "\u00a0" in text):
            match = _DOUBLE_SPACE.search(text)
            if match:
                yield Hit("doubled space", paragraph=para.id, offset=match.start(),
                          en=excerpt(text, match.start(), match.end()))
        # _SPACE_BEFORE is tried at every space; most paragraphs have no space before a mark.
        for match in _SPACE_BEFORE.finditer(text) if _SPACE_MARK.search(text) else ():
            if match.start() == 0 or not (text[match.start() - 1].isalnum() or text[match.start() - 1] == "_"):
                continue
            yield Hit(f"space before {match.group(1)!r}", paragraph=para.id, offset=match.start(),
                      en=excerpt(text, match.start(), match.end()))
            break
        for match in _GLUED.finditer(text):
            if _glued(text, match):
                yield Hit(f"no space after {match.group()!r}", paragraph=para.id, offset=match.start(),
                          en=excerpt(text, match.start(), match.end()))
                break
        match = _MONTH_DIGIT.search(text) if has_digit(text) else None
        if match and (match.start() == 0 or not text[match.start() - 1].isalpha()):
            yield Hit("no space between the month and the day", paragraph=para.id,
                      offset=match.end() - 1, en=excerpt(text, match.start(), match.end() + 2))
