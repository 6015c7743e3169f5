"""Throughput of the check pipeline, and the wall time of `toolkit check` on one article.

1. Paragraph pairs per second on the real Python-documentation PO files in
   ../shared/data/python-docs-ko/po, read with the sides swapped so that Korean is the
   source: reading the files (as `toolkit check` does), `run_checks` (every check, no
   glossary) in one process and in --jobs processes, and both together.
2. The same load through the command itself: `toolkit check --swap --format json` in a
   fresh process (start-up, reading, checks and the report), best of two runs.
3. Wall time of `toolkit check ARTICLE` (a fresh process, start-up included) on an
   article of the sample corpus, best of several runs.

Targets: >= 20,000 pairs/s; < 0.5 s for one article. The machine is shared, so repeat a
run before trusting a difference of a few percent.

    python benchmarks/check_speed.py [--limit N] [--jobs N] [--profile] [--ignore CODE]
    python benchmarks/check_speed.py --series 12 [--gap 10]   # the command, 12 times
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "python-docs-ko" / "po"
CORPUS = REPO / "corpora"


def pipeline(limit: int | None, jobs: int, profile: bool, ignore: list[str]) -> None:
    from toolkit.checks.runner import documents_for, run_checks

    files = sorted(DATA.rglob("*.po"))[:limit]
    start = time.perf_counter()
    docs = documents_for([str(path) for path in files], swap=True)
    parsed = time.perf_counter() - start
    pairs = sum(len(d.units) for d in docs)
    print(f"PO files: {len(files)}, paragraph pairs: {pairs:,}")
    print(f"read:                 {parsed:5.2f} s  {pairs / parsed:9,.0f} pairs/s")
    run_checks(docs[:3])  # warm up: regexes compiled, modules imported
    timings = {}
    for n in dict.fromkeys([1, jobs]):
        profiler = cProfile.Profile() if profile and n == 1 else None
        start = time.perf_counter()
        if profiler:
            profiler.enable()
        result = run_checks(docs, ignore=ignore, jobs=n)
        if profiler:
            profiler.disable()
        timings[n] = time.perf_counter() - start
        label = f"checks, {n} process{'es' if n > 1 else ''}:"
        print(f"{label:22}{timings[n]:5.2f} s  {pairs / timings[n]:9,.0f} pairs/s  "
              f"({len(result.findings):,} findings"
              f"{', without ' + ','.join(ignore) if ignore else ''})")
        if profiler:
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)
    total = parsed + timings[jobs]
    print(f"read + checks ({jobs}):    {total:5.2f} s  {pairs / total:9,.0f} pairs/s")
    if jobs > 1 and not profile:
        workers_read(files, pairs, jobs, ignore)
    counts: dict[str, int] = {}
    for f in result.findings:
        counts[f.code] = counts.get(f.code, 0) + 1
    print("findings by code:", ", ".join(f"{c} {n}" for c, n in sorted(counts.items())))
    if limit is None and not ignore:
        command(pairs, jobs)


def workers_read(files: list[Path], pairs: int, jobs: int, ignore: list[str]) -> None:
    """`run_po_checks`: each of the `jobs` processes (this one and jobs - 1 workers) reads
    its share of the files too (what `toolkit check` does with PO files), with the CPU
    time of this process and of the workers. On a shared machine
    the wall time depends on the other load; pairs per CPU-second of the whole pipeline
    divided by the cores is what the machine would give when idle."""
    import resource

    from toolkit.checks.runner import run_po_checks

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu, start = time.process_time(), time.perf_counter()
    run_po_checks(files, swap=True, jobs=jobs, ignore=ignore)
    wall, cpu = time.perf_counter() - start, time.process_time() - cpu
    # The workers end on their own after the run; their CPU time counts once reaped.
    import multiprocessing

    for child in multiprocessing.active_children():
        child.join()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    workers = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    print(f"run_po_checks ({jobs}):    {wall:5.2f} s  {pairs / wall:9,.0f} pairs/s  "
          f"(CPU: this process {cpu:.2f} s, workers {workers:.2f} s = "
          f"{(cpu + workers) / pairs * 1e6:.0f} us per pair)")


def compile_bytecode() -> None:
    """Write the package's bytecode, as an installed package has it: an editable install
    in an environment with PYTHONDONTWRITEBYTECODE set compiles every module from source
    on every start (a tenth of a second here), which no user pays."""
    import compileall

    compileall.compile_dir(str(REPO / "toolkit"), quiet=1)


TARGET = 20_000  # pairs per second through the command


def command_time(jobs: int, runs: int = 2) -> float:
    """The best wall time of `runs` fresh `toolkit check --swap --format json` processes."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "toolkit", "check", "--swap", "--format", "json",
                        "--exit-zero", "-j", str(jobs), str(DATA)], capture_output=True, check=True)
        times.append(time.perf_counter() - start)
    return min(times)


def command(pairs: int, jobs: int, runs: int = 2) -> None:
    compile_bytecode()
    best = command_time(jobs, runs)
    print(f"toolkit check -j {jobs}:    {best:5.2f} s  {pairs / best:9,.0f} pairs/s  "
          "(fresh process: start-up, reading, checks, JSON report; best of "
          f"{runs}; target >= {TARGET:,})")


def series(count: int, gap: float, jobs: int) -> None:
    """The command's throughput measured `count` times, `gap` seconds apart (best of two
    each): on a shared machine one figure says little, the spread and the share of
    measurements that meet the target say how reliably it is met."""
    import statistics

    from toolkit.checks.runner import documents_for

    compile_bytecode()
    pairs = sum(len(d.units) for d in documents_for([str(p) for p in sorted(DATA.rglob("*.po"))],
                                                    swap=True))
    rates = []
    for n in range(count):
        if n:
            time.sleep(gap)
        best = command_time(jobs)
        rates.append(pairs / best)
        print(f"{time.strftime('%H:%M:%S')}  {best:5.2f} s  {rates[-1]:9,.0f} pairs/s", flush=True)
    met = sum(rate >= TARGET for rate in rates)
    print(f"toolkit check -j {jobs}, {count} measurements: median {statistics.median(rates):,.0f}, "
          f"range {min(rates):,.0f}-{max(rates):,.0f} pairs/s; {met} of {count} at or above "
          f"{TARGET:,}")


def one_article(runs: int = 5) -> None:
    compile_bytecode()
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
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1,
                        help="processes for the parallel run (default: the number of cores)")
    parser.add_argument("--profile", action="store_true",
                        help="print a cProfile summary of the one-process run")
    parser.add_argument("--ignore", action="append", default=[], help="skip these checks (codes)")
    parser.add_argument("--series", type=int, metavar="N",
                        help="only the command's throughput, measured N times (best of two "
                             "each), with the median, the range and how many meet the target")
    parser.add_argument("--gap", type=float, default=10.0,
                        help="seconds between the measurements of --series (default 10)")
    args = parser.parse_args()
    if args.series:
        if not DATA.is_dir():
            sys.exit(f"no series: {DATA} is not here (it lives outside the repository)")
        series(args.series, args.gap, args.jobs)
        return
    if DATA.is_dir():
        pipeline(args.limit, args.jobs, args.profile, args.ignore)
    else:
        print(f"skipped the pipeline benchmark: {DATA} is not here (it lives outside the "
              "repository)")
    one_article()


if __name__ == "__main__":
    main()
