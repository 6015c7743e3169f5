"""How long `toolkit site` takes: the whole sample corpus (target: under 2 s), a breakdown
of where the time goes, and a ten-times larger copy of the corpus to show how it scales.

    python benchmarks/site_speed.py
"""

from __future__ import annotations

import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO / "corpora"
TODAY = date(2026, 11, 27)
TARGET = 2.0


def _cli_seconds(corpus: Path, out: Path) -> tuple[float, float]:
    """(wall time of the real command with start-up and imports, the build as it reports it)."""
    started = time.perf_counter()
    run = subprocess.run([sys.executable, "-m", "toolkit", "site", "--corpus", str(corpus), "--out",
                          str(out), "--today", TODAY.isoformat(), "--format", "json"],
                         check=True, capture_output=True, text=True)
    return time.perf_counter() - started, json.loads(run.stdout)["seconds"]


def _breakdown(corpus_root: Path) -> dict[str, float]:
    """Seconds spent in the status report, the checks run and the whole build (in process)."""
    from toolkit.corpus import Corpus
    from toolkit.site import build_site
    from toolkit.site.build import corpus_findings
    from toolkit.status import build_status

    corpus = Corpus(corpus_root)
    timings = {}
    started = time.perf_counter()
    build_status(corpus, today=TODAY)
    timings["status report"] = time.perf_counter() - started
    articles = list(corpus.articles())
    started = time.perf_counter()
    corpus_findings(articles, corpus)
    timings["checks (one corpus run)"] = time.perf_counter() - started
    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        build_site(Corpus(corpus_root), Path(tmp) / "site", today=TODAY)
        timings["build_site in process"] = time.perf_counter() - started
    return timings


def _copies(root: Path, times: int, target: Path) -> Path:
    """A corpus holding `times` copies of every sample article under new ids."""
    shutil.copytree(root, target, ignore=shutil.ignore_patterns("articles"))
    for n in range(times):
        for folder in sorted((root / "articles").iterdir()):
            if not (folder / "article.yaml").is_file():
                continue
            new_id = f"{folder.name}-{n}"
            dest = target / "articles" / new_id
            shutil.copytree(folder, dest)
            meta = dest / "article.yaml"
            meta.write_text(meta.read_text(encoding="utf-8").replace(f"id: {folder.name}", f"id: {new_id}", 1),
                            encoding="utf-8")
    return target


def main() -> None:
    if not (SAMPLE / "toolkit.yaml").is_file():
        print(f"no sample corpus at {SAMPLE}; nothing to measure")
        return
    articles = sum(1 for p in (SAMPLE / "articles").iterdir() if (p / "article.yaml").is_file())
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "site"
        runs = [_cli_seconds(SAMPLE, out) for _ in range(3)]
        pages = sum(1 for _ in out.rglob("*.html"))
        wall = statistics.median(r[0] for r in runs)
        build = statistics.median(r[1] for r in runs)
        verdict = "meets" if build < TARGET else "MISSES"
        print(f"sample corpus: {articles} articles, {pages} pages; median of 3: build {build:.2f} s "
              f"({verdict} the {TARGET:.0f} s target), `toolkit site` wall {wall:.2f} s with start-up")
        for name, seconds in _breakdown(SAMPLE).items():
            print(f"  {name:<26} {seconds:6.2f} s")
        big = _copies(SAMPLE, 10, Path(tmp) / "big")
        wall, build = _cli_seconds(big, Path(tmp) / "big-site")
        print(f"10x corpus: {articles * 10} articles; build {build:.2f} s, wall {wall:.2f} s "
              f"({build / (articles * 10) * 1000:.0f} ms per article)")


if __name__ == "__main__":
    main()
