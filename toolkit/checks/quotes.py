"""Q: quotation marks, apostrophes and brackets in the English.

Q001 lost-apostrophe, Q002 unbalanced-quote, Q003 mixed-quotes. Copy that went through a
web form or a plain-text pipeline loses apostrophes ("Daily NKs", "Its a sign") and closing
quotes; these checks look at the English alone, because Korean quotes (‘’, 「」, “”) do not
map one to one onto English ones.
"""

from __future__ import annotations

import re
from typing import Iterator

from toolkit.checks import Document, Hit, Scope, Unit, check, english_words, excerpt
from toolkit.model import Paragraph, Severity

# -- Q001 ----------------------------------------------------------------------------------

# Contractions whose apostrophe-less spelling is not an English word. "cant", "wont",
# "shell", "well", "were", "ill", "id", "lets" are words, so they are left out or guarded.
_CONTRACTIONS = {
    "dont": "don't", "doesnt": "doesn't", "didnt": "didn't", "isnt": "isn't", "wasnt": "wasn't",
    "arent": "aren't", "werent": "weren't", "hasnt": "hasn't", "havent": "haven't",
    "hadnt": "hadn't", "couldnt": "couldn't", "shouldnt": "shouldn't", "wouldnt": "wouldn't",
    "mustnt": "mustn't", "neednt": "needn't", "mightnt": "mightn't", "aint": "ain't",
    "youre": "you're", "theyre": "they're", "theyve": "they've", "theyll": "they'll",
    "weve": "we've", "youve": "you've", "youll": "you'll", "shes": "she's", "hes": "he's",
    "thats": "that's", "whats": "what's", "theres": "there's", "heres": "here's",
    "whos": "who's", "wheres": "where's", "couldve": "could've", "shouldve": "should've",
    "wouldve": "would've", "itll": "it'll", "thatll": "that'll", "Im": "I'm", "Ive": "I've",
    "Id've": "I'd've", "wont": "won't", "cant": "can't",
}


def _literal_led(alternatives: list[tuple[str, str]], guard: str) -> str:
    """An alternation of (first character, rest) pairs with `guard`, a lookbehind over the
    character before the first one, placed after that first character.

    A pattern that starts with a lookbehind or \\b is tried at every position of a text;
    one whose alternatives each start with a literal lets the regex engine skip straight to
    the candidate characters (several times faster on long paragraphs). Alternatives keep
    their order within each first character, so the same one wins where several match.
    """
    by_first: dict[str, list[str]] = {}
    for first, rest in alternatives:
        by_first.setdefault(first, []).append(rest)
    return "|".join(f"{re.escape(first)}{guard}(?:{'|'.join(dict.fromkeys(rests))})"
                    for first, rests in by_first.items())


# Not after a word character or an apostrophe: the guard looks at the two characters
# ending at the first letter of the word.
_AFTER_NON_WORD = r"(?<![\w'’].)"
# Case is spelt out per first letter rather than with IGNORECASE, which keeps the regex
# engine's first-character scan.
_CONTRACTION_RE = re.compile("(" + _literal_led(
    [(first, w[1:]) for w in sorted(_CONTRACTIONS, key=len, reverse=True)
     for first in (w[0].lower(), w[0].upper())], _AFTER_NON_WORD) + r")\b")
# "wont" (custom: "as was his wont") and "cant" (jargon) are nouns; "Ive" is a surname.
_GUARDED = {"wont", "cant", "ive"}
_NOUN_BEFORE = re.compile(r"(?:\b(?:his|her|their|its|our|my|your|the|of|political|pious)\s+)$",
                          re.IGNORECASE)
_VERB_AFTER = re.compile(r"\s+(?:be|have|been|had|do|go|get|let|stop|say|tell|see|allow|accept|"
                         r"give|take|make|come|work|help|afford|even|ever|never|just|really|"
                         r"seen|heard|got|done|always|already|lost|become)\b", re.IGNORECASE)
# "its" is a possessive pronoun; only where no noun phrase can follow is it a lost "it's":
# before an article or determiner, a negation or a participle of be, or a preposition.
_ITS = re.compile(r"([Ii](?<!\w.)ts)\s+(?:a|an|the|this|that|these|those|not|been|no|never|gonna|"
                  r"about|because|like\s+(?:a|the)|time\s+to|up\s+to|all\s+over|over\s+for|"
                  r"unclear|clear\s+that|likely\s+that|true\s+that|hard\s+to|said\s+that|"
                  r"important\s+to|impossible\s+to|possible\s+to|going\s+to|getting\s+)\b")
# Korean personal names: a surname, then a given name in one or two parts. Romanised Korean
# syllables never end in "s", so such a name followed by a bare "s" lost its apostrophe.
_SURNAMES = ("Kim|Lee|Ri|Yi|Rhee|Park|Pak|Choi|Choe|Jang|Chang|Kang|Jung|Jeong|Chung|Cho|Jo|"
             "Yoon|Yun|Moon|Mun|Hwang|Hyon|Hyun|Han|Thae|Ryu|Yoo|Yu|Kwon|Shin|Sin|Oh|O|Yang|"
             "Song|Ko|Ryang|Ju|Hong|Jon|Jeon|Kye|Ahn|An|So|Seo|Paek|Baek|Nam|Noh|Roh|Ro|Im|Lim|"
             "Rim|Chae|Won|Hyeon|Pyon|Byun|Tae|Ma|Son|Sohn")
# A romanised Korean syllable (Revised Romanization or McCune-Reischauer as newsrooms write
# it): an optional initial, a vowel group, an optional final. "Furness" is not one.
_SYL = r"(?:[BbCcDdGgHhJjKkMmNnPpRrSsTtWwYy]h?|[Cc]h|[Kk]k|[Tt]t|[Pp]p|[Ss]s|[Jj]j)?(?:[aeiouy]|[AEIOUY])[aeiouy]{0,2}(?:ng|n|m|l|k|p|t)?"
_KOREAN_NAME_S = re.compile(
    "(?:" + _literal_led([(name[0], name[1:]) for name in _SURNAMES.split("|")], r"(?<!\w.)")
    + rf")\s+(?=[A-Z])(?:{_SYL}){{1,2}}(?:(?:\s(?=[A-Z])|-)(?:{_SYL}){{1,2}})?s\b(?![’'])")
# A surname alone, as the English names someone the Korean calls 박 씨 (Mr. or Ms. Pak):
# "Paks nephew" lost its apostrophe where "the Paks" may be a family. The romanisations
# of each Hangul surname a desk writes (those of _SURNAMES).
_HANGUL_SURNAMES = {
    "김": "Kim", "이": "Lee|Ri|Yi|Rhee", "리": "Ri|Lee", "박": "Park|Pak", "최": "Choi|Choe",
    "장": "Jang|Chang", "강": "Kang", "정": "Jung|Jeong|Chung", "조": "Cho|Jo", "윤": "Yoon|Yun",
    "문": "Moon|Mun", "황": "Hwang", "현": "Hyon|Hyun|Hyeon", "한": "Han", "태": "Thae|Tae",
    "류": "Ryu|Yoo|Yu", "유": "Yoo|Yu|Ryu", "권": "Kwon", "신": "Shin|Sin", "오": "Oh|O",
    "양": "Yang", "송": "Song", "고": "Ko", "량": "Ryang|Yang", "주": "Ju", "홍": "Hong",
    "전": "Jon|Jeon", "계": "Kye", "안": "Ahn|An", "서": "So|Seo", "백": "Paek|Baek",
    "남": "Nam", "노": "Noh|Roh|Ro", "로": "Ro|Noh|Roh", "임": "Im|Lim|Rim", "림": "Rim|Lim|Im",
    "채": "Chae", "원": "Won", "변": "Pyon|Byun", "편": "Pyon", "마": "Ma", "손": "Son|Sohn"}
_KOREAN_TITLE_NAME = re.compile(r"(?<![가-힣])([가-힣])\s?씨")


def _bare_surname_possessive(ko_text: str) -> re.Pattern[str] | None:
    """A pattern for the surnames the Korean calls someone by ("박 씨"), each followed by a
    bare "s" and a word in lower case ("Paks nephew"); None when it calls no one so."""
    names = {name for surname in _KOREAN_TITLE_NAME.findall(ko_text)
             for name in _HANGUL_SURNAMES.get(surname, "").split("|") if name}
    if not names:
        return None
    return re.compile(rf"(?<![\w’'])(?<![Tt]he )({'|'.join(sorted(names))})s(?=\s+[a-z])")


# A name with an acronym as its last word ("Daily NK"): plural acronyms exist ("Labour
# MPs", "ICBMs"), so it counts only when the Korean shows the acronym as part of a name
# (glued to Hangul: 데일리NK) or with the possessive particle (NK의).
_ACRONYM_NAME_S = re.compile(r"([A-Z](?<!\w.)[a-z]+\s+(?:[A-Z][a-z]+\s+)*[A-Z]{2,})s\b(?![’'])")
# What every match of it ends with, found by a cheaper scan (led by a capital, two in a
# row): most English has no acronym with a bare "s" at all.
_ACRONYM_S = re.compile(r"[A-Z][A-Z]+s\b")


# The whole words, lowercased, that each pattern above needs: a contraction is a whole
# word (its guard and \b), "Id've" starts with the word "id"; "its" and a surname are
# followed by white space. A paragraph without the words a pattern needs (its
# `english_words`) is not scanned with it. Surnames that are also English words ("So",
# "An", "Son") are in most paragraphs as lowercase words: the surname as written must be
# in the text too.
_CONTRACTION_WORDS = frozenset(w.lower() for w in _CONTRACTIONS if "'" not in w) | {"id"}
_SURNAME_WORDS = {name.lower(): name for name in _SURNAMES.split("|")}


def _may_hold_korean_name(text: str, words: list[str]) -> bool:
    found = _SURNAME_WORDS.keys() & words
    return bool(found) and any(_SURNAME_WORDS[word] in text for word in found)


def _glossary_possessives(ctx) -> re.Pattern[str] | None:
    """One regex for every proper-noun glossary term followed by a bare "s"; built once."""
    key = ("Q001", "glossary")
    if key in ctx.cache:
        return ctx.cache[key]
    pattern = None
    if ctx.glossary is not None and len(ctx.glossary):
        from toolkit.terms import en_regex

        forms = set()
        for term in ctx.glossary:
            for form in term.en_forms:
                if form[:1].isupper() and not form.endswith("s") and len(form) > 2:
                    forms.add(form)
        plural_ok = {form for term in ctx.glossary for form in term.en_forms}
        if forms:
            alts = "|".join(en_regex(f) for f in sorted(forms, key=len, reverse=True))
            pattern = re.compile(f"(?P<core>{alts})s(?![\\w’'])")
            ctx.cache[("Q001", "plurals")] = plural_ok
    ctx.cache[key] = pattern
    return pattern


def _glossary_without_apostrophes(ctx) -> tuple[re.Pattern[str] | None, dict[str, str]]:
    """One regex for every glossary form that holds an apostrophe written without it
    ("Workers Party" for Workers' Party), and each such spelling's form; built once."""
    key = ("Q001", "bare-forms")
    if key not in ctx.cache:
        bare: dict[str, str] = {}
        for term in ctx.glossary or ():
            for form in term.en_forms:
                stripped = form.replace("'", "").replace("’", "")
                if stripped != form and len(stripped.split()) > 1:
                    bare.setdefault(stripped, form)
        pattern = None
        if bare:
            alts = "|".join(re.escape(b) for b in sorted(bare, key=len, reverse=True))
            pattern = re.compile(rf"(?<![\w’'])(?:{alts})(?![\w’'])")
        ctx.cache[key] = (pattern, bare)
    return ctx.cache[key]


def _document_korean(ctx) -> str:
    text = ctx.doc_cache.get(("Q001", "korean"))
    if text is None:
        doc = ctx.document
        text = "\n\n".join(p.text for u in doc.units for p in u.ko) if doc else ""
        ctx.doc_cache[("Q001", "korean")] = text
    return text


# What the evidence for an acronym possessive below needs in the Korean: an acronym glued
# to Hangul (데일리NK) or followed by the possessive particle (NK의); led by the capital
# letter, which Korean text seldom has, so the search skips most of it.
_ACRONYM_IN_KOREAN = re.compile("[A-Z](?:(?<=[\uac00-\ud7a3][A-Z])[A-Z]|[A-Z]의)")


def _acronym_evidence(ctx, unit: Unit) -> bool:
    """Whether the Korean the acronym test reads can hold its evidence at all; without it,
    the English need not be scanned for acronym possessives."""
    key = ("Q001", "acronym-evidence")
    found = ctx.doc_cache.get(key) if ctx.document is not None else None
    if found is None:
        found = _ACRONYM_IN_KOREAN.search(_document_korean(ctx) or unit.ko_text) is not None
        if ctx.document is not None and _document_korean(ctx):
            ctx.doc_cache[key] = found
    return found


@check("Q001", "lost-apostrophe", Severity.ERROR)
def lost_apostrophe(unit: Unit, ctx) -> Iterator[Hit]:
    """An apostrophe lost in the English: "Daily NKs sources", "Kim Jong Uns uncle", "dont", "Its a sign".

    Possessives are recognised for glossary names and Korean personal names; "its" is
    reported only where "it's" is the only reading (before an article, "not", "been", …).
    """
    glossary_re = _glossary_possessives(ctx)
    plurals = ctx.cache.get(("Q001", "plurals"), set())
    for para, words in zip(unit.en, english_words(unit)):
        text = para.text
        seen: set[int] = set()

        def hit(start: int, end: int, message: str) -> Hit:
            seen.add(start)
            return Hit(message, paragraph=para.id, offset=start, en=excerpt(text, start, end))

        for match in _CONTRACTION_RE.finditer(text) if not _CONTRACTION_WORDS.isdisjoint(words) else ():
            word = match.group(1)
            fixed = _CONTRACTIONS.get(word) or _CONTRACTIONS.get(word.lower())
            if fixed is None or (word in ("Im", "Ive") and not word.istitle()):
                continue
            if word.lower() in ("im",) and word != "Im":
                continue
            if word.lower() in _GUARDED:
                if _NOUN_BEFORE.search(text[:match.start()]) or not _VERB_AFTER.match(text, match.end()):
                    continue
            yield hit(match.start(), match.end(), f"{word!r} has lost its apostrophe: {fixed!r}")
        for match in _ITS.finditer(text) if "its" in words else ():
            yield hit(match.start(), match.end(),
                      f"{match.group(1)!r} here means \"{match.group(1)[0]}t's\" (it is / it has): "
                      "the apostrophe is missing")
        bare_re, bare = _glossary_without_apostrophes(ctx)
        for match in bare_re.finditer(text) if bare_re is not None else ():
            yield hit(match.start(), match.end(),
                      f"{match.group()!r} has lost its apostrophe: {bare[match.group()]!r}")
        if glossary_re is not None:
            for match in glossary_re.finditer(text):
                if match.group() in plurals or match.start() in seen:
                    continue
                core = match.group("core")
                yield hit(match.start(), match.end(),
                          f"{core + 's'!r}: possessive without apostrophe, write {core + chr(8217) + 's'!r}")
        for match in _KOREAN_NAME_S.finditer(text) if _may_hold_korean_name(text, words) else ():
            if match.start() in seen:
                continue
            core = match.group()[:-1]
            yield hit(match.start(), match.end(),
                      f"{match.group()!r}: possessive without apostrophe, write {core + chr(8217) + 's'!r}")
        bare_surname = _bare_surname_possessive(unit.ko_text) if "씨" in unit.ko_text else None
        for match in bare_surname.finditer(text) if bare_surname is not None else ():
            if match.start() in seen:
                continue
            core = match.group(1)
            yield hit(match.start(), match.end(),
                      f"{match.group()!r}: possessive without apostrophe, write {core + chr(8217) + 's'!r}")
        if _ACRONYM_S.search(text) and _acronym_evidence(ctx, unit):
            for match in _ACRONYM_NAME_S.finditer(text):
                core = match.group(1)
                if match.start() in seen or core + "s" == core:
                    continue
                acronym = core.split()[-1]
                # Evidence: the bare name elsewhere in the English, or a Korean brand name
                # written with the acronym glued to Hangul (데일리NK), or the acronym with the
                # possessive particle (NK의). A plural (ICBMs) has none of these.
                korean = _document_korean(ctx) or unit.ko_text
                if f"{acronym}의" in korean or re.search(f"[\uac00-\ud7a3]{re.escape(acronym)}", korean):
                    yield hit(match.start(), match.end(),
                              f"{core + 's'!r}: possessive without apostrophe, write {core + chr(8217) + 's'!r}")


# -- Q002 ----------------------------------------------------------------------------------

_QUOTE_CHARS = re.compile("[\"“”'‘’()\\[\\]]")
# "1) the first point", "a) …": a list marker, not a closing parenthesis.
_ENUMERATION = re.compile(r"(?:^|\s)[0-9A-Za-z]{1,2}\)$")
_BEFORE_OPEN = set("([{—–/")  # after these (or a space) a straight quote opens
_AFTER_CLOSE = set(".,;:!?)]}—–")  # before these (or a space) a straight quote closes
_QUOTES = set("\"“”'‘’")


def _straight_role(before: str, after: str) -> str:
    """"open", "close" or "either" for a straight quotation mark from its neighbours."""
    if before.isspace() or before in _BEFORE_OPEN:
        return "either" if after.isspace() else "open"
    if after.isspace() or after in _AFTER_CLOSE:
        return "close"
    if before in _QUOTES:
        return "close" if after in _QUOTES else "open"  # '"word opens; !'" closes
    if after.isalnum() and not before.isalnum():
        return "open"  # after other markup: ``"B"``, *"word"*
    return "close"


def _quote_events(text: str) -> list[tuple[int, str, str]]:
    """(offset, kind, role) for each quotation mark and bracket: kind is '"', "'", "(" or "[";
    role is "open", "close", "either" (a straight mark between spaces), "inch" or
    "soft-close" (a single mark that closes a quote or ends a plural possessive).
    Apostrophes (don’t, ’90s) are left out."""
    events = []
    n = len(text)
    for match in _QUOTE_CHARS.finditer(text):
        i = match.start()
        ch = match.group()
        before = text[i - 1] if i else " "
        after = text[i + 1] if i + 1 < n else " "
        if ch in "([":
            events.append((i, ch, "open"))
        elif ch in ")]":
            events.append((i, "(" if ch == ")" else "[", "close"))
        elif ch == "“":
            events.append((i, '"', "open"))
        elif ch == "”":
            events.append((i, '"', "close"))
        elif ch == '"':
            if before.isdigit() and not after.isalpha():
                events.append((i, '"', "inch"))
            else:
                events.append((i, '"', _straight_role(before, after)))
        else:  # ‘ ’ '
            if before.isalnum() and after.isalpha():
                continue  # don’t, Kim’s, O’Brien
            if after.isdigit() and not before.isalnum():
                continue  # ’90s, '16
            role = "open" if ch == "‘" else ("close" if ch == "’" else _straight_role(before, after))
            if role == "open" and ch != "‘" and before.isalnum():
                role = "close"
            if role == "either":
                continue  # a lone mark between spaces quotes nothing
            events.append((i, "'", "open" if role == "open" else "soft-close"))
    return events


def _unbalanced(text: str) -> tuple[list[tuple[int, str]], list[tuple[int, str]],
                                    list[tuple[int, str]]]:
    """(opened and never closed, closed but never opened, left open where another straight
    double quotation opens), as (offset, kind). Straight double marks do not nest (a quote
    inside a quote takes single marks), so a second one opening means the first was not
    closed: unlike a quote still open at the end, that is no quote running on to the next
    paragraph."""
    stack: list[tuple[int, str]] = []
    brackets: list[tuple[int, str]] = []
    stray: list[tuple[int, str]] = []
    reopened: list[tuple[int, str]] = []
    for offset, kind, role in _quote_events(text):
        if kind in "([":
            if role == "open":
                brackets.append((offset, kind))
            elif brackets and brackets[-1][1] == kind:
                brackets.pop()
            elif not _ENUMERATION.search(text, 0, offset + 1):
                stray.append((offset, kind))
            continue
        if role in ("inch", "either"):
            # Close an open quotation if there is one; an inch mark or a spaced stray
            # quote otherwise opens nothing that must be closed later.
            if stack and stack[-1][1] == '"':
                stack.pop()
            elif role == "either":
                stack.append((offset, kind))
            continue
        if role == "open":
            # Straight marks only (curly ones say which way they go, and “a “b” c” is
            # nested), and not in a run of marks ('""', a code docstring's '"""').
            if (text[offset] == '"' and stack and text[stack[-1][0]] == '"'
                    and '"' not in text[offset - 1:offset + 2:2]):
                reopened.append(stack.pop())
            stack.append((offset, kind))
        elif role == "close":
            # Closing a double quote also ends any single quote still open inside it.
            while stack and stack[-1][1] != kind:
                stray_single = stack.pop()
                stray.append((stray_single[0], "'unclosed"))
            if stack:
                stack.pop()
            else:
                stray.append((offset, kind))
        elif role == "soft-close":
            if stack and stack[-1][1] == "'":
                stack.pop()
    unclosed = stack + brackets
    unclosed += [(o, "'") for o, k in stray if k == "'unclosed"]
    stray = [(o, k) for o, k in stray if k != "'unclosed"]
    return sorted(unclosed), stray, reopened


def _next_english(ctx, para: Paragraph) -> Paragraph | None:
    """The English paragraph after `para` in the document (across units)."""
    doc = ctx.document
    if doc is None:
        return None
    table = ctx.doc_cache.get(("Q002", "next"))
    if table is None:
        ordered = [p for u in doc.units for p in u.en]
        table = {p.id: (ordered[n + 1] if n + 1 < len(ordered) else None) for n, p in enumerate(ordered)}
        ctx.doc_cache[("Q002", "next")] = table
    return table.get(para.id)


_NAMES = {'"': "quotation mark", "'": "single quotation mark", "(": "parenthesis", "[": "bracket"}


@check("Q002", "unbalanced-quote", Severity.WARNING)
def unbalanced_quote(unit: Unit, ctx) -> Iterator[Hit]:
    """A quotation mark or bracket opened and never closed, or closed and never opened.

    A quote may run over several paragraphs: a paragraph that ends inside a quotation is
    correct when the next paragraph opens again with a quotation mark.
    """
    for para in unit.en:
        text = para.text
        if not _QUOTE_CHARS.search(text):
            continue
        unclosed, stray, reopened = _unbalanced(text)
        if unclosed and all(kind in "\"'" for _, kind in unclosed):
            nxt = _next_english(ctx, para)
            if nxt is not None and nxt.text.lstrip()[:1] in ("“", '"', "‘", "'"):
                unclosed = []  # the newsroom convention for a quote over several paragraphs
        for offset, kind in sorted(unclosed + reopened):
            yield Hit(f"{_NAMES[kind]} {text[offset]!r} is opened and never closed",
                      paragraph=para.id, offset=offset, en=excerpt(text, offset, offset + 1))
        for offset, kind in stray:
            yield Hit(f"{_NAMES[kind]} {text[offset]!r} is closed but never opened",
                      paragraph=para.id, offset=offset, en=excerpt(text, offset, offset + 1))


# -- Q003 ----------------------------------------------------------------------------------

# The lookbehind after the mark, not before it: the engine then scans for the mark itself.
_STRAIGHT_DOUBLE = re.compile(r'"(?<!\d")')
_CURLY_DOUBLE = re.compile("[“”]")
_STRAIGHT_SINGLE = re.compile(r"'(?<!\d')")
_CURLY_SINGLE = re.compile("[‘’]")


@check("Q003", "mixed-quotes", Severity.WARNING, scope=Scope.DOCUMENT)
def mixed_quotes(doc: Document, ctx) -> Iterator[Hit]:
    """Straight and curly quotes (or apostrophes) mixed in one document; the minority places are reported."""
    paragraphs = [(u.index, p) for u in doc.units for p in u.en]
    for what, mark, straight_re, curly_re in (
            ("double quotes", '"', _STRAIGHT_DOUBLE, _CURLY_DOUBLE),
            ("apostrophes and single quotes", "'", _STRAIGHT_SINGLE, _CURLY_SINGLE)):
        straight: list[tuple[int, Paragraph, int]] = []
        curly: list[tuple[int, Paragraph, int]] = []
        for index, para in paragraphs:
            # Substring and ASCII tests first (curly marks are not ASCII): most paragraphs
            # have no quotation mark, and str.isascii() reads a flag.
            m = straight_re.search(para.text) if mark in para.text else None
            if m:
                straight.append((index, para, m.start()))
            m = None if para.text.isascii() else curly_re.search(para.text)
            if m:
                curly.append((index, para, m.start()))
        if not straight or not curly:
            continue
        s_count = sum(len(straight_re.findall(p.text)) for _, p, _ in straight)
        c_count = sum(len(curly_re.findall(p.text)) for _, p, _ in curly)
        minority, style, other = ((straight, "straight", "curly") if s_count <= c_count
                                  else (curly, "curly", "straight"))
        majority_count = max(s_count, c_count)
        for index, para, offset in minority:
            yield Hit(f"{style} {what} in a document that otherwise uses {other} ones "
                      f"({majority_count} {other})", paragraph=para.id, offset=offset, unit=index,
                      en=excerpt(para.text, offset, offset + 1))
