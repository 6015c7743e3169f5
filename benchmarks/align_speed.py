"""Speed of the paragraph aligner: one article, one long document, and growth with length.

Targets (issue 4): a 20-paragraph article under 20 ms, a 1,000-paragraph document under 2 s,
time growing linearly (the search runs in a band around an anchor path).

The text is synthetic but shaped like news copy: Korean paragraphs of Hangul words with
numbers in Korean units and the odd Latin acronym, English paragraphs about 0.93 times as
long in weighted units carrying the same values in English notation, and a few merged,
split, dropped and added paragraphs. Run: python benchmarks/align_speed.py
"""

from __future__ import annotations

import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from toolkit.align import align_texts, paragraph_anchors  # noqa: E402

SYLLABLES = [chr(c) for c in range(0xAC00, 0xD7A4, 37)]
LATIN = "abcdefghijklmnopqrstuvwxyz"
ACRONYMS = ["IAEA", "UN", "ICBM", "KCNA", "WFP", "NK"]


def _ko_word(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(1, 4)))


def _en_word(rng: random.Random) -> str:
    return "".join(rng.choice(LATIN) for _ in range(rng.randint(2, 9)))


def document(n: int, seed: int = 7) -> tuple[list[str], list[str]]:
    """n Korean paragraphs and their (perturbed) English counterparts."""
    rng = random.Random(seed)
    ko, en = [], []
    for _ in range(n):
        words = rng.randint(15, 60)
        ko_words = [_ko_word(rng) for _ in range(words)]
        en_words = [_en_word(rng) for _ in range(int(words * 1.45))]
        if rng.random() < 0.5:
            value = rng.randint(2, 900)
            ko_words.insert(rng.randrange(len(ko_words)), f"{value}만명이")
            en_words.insert(rng.randrange(len(en_words)), f"{value * 10000:,}")
        if rng.random() < 0.2:
            tag = rng.choice(ACRONYMS)
            ko_words.insert(0, tag)
            en_words.insert(0, tag)
        ko.append(" ".join(ko_words) + "다.")
        en.append(" ".join(en_words).capitalize() + ".")
    out_en = []
    i = 0
    while i < len(en):
        r = rng.random()
        if r < 0.05 and i + 1 < len(en):
            out_en.append(en[i] + " " + en[i + 1])
            i += 2
            continue
        if r < 0.08:
            i += 1
            continue
        if r < 0.11:
            out_en.append(" ".join(_en_word(rng) for _ in range(30)) + ".")
        out_en.append(en[i])
        i += 1
    return ko, out_en


def timed(ko: list[str], en: list[str], repeat: int) -> float:
    """Best CPU time of `repeat` alignments, in seconds. CPU time, and the best run, because
    the machine is shared: wall time measures the neighbours as much as the aligner."""
    runs = []
    for _ in range(repeat):
        start = time.process_time()
        align_texts(ko, en)
        runs.append(time.process_time() - start)
    return min(runs)


def _ntrex_article(n: int) -> tuple[list[str], list[str]] | None:
    """n paragraphs of real news (Korean, English) from NTREX-128, or None without the data."""
    import json

    path = Path(__file__).resolve().parents[2] / "shared" / "data" / "ntrex128-ko" / "ntrex128-ko.docs.jsonl"
    if not path.is_file():
        return None
    rng = random.Random(3)
    ko: list[str] = []
    en: list[str] = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            doc = json.loads(line)
            i = 0
            while i < len(doc["ko"]) and len(ko) < n:
                size = rng.choice((1, 2, 3))
                ko.append(" ".join(doc["ko"][i:i + size]))
                en.append(" ".join(doc["en"][i:i + size]))
                i += size
            if len(ko) >= n:
                return ko, en
    return None


def _anchor_time(ko: list[str], en: list[str]) -> float:
    start = time.process_time()
    for text in ko:
        paragraph_anchors(text, "ko")
    for text in en:
        paragraph_anchors(text, "en")
    return time.process_time() - start


def main() -> int:
    ko, en = document(20)
    article = timed(ko, en, 15)
    anchors = min(_anchor_time(ko, en) for _ in range(15))
    print(f"20-paragraph article: {article * 1000:.1f} ms CPU (target < 20 ms), of which "
          f"{anchors * 1000:.1f} ms finding numbers, dates and names")
    real = _ntrex_article(20)
    if real is not None:
        print(f"20-paragraph real article (NTREX sentences, 1-3 per paragraph): "
              f"{timed(*real, 15) * 1000:.1f} ms CPU")
    print(f"{'paragraphs':>10} {'seconds':>8} {'ms / paragraph':>15}")
    results = {}
    for n in (100, 200, 500, 1000, 2000):
        ko, en = document(n, seed=n)
        secs = timed(ko, en, 3 if n <= 500 else 1)
        results[n] = secs
        print(f"{n:10d} {secs:8.3f} {secs / n * 1000:15.2f}")
    print(f"1,000-paragraph document: {results[1000]:.2f} s (target < 2 s); "
          f"2,000 / 1,000 time ratio {results[2000] / results[1000]:.2f} (linear: 2.0)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
