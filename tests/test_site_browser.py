"""The review site in a real browser: headless Chromium, driven without extra Python packages.

Each check loads one page with `chromium --headless --dump-dom` and `--enable-logging=stderr`,
which prints the DOM after the page's scripts ran and every console message (uncaught
errors, failed loads) on stderr. Skipped, with the reason, when no Chromium is installed;
CI installs Debian's `chromium`.

Run as a script to refresh the README screenshots:
    python tests/test_site_browser.py docs/screenshots
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from test_site import (  # noqa: E402 - the path above makes the sibling module importable
    EDITED,
    INJECTED,
    TODAY,
    assert_findings_placed,
    make_desk,
    parse_page,
)

from toolkit.corpus import Corpus  # noqa: E402
from toolkit.site import build_site  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO / "corpora"
SAMPLE_TODAY = date(2026, 11, 27)
CHROMIUM = next((p for p in (shutil.which(n) for n in ("chromium", "chromium-browser",
                                                      "google-chrome")) if p), None)
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--hide-scrollbars", "--enable-logging=stderr", "--v=0"]
CONSOLE = re.compile(r":CONSOLE[:(]\d+\)?\] (.*)")

pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(CHROMIUM is None, reason="no headless Chromium on PATH "
                                 "(install Debian's `chromium` package to run the browser tests)")]


def chromium(page: Path, *args: str) -> tuple[str, list[str]]:
    """Load a page in a fresh headless Chromium; return (stdout, console messages)."""
    assert CHROMIUM is not None
    with tempfile.TemporaryDirectory(prefix="toolkit-chromium-") as profile:
        run = subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={profile}", *args, page.as_uri()],
                             capture_output=True, text=True, timeout=120)
    console = [m.group(1) for m in CONSOLE.finditer(run.stderr)]
    return run.stdout, console


def dom(page: Path, *args: str) -> str:
    """The page's DOM after its scripts ran; fails on any console message."""
    out, console = chromium(page, "--dump-dom", *args)
    assert console == [], f"{page.name}: console messages {console}"
    assert "<html" in out, f"{page.name}: no DOM dumped"
    return out


def screenshot(page: Path, target: Path, width: int = 1280, height: int = 1600) -> None:
    """Save a PNG of the page at the given window size."""
    target.parent.mkdir(parents=True, exist_ok=True)
    chromium(page, f"--screenshot={target}", f"--window-size={width},{height}")


@pytest.fixture(scope="module")
def desk_site(tmp_path_factory) -> Path:
    root = make_desk(tmp_path_factory.mktemp("browser") / "desk", injected=True)
    out = root.parent / "site"
    build_site(Corpus(root), out, today=TODAY)
    return out


@pytest.fixture(scope="module")
def sample_site(tmp_path_factory) -> tuple[Path, Corpus]:
    if not (SAMPLE / "toolkit.yaml").is_file():
        pytest.skip("no sample corpus in corpora/")
    corpus = Corpus(SAMPLE)
    out = tmp_path_factory.mktemp("sample") / "site"
    build_site(corpus, out, today=SAMPLE_TODAY)
    return out, corpus


def _table_rows(html: str) -> list[dict]:
    rows = []
    inside = False
    for tag, attrs in parse_page(html).elements:
        if tag == "table":
            inside = attrs.get("id") == "article-table"
        elif tag == "tr" and inside and "data-stage" in attrs:
            rows.append(attrs)
    return rows


def test_dashboard_renders_and_its_script_runs(sample_site):
    out, corpus = sample_site
    html = dom(out / "index.html")
    root = parse_page(html).elements[0]
    assert root[0] == "html" and "js" in root[1].get("class", "").split()
    form = next(a for t, a in parse_page(html).elements if a.get("id") == "article-filter")
    assert "hidden" not in form  # the script revealed the filter
    assert len(_table_rows(html)) == len(corpus.article_ids())
    assert re.search(r'<output id="article-count">(\d+) of \1 shown</output>', html)


def test_sample_findings_land_on_their_paragraphs(sample_site):
    from toolkit.workflow import check_articles

    out, corpus = sample_site
    found = check_articles(list(corpus.articles()), corpus, show_waived=True).findings
    assert found is not None
    article_id = max(found, key=lambda k: len([f for f in found[k] if f.paragraph]))
    assert any(f.paragraph for f in found[article_id]), "the sample corpus has no placed findings"
    assert_findings_placed(dom(out / "articles" / f"{article_id}.html"), found[article_id])


def test_desk_article_highlights_and_waiver(desk_site):
    html = dom(desk_site / "articles" / f"{EDITED}.html")
    boxes = {b["code"]: b for b in parse_page(html).findings}
    assert boxes["H001"]["in_para"] == "e3" and "mark-error" in boxes["H001"]["para_classes"]
    assert boxes["E004"]["in_para"] == "e5" and "waived" in boxes["E004"]["classes"]
    assert "<ins>" in html and "<del>" in html


@pytest.mark.parametrize("page", ["index.html", f"articles/{INJECTED}.html"])
def test_injected_markup_does_not_execute(desk_site, page):
    html = dom(desk_site / page)
    elements = parse_page(html).elements
    assert not [a for _, a in elements if "data-pwned" in a], "injected markup ran"
    assert not [t for t, _ in elements if t == "img"]
    assert not [(t, k) for t, a in elements for k in a if k.startswith("on")]
    if page != "index.html":
        assert not [t for t, _ in elements if t == "script"]
        assert "&lt;script&gt;document.documentElement" in html  # shown as text


def save_screenshots(target: Path) -> None:
    """Build the sample corpus's site and save the dashboard and one article page."""
    corpus = Corpus(SAMPLE)
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "site"
        build_site(corpus, out, today=SAMPLE_TODAY)
        screenshot(out / "index.html", target / "dashboard.png", 1280, 1700)
        article = "2026-10-27-sinuiju-yalu-smuggling-bribes"
        if not (out / "articles" / f"{article}.html").is_file():
            article = corpus.article_ids()[0]
        screenshot(out / "articles" / f"{article}.html", target / "article.png", 1280, 2000)
    print(f"saved {target / 'dashboard.png'} and {target / 'article.png'}")


if __name__ == "__main__":
    if CHROMIUM is None:
        sys.exit("no Chromium on PATH")
    save_screenshots(Path(sys.argv[1] if len(sys.argv) > 1 else REPO / "docs" / "screenshots"))
