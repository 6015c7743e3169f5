"""The house glossary: its model, loading and saving, and the Korean-aware term matcher.

A glossary entry pairs a Korean term with its approved English, the spellings the desk
has ruled out (forbidden), the kind of name it is, a note, Korean variants (the North's
spelling, 로동당 for 노동당) and English variants the entry allows. The matcher is built
once per run and answers "which terms are in this Korean text" and "which English forms
of a term are in this English text"; the checks, the aligner and `toolkit terms` all use
it, so a term is recognised the same way everywhere.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import chain
from pathlib import Path
from typing import Any, Iterable, Iterator

from toolkit.errors import ConfigError, InputError

KINDS = ("person", "place", "organisation", "title", "other")
YAML_KEYS = ("ko", "en", "forbidden", "kind", "note", "variants", "en-variants")


@dataclass(frozen=True, slots=True)
class Term:
    """One glossary entry: a Korean term and how the desk renders it in English."""

    ko: str
    en: str
    forbidden: tuple[str, ...] = ()
    kind: str = "other"
    note: str = ""
    ko_variants: tuple[str, ...] = ()  # other Korean spellings, e.g. 로동당 for 노동당
    en_variants: tuple[str, ...] = ()  # other English forms the entry allows

    @property
    def ko_forms(self) -> tuple[str, ...]:
        """The Korean surfaces that count as this term: the term, then its variants."""
        return (self.ko, *self.ko_variants)

    @property
    def en_forms(self) -> tuple[str, ...]:
        """The English surfaces that count as a correct rendering: approved, then allowed."""
        return (self.en, *self.en_variants)


@dataclass(slots=True)
class Glossary:
    """A list of terms, and the file it came from (if any)."""

    terms: list[Term]
    path: Path | None = None

    def get(self, ko: str) -> Term | None:
        """The term whose Korean (or a Korean variant) is `ko`, or None."""
        for term in self.terms:
            if ko == term.ko or ko in term.ko_variants:
                return term
        return None

    def __len__(self) -> int:
        return len(self.terms)

    def __iter__(self) -> Iterator[Term]:
        return iter(self.terms)


# -- building and validating -----------------------------------------------------------------

def _clean(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _clean_list(values: Iterable[Any]) -> tuple[str, ...]:
    return tuple(v for v in (_clean(x) for x in values) if v)


def make_term(*, ko: Any, en: Any, forbidden: Iterable[Any] = (), kind: Any = "other",
              note: Any = "", ko_variants: Iterable[Any] = (), en_variants: Iterable[Any] = (),
              path: str | Path | None = None, line: int | None = None) -> Term:
    """Build one Term from loosely typed fields, rejecting what cannot be a glossary entry.

    Leading and trailing spaces are dropped and CRLF in notes becomes LF, so that every
    exchange format gives back the same Term. Raises ConfigError naming `path` and `line`.
    """
    term = Term(ko=_clean(ko), en=_clean(en), forbidden=_clean_list(forbidden),
                kind=_clean(kind) or "other",
                note=_clean(note).replace("\r\n", "\n").replace("\r", "\n"),
                ko_variants=_clean_list(ko_variants), en_variants=_clean_list(en_variants))
    label = term.ko or term.en or "entry"
    if not term.ko:
        raise ConfigError(f"glossary entry {term.en!r} has an empty Korean term", path, line)
    if not term.en:
        raise ConfigError(f"glossary entry {term.ko!r} has no approved English", path, line)
    if term.kind not in KINDS:
        raise ConfigError(f"{label}: unknown kind {term.kind!r} (kinds: {', '.join(KINDS)})",
                          path, line)
    for value in (term.ko, term.en, *term.forbidden, *term.ko_variants, *term.en_variants):
        # One line per surface, and no ';': CSV/TSV separate variants with ';'.
        if "\n" in value or "\r" in value or ";" in value or "\t" in value:
            raise ConfigError(f"{label}: {value!r} contains a line break, tab or ';'", path, line)
    for name, values in (("forbidden", term.forbidden), ("variants", term.ko_variants),
                         ("en-variants", term.en_variants)):
        dup = [v for v, n in Counter(values).items() if n > 1]
        if dup:
            raise ConfigError(f"{label}: {dup[0]!r} is listed twice in {name}", path, line)
    allowed = set(term.en_forms)
    clash = [v for v in term.forbidden if v in allowed]
    if clash:
        what = "approved English" if clash[0] == term.en else "an allowed English variant"
        raise ConfigError(f"{label}: {clash[0]!r} is both {what} and forbidden", path, line)
    if term.ko in term.ko_variants:
        raise ConfigError(f"{label}: a Korean variant repeats the term itself", path, line)
    if term.en in term.en_variants:
        raise ConfigError(f"{label}: an English variant repeats the approved English", path, line)
    return term


def build_glossary(entries: Iterable[tuple[Term, int | None]], path: str | Path | None = None
                   ) -> Glossary:
    """Check entries against each other and make a Glossary.

    Refused: the same Korean surface (term or variant) in two entries, and an entry's
    forbidden spelling that another entry approves (T001 would then flag correct copy).
    """
    terms: list[Term] = []
    seen_ko: dict[str, tuple[Term, int | None]] = {}
    approved: dict[str, Term] = {}
    lines: list[int | None] = []
    for term, line in entries:
        for surface in term.ko_forms:
            if surface in seen_ko:
                other, other_line = seen_ko[surface]
                where = f" (first at line {other_line})" if other_line else ""
                if other.en != term.en:
                    raise ConfigError(f"duplicate Korean term {surface!r} with different English: "
                                      f"{other.en!r} and {term.en!r}{where}", path, line)
                raise ConfigError(f"duplicate Korean term {surface!r}{where}; merge the entries",
                                  path, line)
            seen_ko[surface] = (term, line)
        for form in term.en_forms:
            approved.setdefault(form, term)
        terms.append(term)
        lines.append(line)
    for term, line in zip(terms, lines):
        for bad in term.forbidden:
            other = approved.get(bad)
            if other is not None and other is not term:
                raise ConfigError(f"{term.ko}: forbidden {bad!r} is the approved English of "
                                  f"{other.ko}", path, line)
    return Glossary(terms, Path(path) if path is not None else None)


# -- YAML ------------------------------------------------------------------------------------

def _as_list(value: Any, key: str, label: str, path: Path, line: int | None) -> list:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    if not isinstance(value, list) or not all(isinstance(v, (str, int, float)) for v in value):
        raise ConfigError(f"{label}: {key} must be a list of strings", path, line)
    return value


def glossary_from_yaml(text: str, path: str | Path) -> Glossary:
    """Parse the YAML glossary format (a mapping with a `terms` list)."""
    import yaml

    from toolkit.fileio import load_yaml

    path = Path(path)
    data = load_yaml(path, text=text)
    root = yaml.compose(text, Loader=yaml.SafeLoader)
    if not isinstance(data, dict) or not isinstance(root, yaml.MappingNode):
        raise ConfigError("a glossary must be a mapping with a 'terms' list", path, 1)
    key_nodes = {k.value: (k, v) for k, v in root.value}
    for key in data:
        if key != "terms":
            raise ConfigError(f"unknown key {key!r} (a glossary has only 'terms')", path,
                              key_nodes[str(key)][0].start_mark.line + 1)
    items = data.get("terms")
    if items is None:
        items = []
    if not isinstance(items, list):
        raise ConfigError("'terms' must be a list", path, key_nodes["terms"][0].start_mark.line + 1)
    item_nodes = key_nodes["terms"][1].value if "terms" in key_nodes and items else []
    entries = []
    for item, node in zip(items, item_nodes):
        line = node.start_mark.line + 1
        if not isinstance(item, dict):
            raise ConfigError("each glossary entry must be a mapping with ko and en", path, line)
        for key in item:
            if key not in YAML_KEYS:
                raise ConfigError(f"unknown key {key!r} in glossary entry (known: "
                                  f"{', '.join(YAML_KEYS)})", path, line)
        label = _clean(item.get("ko")) or "entry"
        for key in ("ko", "en", "kind", "note"):
            if isinstance(item.get(key), (list, dict)):
                raise ConfigError(f"{label}: {key} must be a string", path, line)
        entries.append((make_term(
            ko=item.get("ko"), en=item.get("en"),
            forbidden=_as_list(item.get("forbidden"), "forbidden", label, path, line),
            kind=item.get("kind") or "other", note=item.get("note"),
            ko_variants=_as_list(item.get("variants"), "variants", label, path, line),
            en_variants=_as_list(item.get("en-variants"), "en-variants", label, path, line),
            path=path, line=line), line))
    return build_glossary(entries, path)


def term_to_dict(term: Term) -> dict[str, Any]:
    """A term as its YAML mapping (keys with default values left out)."""
    data: dict[str, Any] = {"ko": term.ko, "en": term.en}
    if term.forbidden:
        data["forbidden"] = list(term.forbidden)
    if term.ko_variants:
        data["variants"] = list(term.ko_variants)
    if term.en_variants:
        data["en-variants"] = list(term.en_variants)
    if term.kind != "other":
        data["kind"] = term.kind
    if term.note:
        data["note"] = term.note
    return data


def glossary_to_yaml(glossary: Glossary) -> str:
    """The YAML text of a glossary."""
    from toolkit.fileio import dump_yaml

    return dump_yaml({"terms": [term_to_dict(t) for t in glossary.terms]})


GLOSSARY_SUFFIXES = {".yaml": "yaml", ".yml": "yaml", ".csv": "csv", ".tsv": "tsv",
                     ".tbx": "tbx", ".xml": "tbx"}


def glossary_format(path: Path | str) -> str:
    """The exchange format of a glossary file, from its extension."""
    suffix = Path(path).suffix.lower()
    if suffix not in GLOSSARY_SUFFIXES:
        raise InputError(f"unknown glossary format {suffix or '(no extension)'!r}: use .yaml, "
                         ".csv, .tsv or .tbx", path)
    return GLOSSARY_SUFFIXES[suffix]


def load_glossary(path: Path | str) -> Glossary:
    """Load a glossary file, choosing the format by extension (.yaml/.yml, .csv, .tsv, .tbx/.xml).

    Problems raise InputError (unreadable, malformed) or ConfigError (bad entries) naming the
    file and line; the CLI turns them into exit code 2.
    """
    path = Path(path)
    fmt = glossary_format(path)
    if fmt == "yaml":
        from toolkit.fileio import read_text

        return glossary_from_yaml(read_text(path), path)
    from toolkit.interchange import glossary as exchange

    return exchange.read_glossary(path, fmt)


def save_glossary(glossary: Glossary, path: Path | str) -> None:
    """Write a glossary as YAML, atomically."""
    from toolkit.fileio import atomic_write

    atomic_write(path, glossary_to_yaml(glossary))


def corpus_glossary(corpus: Any) -> Glossary:
    """The glossary a corpus's toolkit.yaml names; empty (but with its path) if the file is
    not there yet, so that `terms add` can create it."""
    path = corpus.glossary_path
    if path is None:
        raise ConfigError("this corpus has no glossary: set 'glossary: glossary.yaml' in "
                          "toolkit.yaml", corpus.settings.path)
    if not Path(path).exists():
        return Glossary([], Path(path))
    glossary = load_glossary(path)
    glossary.path = Path(path)
    return glossary


# -- Korean matching -------------------------------------------------------------------------
#
# Korean writes particles, copulas and some suffixes directly onto a name with no space:
# 김정은의, 김정은에게, 노동당에서는, 김정은이었다. A term therefore matches where the text
# before it is not a Hangul syllable and the Hangul run after it (up to the next space or
# punctuation) is made only of such endings. Anything else means the term is the start
# of a longer word, usually a different name (김정은혜), so it is not a match. Compounds
# that are names in their own right (국가보위성 around 보위성) are matched only when the
# glossary lists the compound; the longest listed surface wins.

# Endings that can follow any noun. Those with two forms depend on whether the syllable
# before ends in a consonant (batchim): 이/가, 은/는, 을/를, 과/와, 으로/로.
_NEUTRAL_ENDINGS = (
    "의", "에", "에서", "에게", "에게서", "에게로", "한테", "한테서", "께", "께서", "도", "만",
    "까지", "부터", "처럼", "보다", "조차", "마저", "뿐", "밖에", "마다", "대로", "만큼", "하고",
    "에는", "에도", "에서는", "에서도", "에서의",
    # copula forms that keep 이 after a vowel too (리설주이다 and 리설주다 are both written)
    "이다", "이었다", "이었던", "이었으며", "이었고", "이었는데", "이며", "이고", "이라고",
    "이라는", "이라며", "이란", "이자", "이던", "이지만", "인", "인데", "이라도", "이든", "이야",
)
_AFTER_CONSONANT = ("이", "은", "을", "과", "으로", "으로서", "으로부터", "으로써", "이랑", "이나")
_AFTER_VOWEL = ("가", "는", "를", "와", "랑", "나", "다", "였다", "였던", "였으며", "였고", "며",
                "라고", "라는", "라며", "란", "자", "던", "라도", "든", "야")
_AFTER_VOWEL_OR_RIEUL = ("로", "로서", "로부터", "로써")
# Suffixes written onto a name before any particle: plural, "side", honorifics, family.
_SUFFIXES = {
    "person": ("들", "측", "씨", "님", "일가"),
    "place": ("들", "측", "시", "군", "도", "구", "읍", "면", "리", "항", "역"),
    "organisation": ("들", "측"),
    "title": ("들", "님", "측"),
    "other": ("들", "측"),
}
_HANGUL = "\uac00-\ud7a3"
_HANGUL_RUN = re.compile(f"[{_HANGUL}]*")
_ANY_ENDING = sorted(set(_NEUTRAL_ENDINGS + _AFTER_CONSONANT + _AFTER_VOWEL + _AFTER_VOWEL_OR_RIEUL),
                     key=len, reverse=True)


def _alternation(words: Iterable[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


def _tail_pattern(first: Iterable[str], kind: str) -> re.Pattern[str]:
    rest = _alternation(_ANY_ENDING)
    suffix = _alternation(_SUFFIXES[kind])
    # Up to four endings stacked: 김정은 + 일가 + 에게 + 서 + 는 is already rare.
    return re.compile(f"(?:(?:{suffix}|{_alternation(first)})(?:{rest}){{0,3}})?")


def _batchim(char: str) -> int | None:
    """The final-consonant index of a Hangul syllable (0: none, 8: ㄹ), or None."""
    code = ord(char) - 0xAC00
    return code % 28 if 0 <= code <= 11171 else None


_TAILS: dict[tuple[str, str], re.Pattern[str]] = {}


@lru_cache(maxsize=1 << 16)  # pure, and asked for the same words over and over
def _tail_ok(term_end_char: str, tail: str, kind: str) -> bool:
    """True when `tail` (the Hangul run after a term) is a sequence of endings."""
    if not tail:
        return True
    final = _batchim(term_end_char)
    if final is None:
        key = "any"
        first = _ANY_ENDING
    elif final == 0:
        key = "vowel"
        first = _NEUTRAL_ENDINGS + _AFTER_VOWEL + _AFTER_VOWEL_OR_RIEUL
    elif final == 8:
        key = "rieul"
        first = _NEUTRAL_ENDINGS + _AFTER_CONSONANT + _AFTER_VOWEL_OR_RIEUL
    else:
        key = "consonant"
        first = _NEUTRAL_ENDINGS + _AFTER_CONSONANT
    pattern = _TAILS.get((key, kind))
    if pattern is None:
        pattern = _TAILS[(key, kind)] = _tail_pattern(first, kind)
    return pattern.fullmatch(tail) is not None


# -- English matching ------------------------------------------------------------------------

_APOS = "'\u2019"
_POSSESSIVE = f"(?P<poss>[{_APOS}]s|(?<=s)[{_APOS}])?"


def _en_atoms(surface: str) -> list[str]:
    """Regex atoms for an English surface: case as written (a lower-case first letter may be
    capitalised at a sentence start), either apostrophe, any run of white space."""
    atoms: list[str] = []
    for i, ch in enumerate(surface):
        if ch in _APOS:
            atoms.append(f"[{_APOS}]")
        elif ch.isspace():
            if not atoms or atoms[-1] != r"\s+":
                atoms.append(r"\s+")
        elif i == 0 and ch.isalpha() and ch.islower():
            atoms.append(f"[{ch}{ch.upper()}]")
        else:
            atoms.append(re.escape(ch))
    return atoms


def en_regex(surface: str) -> str:
    """A regex fragment matching an English surface as `TermMatcher` does (whole words)."""
    body = "".join(_en_atoms(surface))
    return r"(?<!\w)" + body if surface[:1].isalnum() else body


def _en_key(text: str) -> str:
    """Normalised form used to map a matched English surface back to its entry."""
    return " ".join(text.replace("\u2019", "'").split())


_END = ""  # trie key marking the end of a surface


def _trie_regex(node: dict) -> str:
    """A regex from a trie of atoms. Longer continuations come before the end of a surface,
    so the engine tries the longest form first and backs off to shorter ones."""
    alts = [atom + _trie_regex(child) for atom, child in node.items() if atom != _END]
    if _END in node:
        alts.append(node[_END])
    if len(alts) == 1:
        return alts[0]
    return "(?:" + "|".join(alts) + ")"


def _en_compile(surfaces: Iterable[str], plurals: bool = True) -> re.Pattern[str]:
    """One pattern for many English surfaces, built as a trie so that a paragraph is scanned
    once in C however large the glossary is. Each surface matches as written and in
    capitals (KIM JONG UN in a headline)."""
    tries: dict[bool, dict] = {True: {}, False: {}}
    firsts: set[str] = set()
    written = set(surfaces)
    for surface in written | {surface.upper() for surface in written}:
        if not surface:
            continue
        node = tries[surface[:1].isalnum()]
        for atom in _en_atoms(surface):
            node = node.setdefault(atom, {})
        # A common noun (English written lower-case: security agent, jangmadang) takes a
        # regular plural; a capitalised name does not (Kim Jong Uns is a lost apostrophe).
        plural = plurals and surface[:1].islower() and surface[-1:].isalpha()
        node[_END] = "(?:e?s)?" if plural or node.get(_END) == "(?:e?s)?" else ""
        first = surface[0]
        firsts.update({first, first.upper()} if first.isalpha() else {first})
    parts = []
    if tries[True]:
        parts.append(r"(?<!\w)" + _trie_regex(tries[True]))
    if tries[False]:
        parts.append(_trie_regex(tries[False]))
    if not parts:
        return re.compile(r"(?!x)x")
    lead = "".join(re.escape(c) if c not in _APOS else c for c in sorted(firsts))
    return re.compile(f"(?=[{lead}])(?P<core>{'|'.join(parts)}){_POSSESSIVE}(?![\\w])")


@dataclass(frozen=True, slots=True)
class TermHit:
    """Where a term's surface occurs in a text.

    `start`/`end`/`text` cover the surface itself (not a Korean particle or an English
    possessive after it); `form` says which surface matched: for Korean, the Korean form
    (the term or one of its variants); for English, "approved", "variant" or "forbidden".
    `tail` is what is attached after the surface (의, 에서는, ’s), for messages.
    """

    term: Term
    start: int
    end: int
    text: str
    form: str
    tail: str = ""


class _TrieNode:
    __slots__ = ("children", "terms")

    def __init__(self) -> None:
        self.children: dict[str, _TrieNode] = {}
        self.terms: list[tuple[Term, str]] = []


class TermMatcher:
    """Finds glossary terms in Korean and English text; build once, use for every unit."""

    def __init__(self, glossary: Glossary):
        self.glossary = glossary
        self._root = _TrieNode()
        firsts: set[str] = set()
        for term in glossary.terms:
            for form in term.ko_forms:
                node = self._root
                key = " ".join(form.split())
                for ch in key:
                    node = node.children.setdefault(ch, _TrieNode())
                node.terms.append((term, form))
                firsts.add(key[0])
        # A cheap scan for places where a term can start; the trie walk does the rest.
        if firsts:
            chars = "".join(re.escape(c) for c in sorted(firsts))
            self._starts: re.Pattern[str] | None = re.compile(f"[{chars}]")
        else:
            self._starts = None
        self._en_term: dict[int, re.Pattern[str]] = {}
        self._approved: dict[str, tuple[Term, str]] = {}
        self._forbidden: dict[str, Term] = {}
        for term in glossary.terms:
            # Every form as written and in capitals, as `_en_compile` matches them.
            for key in (_en_key(term.en), _en_key(term.en).upper()):
                self._approved.setdefault(key, (term, "approved"))
            for form in term.en_variants:
                for key in (_en_key(form), _en_key(form).upper()):
                    self._approved.setdefault(key, (term, "variant"))
            for form in term.forbidden:
                for key in (_en_key(form), _en_key(form).upper()):
                    self._forbidden.setdefault(key, term)
        self._approved_re = _en_compile(t.en for t in glossary.terms) if glossary.terms else None
        self._any_re: re.Pattern[str] | None = None
        self._forbidden_re: re.Pattern[str] | None = None

    # Korean

    def _walk(self, text: str, pos: int) -> list[tuple[int, Term, str]]:
        """Every term surface that starts at `pos`, as (end, term, form), longest first."""
        node = self._root
        found: list[tuple[int, Term, str]] = []
        i = pos
        n = len(text)
        while i < n:
            ch = text[i]
            if ch.isspace():
                child = node.children.get(" ")
                if child is None:
                    break
                while i < n and text[i].isspace():
                    i += 1
                node = child
                continue
            child = node.children.get(ch)
            if child is None:
                break
            node = child
            i += 1
            for term, form in node.terms:
                found.append((i, term, form))
        found.reverse()
        return found

    def find_ko(self, text: str) -> list[TermHit]:
        """Glossary terms (and their Korean variants) in Korean text, left to right.

        Particles, copulas and name suffixes attached to a term are allowed; a term inside a
        longer word is not a match; where surfaces overlap, the longest wins.
        """
        hits: list[TermHit] = []
        if self._starts is None:
            return hits
        pos = 0
        while True:
            m = self._starts.search(text, pos)
            if m is None:
                return hits
            start = m.start()
            prev = text[start - 1] if start else ""
            first = text[start]
            if prev and _is_hangul(first) and _is_hangul(prev) or \
                    prev and first.isascii() and first.isalnum() and prev.isalnum():
                pos = start + 1
                continue
            for end, term, form in self._walk(text, start):
                last = text[end - 1]
                if last.isascii() and last.isalnum() and end < len(text) and text[end].isascii() \
                        and text[end].isalnum():
                    continue
                tail = _HANGUL_RUN.match(text, end).group()
                if _tail_ok(last, tail, term.kind):
                    hits.append(TermHit(term, start, end, text[start:end], form, tail))
                    pos = end + len(tail)
                    break
            else:
                pos = start + 1

    # English

    def find_en(self, text: str, term: Term) -> list[TermHit]:
        """The approved English of `term` (and the variants it allows) in English text.

        Case as in the glossary (a lower-case first letter may be capitalised), straight or
        curly apostrophes, possessive ’s/'s/s' accepted; plurals or hyphen/space variants
        count only when the entry lists them as English variants.
        """
        pattern = self._en_term.get(id(term))
        if pattern is None:
            pattern = self._en_term[id(term)] = _en_compile(term.en_forms)
        variants = {key for v in term.en_variants for key in (_en_key(v), _en_key(v).upper())} \
            - {_en_key(term.en), _en_key(term.en).upper()}
        hits = []
        for m in pattern.finditer(text):
            core = m.group("core")
            form = "variant" if _en_key(core) in variants else "approved"
            hits.append(TermHit(term, m.start("core"), m.end("core"), core, form, m.group("poss") or ""))
        return hits

    def _lookup(self, table: dict, core: str) -> Any:
        key = _en_key(core)
        candidates = [key]
        if key[:1].isupper():
            candidates.append(key[:1].lower() + key[1:])
        for cand in list(candidates):
            if cand.endswith("es"):
                candidates.append(cand[:-2])
            if cand.endswith("s"):
                candidates.append(cand[:-1])
        for cand in candidates:
            found = table.get(cand)
            if found is not None:
                return found
        return None

    def find_en_any(self, text: str) -> list[TermHit]:
        """Every approved English form (and allowed variant) of any term in English text."""
        if self._any_re is None:
            self._any_re = _en_compile(self._approved)
        hits = []
        for m in self._any_re.finditer(text):
            core = m.group("core")
            found = self._lookup(self._approved, core)
            if found is not None:
                term, form = found
                hits.append(TermHit(term, m.start("core"), m.end("core"), core, form,
                                    m.group("poss") or ""))
        return hits

    def find_forbidden(self, text: str) -> list[TermHit]:
        """Forbidden spellings of any term in English text (case-aware, whole words).

        A forbidden spelling that is only part of an approved form present at the same place
        (a forbidden "Kim Jong" inside "Kim Jong Un") is not reported.
        """
        if not self._forbidden:
            return []
        if self._forbidden_re is None:
            self._forbidden_re = _en_compile(self._forbidden)
        approved = [(h.start, h.end) for h in self.find_en_any(text)]
        hits = []
        for m in self._forbidden_re.finditer(text):
            start, end = m.start("core"), m.end("core")
            if any(a <= start and end <= b and (a, b) != (start, end) for a, b in approved):
                continue
            term = self._lookup(self._forbidden, m.group("core"))
            if term is not None:
                hits.append(TermHit(term, start, end, m.group("core"), "forbidden",
                                    m.group("poss") or ""))
        return hits

    def find_lost_possessive(self, text: str, term: Term) -> list[TermHit]:
        """An approved form followed directly by a bare "s" (Kim Jong Uns): a possessive
        whose apostrophe was lost, which the quotes checks report; the term is present."""
        pattern = re.compile(f"(?P<core>{'|'.join(en_regex(s) for s in term.en_forms)})s(?![\\w])")
        return [TermHit(term, m.start("core"), m.end("core"), m.group("core"), "approved", "s")
                for m in pattern.finditer(text)]


def _is_hangul(ch: str) -> bool:
    return "\uac00" <= ch <= "\ud7a3"


# -- renderings across a corpus (shared by `terms report` and check T003) ----------------------

@dataclass(slots=True)
class Occurrence:
    """One place a glossary term occurs: the unit, and how its English rendered it."""

    doc: Any  # toolkit.checks.Document
    unit: Any  # toolkit.checks.Unit
    ko: TermHit
    rendering: str | None  # the English surface found (approved/variant/forbidden), or None
    status: str  # "approved", "variant", "forbidden", "unlisted", "missing", "untranslated"
    en_hit: TermHit | None = None  # where in the unit's English (offset into `paragraph`)
    paragraph: str | None = None  # English paragraph id of en_hit

    @property
    def term(self) -> Term:
        return self.ko.term


@dataclass(slots=True)
class TermUsage:
    """How one term was rendered across the documents looked at."""

    term: Term
    occurrences: list[Occurrence] = field(default_factory=list)

    @property
    def renderings(self) -> Counter:
        """English rendering -> number of units that used it."""
        return Counter(o.rendering for o in self.occurrences if o.rendering)

    @property
    def off_house(self) -> list[Occurrence]:
        """Occurrences rendered with a spelling the entry does not approve or allow."""
        return [o for o in self.occurrences if o.status in ("forbidden", "unlisted")]

    @property
    def inconsistent(self) -> bool:
        """The term is rendered more than one way (the approved form and its allowed
        variants count as one way)."""
        house = {o.rendering for o in self.occurrences if o.status in ("approved", "variant")}
        other = {o.rendering for o in self.off_house}
        return len(other) + (1 if house else 0) > 1


def _first_hit(unit: Any, finder) -> tuple[TermHit, str] | None:
    for para in unit.en:
        hits = finder(para.text)
        if hits:
            return hits[0], para.id
    return None


def _short_reference(unit: Any, term: Term) -> tuple[TermHit, str] | None:
    """A person named by one part of the approved name (Kim, Trump) standing alone: the
    usual second reference in news copy. "Kim Jung Eun" is not one: a capitalised word
    follows."""
    parts = term.en.split()
    if term.kind != "person" or len(parts) < 2:
        return None
    pattern = re.compile(r"(?<![\w-])(?:%s)(?:['’]s)?(?![\w-]|\s+[A-Z])"
                         % "|".join(re.escape(p) for p in {parts[0], parts[-1]} if len(p) > 1))
    for para in unit.en:
        m = pattern.search(para.text)
        if m is not None:
            return TermHit(term, m.start(), m.end(), m.group(), "short"), para.id
    return None


# A Korean dateline heading a paragraph, "(서울=데일리NK) 강미진 기자 = " or "【평양=AP】": it
# names the outlet and the reporter, not what happened, and translations leave it out.
_KO_DATELINE = re.compile(r"[\[(（【][^\])）】\n=]{1,20}=[^\])）】\n]{1,30}[\])）】]\s*"
                         r"(?:(?:[^\s=]{2,4}\s+){0,3}[^\s=]{2,4}\s?(?:기자|특파원|통신원)(?![가-힣])\s*)?=?\s*")


def dateline_end(text: str) -> int:
    """Where the Korean dateline heading `text` ends (0 when it has none)."""
    match = _KO_DATELINE.match(text)
    return match.end() if match else 0


def unit_occurrences(doc: Any, unit: Any, matcher: TermMatcher) -> list[Occurrence]:
    """The glossary terms in one unit's Korean (once per term), each with how the unit's
    English rendered it: "approved" or "variant" (the entry's forms), "short" (a person
    named by surname alone), "forbidden", "unlisted" (another spelling that romanises the
    Korean), "missing", or "untranslated" (the unit has no English)."""
    out: list[Occurrence] = []
    seen: set[str] = set()
    translated = any(p.text.strip() for p in unit.en)
    forbidden: list[tuple[TermHit, str]] | None = None
    for para in unit.ko:
        # The dateline's outlet (데일리NK) is no term the English must render.
        body = dateline_end(para.text)
        for hit in matcher.find_ko(para.text):
            term = hit.term
            if term.ko in seen or hit.start < body:
                continue
            seen.add(term.ko)
            if not translated:
                out.append(Occurrence(doc, unit, hit, None, "untranslated"))
                continue
            found = _first_hit(unit, lambda text, term=term: matcher.find_en(text, term))
            if found is not None:
                en_hit, pid = found
                rendering = term.en if en_hit.form == "approved" else _en_key(en_hit.text)
                out.append(Occurrence(doc, unit, hit, rendering, en_hit.form, en_hit, pid))
                continue
            if forbidden is None:
                forbidden = [(h, p.id) for p in unit.en for h in matcher.find_forbidden(p.text)]
            bad = next(((h, pid) for h, pid in forbidden if h.term is term), None)
            if bad is not None:
                out.append(Occurrence(doc, unit, hit, _en_key(bad[0].text), "forbidden", *bad))
                continue
            short = _short_reference(unit, term)
            if short is not None:
                out.append(Occurrence(doc, unit, hit, None, "short", *short))
                continue
            other = _unlisted_spelling(unit, term, hit.form)
            if other is not None:
                out.append(Occurrence(doc, unit, hit, _en_key(other[0].text), "unlisted", *other))
            else:
                out.append(Occurrence(doc, unit, hit, None, "missing"))
    return out


def term_usage(docs: Iterable[Any], matcher: TermMatcher) -> dict[str, TermUsage]:
    """Per glossary term (keyed by its Korean), every unit whose Korean has it and how the
    English rendered it there (see `unit_occurrences`)."""
    usage: dict[str, TermUsage] = {}
    for doc in docs:
        for unit in doc.units:
            for occ in unit_occurrences(doc, unit, matcher):
                usage.setdefault(occ.term.ko, TermUsage(occ.term)).occurrences.append(occ)
    return usage


def _unlisted_spelling(unit: Any, term: Term, ko_form: str) -> tuple[TermHit, str] | None:
    """A spelling of a name in the unit's English that romanises the Korean but is neither
    approved nor forbidden (Kim Jung-eun for 김정은), with its paragraph id."""
    for para in unit.en:
        best = None
        for span, offset in english_name_spans(para.text):
            if romanises(ko_form, span) and (best is None or len(span) > len(best[0])):
                best = (span, offset)
        if best is not None:
            span, offset = best
            return TermHit(term, offset, offset + len(span), span, "unlisted"), para.id
    return None


# -- recurring Korean names outside the glossary (shared by `terms suggest` and T003) ----------
#
# A Korean name and an English spelling are paired when the spelling's consonants are those
# of the Korean syllables (a loose romanisation key that ignores vowels, voicing and
# aspiration, so 김철민, Kim Chol Min and Kim Chul-min share KMCLMN) and its vowel groups
# number the syllables. That keeps "the same name spelt two ways" apart from "two names in
# one paragraph", which co-occurrence counts alone cannot on a small corpus.

_INITIAL_KEY = ("K", "K", "N", "T", "T", "L", "M", "P", "P", "S", "S", "", "C", "C", "C",
                "K", "T", "P", "H")
_FINAL_KEY = ("", "K", "K", "K", "N", "N", "N", "T", "L", "L", "L", "L", "L", "L", "L", "L",
              "M", "P", "P", "T", "T", "G", "T", "T", "K", "T", "P", "T")
_EN_KEY = [("tch", "C"), ("ch", "C"), ("jj", "C"), ("ng", "G"), ("sh", "S"), ("ss", "S"),
           ("kk", "K"), ("tt", "T"), ("pp", "P"), ("th", "T"), ("kh", "K"), ("ph", "P"),
           ("j", "C"), ("k", "K"), ("g", "K"), ("c", "K"), ("q", "K"), ("t", "T"), ("d", "T"),
           ("p", "P"), ("b", "P"), ("f", "P"), ("v", "P"), ("r", "L"), ("l", "L"), ("n", "N"),
           ("m", "M"), ("h", "H"), ("s", "S"), ("z", "C"), ("x", "KS")]
_VOWEL_GROUPS = re.compile(r"[aeiouy]+")
_NAME_TOKEN = re.compile(r"[A-Z][a-z]*+(?:[-'’][a-z]++)*+")


@lru_cache(maxsize=1 << 16)  # pure, and asked for the same words over and over
def korean_key(word: str) -> tuple[str, int]:
    """(consonant key, syllable count) of a Hangul word: 김철민 -> ("KMCLMN", 3)."""
    out = []
    for ch in word:
        code = ord(ch) - 0xAC00
        if not 0 <= code <= 11171:
            continue
        out.append(_INITIAL_KEY[code // 588])
        out.append(_FINAL_KEY[code % 28])
    return "".join(out), sum(1 for ch in word if _is_hangul(ch))


@lru_cache(maxsize=1 << 16)  # pure, and asked for the same words over and over
def english_key(name: str) -> tuple[str, int]:
    """(consonant key, vowel-group count) of a romanised name: Kim Chul-min -> ("KMCLMN", 3)."""
    # The whole name at once: a vowel group or a consonant spelling is letters only, so none
    # runs over the spaces, hyphens and apostrophes between its words.
    lowered = name.lower()
    # The alternation keeps _EN_KEY's order, so the first listed spelling wins where several
    # start at one place (tch before ch and t), as it should.
    key = "".join(map(_EN_KEY_MAP.__getitem__,
                      _EN_KEY_RE.findall(_NOT_CONSONANT.sub(" ", lowered))))
    return key, len(_VOWEL_GROUPS.findall(lowered))


_NOT_CONSONANT = re.compile(r"[aeiouyw]")
_EN_KEY_RE = re.compile("|".join(re.escape(src) for src, _ in _EN_KEY))
_EN_KEY_MAP = dict(_EN_KEY)


def _one_edit_apart(a: str, b: str) -> bool:
    """True when `a` and `b` are at most one insertion, deletion or substitution apart (a
    Levenshtein distance of at most 1), found in one pass instead of the full table."""
    if len(a) > len(b):
        a, b = b, a
    if len(b) - len(a) > 1:
        return False
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    # Past the common start, the rest must agree once the one differing letter is skipped.
    return a[i + 1:] == b[i + 1:] if len(a) == len(b) else a[i:] == b[i + 1:]


def _keys_agree(kkey: str, ekey: str) -> bool:
    # Short keys must agree exactly; a full name's may differ by one sound (리 as Ri or Lee).
    if kkey == ekey:
        return bool(kkey)
    return len(kkey) >= 6 and _one_edit_apart(kkey, ekey)


def romanises(ko: str, en: str) -> bool:
    """True when `en` is a plausible romanisation of the Korean name `ko`."""
    kkey, syllables = korean_key(ko)
    ekey, groups = english_key(en)
    return groups == syllables and _keys_agree(kkey, ekey)


# Capitalised words joined by single spaces: the runs `english_name_spans` takes its spans
# from (a token is a _NAME_TOKEN; a token glued to the next, as in "McDonald", ends a run).
# Every part after the first capital is optional, so the greedy first try always matches and
# possessive quantifiers, which spare the engine its backtracking bookkeeping, match the same.
_NAME_RUN = re.compile(rf"{_NAME_TOKEN.pattern}(?: {_NAME_TOKEN.pattern})*+")


def english_name_spans(text: str, max_tokens: int = 4) -> list[tuple[str, int]]:
    """Runs of 1-`max_tokens` capitalised words (Kim Chul-min, Pyongyang) as (text, offset),
    by first word and then length: every span of 1-`max_tokens` consecutive _NAME_TOKENs
    that only single spaces separate."""
    spans = []
    for run in _NAME_RUN.finditer(text):
        words = run.group()
        start = run.start()
        if " " not in words:  # most runs are one word
            spans.append((words, start))
            continue
        tokens = words.split(" ")
        starts = [0]
        for token in tokens[:-1]:
            starts.append(starts[-1] + len(token) + 1)
        for i, first in enumerate(starts):
            for j in range(i, min(i + max_tokens, len(tokens))):
                spans.append((words[first:starts[j] + len(tokens[j])], start + first))
    return spans


@dataclass(slots=True)
class NamePlace:
    """One unit where a Korean name occurs, with the English spelling found there."""

    doc: Any
    unit: Any
    spelling: str | None
    paragraph: str | None = None
    offset: int | None = None


@dataclass(slots=True)
class NameEvidence:
    """A recurring Korean proper noun and how the aligned English spelt it."""

    ko: str
    places: list[NamePlace] = field(default_factory=list)
    # translated units (anywhere in the run) whose English has each spelling found here
    en_units: Counter = field(default_factory=Counter)

    @property
    def spellings(self) -> Counter:
        """English spelling -> number of units."""
        return Counter(p.spelling for p in self.places if p.spelling)

    @property
    def articles(self) -> set[str]:
        return {p.doc.name for p in self.places}

    def consistent_spellings(self, share: float = 0.5) -> dict[str, int]:
        """Spellings found with the Korean name in at least `share` of the units whose
        English has them: a spelling that mostly turns up without the name (Daily, a
        sentence-initial word) belongs to something else."""
        return {s: n for s, n in self.spellings.items() if n >= share * self.en_units[s]}


_KIWI: Any = None


def name_method() -> str:
    """"kiwi" when kiwipiepy (the `toolkit[korean]` extra) is importable, else "regex"."""
    import importlib.util

    return "kiwi" if importlib.util.find_spec("kiwipiepy") is not None else "regex"


def korean_name_candidates(text: str, method: str = "regex") -> list[str]:
    """Korean proper-noun candidates in a text.

    "kiwi" keeps kiwipiepy's NNP (proper noun) tokens; "regex" takes Hangul words of two
    to four syllables once an attached particle is stripped. The regex way over-generates
    (common nouns too); the English evidence in `name_evidence` filters them.
    """
    if method == "kiwi":
        global _KIWI
        if _KIWI is None:
            from kiwipiepy import Kiwi

            _KIWI = Kiwi()
        return [tok.form for tok in _KIWI.tokenize(text) if tok.tag == "NNP" and len(tok.form) >= 2
                and all(_is_hangul(c) for c in tok.form)]
    out: list[str] = []
    for word in _HANGUL_WORD.findall(text):
        if 2 <= len(word) <= 7:
            out.extend(_word_name_candidates(word))
    return out


# Whole Hangul runs of two syllables or more: a run of 2-7 syllables is a word that may
# carry a name, and one syllable never does (leaving those out spares making their strings).
_HANGUL_WORD = re.compile(f"[{_HANGUL}][{_HANGUL}]++")


@lru_cache(maxsize=1 << 16)  # a corpus repeats its words: split each one once
def _word_name_candidates(word: str) -> tuple[str, ...]:
    # Every split into a stem and valid endings is a candidate (김정은 and 김정 for
    # 김정은은): only stems an English spelling romanises survive `name_evidence`.
    return tuple(word[:n] for n in range(2, min(4, len(word)) + 1)
                 if _tail_ok(word[n - 1], word[n:], "person"))


# -- matching candidates to spans by key --------------------------------------------------------
#
# `romanises` pairs a Korean key with an English key when they are equal, or, for keys of
# six letters or more, one edit apart. Both sides are indexed by "probes" so that a pairing
# costs a few set lookups: a short key probes for itself; a long key for its first three
# and its last three letters, one of which an edit in a key of six letters or more always
# leaves in place. The spans a long key finds that way are confirmed with `_keys_agree`.
# A probe is one string, "KMCL2" for a key and its syllables, "3<KMC" and "3>LMN" for the
# ends of a long one (keys are capitals, counts digits, so no two probes look alike): a
# string keeps its hash, where a tuple's was computed again at each of the millions of
# set tests.

# A name's consonant key needs two letters to say anything: one (위안, the yuan: "N") is
# shared by "One", "Yu Na" and any capitalised word with an n and two vowel groups.
MIN_NAME_KEY = 2


def _key_probes(kkey: str, syllables: int) -> tuple[str, ...]:
    if len(kkey) < MIN_NAME_KEY:
        return ()
    if len(kkey) < 6:
        return (f"{kkey}{syllables}",)
    return (f"{syllables}<{kkey[:3]}", f"{syllables}>{kkey[-3:]}")


@lru_cache(maxsize=1 << 16)
def _name_probes(name: str) -> tuple[str, int, tuple]:
    """(Korean key, syllables, probes) of a name candidate."""
    kkey, syllables = korean_key(name)
    return kkey, syllables, _key_probes(kkey, syllables)


# The key of each Hangul syllable (its initial's and its final's), by code point from U+AC00:
# made on first use (a millisecond) so that a word's stems cost one lookup per syllable.
_SYLLABLE_KEYS: tuple[str, ...] = ()


def _syllable_keys() -> tuple[str, ...]:
    """_SYLLABLE_KEYS, made if it is not yet."""
    global _SYLLABLE_KEYS
    if not _SYLLABLE_KEYS:
        _SYLLABLE_KEYS = tuple([_INITIAL_KEY[code // 588] + _FINAL_KEY[code % 28]
                                for code in range(11172)])
    return _SYLLABLE_KEYS


def _stem_probes(word: str) -> tuple[str, ...]:
    """The probes of every stem a Hangul word's name candidates are taken from, whatever
    its ending: a superset of its candidates' probes that costs no ending test. `word` is
    two Hangul syllables or more (a _HANGUL_WORD), so a stem's key is its syllables' keys
    joined."""
    keys = _syllable_keys()
    key = keys[ord(word[0]) - 0xAC00] + keys[ord(word[1]) - 0xAC00]
    # Asked once for every distinct word of a run, tens of thousands of them, before any
    # cache can help: the syllable keys come from a table, not from korean_key.
    # Two syllables give at most four letters: short (and a key shorter than MIN_NAME_KEY
    # gives no probe, as in `_key_probes`).
    probes = [f"{key}2"] if len(key) >= MIN_NAME_KEY else []
    for n in range(3, min(len(word), 4) + 1):
        key += keys[ord(word[n - 1]) - 0xAC00]
        if len(key) >= 6:
            probes += (f"{n}<{key[:3]}", f"{n}>{key[-3:]}")
        elif len(key) >= MIN_NAME_KEY:
            probes.append(f"{key}{n}")
    return tuple(probes)


# Stem probe -> the Hangul words seen so far (in any document of the run) with a stem that
# has it. A document then finds its words worth a closer look from its English probes,
# a few set intersections in C, instead of testing each of its words in turn; each
# distinct word costs its `_stem_probes` once per run.
_STEM_INDEX: dict[str, set[str]] = {}
_INDEXED: set[str] = set()
_INDEX_SIZE = 1 << 17  # words (and spans) remembered at most, as the lru caches are bounded


def _words_answering(words: set[str], probes: set[str]) -> dict[str, int]:
    """The Hangul words of `words` (_HANGUL_WORDs) that have a stem of two to four
    syllables, in a word of at most seven, whose probe is one of `probes` (see
    `_stem_probes`), each with a bit set for every such stem's length (1 << n)."""
    new = words - _INDEXED
    if new:
        if len(_INDEXED) + len(new) > _INDEX_SIZE:
            _STEM_INDEX.clear()
            _INDEXED.clear()
            new = words
        _INDEXED.update(new)
        index = _STEM_INDEX
        for word in new:
            if 2 <= len(word) <= 7:  # longer words are not names with a particle
                for probe in _stem_probes(word):
                    holders = index.get(probe)
                    if holders is None:
                        index[probe] = {word}
                    else:
                        holders.add(word)
    found: dict[str, int] = {}
    index = _STEM_INDEX
    for probe in probes:
        holders = index.get(probe)
        if holders is not None:
            # A stem probe is "KEYn", "n<KEY" or "n>KEY" with n from 2 to 4.
            bit = 1 << int(probe[0] if probe[1] in "<>" else probe[-1])
            for word in holders.intersection(words):
                found[word] = found.get(word, 0) | bit
    return found


@lru_cache(maxsize=1 << 16)  # a word answers the same probes in many documents
def _word_names(word: str, lengths: int) -> tuple[str, ...]:
    """The name candidates of a Hangul word (see `_word_name_candidates`) among its stems
    of the lengths `lengths` has a bit set for (1 << n), shortest first."""
    return tuple(word[:n] for n in (2, 3, 4) if lengths >> n & 1 and _stem_end_ok(word[n - 1:]))


@lru_cache(maxsize=1 << 16)
def _stem_end_ok(end: str) -> bool:
    """True when a name candidate may end a Hangul word with `end`, its last syllable and
    what follows it (the test of `_word_name_candidates`): most words end in a few
    particles, so the ending test runs once per distinct end, not per word."""
    return _tail_ok(end[0], end[1:], "person")


def _span_probes(span: str) -> tuple[str, ...]:
    """The probes a capitalised English span answers (see `_name_probes`)."""
    key, groups = english_key(span)
    if len(key) < 5:
        return (f"{key}{groups}",)
    return f"{key}{groups}", f"{groups}<{key[:3]}", f"{groups}>{key[-3:]}"


# Probe -> the capitalised English spans seen so far (in any document of the run) that
# answer it: a name's spellings in a document are then found among the few spans of the
# run that share a probe with it. _SPAN_PROBES keeps each indexed span's probes.
_SPAN_INDEX: dict[str, set[str]] = {}
_SPAN_PROBES: dict[str, tuple[str, ...]] = {}


def _span_probe_set(spans: set[str]) -> set[str]:
    """Every probe the spans answer (see `_span_probes`), once they are in _SPAN_INDEX
    (bounded as _STEM_INDEX is; _SPAN_PROBES is the cache of `_span_probes`)."""
    probes_of = _SPAN_PROBES
    new = [span for span in spans if span not in probes_of]
    if new:
        if len(probes_of) + len(new) > _INDEX_SIZE:
            _SPAN_INDEX.clear()
            probes_of.clear()
            new = list(spans)
        index = _SPAN_INDEX
        for span in new:
            probes = probes_of[span] = _span_probes(span)
            for probe in probes:
                holders = index.get(probe)
                if holders is None:
                    index[probe] = {span}
                else:
                    holders.add(span)
    return set().union(*map(probes_of.__getitem__, spans))


def _name_spellings(kkey: str, probes: tuple[str, ...], spans: set[str]) -> set[str]:
    """The spans, of `spans` (all in _SPAN_INDEX), that romanise a Korean name of key `kkey`
    and probes `probes` (see `romanises`)."""
    found = set().union(*(_SPAN_INDEX.get(probe, ()) for probe in probes)).intersection(spans)
    if len(kkey) >= 6:  # the probes of a long key only share an end with the span's key
        found = {span for span in found if _keys_agree(kkey, english_key(span)[0])}
    return found


def _blank(text: str, hits: Iterable[TermHit]) -> str:
    for hit in hits:
        text = text[:hit.start] + " " * (hit.end - hit.start) + text[hit.end:]
    return text


def _en_without_terms(text: str, matcher: TermMatcher | None) -> str:
    # Glossary forms blanked out, so that "Jong Un" in "Kim Jong Un" is no candidate.
    if matcher is None:
        return text
    return _blank(text, matcher.find_en_any(text) + matcher.find_forbidden(text))


def _ko_without_terms(text: str, matcher: TermMatcher | None) -> str:
    # Glossary terms blanked out, so that their pieces are not name candidates.
    return text if matcher is None else _blank(text, matcher.find_ko(text))


def _unit_spans(unit: Any, matcher: TermMatcher | None) -> list[tuple[str, str, int]]:
    """Capitalised English spans of a unit as (span, paragraph id, offset), with glossary
    forms blanked out so that "Jong Un" in "Kim Jong Un" is no candidate."""
    out = []
    for para in unit.en:
        out.extend((span, para.id, offset) for span, offset
                   in english_name_spans(_en_without_terms(para.text, matcher)))
    return out


def _span_texts(text: str, max_tokens: int = 4) -> set[str]:
    """The distinct span texts of `english_name_spans(text, max_tokens)`, without offsets:
    what counting and probing need, in one regex pass, since most runs are one word and
    a span as they stand."""
    spans = set(_NAME_RUN.findall(text))
    # One test on the runs joined first: most texts have no run of several words.
    if " " in "".join(spans):
        multi = [run for run in spans if " " in run]
        # A run of several words is a span only if short enough; its pieces always are.
        spans.difference_update(multi)
        for run in multi:
            tokens = run.split(" ")
            for i in range(len(tokens)):
                for j in range(i + 1, min(i + max_tokens, len(tokens)) + 1):
                    spans.add(" ".join(tokens[i:j]))
    return spans


def _unit_span_texts(unit: Any, matcher: TermMatcher | None) -> set[str]:
    """The distinct span texts of `_unit_spans(unit, matcher)`."""
    if len(unit.en) == 1:  # the common case: no union to build
        return _span_texts(_en_without_terms(unit.en[0].text, matcher))
    return set().union(*(_span_texts(_en_without_terms(p.text, matcher)) for p in unit.en))


def doc_name_places(doc: Any, matcher: TermMatcher | None, *, method: str = "regex"
                    ) -> tuple[dict[str, list[NamePlace]], Counter]:
    """The map step of `name_evidence` for one document: every unit place of each Korean
    name candidate outside the glossary where an English spelling of it was found (in the
    unit or next to it), and how many translated units of the document have each
    capitalised English span.

    It depends on nothing outside the document, so its result can be cached per document
    and merged with `merge_name_evidence` (`toolkit verify` does so).
    """
    places: dict[str, list[NamePlace]] = {}
    # Distinct span texts per unit: all that counting and probing need. The (span, paragraph
    # id, offset) lists are made only for the units where a Korean word may match.
    span_sets: dict[int, set[str]] = {}
    counted: list[set[str]] = []  # those of the units with Korean, which the counts are of
    for unit in doc.units:
        en = unit.en
        # One paragraph and no glossary, the common case, asks for no blanking or union.
        spans = span_sets[unit.index] = (_span_texts(en[0].text) if matcher is None
                                         and len(en) == 1 else _unit_span_texts(unit, matcher))
        if unit.ko:
            counted.append(spans)
    span_units = Counter(chain.from_iterable(counted))
    # The probes the document's spans answer (see `_span_probes`). Most Korean words (common
    # nouns from the plain pattern) have no romanised counterpart anywhere in the document,
    # which `_words_answering` rules out from these probes.
    doc_spans: set[str] = set().union(*span_sets.values())
    if not doc_spans:
        return places, span_units
    every_probe = _span_probe_set(doc_spans)
    spellings_of: dict[str, set[str]] = {}
    spans_of: dict[int, list[tuple[str, str, int]]] = {}

    def spelt(unit: Any, spellings: set[str]) -> list[tuple[str, str, int, Any]]:
        # The unit's spans that are spellings, with paragraph id and offset, in text order
        # (asked only of a unit whose spans hold one): the offsets are found only for the
        # few units that have one.
        spans = spans_of.get(unit.index)
        if spans is None:
            spans = spans_of[unit.index] = _unit_spans(unit, matcher)
        return [(span, pid, offset, unit) for span, pid, offset in spans if span in spellings]

    # Korean words per unit (glossary terms blanked out) for the regex method, or the
    # candidates of another method.
    ko_words: dict[int, list[str]] = {}
    words_of = _HANGUL_WORD.findall
    for unit in doc.units:
        ko = unit.ko
        if not ko:
            continue
        if method != "regex":
            ko_words[unit.index] = [
                name for p in ko
                for name in korean_name_candidates(_ko_without_terms(p.text, matcher), method)]
        elif len(ko) == 1:
            ko_words[unit.index] = words_of(ko[0].text if matcher is None
                                            else _ko_without_terms(ko[0].text, matcher))
        else:
            # Hangul words never run over the line break that joins the paragraphs.
            ko_words[unit.index] = words_of("\n".join(_ko_without_terms(p.text, matcher)
                                                      for p in ko))
    # Word -> its candidates whose probes some English span of the document answers (a
    # candidate no span answers can match nowhere). Most words have none, and most units
    # no word that has: those are passed over with one set test.
    worth: dict[str, tuple[str, ...]] = {}
    doc_words = set().union(*ko_words.values())
    if method == "regex":
        for word, lengths in _words_answering(doc_words, every_probe).items():
            found = _word_names(word, lengths)
            if found:
                worth[word] = found
    else:
        for word in doc_words:
            if not every_probe.isdisjoint(_name_probes(word)[2]):
                worth[word] = (word,)
    if not worth:
        return places, span_units
    units = doc.units
    for unit in units:
        words = ko_words.get(unit.index)
        if not words:
            continue
        present = worth.keys() & words  # the unit's words worth a look, in one pass in C
        if not present:
            continue
        # The candidates in order of first appearance (a word yields its own in order).
        names = worth[present.pop()] if len(present) == 1 else dict.fromkeys(
            chain.from_iterable(map(worth.__getitem__, sorted(present, key=words.index))))
        here = span_sets[unit.index]
        for name in names:
            spellings = spellings_of.get(name)
            if spellings is None:
                kkey, _, probes = _name_probes(name)
                spellings = spellings_of[name] = _name_spellings(kkey, probes, doc_spans)
            if not spellings:  # most names: no span of the document romanises them
                continue
            # Most names have no spelling in the unit nor next to it, which the span sets
            # tell without a call.
            if not here.isdisjoint(spellings):
                found = spelt(unit, spellings)
            else:
                # The alignment may be off by one around an omission or a merge; the
                # romanisation test is strict enough to look next door (at the units
                # before and after it that have English: the others have no spans).
                found = []
                for index in (unit.index - 1, unit.index + 1):
                    spans = span_sets.get(index)
                    if spans and not spans.isdisjoint(spellings):
                        found += spelt(units[index], spellings)
            if found:
                spelling, pid, offset, where = max(found, key=lambda s: (len(s[0].split()),
                                                                         len(s[0])))
                places.setdefault(name, []).append(NamePlace(doc, where, spelling, pid, offset))
    return places, span_units


def merge_name_evidence(parts: Iterable[tuple[dict[str, list[NamePlace]], dict[str, int]]], *,
                        min_count: int = 2) -> dict[str, NameEvidence]:
    """The reduce step of `name_evidence`: merge per-document `doc_name_places` results (in
    document order) and keep the names seen in at least `min_count` units with a spelling."""
    per_name: dict[str, NameEvidence] = {}
    span_counts = []
    for places, spans in parts:
        span_counts.append(spans)
        for name, found in places.items():
            per_name.setdefault(name, NameEvidence(name)).places.extend(found)
    result = {k: v for k, v in per_name.items() if len(v.places) >= min_count and v.spellings}
    # Only the spellings of the names kept are counted: a few spans of the hundreds of
    # thousands a large run has, looked up in each document's counts.
    wanted = set().union(*(evidence.spellings for evidence in result.values()))
    span_units: Counter = Counter()
    for spans in span_counts:
        for span in wanted.intersection(spans):
            span_units[span] += spans[span]
    for evidence in result.values():
        evidence.en_units = Counter({s: span_units[s] for s in evidence.spellings})
    return result


def name_evidence(docs: Iterable[Any], matcher: TermMatcher | None, *, method: str = "regex",
                  min_count: int = 2) -> dict[str, NameEvidence]:
    """Korean names outside the glossary found with a romanised English spelling in at least
    `min_count` units, each with the spelling found in every such unit.

    Glossary surfaces are left out: their renderings are `term_usage`'s business.
    """
    return merge_name_evidence((doc_name_places(doc, matcher, method=method) for doc in docs),
                               min_count=min_count)
