"""Throughput of the check pipeline, and the wall time of `toolkit check` on one article.

1. Paragraph pairs per second through `run_checks` (every check, no glossary) on the real
   Python-documentation PO files in ../shared/data/python-docs-ko/po, read with the sides
   swapped so that Korean is the source. Parsing the PO files is timed separately.
2. Wall time of `toolkit check ARTICLE` (a fresh process, start-up included) on an
   article of the sample corpus, best of several runs.

Target: >= 20,000 pairs/s for the pipeline; < 0.5 s for one article.

    python benchmarks/check_speed.py [--limit N] [--profile]
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "python-docs-ko" / "po"
CORPUS = REPO / "corpora"


def pipeline(limit: int | None, profile: bool, ignore: list[str]) -> None:
    from toolkit.checks.runner import po_document, run_checks

    if not DATA.is_dir():
        print(f"skipped the pipeline benchmark: {DATA} is not here (it lives outside the repository)")
        return
    files = sorted(DATA.rglob("*.po"))[:limit]
    start = time.perf_counter()
    docs = [po_document(path, swap=True) for path in files]
    parsed = time.perf_counter() - start
    pairs = sum(len(d.units) for d in docs)
    run_checks(docs[:3])  # warm up: regexes compiled, modules imported
    profiler = cProfile.Profile() if profile else None
    start = time.perf_counter()
    if profiler:
        profiler.enable()
    result = run_checks(docs, ignore=ignore)
    if profiler:
        profiler.disable()
    checked = time.perf_counter() - start
    print(f"PO files: {len(files)}, paragraph pairs: {pairs:,}, parse {parsed:.2f} s "
          f"({pairs / parsed:,.0f} pairs/s)")
    print(f"checks{' without ' + ','.join(ignore) if ignore else ''}: {checked:.2f} s, {pairs / checked:,.0f} pairs/s (target >= 20,000); "
          f"{len(result.findings):,} findings")
    print(f"parse + checks: {pairs / (parsed + checked):,.0f} pairs/s")
    counts: dict[str, int] = {}
    for f in result.findings:
        counts[f.code] = counts.get(f.code, 0) + 1
    print("findings by code:", ", ".join(f"{c} {n}" for c, n in sorted(counts.items())))
    if profiler:
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)


def one_article(runs: int = 5) -> None:
    articles = sorted(p.name for p in (CORPUS / "articles").iterdir() if (p / "en.txt").is_file()) \
        if (CORPUS / "articles").is_dir() else []
    if not articles:
        print("skipped the one-article benchmark: the sample corpus has no translated article")
        return
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "toolkit", "check", "--corpus", str(CORPUS), articles[0],
                        "--exit-zero"], capture_output=True, check=True)
        times.append(time.perf_counter() - start)
    print(f"toolkit check {articles[0]}: best {min(times):.3f} s, median "
          f"{sorted(times)[len(times) // 2]:.3f} s over {runs} runs (target < 0.5 s)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=None, help="only the first N PO files")
    parser.add_argument("--profile", action="store_true", help="print a cProfile summary")
    parser.add_argument("--ignore", action="append", default=[], help="skip these checks (codes)")
    args = parser.parse_args()
    pipeline(args.limit, args.profile, args.ignore)
    one_article()


if __name__ == "__main__":
    main()
