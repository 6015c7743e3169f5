"""How `toolkit verify` scales: a seeded synthetic corpus built from the sample corpus.

    python benchmarks/verify_scale.py                 # 10,000 articles
    python benchmarks/verify_scale.py --articles 1000 --jobs 2

Each synthetic article copies a translated sample article under a new id, with its digits
remapped the same way on both sides (3만 -> 4만 and 30,000 -> 40,000 stay equal) and the
translator and editor renamed, then stores fresh paragraph hashes and its template's
alignment with fresh link digests, so that every article carries a stored, fresh
alignment as a real corpus does. It keeps its template's defects; the remapped digits
add a few (a day that no longer matches its weekday, "1kg" against "one kilogram"):
about 4.8 findings per article against 3.8 in the templates. The corpus is a git
repository. Reported: a full run with one process (no cache) and with all cores (cold
cache), a no-change re-run with the cache, a one-article-changed `--changed-since HEAD`
run, and the peak resident memory of each run: of its largest process, and of all its
processes together.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO / "corpora"
PEOPLE = ["Ana Lopez", "Ben Carter", "Chloe Martin", "Dae Park", "Eun Ji Lee", "Farid Khan",
          "Grace Moon", "Hugo Laurent", "Iris Novak", "Jae Kim"]


def build(target: Path, count: int, seed: int) -> int:
    """Write `count` synthetic articles under target (a copy of the sample's settings and
    glossary); returns the number of templates used."""
    from toolkit.corpus import Corpus, article_to_yaml
    from toolkit.model import Credit, Link, Paragraph, link_digest

    rng = random.Random(seed)
    shutil.copy(SAMPLE / "toolkit.yaml", target / "toolkit.yaml")
    shutil.copy(SAMPLE / "glossary.yaml", target / "glossary.yaml")
    sample = Corpus(SAMPLE)
    templates = [a for a in sample.articles() if a.en is not None]
    for n in range(count):
        template = templates[n % len(templates)]
        digits = list("123456789")
        a, b = rng.sample(digits, 2)
        table = str.maketrans({a: b, b: a})
        article_id = f"{template.id[:10]}-{n:05d}-{template.id[11:]}"[:100]
        folder = target / "articles" / article_id
        folder.mkdir(parents=True)

        def remap(paras: list[Paragraph]) -> list[Paragraph]:
            return [Paragraph(p.id, p.text.translate(table), p.line) for p in paras]

        ko, en = remap(template.ko), remap(template.en or [])
        by_id = {p.id: p.text for p in ko + en}
        alignment = template.alignment
        if alignment is not None:
            links = [Link(link.ko, link.en, link.confidence,
                          link_digest([by_id[i] for i in link.ko if i in by_id],
                                      [by_id[i] for i in link.en if i in by_id]), link.pinned)
                     for link in alignment.links]
            alignment = dataclasses.replace(alignment, links=links)
        names = dict(zip(sorted({c.name for c in template.credits}), rng.sample(PEOPLE, 3)))
        article = dataclasses.replace(
            template, id=article_id, path=folder, ko=ko, en=en, alignment=alignment,
            credits=[Credit(c.role, names.get(c.name, c.name), c.date) for c in template.credits],
            assignments={r: dataclasses.replace(x, name=names.get(x.name, x.name))
                         for r, x in template.assignments.items()},
            history=[dataclasses.replace(h, by=names.get(h.by, h.by), snapshot=None)
                     for h in template.history])
        (folder / "ko.txt").write_text("\n\n".join(p.text for p in ko) + "\n", encoding="utf-8")
        (folder / "en.txt").write_text("\n\n".join(p.text for p in en) + "\n", encoding="utf-8")
        (folder / "article.yaml").write_text(article_to_yaml(article), encoding="utf-8")
    return len(templates)


def _tree_rss(pid: int) -> int:
    """Resident memory (KB) of a process and its descendants, from /proc (Linux)."""
    total = 0
    todo = [pid]
    while todo:
        current = todo.pop()
        try:
            status = Path(f"/proc/{current}/status").read_text()
            total += next(int(line.split()[1]) for line in status.splitlines()
                          if line.startswith("VmRSS:"))
            for task in Path(f"/proc/{current}/task").iterdir():
                todo += [int(c) for c in (task / "children").read_text().split()]
        except (OSError, StopIteration, ValueError):
            continue
    return total


def timed(args: list[str], cwd: Path, env: dict[str, str]
          ) -> tuple[float, int, str, float, float, float]:
    """(wall seconds, exit code, verify's summary line, CPU seconds of all its processes,
    peak MB of the largest process, peak MB of all its processes together) of a toolkit
    command. The sum is sampled every 50 ms from /proc (0 where there is no /proc). On a
    machine shared with other work, CPU seconds / cores is what the run would take alone."""
    import threading

    start = time.perf_counter()
    with tempfile.TemporaryFile() as err:
        child = subprocess.Popen([sys.executable, "-m", "toolkit", *args], cwd=cwd, env=env,
                                 stdout=subprocess.DEVNULL, stderr=err)
        peak = [0]
        done = threading.Event()

        def sample() -> None:
            while not done.wait(0.05):
                peak[0] = max(peak[0], _tree_rss(child.pid))

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        _, status, usage = os.wait4(child.pid, 0)
        elapsed = time.perf_counter() - start
        done.set()
        sampler.join()
        child.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        stderr = err.read().decode("utf-8", "replace")
    if child.returncode not in (0, 1):
        raise SystemExit(f"toolkit {' '.join(args)} failed:\n{stderr}")
    line = next((x for x in stderr.splitlines() if x.startswith("verify: ") and "checked" in x), "")
    # wait4's maxrss is the largest of the process and the children it waited for.
    cpu = usage.ru_utime + usage.ru_stime  # wait4: the process and the workers it reaped
    return elapsed, child.returncode, line, cpu, usage.ru_maxrss / 1024, peak[0] / 1024


def main() -> None:
    """Build the corpus, run the four cases and print their figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--skip-single", action="store_true", help="skip the one-process run")
    options = parser.parse_args()
    if not (SAMPLE / "articles").is_dir():
        print("the sample corpus (corpora/) is missing; nothing to build from")
        return
    git_env = dict(os.environ, GIT_AUTHOR_NAME="bench", GIT_AUTHOR_EMAIL="bench@example.org",
                   GIT_COMMITTER_NAME="bench", GIT_COMMITTER_EMAIL="bench@example.org")
    with tempfile.TemporaryDirectory(prefix="verify-scale-") as tmp:
        root = Path(tmp)
        start = time.perf_counter()
        templates = build(root, options.articles, options.seed)
        for args in (["init", "-q", "-b", "main"], ["add", "."], ["commit", "-q", "-m", "corpus"]):
            subprocess.run(["git", *args], cwd=root, check=True, env=git_env)
        print(f"corpus: {options.articles} articles from {templates} templates, built and "
              f"committed in {time.perf_counter() - start:.1f} s; {os.cpu_count()} cores")
        # Run a copy of the toolkit's code: the cache is keyed on the source, so an edit in
        # the working tree during the benchmark would otherwise empty it between runs.
        shutil.copytree(REPO / "toolkit", root / ".code" / "toolkit",
                        ignore=shutil.ignore_patterns("__pycache__"))
        env = dict(os.environ, PYTHONPATH=str(root / ".code"))
        (root / ".git" / "info" / "exclude").write_text(".code/\n", encoding="utf-8")
        rows = []
        jobs = ["-j", str(options.jobs), "--format", "json"]
        if not options.skip_single:
            single = ["verify", "--no-cache", "-j", "1", "--format", "json"]
            rows.append(("full, 1 process, no cache", *timed(single, root, env)))
        # The cache is keyed on the toolkit's source too: measure the cached runs right
        # after the full run that fills it.
        rows.append((f"full, {options.jobs} processes, cold cache",
                     *timed(["verify", *jobs], root, env)))
        rows.append(("no change, cache", *timed(["verify", *jobs], root, env)))
        changed = sorted((root / "articles").iterdir())[options.articles // 2] / "en.txt"
        changed.write_text(changed.read_text(encoding="utf-8").replace(" the ", " tthe ", 1),
                           encoding="utf-8")
        rows.append(("one article changed, --changed-since HEAD",
                     *timed(["verify", "--changed-since", "HEAD", *jobs], root, env)))
        for name, seconds, code, line, cpu, largest, together in rows:
            print(f"{name:<42} {seconds:7.2f} s wall, {cpu:7.2f} s CPU, exit {code}; peak RSS: "
                  f"largest process {largest:4.0f} MB, all processes {together:4.0f} MB")
            print(f"    {line}")
        first = rows[0][1] / options.articles * 1000
        print(f"first run: {first:.1f} ms per article")


if __name__ == "__main__":
    main()
