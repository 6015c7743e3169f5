"""How long `toolkit status` takes, and where the time goes.

Prints: editing-effort scoring of one article (sacrebleu, per paragraph and per article),
the status report of the shipped sample corpus, and of a larger corpus made by copying the
sample's articles under new ids (checks included, and without them). Run from the repo:

    python benchmarks/status_speed.py [COPIES]
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO / "corpora"


def timed(label: str, func, repeat: int = 3):
    """Run func `repeat` times; print and return the best wall time."""
    best = float("inf")
    result = None
    for _ in range(repeat):
        start = time.perf_counter()
        result = func()
        best = min(best, time.perf_counter() - start)
    print(f"{label:<58} {best * 1000:9.1f} ms")
    return result


def main() -> None:
    copies = int(sys.argv[1]) if len(sys.argv) > 1 else 10
    if not (SAMPLE / "toolkit.yaml").is_file():
        print(f"no sample corpus at {SAMPLE}; nothing to measure")
        return
    from toolkit.corpus import Corpus
    from toolkit.metrics import score_texts
    from toolkit.status import build_status, render_table

    start = time.perf_counter()
    import sacrebleu  # noqa: F401 - measured: the cost the lazy import saves other commands

    print(f"{'import sacrebleu (first time)':<58} {(time.perf_counter() - start) * 1000:9.1f} ms")
    corpus = Corpus(SAMPLE)
    edited = [a for a in corpus.articles() if a.en]
    hyp = [p.text for p in edited[0].en]
    ref = [t.replace(" the ", " a ", 1) for t in hyp]
    timed(f"score_texts, {len(hyp)} paragraphs (chrF+TER+BLEU, per paragraph)",
          lambda: score_texts(hyp, ref))
    timed(f"score_texts, {len(hyp)} vs {len(hyp) - 1} paragraphs (similarity pairing)",
          lambda: score_texts(hyp, ref[:-1]))
    n = len(corpus.article_ids())
    report = timed(f"build_status, sample corpus ({n} articles)", lambda: build_status(corpus))
    timed("render_table", lambda: render_table(report))

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "big"
        shutil.copytree(SAMPLE, root)
        articles = root / "articles"
        for folder in sorted(p for p in articles.iterdir() if p.is_dir()):
            for k in range(1, copies):
                clone = articles / f"{folder.name}-{k}"
                shutil.copytree(folder, clone)
                meta = clone / "article.yaml"
                meta.write_text(meta.read_text(encoding="utf-8").replace(
                    f"id: {folder.name}\n", f"id: {clone.name}\n", 1), encoding="utf-8")
        big = Corpus(root)
        m = len(big.article_ids())
        timed(f"build_status, {m} articles (with checks)", lambda: build_status(big), repeat=1)
        timed(f"build_status, {m} articles (checks off)", lambda: build_status(big, checks=False),
              repeat=1)


if __name__ == "__main__":
    main()
