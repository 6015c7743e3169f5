"""The review site: word diff, views, escaping, atomic builds and the `site` command."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import EN_BODY, KO_BODY, tree_digest
from toolkit.corpus import Corpus
from toolkit.fileio import write_yaml
from toolkit.model import Finding, Paragraph, Severity, Waiver
from toolkit.site import build_site, person_slug, unit_kind
from toolkit.site.build import MARKER, ParagraphView, UnitView, place_findings
from toolkit.site.chart import sample_days, stage_chart
from toolkit.site.diff import DELETE, EQUAL, INSERT, changed_words, new_text, old_text, word_diff

REPO = Path(__file__).resolve().parents[1]
TODAY = date(2026, 10, 20)
EDITED = "2026-10-14-hyesan-families"
WAITING = "2026-10-16-border-guards"
INJECTED = "2026-10-18-injected"

# The English as the translator signed it: Hangul left in paragraph 3, a doubled word in 5.
TRANSLATED_EN = (EN_BODY
                 .replace("More than 40 households in Hyesan",
                          "More than 40 households in Hyesan (혜산)")
                 .replace("Border guards, too, are", "Border guards, too, are are"))
# The editor's version: two phrases reworded, the planted defects left for the checks.
EDITED_EN = (TRANSLATED_EN.replace("sharply tightened", "significantly stepped up")
             .replace("to make ends meet", "just to get by"))

# Markup a hostile or careless paste could bring into the corpus.
SCRIPT = "<script>document.documentElement.setAttribute('data-pwned', 'script')</script>"
IMG = "<img src=x onerror=\"document.documentElement.setAttribute('data-pwned', 'img')\">"
ATTR = "\" onmouseover=\"document.documentElement.setAttribute('data-pwned', 'attr')\" x=\""
INJECTED_KO = f"북한 당국이 {SCRIPT} 단속을 강화했다.\n\n소식통은 {IMG} 라고 전했다.\n"
INJECTED_EN = f"Authorities {SCRIPT} tightened the crackdown.\n\nA source said {IMG} and {ATTR}.\n"


def _write_article(root: Path, article_id: str, meta: dict, ko: str, en: str | None = None,
                   snapshots: dict[str, str] | None = None) -> None:
    folder = root / "articles" / article_id
    (folder / "snapshots").mkdir(parents=True, exist_ok=True)
    (folder / "ko.txt").write_text(ko, encoding="utf-8")
    if en is not None:
        (folder / "en.txt").write_text(en, encoding="utf-8")
    for name, text in (snapshots or {}).items():
        (folder / "snapshots" / name).write_text(text, encoding="utf-8")
    write_yaml(folder / "article.yaml", {"id": article_id, **meta})


def make_desk(root: Path, *, injected: bool = False) -> Path:
    """A small corpus: one edited article with planted defects and a waiver, one overdue
    article without English, and (optionally) one whose every text field carries markup."""
    from toolkit.config import default_settings_text

    root.mkdir(parents=True)
    (root / "toolkit.yaml").write_text(default_settings_text("Test desk"), encoding="utf-8")
    _write_article(root, EDITED, {
        "title": {"ko": "혜산 보위원들, 탈북민 가족 단속", "en": "Security agents shake down defectors’ families"},
        "author": "강미진", "published": "2026-10-14T16:07:00+09:00", "stage": "edited",
        "assignments": {"translator": {"name": "Jiyoon Han", "due": "2026-10-16"},
                        "editor": {"name": "Paul Whitmore", "due": "2026-10-17"}},
        "credits": [{"role": "translator", "name": "Jiyoon Han", "date": "2026-10-15T17:40:00+09:00"},
                    {"role": "editor", "name": "Paul Whitmore", "date": "2026-10-16T11:00:00+09:00"}],
        "history": [
            {"to": "new", "by": "desk", "at": "2026-10-14T16:10:00+09:00"},
            {"from": "new", "to": "translating", "by": "Jiyoon Han", "at": "2026-10-14T17:00:00+09:00"},
            {"from": "translating", "to": "translated", "by": "Jiyoon Han",
             "at": "2026-10-15T17:40:00+09:00", "snapshot": "snapshots/translated.en.txt"},
            {"from": "translated", "to": "editing", "by": "Paul Whitmore", "at": "2026-10-16T09:00:00+09:00"},
            {"from": "editing", "to": "edited", "by": "Paul Whitmore", "at": "2026-10-16T11:00:00+09:00",
             "snapshot": "snapshots/edited.en.txt"}],
        "waivers": [{"code": "E004", "paragraph": "e5", "reason": "quoted as the source said it",
                     "by": "Paul Whitmore", "date": "2026-10-16"}],
    }, KO_BODY, EDITED_EN, {"translated.en.txt": TRANSLATED_EN, "edited.en.txt": EDITED_EN})
    _write_article(root, WAITING, {
        "title": {"ko": "국경 경비대원들, 밀수꾼에게 돈 받아", "en": ""}, "stage": "translating",
        "assignments": {"translator": {"name": "김지은", "due": "2026-10-17"}},
        "history": [{"to": "new", "by": "desk", "at": "2026-10-16T10:00:00+09:00"},
                    {"from": "new", "to": "translating", "by": "김지은", "at": "2026-10-16T11:00:00+09:00"}],
    }, KO_BODY)
    if injected:
        _write_article(root, INJECTED, {
            "title": {"ko": f"제목 {SCRIPT}", "en": f"Title {IMG}"}, "author": f"기자 {ATTR}",
            "source": "javascript:document.documentElement.setAttribute('data-pwned','href')",
            "stage": "translated",
            "assignments": {"translator": {"name": f"Mallory {IMG}", "due": "2026-10-19"}},
            "credits": [{"role": "translator", "name": f"Mallory {IMG}", "date": "2026-10-18T12:00:00+09:00"}],
            "history": [{"to": "new", "by": "desk", "at": "2026-10-18T09:00:00+09:00"},
                        {"from": "new", "to": "translating", "by": f"Mallory {IMG}",
                         "at": "2026-10-18T10:00:00+09:00", "note": f"note {SCRIPT}"},
                        {"from": "translating", "to": "translated", "by": f"Mallory {IMG}",
                         "at": "2026-10-18T12:00:00+09:00", "snapshot": "snapshots/translated.en.txt"}],
            "waivers": [{"code": "H001", "paragraph": "e1", "reason": f"reason {SCRIPT}", "by": f"x {ATTR}"}],
        }, INJECTED_KO, INJECTED_EN, {"translated.en.txt": INJECTED_EN})
    return root


class _Page(HTMLParser):
    """Collects, for each finding box, its code and the paragraph element that holds it."""

    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
            "track", "wbr"}

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[tuple[str, dict]] = []
        self.findings: list[dict] = []
        self.elements: list[tuple[str, dict]] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        attributes = {k: v or "" for k, v in attrs}
        self.elements.append((tag, attributes))
        classes = attributes.get("class", "").split()
        if "finding" in classes:
            para = next((a for t, a in reversed(self.stack) if "para" in a.get("class", "").split()), None)
            unit = next((a for t, a in reversed(self.stack) if "unit" in a.get("class", "").split()), None)
            self.findings.append({"code": attributes.get("data-code"), "classes": classes,
                                  "paragraph": attributes.get("data-paragraph") or None,
                                  "in_para": para.get("data-pid") if para else None,
                                  "para_classes": para.get("class", "").split() if para else [],
                                  "in_unit": unit.get("id") if unit else None})
        if tag not in self.VOID:
            self.stack.append((tag, attributes))

    def handle_endtag(self, tag: str) -> None:
        for n in range(len(self.stack) - 1, -1, -1):
            if self.stack[n][0] == tag:
                del self.stack[n:]
                break


def parse_page(html: str) -> _Page:
    """Parse a page (as built, or as a browser's DOM dump)."""
    page = _Page()
    page.feed(html)
    return page


def assert_findings_placed(html: str, findings: list[Finding]) -> None:
    """Every finding with a paragraph id sits inside that paragraph, marked by severity."""
    page = parse_page(html)
    placed = [f for f in page.findings if f["paragraph"]]
    for box in placed:
        assert box["in_para"] == box["paragraph"], box
        worst = [c for c in box["para_classes"] if c.startswith("mark-")]
        assert worst, box
    expected = sorted((f.code, f.paragraph) for f in findings if f.paragraph)
    assert sorted((b["code"], b["paragraph"]) for b in placed) == expected


@pytest.fixture
def desk(tmp_path) -> Path:
    return make_desk(tmp_path / "desk", injected=True)


@pytest.fixture
def built(desk, tmp_path) -> Path:
    out = tmp_path / "site"
    build_site(Corpus(desk), out, today=TODAY)
    return out


# -- word diff -------------------------------------------------------------------------------

def test_word_diff_marks_reworded_phrases_whole():
    ops = word_diff("Border guards are increasingly taking money from smugglers.",
                    "Border guards are taking more bribes from smugglers.")
    assert [(o.kind, o.text) for o in ops if o.kind != EQUAL] == [
        (DELETE, "increasingly "), (DELETE, "money"), (INSERT, "more bribes")]
    assert changed_words(ops) == (2, 2)


def test_word_diff_shows_a_changed_apostrophe_as_itself():
    ops = word_diff("the defectors' families", "the defectors’ families")
    assert [(o.kind, o.text) for o in ops if o.kind != EQUAL] == [(DELETE, "'"), (INSERT, "’")]


def test_word_diff_of_korean_works_on_words():
    ops = word_diff("보위원들이 돈을 요구하고 있다", "보위원들이 뇌물을 요구하고 있다")
    assert [(o.kind, o.text) for o in ops if o.kind != EQUAL] == [(DELETE, "돈을"), (INSERT, "뇌물을")]


_texts = st.lists(st.sampled_from(["the", "Kim", "Jong", "Un's", "3,000", "yuan", "양강도",
                                   "소식통은", ",", ".", "’", "\u201c", "\n", " ", "  "]),
                  max_size=25).map("".join)


@settings(max_examples=150, deadline=None)
@given(_texts, _texts)
def test_word_diff_never_loses_text(old, new):
    ops = word_diff(old, new)
    assert old_text(ops) == old and new_text(ops) == new
    assert all(op.text for op in ops)
    assert all(a.kind != b.kind for a, b in zip(ops, ops[1:]))
    if old == new:
        assert all(op.kind == EQUAL for op in ops)


# -- views -------------------------------------------------------------------------------------

@pytest.mark.parametrize(("ko", "en", "kind"), [
    (1, 1, "match"), (2, 1, "merged"), (1, 2, "split"), (1, 0, "dropped"), (0, 1, "added"),
    (2, 3, "many")])
def test_unit_kind(ko, en, kind):
    assert unit_kind(ko, en)[0] == kind


def test_person_slug_keeps_hangul_and_stays_unique():
    taken: set[str] = set()
    assert person_slug("Jiyoon Han", taken) == "jiyoon-han"
    assert person_slug("jiyoon  HAN", taken) == "jiyoon-han-2"
    assert person_slug("김지은", taken) == "김지은"
    assert person_slug('Mallory <img src=x onerror="x">', taken) == "mallory-img-src-x-onerror-x"
    assert person_slug("../..", taken) == "person"


def _finding(code: str, paragraph: str | None, unit: int | None, waived: bool = False) -> Finding:
    waiver = Waiver(code, paragraph, "kept on purpose", "Paul Whitmore") if waived else None
    return Finding(code, "x", Severity.ERROR, "m", paragraph=paragraph, unit=unit, waiver=waiver)


def test_place_findings_uses_paragraph_then_unit_then_article():
    units = [UnitView(0, "match", "1:1", 0.9, False, [ParagraphView("k1", "가", 1)],
                      [ParagraphView("e1", "a", 1)]),
             UnitView(1, "dropped", "dropped", 0.8, False, [ParagraphView("k2", "나", 3)], [])]
    on_para, on_korean = _finding("H001", "e1", 0), _finding("A001", "k2", 1)
    on_unit, stale_id, whole = _finding("A005", None, 1), _finding("Q002", "e9", 0), _finding("X001", None, None)
    rest = place_findings(units, [on_para, on_korean, on_unit, stale_id, whole])
    assert units[0].en[0].findings == [on_para] and units[1].ko[0].findings == [on_korean]
    assert units[1].findings == [on_unit] and units[0].findings == [stale_id]
    assert rest == [whole]
    assert units[0].en[0].worst == "error"


def test_waived_only_paragraph_is_marked_waived():
    para = ParagraphView("e5", "are are", 9, [_finding("E004", "e5", 4, waived=True)])
    assert para.worst == "waived"


# -- chart --------------------------------------------------------------------------------------

def test_stage_chart_counts_articles_by_stage_per_day(desk):
    corpus = Corpus(desk)
    chart = stage_chart(corpus.articles([EDITED, WAITING]), corpus.settings.workflow.stages, TODAY)
    assert chart.days[0] == date(2026, 10, 14) and chart.days[-1] == TODAY
    by_day = dict(zip(chart.days, chart.counts))
    assert by_day[date(2026, 10, 14)]["translating"] == 1
    assert by_day[date(2026, 10, 15)]["translated"] == 1
    assert by_day[date(2026, 10, 16)] == {**dict.fromkeys(corpus.settings.workflow.stages, 0),
                                          "edited": 1, "translating": 1}
    assert [b.stage for b in chart.bands] == corpus.settings.workflow.stages


def test_long_histories_are_sampled_weekly():
    days, step = sample_days(date(2025, 1, 1), date(2026, 1, 1))
    assert step == "week" and len(days) <= 120 and days[-1] == date(2026, 1, 1)


# -- building -----------------------------------------------------------------------------------

def test_site_has_dashboard_article_and_person_pages(built):
    names = sorted(str(p.relative_to(built)) for p in built.rglob("*") if p.is_file())
    assert names == sorted([
        MARKER, "assets/site.css", "index.html", f"articles/{EDITED}.html",
        f"articles/{WAITING}.html", f"articles/{INJECTED}.html", "people/paul-whitmore.html",
        "people/jiyoon-han.html", "people/김지은.html", "people/mallory-img-src-x-onerror-document-"
        "documentelement-setattribute-data-pwned-img.html"])
    index = (built / "index.html").read_text(encoding="utf-8")
    assert 'class="overdue"' in index and "people/%EA%B9%80%EC%A7%80%EC%9D%80.html" in index
    assert "<svg" in index and "<polygon" in index
    assert "https://" not in index.replace("http://www.w3.org/2000/svg", "")  # no external assets


def test_dashboard_works_without_javascript(built):
    # Without scripts the browser shows the HTML as built: every row, the chart, and no
    # filter form (it is revealed by the script, since it cannot work without it).
    html = (built / "index.html").read_text(encoding="utf-8")
    elements = parse_page(html).elements
    form = next(a for _, a in elements if a.get("id") == "article-filter")
    assert "hidden" in form
    rows = [a for t, a in elements if t == "tr" and "data-stage" in a]
    assert len(rows) == 3 and "<polygon" in html


def test_article_page_places_findings_on_their_paragraphs(desk, built):
    from toolkit.workflow import check_articles

    corpus = Corpus(desk)
    findings = check_articles(list(corpus.articles([EDITED])), corpus, show_waived=True).findings[EDITED]
    assert {("H001", "e3"), ("E004", "e5")} <= {(f.code, f.paragraph) for f in findings}
    html = (built / "articles" / f"{EDITED}.html").read_text(encoding="utf-8")
    assert_findings_placed(html, findings)
    page = parse_page(html)
    waived = [b for b in page.findings if b["code"] == "E004"]
    assert waived and "waived" in waived[0]["classes"]
    assert "quoted as the source said it" in html
    # the editor's changes as a word diff, with scores and sacrebleu's signatures
    assert "<del>sharply tightened</del><ins>significantly stepped up</ins>" in html
    assert "nrefs:1" in html and "*Translated by Jiyoon Han" in html and "*Edited by Paul Whitmore" in html


def test_article_without_english_and_person_pages(built):
    html = (built / "articles" / f"{WAITING}.html").read_text(encoding="utf-8")
    assert "not translated yet" in html and "not checked" in html
    person = (built / "people" / "김지은.html").read_text(encoding="utf-8")
    assert WAITING in person and "overdue" in person
    editor = (built / "people" / "paul-whitmore.html").read_text(encoding="utf-8")
    assert "In hand (0)" in editor and "Finished (1)" in editor and EDITED in editor


def test_corpus_text_is_escaped_everywhere(built):
    for page in built.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert "<script>document" not in html and "<img src=x" not in html, page
        elements = parse_page(html).elements
        assert not [e for e in elements if e[0] == "img"], page
        handlers = [(t, k) for t, a in elements for k in a if k.startswith("on")]
        assert handlers == [], page
        assert not [a for _, a in elements if a.get("href", "").startswith("javascript:")], page
        assert len([e for e in elements if e[0] == "script"]) == (page.name == "index.html"), page
    article = (built / "articles" / f"{INJECTED}.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;document.documentElement.setAttribute(&#39;data-pwned&#39;" in article
    assert "&#34; onmouseover=&#34;" in article


def test_stale_and_unreadable_articles_are_shown_not_dropped(desk, tmp_path, invoke):
    assert invoke("align", EDITED, "--corpus", desk).exit_code == 0
    en = desk / "articles" / EDITED / "en.txt"
    en.write_text(en.read_text(encoding="utf-8").replace("just to get by", "to survive"), encoding="utf-8")
    (desk / "articles" / WAITING / "article.yaml").write_text("id: [unclosed\n", encoding="utf-8")
    result = invoke("site", "--corpus", desk, "--out", tmp_path / "s", "--today", TODAY)
    assert result.exit_code == 0, result.stderr
    article = (tmp_path / "s" / "articles" / f"{EDITED}.html").read_text(encoding="utf-8")
    assert "stale" in article and "A004" in article
    broken = (tmp_path / "s" / "articles" / f"{WAITING}.html").read_text(encoding="utf-8")
    assert "could not be loaded" in broken and "malformed YAML" in broken
    assert "malformed YAML" in result.stderr


def test_rebuild_replaces_the_old_site_atomically(desk, tmp_path, invoke):
    out = tmp_path / "site"
    assert invoke("site", "--corpus", desk, "--out", out, "--today", TODAY).exit_code == 0
    (out / "articles" / "old-article.html").write_text("old", encoding="utf-8")
    assert invoke("site", "--corpus", desk, "--out", out, "--today", TODAY).exit_code == 0
    assert not (out / "articles" / "old-article.html").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["desk", "site"]  # no temp folders left


@pytest.mark.parametrize("kind", ["folder", "file"])
def test_refuses_to_replace_something_that_is_not_a_site(desk, tmp_path, invoke, kind):
    out = tmp_path / "notes"
    if kind == "folder":
        out.mkdir()
        (out / "todo.txt").write_text("call the Hyesan source", encoding="utf-8")
    else:
        out.write_text("a file", encoding="utf-8")
    before = tree_digest(tmp_path)
    result = invoke("site", "--corpus", desk, "--out", out)
    assert result.exit_code == 2 and result.stdout == ""
    assert "refusing" in result.stderr or "is a file" in result.stderr
    assert tree_digest(tmp_path) == before


def test_cli_prints_index_path_or_json(desk, tmp_path, invoke):
    out = tmp_path / "site"
    text = invoke("site", "--corpus", desk, "--out", out, "--today", TODAY)
    assert text.exit_code == 0 and text.stdout.strip() == str(out / "index.html")
    assert "built 8 pages (3 articles, 4 people)" in text.stderr
    data = json.loads(invoke("site", "--corpus", desk, "--out", out, "--today", TODAY,
                             "--format", "json").stdout)
    assert data["schema"] == "toolkit.site/1" and data["articles"] == 3 and data["people"] == 4
    assert "index.html" in data["pages"] and data["problems"] == []


def test_bad_today_is_a_usage_error(desk, tmp_path, invoke):
    result = invoke("site", "--corpus", desk, "--out", tmp_path / "s", "--today", "20 Oct")
    assert result.exit_code == 2 and "YYYY-MM-DD" in result.stderr
    assert not (tmp_path / "s").exists()


def test_help_ends_with_examples(invoke):
    result = invoke("site", "--help")
    assert result.exit_code == 0 and "Examples:\n    toolkit site\n" in result.stdout


def test_importing_the_site_does_not_load_jinja2():
    code = "import sys, toolkit.site, toolkit.cli.site_cmd; print('jinja2' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


@pytest.mark.skipif(not (REPO / "corpora" / "toolkit.yaml").is_file(), reason="no sample corpus")
def test_sample_corpus_builds_with_every_article(tmp_path):
    corpus = Corpus(REPO / "corpora")
    result = build_site(corpus, tmp_path / "site", today=date(2026, 11, 27))
    assert result.articles == len(corpus.article_ids())
    assert not [p for p in result.problems if "checks failed" in p or "malformed" in p]
    for article_id in corpus.article_ids():
        assert (tmp_path / "site" / "articles" / f"{article_id}.html").is_file()
