"""The fast paths of `toolkit check` give what the plain ones gave: the single-pass PO
reader and polib, the indexed name evidence and a brute-force pairing, the rewritten
regexes and their plain forms, and a run in several processes and in one."""

from __future__ import annotations

import re
import shutil
from collections import Counter
from pathlib import Path
from unittest import mock

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import REPO, SAMPLE_CORPUS
from toolkit.checks import Document, Unit
from toolkit.checks import quotes
from toolkit.checks import runner
from toolkit.checks.numbers import _DIGIT, _SCALE_WORD
from toolkit.checks.runner import documents_for, run_checks
from toolkit.cli import cli
from toolkit.errors import ToolkitError
from toolkit.interchange import po
from toolkit.model import Paragraph
from toolkit.numbers import extract_en
from toolkit.terms import doc_name_places, english_name_spans, korean_name_candidates, romanises

FIXTURES = Path(__file__).parent / "fixtures" / "po"
HYPOTHESIS = settings(max_examples=120, deadline=None,
                      suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])


# -- the PO reader --------------------------------------------------------------------------

def read_both(path: Path, swap: bool) -> tuple[object, object]:
    """(the fast reader's outcome, the polib path's outcome): a Document or the error."""
    def outcome() -> object:
        try:
            return po.read_po_document(path, swap=swap)
        except ToolkitError as exc:
            return (type(exc).__name__, exc.message, exc.line)

    fast = outcome()
    with mock.patch.object(po, "_fast_entries", lambda text, **_: None):
        slow = outcome()
    return fast, slow


@pytest.mark.parametrize("path", sorted(FIXTURES.glob("*.po")), ids=lambda p: p.name)
@pytest.mark.parametrize("swap", [False, True])
def test_fast_reader_matches_polib_on_fixtures(path, swap):
    text = po._decode_po(path.read_bytes(), path)
    assert po._fast_entries(text) is not None, "the fixture should take the fast path"
    fast, slow = read_both(path, swap)
    assert isinstance(fast, Document)
    assert fast == slow


def test_fast_reader_reads_what_export_writes(tmp_path):
    corpus_dir = tmp_path / "corpus"
    shutil.copytree(SAMPLE_CORPUS, corpus_dir)
    from toolkit.corpus import Corpus
    from toolkit.interchange.po import export_po

    corpus = Corpus(corpus_dir)
    for article_id in corpus.article_ids():
        article = corpus.load(article_id)
        if article.en is None:
            continue
        path = tmp_path / f"{article_id}.po"
        path.write_text(export_po(article, corpus.settings), encoding="utf-8")
        assert po._fast_entries(path.read_text(encoding="utf-8")) is not None
        fast, slow = read_both(path, False)
        assert fast == slow


@pytest.mark.parametrize("swap", [False, True])
def test_fast_reader_finds_an_empty_header_among_untranslated_entries(tmp_path, swap):
    # With swap the fast reader leaves untranslated entries out, or their msgid undecoded;
    # it must still tell an empty one, or the empty header and the waiver above it are lost.
    path = tmp_path / "empty-header.po"
    path.write_text('# toolkit: ignore[E005] house style: two spaces after a full stop '
                    '(by editor.kim, 2026-11-20)\n'
                    'msgid ""\nmsgstr ""\n\n'
                    '#: library/os.rst:12\nmsgid ""\n"The border guards were "\n"replaced."\n'
                    'msgstr ""\n\n'
                    'msgid "Defectors crossed the Tumen River."\n'
                    'msgstr "탈북민들이 두만강을 건넜다."\n', encoding="utf-8")
    fast, slow = read_both(path, swap)
    assert isinstance(fast, Document) and fast == slow
    assert [w.code for w in fast.waivers] == ["E005"]


def test_untranslated_entries_left_out_with_swap_still_count_their_msgctxt(tmp_path):
    # With swap the fast reader leaves untranslated entries out, but not one with a msgctxt:
    # a translated entry's paragraph id is its msgctxt only when no other entry has it.
    path = tmp_path / "contexts.po"
    path.write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
                    'msgctxt "market"\nmsgid "Rice prices rose."\nmsgstr ""\n\n'
                    '#, fuzzy\nmsgid "Corn prices fell."\nmsgstr ""\n\n'
                    'msgctxt "market"\nmsgid "Traders hid their stock."\n'
                    'msgstr "상인들은 물건을 숨겼다."\n\n'
                    '# a translator\'s note\nmsgid "Agents took bribes."\nmsgstr ""\n\n'
                    'msgctxt "border"\nmsgid "Guards were replaced."\n'
                    'msgstr "경비대가 교체됐다."\n', encoding="utf-8")
    fast, slow = read_both(path, True)
    assert isinstance(fast, Document) and fast == slow
    assert [u.en[0].id for u in fast.units] == ["po:14", "border"]
    assert [u.en[0].line for u in fast.units] == [14, 22]


# Strings as PO writes them (escaped), Korean and English news copy with the characters
# that need escaping, cut over several lines at random places.
_PIECES = ["북한 당국이 ", "혜산시에서 ", "3만 명", "데일리NK", "Kim Jong Un's ", "“quoted”",
           "said \"no\" ", "tab\there", "line\nbreak", "back\\slash", "", " ", "%s", "{name}"]


def _escape(text: str) -> str:
    return (text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
            .replace("\t", "\\t"))


@st.composite
def po_string(draw) -> list[str]:
    """The quoted lines of one PO string."""
    escaped = _escape("".join(draw(st.lists(st.sampled_from(_PIECES), max_size=4))))
    if draw(st.booleans()):
        escaped += draw(st.sampled_from(["\\a", "\\r", "\\v", "\\b", "\\f", "\\u00e9"]))
    cuts = sorted(draw(st.lists(st.integers(0, len(escaped)), max_size=3)))
    parts, last = [], 0
    for cut in cuts:
        # Never inside an escape: a line may not end with a lone backslash.
        if cut > last and escaped[:cut].count("\\") % 2 == 0 and not escaped[:cut].endswith("\\"):
            parts.append(escaped[last:cut])
            last = cut
    parts.append(escaped[last:])
    if draw(st.booleans()):
        parts.insert(0, "")  # msgid "" then the text on the next lines
    return [f'"{part}"' for part in parts]


_COMMENTS = ["# translator's note", "# toolkit: ignore[N001] the source rounds (by kim, 2026-10-15)",
             "#. toolkit: ko=k1 en=e1", "#: ../../library/functions.rst:12 ko.txt:3",
             "#, fuzzy", "#, python-format", "#, fuzzy, c-format", "#| msgid \"old text\"",
             "#| msgctxt \"k1\"", "#", "#:", "#,", "##double", "#~| msgid \"gone\""]


@st.composite
def po_entry(draw, obsolete: bool = False) -> list[str]:
    lines = draw(st.lists(st.sampled_from(_COMMENTS), max_size=3)) if not obsolete else []
    body: list[str] = []

    def keyword(name: str) -> None:
        first, *rest = draw(po_string())
        body.append(f"{name} {first}")
        body.extend(rest)

    if draw(st.booleans()):
        keyword("msgctxt")
    keyword("msgid")
    if draw(st.integers(0, 4)) == 0:
        keyword("msgid_plural")
        for n in range(draw(st.integers(1, 3))):
            keyword(f"msgstr[{n}]")
    else:
        keyword("msgstr")
    if obsolete:
        body = [f"#~ {line}" for line in body]
    return lines + body


_MUTATIONS = ["indent", "trailing space", "drop", "duplicate", "stray quote", "tab", "obsolete"]


@st.composite
def po_text(draw) -> str:
    header = ['# Korean translation.', '#', 'msgid ""', 'msgstr ""',
              '"Content-Type: text/plain; charset=UTF-8\\n"']
    lines = header if draw(st.booleans()) else []
    for _ in range(draw(st.integers(1, 5))):
        lines += [""] * draw(st.integers(0, 2))
        lines += draw(po_entry(obsolete=draw(st.integers(0, 5)) == 0))
    if lines and draw(st.integers(0, 3)) == 0:
        at = draw(st.integers(0, len(lines) - 1))
        kind = draw(st.sampled_from(_MUTATIONS))
        line = lines[at]
        lines[at:at + 1] = {
            "indent": ["  " + line], "trailing space": [line + " "], "drop": [],
            "duplicate": [line, line], "stray quote": [line, '"oops'],
            "tab": [line.replace(" ", "\t", 1)], "obsolete": ["#~ " + line]}[kind]
    if draw(st.booleans()):
        lines.append("# trailing comment")
    return "\n".join(lines) + ("\n" if draw(st.booleans()) else "")


@HYPOTHESIS
@given(text=po_text(), swap=st.booleans())
def test_fast_reader_matches_polib_on_generated_files(tmp_path, text, swap):
    path = tmp_path / "generated.po"
    path.write_text(text, encoding="utf-8")
    fast, slow = read_both(path, swap)
    assert fast == slow


# -- name evidence (T003) -------------------------------------------------------------------

def reference_name_places(doc: Document) -> tuple[dict, Counter]:
    """Every Korean name candidate against every English span with `romanises`: the
    definition the indexed `doc_name_places` must agree with (no glossary)."""
    places: dict[str, list] = {}
    span_units: Counter = Counter()
    units = doc.units

    def spans(unit: Unit) -> list[tuple[str, str, int]]:
        return [(span, p.id, offset) for p in unit.en for span, offset in english_name_spans(p.text)]

    for unit in units:
        if not unit.ko:
            continue
        here = spans(unit)
        span_units.update({span for span, _, _ in here})
        near = [units[i] for i in (unit.index - 1, unit.index + 1)
                if 0 <= i < len(units) and units[i].en]
        names = {name for p in unit.ko for name in korean_name_candidates(p.text)}
        for name in names:
            found = [(s, pid, off, unit) for s, pid, off in here if romanises(name, s)]
            if not found:
                found = [(s, pid, off, other) for other in near for s, pid, off in spans(other)
                         if romanises(name, s)]
            if found:
                spelling, pid, offset, where = max(found, key=lambda f: (len(f[0].split()),
                                                                         len(f[0])))
                places.setdefault(name, []).append((where.index, spelling, pid, offset))
    return places, span_units


_KO_NAMES = ["김철민", "리설주", "박정호", "최룡해", "장성택", "현송월", "김정은", "조선중앙통신"]
_PARTICLES = ["", "은", "이", "의", "을", "에게", "씨는", "측"]
_KO_WORDS = ["북한", "당국이", "최근", "평양에서", "회의를", "열었다", "주민들은", "말했다"]
_EN_SPELLINGS = ["Kim Chol Min", "Kim Chul-min", "Ri Sol Ju", "Lee Seol-ju", "Park Jung-ho",
                 "Pak Jong Ho", "Choe Ryong Hae", "Jang Song Thaek", "Hyon Song Wol",
                 "Kim Jong Un", "KCNA", "Pyongyang", "The", "Daily NK", "Ryanggang Province"]
_EN_WORDS = ["said", "on", "Monday", "the", "meeting", "in", "officials", "told"]


@st.composite
def name_unit_texts(draw) -> tuple[str, str]:
    ko = " ".join(draw(st.lists(st.one_of(
        st.sampled_from(_KO_WORDS),
        st.tuples(st.sampled_from(_KO_NAMES), st.sampled_from(_PARTICLES)).map("".join)),
        min_size=1, max_size=6)))
    en = " ".join(draw(st.lists(st.sampled_from(_EN_SPELLINGS + _EN_WORDS), max_size=7)))
    return ko, en


@HYPOTHESIS
@given(pairs=st.lists(name_unit_texts(), min_size=1, max_size=8),
       empty=st.sets(st.integers(0, 7)))
def test_indexed_name_evidence_matches_brute_force(pairs, empty):
    units = []
    for n, (ko, en) in enumerate(pairs):
        en_side = () if n in empty or not en else (Paragraph(f"e{n + 1}", en, n + 1),)
        units.append(Unit(n, (Paragraph(f"k{n + 1}", ko, n + 1),), en_side))
    doc = Document("generated", units)
    places, span_units = doc_name_places(doc, None)
    got = {name: [(p.unit.index, p.spelling, p.paragraph, p.offset) for p in found]
           for name, found in places.items()}
    assert (got, span_units) == reference_name_places(doc)


def token_name_spans(text: str, max_tokens: int = 4) -> list[tuple[str, int]]:
    """The definition `english_name_spans` must agree with: from each capitalised token,
    the runs of up to `max_tokens` tokens that single spaces join."""
    tokens = list(re.finditer(r"[A-Z][a-z]*(?:[-'’][a-z]+)*", text))
    spans = []
    for i, first in enumerate(tokens):
        for j in range(i, min(i + max_tokens, len(tokens))):
            if j > i and text[tokens[j - 1].end():tokens[j].start()] != " ":
                break
            spans.append((text[first.start():tokens[j].end()], first.start()))
    return spans


_SPAN_BITS = ["Kim", "Jong", "Un", "Chul-min", "Ri", "O'Brien", "McDonald", "KCNA", "said", " ",
              "  ", "\n", "-", "’s", ",", "a", "Pyongyang", "(", "North Korea's"]


@HYPOTHESIS
@given(text=st.lists(st.one_of(st.sampled_from(_SPAN_BITS), st.text(max_size=3)),
                     max_size=14).map("".join),
       max_tokens=st.integers(1, 5))
def test_name_spans_match_their_token_definition(text, max_tokens):
    assert english_name_spans(text, max_tokens) == token_name_spans(text, max_tokens)


@HYPOTHESIS
@given(text=st.lists(st.one_of(
    st.sampled_from(["평양에서", "김정은", " ", "\u3000", "\u00a0", "\n", "美", "北", "Kim",
                     "\u1100\u1161", "e\u0301", "2016년"]),
    st.text(max_size=3)), max_size=12).map("".join))
def test_weighted_length_counts_as_its_definition(text):
    import unicodedata

    from toolkit.align import DEFAULT_PARAMS, weighted_length

    nfc = unicodedata.normalize("NFC", text)
    wide = len(re.findall("[\uac00-\ud7a3\u4e00-\u9fff\u3400-\u4dbf]", nfc))
    nonspace = len(nfc) - len(re.findall(r"\s", nfc))
    assert weighted_length(text) == wide * DEFAULT_PARAMS.hangul_weight + (nonspace - wide)


def test_weighted_length_of_ascii_counts_every_white_character():
    # ASCII text takes its own test for white space other than space and line feed.
    from toolkit.align import weighted_length

    for code in range(128):
        text = f"The price rose{chr(code)}sharply."
        assert weighted_length(text) == len(text) - len(re.findall(r"\s", text)), code


# -- rewritten regexes ----------------------------------------------------------------------

# The plain forms the literal-led patterns replace (a leading lookbehind or \b made the
# regex engine try every position of the text).
PLAIN = {
    "_CONTRACTION_RE": re.compile(r"(?<![\w'’])(" + "|".join(
        f"[{w[0].lower()}{w[0].upper()}]{w[1:]}"
        for w in sorted(quotes._CONTRACTIONS, key=len, reverse=True)) + r")\b"),
    "_ITS": re.compile(quotes._ITS.pattern.replace(r"([Ii](?<!\w.)ts)", r"\b([Ii]ts)")),
    "_KOREAN_NAME_S": re.compile(
        rf"\b(?:{quotes._SURNAMES})\s+(?=[A-Z])(?:{quotes._SYL}){{1,2}}"
        rf"(?:(?:\s(?=[A-Z])|-)(?:{quotes._SYL}){{1,2}})?s\b(?![’'])"),
    "_ACRONYM_NAME_S": re.compile(r"\b((?:[A-Z][a-z]+\s+)+[A-Z]{2,})s\b(?![’'])"),
    "_STRAIGHT_DOUBLE": re.compile(r'(?<!\d)"'),
    "_STRAIGHT_SINGLE": re.compile(r"(?<!\d)'"),
}
_ENGLISH_BITS = ["Kim ", "Park ", "Jo ", "Jong ", "Un", "Uns ", "Ri Sol Jus ", "its a ", "Its the ",
                 "dont ", "Dont", "wont be", "cant ", "Im ", "Ive ", "Id've", "Daily NKs ", "NK",
                 "the the ", "2\" ", "'90s ", "don't ", "a-", "_x", "ſ", "K", "İ", "ı", "é",
                 "\n", "  ", "(", "“", "’"]


@HYPOTHESIS
@given(text=st.lists(st.one_of(st.sampled_from(_ENGLISH_BITS), st.text(max_size=3)),
                     max_size=12).map("".join))
def test_literal_led_patterns_match_their_plain_forms(text):
    for name, plain in PLAIN.items():
        fast = getattr(quotes, name)
        assert [(m.span(), m.groups()) for m in fast.finditer(text)] == \
               [(m.span(), m.groups()) for m in plain.finditer(text)], name


@HYPOTHESIS
@given(text=st.lists(st.one_of(st.sampled_from(_ENGLISH_BITS + ["The ", "the\n", "don't don't ",
                                                                "Jae-in in ", "it's", "'s "]),
                               st.text(max_size=3)), max_size=12).map("".join))
def test_doubled_word_pattern_matches_its_backtracking_form(text):
    from toolkit.checks import encoding

    plain = re.compile(r"(?<![-\w])([A-Za-z]+(?:'[a-z]+)?)\s+(\1)\b", re.IGNORECASE)
    assert [(m.span(), m.groups()) for m in encoding._DOUBLED.finditer(text)] == \
           [(m.span(), m.groups()) for m in plain.finditer(text)]


_NUMBER_WORDS = ["one", "two", "Twenty", "five", "first", "third", "half", "a", "once", "twice",
                 "double", "twofold", "quarter", "thirds", "seventh", "ninety", "of", "the",
                 "people", "percent", "won", "about", "more than", "-", " ", ",", "ſ", "K", "İ"]


@HYPOTHESIS
@given(text=st.lists(st.sampled_from(_NUMBER_WORDS + ["hundred", "Thousand", "MILLION", "dozen",
                                                      "bn", "thouſand", "mİllion", "9"]),
                     max_size=10).map(" ".join))
def test_english_without_digits_or_scale_words_has_nothing_to_report(text):
    """compare_numbers skips English with neither a digit nor a scale word when the Korean
    has no number: such text yields no figure in digits and none of 1,000 or more."""
    if _DIGIT.search(text) or _SCALE_WORD.search(text):
        return
    for q in extract_en(text):
        if q.kind != "year":
            assert q.spelled and q.value < 1000, (text, q)


# -- several processes ----------------------------------------------------------------------

def test_processes_give_the_same_result_in_the_same_order(monkeypatch):
    monkeypatch.setattr(runner, "PARALLEL_MIN_UNITS", 0)
    from toolkit.corpus import Corpus
    from toolkit.terms import corpus_glossary

    corpus = Corpus(SAMPLE_CORPUS)
    glossary = corpus_glossary(corpus)
    fixture = str(FIXTURES / "hyesan-poedit.po")
    # Articles, PO files, and the same PO file twice (two documents with one name).
    docs = (documents_for([], corpus=corpus)
            + documents_for([fixture, str(FIXTURES / "weblate-korean-source.po"), fixture]))
    options = dict(settings=corpus.settings.checks, glossary=glossary,
                   workflow=corpus.settings.workflow, root=corpus.root, show_waived=True)
    one = run_checks(docs, **options)
    for jobs in (2, 3):
        many = run_checks(docs, jobs=jobs, **options)
        assert many.findings == one.findings
        assert (many.documents, many.units, many.waived, many.skipped, many.codes) == \
               (one.documents, one.units, one.waived, one.skipped, one.codes)
        assert many.length_model == one.length_model
    assert any(f.code == "T003" for f in one.findings) or not any(
        spec == "T003" for spec in one.codes)


def test_check_jobs_option_gives_the_same_report(monkeypatch):
    monkeypatch.setattr(runner, "PARALLEL_MIN_UNITS", 0)
    cli_runner = CliRunner()
    outputs = []
    for jobs in ("1", "2"):
        result = cli_runner.invoke(cli, ["check", "--corpus", str(SAMPLE_CORPUS), "--format",
                                         "json", "--exit-zero", "-j", jobs])
        assert result.exit_code == 0, result.output
        outputs.append(result.stdout)
    assert outputs[0] == outputs[1]
    assert '"findings"' in outputs[0]


@HYPOTHESIS
@given(text=st.lists(st.sampled_from(_NUMBER_WORDS + ["hundred", "Thousand", "MILLION", "dozen",
                                                      "bn", "column", "Mn", "thouſand",
                                                      "mİllion", "bıllion", "9"]),
                     max_size=10).map(" ".join))
def test_scale_word_substring_test_matches_the_regex(text):
    from toolkit.checks.numbers import _has_scale_word

    assert _has_scale_word(text) == (_SCALE_WORD.search(text) is not None)


# -- the English date triggers ----------------------------------------------------------------

_DATE_PIECES = ["On", "Wednesday,", "Nov.", "16,", "2016", "the", "16th", "of", "May", "may",
                "last", "Last", "week", "THIS", "year", "this", "the next", "next", "the day",
                "before", "yesterday", "Today", "a", "day", "later", "earlier", "month",
                "noon", "midnight", "at", "3", "p.m.", "'90s", "1990s", "Market", "December",
                "decided", "tonight", "following", "previous", "ago", ",", "."]


@HYPOTHESIS
@given(text=st.lists(st.sampled_from(_DATE_PIECES), max_size=12).map(" ".join))
def test_date_trigger_families_find_what_all_families_find(text):
    """A text is scanned only with the trigger families it can hold: the same dates as
    with every family at once."""
    from toolkit import dates

    everything = dates.trigger_pattern([f for family in dates._EN_FAMILIES.values()
                                        for f in family])
    chosen = dates._en_triggers(text)
    assert ([m.span() for m in dates.scan(dates._EN_DATE, text, chosen)]
            == [m.span() for m in dates.scan(dates._EN_DATE, text, everything)])


# -- PO files read in the workers -------------------------------------------------------------

def test_po_files_read_in_workers_give_the_same_result(monkeypatch, tmp_path):
    monkeypatch.setattr(runner, "PARALLEL_MIN_BYTES", 0)
    folder = tmp_path / "po"
    (folder / "sub").mkdir(parents=True)
    for n, name in enumerate(sorted(FIXTURES.glob("*.po"))):
        shutil.copy(name, folder / ("sub" if n % 2 else ".") / name.name)
    paths = runner.po_paths([str(folder), str(FIXTURES / "hyesan-poedit.po")])
    assert paths is not None and len(paths) == 4
    assert [str(p) for p in paths] == [d.name for d in documents_for(
        [str(folder), str(FIXTURES / "hyesan-poedit.po")])]
    for swap in (False, True):
        one = run_checks(documents_for([str(p) for p in paths], swap=swap), show_waived=True)
        for jobs in (1, 2, 3):
            many = runner.run_po_checks(paths, swap=swap, jobs=jobs, show_waived=True)
            assert many.findings == one.findings
            assert (many.documents, many.units, many.waived, many.codes, many.length_model) == \
                   (one.documents, one.units, one.waived, one.codes, one.length_model)


def test_po_paths_leaves_articles_and_other_files_to_documents_for(tmp_path):
    assert runner.po_paths([str(SAMPLE_CORPUS)]) is None  # articles inside
    assert runner.po_paths([str(tmp_path)]) is None  # no PO file: documents_for says so
    assert runner.po_paths([str(tmp_path / "missing.po")]) is None
    text = tmp_path / "story.txt"
    text.write_text("북한", encoding="utf-8")
    assert runner.po_paths([str(text)]) is None


def test_unreadable_po_file_in_a_worker_gives_the_serial_error(monkeypatch, tmp_path):
    monkeypatch.setattr(runner, "PARALLEL_MIN_BYTES", 0)
    good = FIXTURES / "hyesan-poedit.po"
    for n in range(4):
        shutil.copy(good, tmp_path / f"{n}.po")
    (tmp_path / "1.po").write_bytes("msgid \"북한\"\nmsgstr \"North\n".encode("utf-8"))
    (tmp_path / "3.po").write_bytes(b"msgid \"\\xff\"\n\xff\xfe")
    paths = runner.po_paths([str(tmp_path)])
    with pytest.raises(ToolkitError) as serial:
        documents_for([str(tmp_path)])
    with pytest.raises(ToolkitError) as parallel:
        runner.run_po_checks(paths, jobs=2)
    assert (type(parallel.value), parallel.value.message, parallel.value.path,
            parallel.value.line) == (type(serial.value), serial.value.message,
                                     serial.value.path, serial.value.line)
    result = CliRunner().invoke(cli, ["check", str(tmp_path), "-j", "2"])
    assert result.exit_code == 2
    assert "1.po" in result.stderr


# -- paragraph lengths ----------------------------------------------------------------------

def _plain_weighted_length(text: str, hangul_weight: float = 2.0) -> float:
    """weighted_length as it was: collect the wide runs, always."""
    import unicodedata

    from toolkit.align import _WIDE_RUN

    text = unicodedata.normalize("NFC", text)
    nonspace = sum(map(len, text.split()))
    wide = sum(map(len, _WIDE_RUN.findall(text)))
    return wide * hangul_weight + (nonspace - wide)


_LENGTH_PIECES = ["평양", "혜산시", "北", "美", "㐀", " ", "\n", "2026년", "Kim", "“", "”", "·",
                  "é", "ㄱ", "\u1100\u1161", "😀", "\u3000", "…", "원", ".", "\t", "\r\n",
                  "\x0b", "\x1c", "\x85", "\u00a0", "\u2028", "~", "\x00"]


@HYPOTHESIS
@given(text=st.lists(st.sampled_from(_LENGTH_PIECES), max_size=20).map("".join),
       weight=st.sampled_from([1.0, 1.5, 2.0, 2.5]))
def test_byte_count_of_wide_characters_matches_the_runs(text, weight):
    from toolkit.align import weighted_length

    assert weighted_length(text, weight) == _plain_weighted_length(text, weight)
    assert weighted_length("북한 당국은 혜산에서 밀수를 단속했다.", weight) == \
           _plain_weighted_length("북한 당국은 혜산에서 밀수를 단속했다.", weight)


# -- the name candidates of a word, with their probes -----------------------------------------

_SYLLABLES = ["김", "정", "은", "철", "민", "리", "혜", "산", "평", "양", "의", "을", "이", "는", "에서",
              "으로", "당", "국"]
_SPANS = ["Kim Jong Un", "Kim Chol Min", "Ri Chol", "Hyesan", "Pyongyang", "Kim", "Jong",
          "Lee Chul-min", "Returns", "Python", "The"]


@HYPOTHESIS
@given(word=st.lists(st.sampled_from(_SYLLABLES), min_size=1, max_size=8).map("".join),
       spans=st.lists(st.sampled_from(_SPANS), max_size=6))
def test_word_stems_and_candidates_select_what_the_separate_lookups_did(word, spans):
    from toolkit.terms import (_name_probes, _span_probes, _stem_probes, _word_name_candidates,
                               _word_names, _words_answering)

    every_probe = {probe for span in spans for probe in _span_probes(span)}
    # The plain filter: a word of 2-7 syllables, its stems' probes, each candidate's probes.
    if not 2 <= len(word) <= 7 or every_probe.isdisjoint(_stem_probes(word)):
        before: tuple[str, ...] | None = None
    else:
        before = tuple(name for name in _word_name_candidates(word)
                       if not every_probe.isdisjoint(_name_probes(name)[2]))
    # The filter of doc_name_places: the stem index, the ending test only past it.
    lengths = _words_answering({word}, every_probe).get(word)
    after = None if lengths is None else _word_names(word, lengths)
    assert after == before


# -- the acronym evidence of Q001 -------------------------------------------------------------

@HYPOTHESIS
@given(korean=st.lists(st.sampled_from(["데일리", "NK", "의", "는", " ", "AB", "C", "북한", "A",
                                        "KCNA", "의 ", "\n", "x"]), max_size=10).map("".join),
       acronym=st.sampled_from(["NK", "KCNA", "AB", "UN", "ABC"]))
def test_acronym_evidence_test_never_misses_evidence(korean, acronym):
    """lost_apostrophe skips the acronym scan when _ACRONYM_IN_KOREAN finds nothing: the
    Korean can then hold no evidence for any acronym."""
    evidence = f"{acronym}의" in korean or re.search(f"[\uac00-\ud7a3]{acronym}", korean)
    if evidence:
        assert quotes._ACRONYM_IN_KOREAN.search(korean)


# -- the word tests before the Q001 patterns ------------------------------------------------------

@HYPOTHESIS
@given(text=st.lists(st.one_of(st.sampled_from(_ENGLISH_BITS + ["Id've ", "dont", "ITS ", "kim ",
                                                                "Thats ", "İ", "K", "_", "’s",
                                                                "So ", "so ", "The ", "the\t",
                                                                "don't ", "it's it's ", "The the ",
                                                                "won't won't", "a\nA", "ſ s ", "K k", "is İs ",
                                                                "Daily NKs ", "Labour MPs", "NK"]),
                               st.text(max_size=3)), max_size=12).map("".join))
def test_word_tests_never_skip_a_paragraph_a_pattern_matches(text):
    from toolkit.checks import english_words
    from toolkit.checks.encoding import _DOUBLED, _may_double

    words = english_words(Unit(0, (), (Paragraph("e1", text, 1),)))[0]
    assert words == re.findall(r"\w+", text.lower())
    if _DOUBLED.search(text):
        assert _may_double(text, words)
    if quotes._CONTRACTION_RE.search(text):
        assert not quotes._CONTRACTION_WORDS.isdisjoint(words)
    if quotes._ITS.search(text):
        assert "its" in words
    if quotes._KOREAN_NAME_S.search(text):
        assert quotes._may_hold_korean_name(text, words)
    if quotes._ACRONYM_NAME_S.search(text):
        assert quotes._ACRONYM_S.search(text)


# -- T003 name evidence, round 5: span texts, whole-name keys, two-syllable words ----------------

@HYPOTHESIS
@given(text=st.lists(st.one_of(st.sampled_from(_SPAN_BITS + ["Kim Jong Un said", "Ri Pyong Chol ",
                                                             "Hyesan", "A B C D E F"]),
                               st.text(max_size=3)), max_size=14).map("".join),
       max_tokens=st.integers(1, 5))
def test_span_texts_are_the_distinct_name_spans(text, max_tokens):
    from toolkit.terms import _span_texts

    expected = {span for span, _ in english_name_spans(text, max_tokens)}
    assert _span_texts(text, max_tokens) == expected


def word_by_word_english_key(name: str) -> tuple[str, int]:
    """english_key as it was: each word of the name keyed apart and the keys joined."""
    from toolkit.terms import _EN_KEY_MAP, _EN_KEY_RE, _NOT_CONSONANT, _VOWEL_GROUPS

    key: list[str] = []
    groups = 0
    for token in re.split(r"[\s\-'’]+", name.lower()):
        groups += len(_VOWEL_GROUPS.findall(token.replace("y", "a") if token.startswith("y")
                                            else token))
        key.extend(_EN_KEY_MAP[m] for m in _EN_KEY_RE.findall(_NOT_CONSONANT.sub(" ", token)))
    return "".join(key), groups


@HYPOTHESIS
@given(name=st.lists(st.one_of(st.sampled_from(["Kim", "Jong", "Un", "Chul-min", "Ri", "O'Brien",
                                                "Yang", "Ng", "Thae", "Ssang", " ", "-", "'",
                                                "’", "\n", "yo", "Tch"]),
                               st.text(max_size=3)), max_size=8).map("".join))
def test_english_key_of_the_whole_name_is_the_word_by_word_key(name):
    from toolkit.terms import english_key

    assert english_key.__wrapped__(name) == word_by_word_english_key(name)


@HYPOTHESIS
@given(text=st.lists(st.one_of(st.sampled_from(["평양에서", "김", "정", "은", " ", "北",
                                                "2016년", "Kim", "\u1100\u1161", "의", "\n"]),
                               st.text(max_size=3)), max_size=12).map("".join))
def test_hangul_words_are_the_runs_of_two_syllables_or_more(text):
    from toolkit.terms import _HANGUL_WORD

    assert _HANGUL_WORD.findall(text) == [w for w in re.findall("[\uac00-\ud7a3]+", text)
                                          if len(w) >= 2]


@HYPOTHESIS
@given(units=st.lists(st.tuples(st.lists(name_unit_texts(), min_size=1, max_size=2),
                                st.integers(0, 2)), min_size=1, max_size=6))
def test_name_evidence_of_units_of_several_paragraphs_matches_brute_force(units):
    """Units of one or two paragraphs a side (the Korean ones are read as one text, the
    English spans as one set) against every candidate paired with every span."""
    built = []
    for n, (pairs, english) in enumerate(units):
        ko = tuple(Paragraph(f"k{n}-{i}", k, n + 1) for i, (k, _) in enumerate(pairs))
        en = tuple(Paragraph(f"e{n}-{i}", e, n + 1) for i, (_, e) in enumerate(pairs[:english]))
        built.append(Unit(n, ko, en))
    doc = Document("generated", built)
    places, span_units = doc_name_places(doc, None)
    got = {name: [(p.unit.index, p.spelling, p.paragraph, p.offset) for p in found]
           for name, found in places.items()}
    assert (got, span_units) == reference_name_places(doc)


# -- numbers and dates: proofs of absence and narrower triggers -------------------------------

_KO_NUMBER_BITS = ["탈북민", " ", "3만", "여 명", "1억2천만 원", "두 명", "한 번", "세 차례", "첫째",
                   "하루", "열흘", "절반", "십여", "제", "2016년", "11월 16일", "(수)", "오후 3시",
                   "30분", "정오", "어제", "지난주", "다음 달", "1990년대", "6.15", "공동선언",
                   "3.11", "·", "'", "16", "일", "시", "년", "이", "다", "사", "하", "나", "여",
                   "８", "２０", "요일", "월요일", "\n", ",", ".", "수요일", "자정", "다섯 명",
                   "이틀", "서른 살", "스무 살", "사흘", "이튿날", "이번 주", "지난해", "오"]
_EN_NUMBER_BITS = ["more than", "30,000", "defectors", "paid", "120", "million", "won", "one",
                   "two-thirds", "a", "dozen", "first", "twice", "half", "of", "the", "$", "US$5",
                   "15%", "percent", "Nov.", "16,", "2016", "May", "on", "16th", "at", "3",
                   "p.m.", "10:30", "o'clock", "1990s", "'90s", "noon", "yesterday", "last",
                   "week", "Today", "Monday", "K", "ſ", "İ", "é", "１６", "(", "-", ".", ",",
                   "\n", "version", "3.11", "x86", "July", "Jan.", "Sept.", "Decimal"]


def _bits(pieces: list[str]):
    return st.lists(st.one_of(st.sampled_from(pieces), st.text(max_size=2)), max_size=14)


@HYPOTHESIS
@given(parts=_bits(_KO_NUMBER_BITS), sep=st.sampled_from(["", " "]))
def test_korean_text_proven_empty_holds_no_number_or_date(parts, sep):
    """extract_ko and the D checks skip a Korean paragraph where the joint trigger pattern
    finds nothing: neither scan could then start a match."""
    from toolkit import dates, numbers

    text = sep.join(parts)
    numbers.holds_nothing_ko.cache_clear()
    if numbers.holds_nothing_ko(text):
        assert numbers._scan_ko(text, []) == []
        assert dates._dates_ko.__wrapped__(text) == ()


@HYPOTHESIS
@given(parts=_bits(_KO_NUMBER_BITS + ["2016.11.16", "5.18 민주화운동", "6·15"]),
       sep=st.sampled_from(["", " "]))
def test_korean_date_digit_triggers_find_what_every_digit_finds(parts, sep):
    """A Korean date led by a digit is tried only where a year, a unit or a month-day
    separator follows: the same dates as trying every digit."""
    _korean_date_triggers_agree(sep.join(parts))


@pytest.mark.parametrize("text", ["16시 30분", "2016.11.16", "1990년대", "11월 16일", "16일(수)",
                                  "5·18", "6.15 공동선언", "2016년", "'16년", "3.11 버전", "8번"])
def test_korean_date_digit_triggers_on_each_shape(text):
    _korean_date_triggers_agree(text)
    _korean_date_triggers_agree("탈북민 " + text + "에")


def _korean_date_triggers_agree(text: str) -> None:
    from toolkit import dates

    plain = dates.trigger_pattern(dates.digit_fragments(r"(?<![0-9.].)")
                                  + [f for f in dates.KO_TRIGGER_FRAGMENTS if not f[0][0].isdigit()])
    assert ([(m.span(), m.lastgroup) for m in dates.scan(dates._KO_DATE, text, plain)]
            == [(m.span(), m.lastgroup) for m in dates.scan(dates._KO_DATE, text,
                                                             dates._KO_TRIGGERS)])


@HYPOTHESIS
@given(parts=_bits(_EN_NUMBER_BITS), sep=st.sampled_from([" ", ""]))
def test_english_date_triggers_find_what_the_plain_triggers_find(parts, sep):
    """English dates: the digit triggers that need a year, a month, a time after the digit,
    and the substring proof that a text holds no date, against every family with every
    digit."""
    _english_date_triggers_agree(sep.join(parts))


@pytest.mark.parametrize("text", ["on 16 November", "16th of May", "at 3 p.m.", "at 3pm", "10:30",
                                  "5 o'clock", "2016-11-16", "in 2016", "the 1990s", "of May",
                                  "Sept. and Dec.", "Decimal", "Jan", "July", "at noon"])
def test_english_date_triggers_on_each_shape(text):
    _english_date_triggers_agree(text)
    _english_date_triggers_agree("The ministry said " + text + ".")


def _english_date_triggers_agree(text: str) -> None:
    from toolkit import dates

    not_digits = [f for f in dates._EN_FAMILIES["digit"] if not f[0][0].isdigit()]
    plain = dates.trigger_pattern(
        dates.digit_fragments(r"(?<![0-9.,].)") + not_digits
        + [f for name in ("base", "noon", "relative") for f in dates._EN_FAMILIES[name]])
    expected = [(m.span(), m.lastgroup) for m in dates.scan(dates._EN_DATE, text, plain)]
    assert [(m.span(), m.lastgroup) for m in dates.scan(dates._EN_DATE, text,
                                                         dates._en_triggers(text))] == expected
    if not dates._may_hold_date_en(text):
        assert expected == [] and dates.extract_dates_en(text) == []


@HYPOTHESIS
@given(text=_bits(_EN_NUMBER_BITS).map(" ".join))
def test_english_dates_without_digits_state_no_year_and_no_day(text):
    """compare_dates skips English with no digit when the Korean has no date: only a date
    with a year, or a month and a day, could be reported (D004)."""
    from toolkit.dates import extract_dates_en, has_digit

    assert has_digit(text) == (re.search(r"\d", text) is not None)
    if not has_digit(text):
        for m in extract_dates_en(text):
            assert m.year is None and (m.month is None or m.day is None), (text, m)


@HYPOTHESIS
@given(parts=_bits(_EN_NUMBER_BITS), sep=st.sampled_from([" ", "", "-"]))
def test_english_number_triggers_led_by_the_character_before(parts, sep):
    """_EN_TRIGGERS_BEFORE, run on the text with a space in front, starts its hits where
    _EN_TRIGGERS does on text without currency signs."""
    from toolkit import numbers

    text = sep.join(parts).lower()
    if any(c in text for c in numbers._EN_SYMBOLS):
        return
    assert ([h.start() for h in numbers._EN_TRIGGERS_BEFORE.finditer(" " + text)]
            == [h.start() for h in numbers._EN_TRIGGERS.finditer(text)])


@HYPOTHESIS
@given(parts=_bits(_EN_NUMBER_BITS + ["about", "ABOUT", "just over", "over", "an  estimated",
                                      "estimated", "some", "ſome", "Some", "US", "as many\nas",
                                      "more than", "x", "_", "   ", "é"]),
       sep=st.sampled_from([" ", "", "  "]))
def test_approximation_word_matched_backwards_as_searched_forwards(parts, sep):
    from toolkit import numbers

    text = sep.join(parts)
    forwards = re.compile(r"\b(?i:" + "|".join(w.replace(" ", r"\s+")
                                               for w in numbers._EN_APPROX_WORDS)
                          + r")\s+(?:US)?\$?$")
    # A longer word reaching out of the window holds a shorter one inside it.
    for text in (text, "just over" + " " * 16 + "5", "an estimated" + " " * 13 + "5"):
        for start in range(len(text) + 1):
            assert numbers._approx_before_en(text, text[::-1], start) == bool(
                forwards.search(text, max(0, start - 24), start)), (text, start)


@HYPOTHESIS
@given(parts=_bits(_KO_NUMBER_BITS + ["한다", "세부", "네트워크", "열린", "열두 명", "스물세 살",
                                      "첫 번째", "첫날", "두 사람", "세대", "한번"]),
       sep=st.sampled_from(["", " "]))
def test_korean_number_word_triggers_find_what_the_bare_words_find(parts, sep):
    """Native number words trigger only before a counter, 첫 only before a syllable: the
    same quantities as triggering on the bare words."""
    from toolkit import numbers
    from toolkit.dates import trigger_pattern, word_fragments

    text = sep.join(parts)
    bare = trigger_pattern(
        [f for f in numbers._KO_FRAGMENTS if not f[0].startswith(tuple(numbers._KO_NATIVE) + ("첫",))]
        + word_fragments(list(numbers._KO_NATIVE) + ["첫"], ""))
    assert ([(m.span(), m.lastgroup) for m in numbers.scan(numbers._KO_RE, text, bare)]
            == [(m.span(), m.lastgroup) for m in numbers.scan(numbers._KO_RE, text,
                                                               numbers._KO_TRIGGERS)])


@HYPOTHESIS
@given(core=st.text(alphabet="0123456789,.٣８만천억 ", min_size=1, max_size=8))
def test_plain_korean_figure_read_as_its_value(core):
    """_scan_ko reads a core of digits alone with float(): what _ko_core_value gives, at
    scale 1."""
    from toolkit import numbers

    if core.isdigit():
        assert float(core) == numbers._ko_core_value(core)
        assert numbers._ko_scale(core) == 1.0


@HYPOTHESIS
@given(value=st.floats(min_value=0, max_value=1e12, allow_nan=False),
       kinds=st.lists(st.sampled_from(("number", "percent", "currency", "ordinal", "count",
                                       "times")), min_size=2, max_size=2),
       approximate=st.tuples(st.booleans(), st.booleans()))
def test_equal_values_always_match(value, kinds, approximate):
    """compare_numbers pairs equal values by a set lookup before trying every pair."""
    from toolkit.checks.numbers import _values_match
    from toolkit.numbers import Quantity

    k = Quantity(value, kinds[0], None, 0, 1, "1", approximate[0])
    e = Quantity(value, kinds[1], None, 0, 1, "1", approximate[1])
    assert _values_match(k, e)


# -- numbers and dates, round 6: named tuples, checks that return () ------------------------

@HYPOTHESIS
@given(parts=_bits(_KO_NUMBER_BITS + _EN_NUMBER_BITS), sep=st.sampled_from(["", " "]))
def test_quantities_and_mentions_built_in_c_hold_their_fields(parts, sep):
    """_finish builds Quantities from bare tuples: each field lands in its place (the text
    is the span's), and they stay immutable and hashable like the frozen dataclasses."""
    from toolkit import dates, numbers

    text = sep.join(parts)
    for q in numbers.extract_ko(text) + numbers.extract_en(text):
        assert type(q) is numbers.Quantity and q == numbers.Quantity(**q._asdict())
        assert isinstance(q.value, float) and q.kind in numbers.KINDS
        assert q.text == text[q.start:q.end] and isinstance(q.approximate, bool)
        assert hash(q) == hash(numbers.Quantity(*q))
        with pytest.raises(AttributeError):
            q.value = 0.0
    for m in dates.extract_dates_ko(text) + dates.extract_dates_en(text):
        assert m.text == text[m.start:m.end] and hash(m) == hash(dates.DateMention(*m))


def _located_places(comparison) -> dict[str, list[tuple[str, int]]]:
    """Where each number and date check must report, read from the unit's comparisons."""
    def at(loc) -> tuple[str, int]:
        found = loc.quantity if hasattr(loc, "quantity") else loc.mention
        return loc.paragraph.id, found.start

    numbers, dates = comparison
    return {"N001": [at(e) for _, e in numbers.mismatched], "N002": [at(k) for k in numbers.missing],
            "N003": [at(e) for e in numbers.added], "D001": [at(e) for _, e in dates.mismatched],
            "D002": [at(k) for k in dates.missing], "D004": [at(e) for e in dates.added],
            "D003": [at(e if e is not None else k) for k, e in dates.relative_wrong]}


@HYPOTHESIS
@given(ko=_bits(_KO_NUMBER_BITS).map(" ".join), en=_bits(_EN_NUMBER_BITS).map(" ".join),
       empty=st.sampled_from(["", "ko", "en"]))
def test_number_and_date_checks_report_what_the_comparisons_hold(ko, en, empty):
    """The checks, plain functions that return () for nothing to report, report each entry
    of compare_numbers and compare_dates in order on a translated unit and nothing on a
    unit with an empty side, as the generators did."""
    from toolkit.checks import REGISTRY, load_checks, translated
    from toolkit.checks.dates import compare_dates
    from toolkit.checks.numbers import compare_numbers

    load_checks()
    unit = Unit(0, (Paragraph("k1", "" if empty == "ko" else ko, 1),),
                (Paragraph("e1", "" if empty == "en" else en, 1),))
    expected = (_located_places((compare_numbers(unit), compare_dates(unit)))
                if translated(unit) else {})
    for code in ("N001", "N002", "N003", "D001", "D002", "D004", "D003"):
        for _ in range(2):  # the second call is answered by the unit's memo
            got = [(hit.paragraph, hit.offset) for hit in REGISTRY[code].func(unit, None)]
            assert got == expected.get(code, []), code


# -- the PO reader, round 6: possessive token pattern, unescaping by replacements --------------

_BACKTRACKING_TOKEN = re.compile(po._PO_TOKEN.pattern.replace("*+", "*").replace("++", "+"))


@HYPOTHESIS
@given(text=po_text())
def test_possessive_po_token_matches_its_backtracking_form(text):
    """Every repeat of the token pattern is possessive; the plain pattern, which may give
    back, matches the same token at every line start of generated PO files."""
    assert _BACKTRACKING_TOKEN.pattern != po._PO_TOKEN.pattern
    starts = [0] + [n + 1 for n, char in enumerate(text) if char == "\n"]
    for start in starts:
        fast, plain = po._PO_TOKEN.match(text, start), _BACKTRACKING_TOKEN.match(text, start)
        assert (fast and (fast.span(), fast.lastgroup, fast.groupdict())) == \
            (plain and (plain.span(), plain.lastgroup, plain.groupdict()))
        line = text[start:text.find("\n", start) + 1 or len(text)]
        assert bool(po._PO_TOKEN.fullmatch(line)) == bool(_BACKTRACKING_TOKEN.fullmatch(line))


_ESCAPED_PIECES = ["\\\\", "\\n", '\\"', "\\t", "\\r", "\\v", "\\b", "\\f", "\\a", "\\u00e9", "\\",
                   "n", '"', "북한 ", "평양에서 ", "Pyongyang ", "said ", "\\\\n", "\\\\\\"]


@HYPOTHESIS
@given(pieces=st.lists(st.sampled_from(_ESCAPED_PIECES), max_size=12))
def test_unescape_by_replacements_matches_polib(pieces):
    """Runs of backslashes, escapes polib knows and ones it leaves alone, Korean and
    English text: the replacements give what polib's substitution gives."""
    import polib

    value = "".join(pieces)
    assert po._unescape(value) == polib.unescape(value)


def test_unescape_pairs_backslashes_from_the_left():
    assert po._unescape('김정은 \\\\\\"연설\\\\n\\n') == '김정은 \\"연설\\n\n'
    assert po._unescape("\\\\\\\\t \\a") == "\\\\t \\a"


# -- T003 name evidence, round 6: run-wide indexes, the one-edit test ----------------------------

def _levenshtein(a: str, b: str) -> int:
    """The full edit-distance table: the plain definition `_one_edit_apart` answers for 1."""
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


@HYPOTHESIS
@given(a=st.text(alphabet="KMCLNSTP", max_size=9), b=st.text(alphabet="KMCLNSTP", max_size=9))
def test_one_edit_test_is_a_distance_of_at_most_one(a, b):
    from toolkit.terms import _one_edit_apart

    assert _one_edit_apart(a, b) == (_levenshtein(a, b) <= 1)
    # Keys of real names: 김철민 (KMCLMN) as Kim Chol Min, Kim Chul-min, Kim Cheol-min, Lee.
    assert _one_edit_apart("KMCLMN", "KMCLMN") and _one_edit_apart("KMCLMN", "KMCLN")
    assert _one_edit_apart("LSLC", "SLC") and not _one_edit_apart("KMCLMN", "KMLMC")


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(runs=st.lists(st.lists(name_unit_texts(), min_size=1, max_size=5), min_size=1,
                     max_size=4),
       size=st.sampled_from([1, 6, 40]))
def test_name_evidence_of_a_run_of_documents_with_bounded_indexes(monkeypatch, runs, size):
    """Documents one after another share the stem and span indexes, which fill up and are
    emptied again: each document's evidence stays its brute-force evidence."""
    from toolkit import terms

    monkeypatch.setattr(terms, "_INDEX_SIZE", size)
    for number, pairs in enumerate(runs):
        units = [Unit(n, (Paragraph(f"k{n + 1}", ko, n + 1),),
                      (Paragraph(f"e{n + 1}", en, n + 1),) if en else ())
                 for n, (ko, en) in enumerate(pairs)]
        doc = Document(f"article-{number}", units)
        places, span_units = doc_name_places(doc, None)
        got = {name: [(p.unit.index, p.spelling, p.paragraph, p.offset) for p in found]
               for name, found in places.items()}
        assert (got, span_units) == reference_name_places(doc)


# -- the length model's calibration ---------------------------------------------------------

@HYPOTHESIS
@given(pairs=st.lists(st.tuples(st.floats(30, 2000), st.one_of(st.just(0.0), st.floats(0, 4000),
                                                               st.sampled_from([45.0, 90.0]))),
                      min_size=30, max_size=400))
def test_calibration_is_the_median_and_mad_of_the_deviations(pairs):
    """calibrate sorts once and merges the two runs of |d - location|: the model is the one
    statistics.median and LengthModel.deviation give, to the last bit."""
    import statistics

    from toolkit.align import DEFAULT_PARAMS
    from toolkit.checks.alignment import LengthModel, calibrate

    model = calibrate(pairs)
    ratios = [le / lk for lk, le in pairs if le > 0]
    if not ratios:
        assert model.source == "prior"
        return
    c = statistics.median(ratios)
    devs = [LengthModel(c, DEFAULT_PARAMS.s2).deviation(lk, le) for lk, le in pairs]
    location = statistics.median(devs)
    mad = statistics.median(abs(d - location) for d in devs) * 1.4826
    assert (model.c, model.location, model.scale) == (c, location, max(mad, 0.5))


def test_printable_ascii_holds_no_encoding_damage():
    """E001-E003 pass over printable ASCII text without their scan: no character of it is
    in the class they scan for (whose ASCII members are control characters)."""
    from toolkit.checks.encoding import _ANY_DAMAGE

    printable = [chr(code) for code in range(128) if chr(code).isprintable()]
    assert len(printable) == 95
    assert not any(_ANY_DAMAGE.search(char) for char in printable)
    assert all(_ANY_DAMAGE.search(chr(code)) for code in range(128)
               if not chr(code).isprintable() and chr(code) not in "\t\n")


# -- checks that do not apply to a document ---------------------------------------------------

def test_a_check_that_does_not_apply_finds_nothing_there():
    """Where a check's `applies` says no, the runner skips it on every unit of the document:
    run on those units anyway, it must find nothing (PO files both ways, the sample corpus's
    articles, no glossary)."""
    from toolkit.checks import REGISTRY, CheckContext, load_checks
    from toolkit.corpus import Corpus

    load_checks()
    docs = [po.read_po_document(path, swap=swap) for path in sorted(FIXTURES.glob("*.po"))
            for swap in (False, True)]
    docs += documents_for(corpus=Corpus(SAMPLE_CORPUS))
    ctx = CheckContext()
    skipped = 0
    for spec in REGISTRY.values():
        if spec.applies is None:
            continue
        for doc in docs:
            ctx.document = doc
            ctx.doc_cache = {}
            if spec.applies(doc, ctx):
                continue
            skipped += 1
            assert [hit for unit in doc.units for hit in spec.func(unit, ctx)] == [], \
                (spec.code, doc.name)
    assert skipped, "no document was one a check does not apply to"


def test_the_runner_does_not_call_a_check_that_does_not_apply(monkeypatch):
    from dataclasses import replace

    from toolkit.checks import REGISTRY, load_checks

    load_checks()
    doc = po.read_po_document(sorted(FIXTURES.glob("*.po"))[0])

    def never(unit, ctx):
        raise AssertionError("called on a document it does not apply to")

    monkeypatch.setitem(REGISTRY, "A004", replace(REGISTRY["A004"], func=never))
    run_checks([doc])  # no stored alignment in a PO file: A004 does not apply


def test_a_family_finds_nothing_where_its_may_find_says_no():
    """Where a family's shared `may_find` says a unit holds nothing for it, the runner
    skips the family's checks there: run on those units anyway, each must find nothing.
    The units are those of the evaluation cases (every kind of defect and many clean
    look-alikes), the sample corpus and the PO fixtures."""
    import importlib.util

    from toolkit.checks import REGISTRY, CheckContext, load_checks
    from toolkit.corpus import Corpus
    from toolkit.fileio import load_yaml

    spec = importlib.util.spec_from_file_location("qa_eval", REPO / "benchmarks" / "qa_eval.py")
    qa_eval = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(qa_eval)
    docs = [po.read_po_document(path, swap=swap) for path in sorted(FIXTURES.glob("*.po"))
            for swap in (False, True)]
    docs += documents_for(corpus=Corpus(SAMPLE_CORPUS))
    for path in sorted((REPO / "benchmarks").glob("qa_cases*.yaml")):
        docs += [qa_eval.case_document(case, None) for case in load_yaml(path)["cases"]]
    load_checks()
    screened = [s for s in REGISTRY.values() if s.may_find is not None]
    assert {s.code for s in screened} >= {"N001", "N002", "N003", "D001", "D002", "D003", "D004",
                                          "E001", "E002", "E003"}
    ctx = CheckContext()
    said = Counter()
    for doc in docs:
        ctx.document = doc
        ctx.doc_cache = {}
        for unit in doc.units:
            for check in screened:
                may = check.may_find(unit)
                said[check.code, may] += 1
                if not may:
                    assert list(check.func(unit, ctx)) == [], (check.code, doc.name, unit.index)
    # Each family says yes somewhere (the cases hold its defects) and no nearly everywhere.
    assert all(said[check.code, True] and said[check.code, False] for check in screened), said


def test_the_runner_asks_a_family_once_per_unit(monkeypatch):
    """N001-N003 share one `may_find`: the runner asks it once per unit and calls none of
    the three where it says no."""
    from dataclasses import replace

    from toolkit.checks import REGISTRY, Document, Unit, load_checks
    from toolkit.model import Paragraph

    load_checks()
    asked = []

    def may_find(unit):
        asked.append(unit.index)
        return unit.index == 1

    def only_where_told(unit, ctx):
        assert unit.index == 1, "called where the family's may_find said no"
        return ()

    for code in ("N001", "N002", "N003"):
        monkeypatch.setitem(REGISTRY, code, replace(REGISTRY[code], may_find=may_find,
                                                    func=only_where_told))
    texts = [("탈북민 3만 명이 입국했다.", "Some 30,000 defectors have arrived."),
             ("쌀값이 1kg당 6천 원으로 올랐다.", "Rice rose to 6,000 won a kilogram."),
             ("그는 말을 아꼈다.", "He declined to comment.")]
    units = [Unit(n, (Paragraph(f"k{n}", ko, n + 1),), (Paragraph(f"e{n}", en, n + 1),))
             for n, (ko, en) in enumerate(texts)]
    run_checks([Document("a", units, en_path="a.en.txt", kind="files")], select=["N"])
    assert asked == [0, 1, 2]


# Korean number and date words, with Hangul around them, that the triggers must not hide.
_KO_TRIGGER_BITS = ["한", "두", "세", "네", "다섯", "열", "스무", "첫째", "하루", "이틀", "열흘", "절반",
                    "환갑", "십여", "명", " 명", "개", "살", "번째", "째", "어제", "오늘", "내일",
                    "지난해", "올해", "지난달", "이번 주", "월요일", "수요일", "오전", "오후", "정오",
                    "자정", "3", "12", "2016년", "11월", "16일", "3시", "30분", "제", "여", "만", "억",
                    "·", ".", " ", "관", "위", "대", "하", "이", "가", "그", "1990년대", "'90년", "6·25",
                    "전쟁", "공동선언", "~", "-", "에", "는"]


@HYPOTHESIS
@given(text=st.lists(st.sampled_from(_KO_TRIGGER_BITS), max_size=14).map("".join))
def test_korean_triggers_only_prune(text):
    """The Korean number and date triggers find every place where their full pattern
    matches: `scan` gives what the pattern's own finditer gives (the triggers carry no
    guard for the syllable before a word; the full pattern tests it)."""
    from toolkit import dates, numbers

    for pattern, triggers in ((numbers._KO_RE, numbers._KO_TRIGGERS), (dates._KO_DATE, dates._KO_TRIGGERS)):
        assert ([m.span() for m in dates.scan(pattern, text, triggers)]
                == [m.span() for m in pattern.finditer(text) if m.end() > m.start()]), text

