"""Accuracy of the paragraph aligner on Korean→English news built from NTREX-128.

NTREX-128 pairs 123 English news articles (WMT19 newstest2019) with a professional Korean
translation, sentence by sentence. We swap the sides (Korean is the source, as on the desk),
group sentences into paragraphs of 1-3 sentences, and then perturb the English side with a
fixed seed the way translators do: merge two paragraphs (2-1), split one (1-2), drop one
(1-0), move a sentence across a boundary (2-2), merge three (3-1), add a paragraph from a
distant article (0-1). The gold links are kept while perturbing.

Documents are split into a dev half (used for calibration and tuning) and a test half (used
only to report), by a hash of the document id.

Scores use the Vecalign/Bleualign semantics: strict and lax precision over all predicted
links, recall over the non-empty gold links, micro-averaged; plus omission (1-0) detection
precision/recall and the accuracy of links by confidence band.

    python benchmarks/align_eval.py                 # report on the test split
    python benchmarks/align_eval.py --split dev     # the split we tune on
    python benchmarks/align_eval.py --calibrate     # measure c and s2 on dev paragraphs
    python benchmarks/align_eval.py --tune          # small grid search on dev
"""

from __future__ import annotations

import argparse
import json
import math
import random
import statistics
import sys
import time
import zlib
from collections import defaultdict
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from toolkit.align import DEFAULT_PARAMS, AlignParams, align_texts, weighted_length  # noqa: E402

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "ntrex128-ko" / "ntrex128-ko.docs.jsonl"

Bead = tuple[tuple[int, ...], tuple[int, ...]]

# Per Korean paragraph: probability of each perturbation of its English side.
PERTURB = {"merge": 0.08, "split": 0.08, "drop": 0.05, "shift": 0.03, "merge3": 0.01, "insert": 0.04}
VARIANTS = 3  # perturbed variants per article (different seeds)


def load_docs() -> list[dict]:
    with DATA.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def split_of(doc_id: str) -> str:
    return "dev" if zlib.crc32(doc_id.encode()) % 2 == 0 else "test"


def group(doc: dict, rng: random.Random) -> list[list[int]]:
    """Sentence indices of each Korean paragraph: the headline alone, then 1-3 sentences."""
    n = len(doc["ko"])
    groups = [[0]] if n else []
    i = 1
    while i < n:
        size = rng.choices((1, 2, 3), (0.4, 0.4, 0.2))[0]
        groups.append(list(range(i, min(n, i + size))))
        i += size
    return groups


def build(doc: dict, others: list[dict], rng: random.Random, perturb: bool
          ) -> tuple[list[str], list[str], list[Bead]]:
    """Korean paragraphs, English paragraphs and the gold links of one test document."""
    groups = group(doc, rng)
    ko = [" ".join(doc["ko"][s] for s in g) for g in groups]
    en_sents = doc["en"]
    en: list[str] = []
    gold: list[Bead] = []
    i = 0

    def text(sents: list[int]) -> str:
        return " ".join(en_sents[s] for s in sents)

    while i < len(groups):
        if perturb and rng.random() < PERTURB["insert"] and others:
            other = rng.choice(others)
            start = rng.randrange(len(other["en"]))
            en.append(" ".join(other["en"][start:start + rng.choice((1, 2))]))
            gold.append(((), (len(en) - 1,)))
        r = rng.random() if perturb else 1.0
        g = groups[i]
        acc = 0.0
        choice = None
        for name in ("merge", "split", "drop", "shift", "merge3"):
            acc += PERTURB[name]
            if r < acc:
                choice = name
                break
        if choice == "merge" and i + 1 < len(groups):
            en.append(text(g + groups[i + 1]))
            gold.append(((i, i + 1), (len(en) - 1,)))
            i += 2
        elif choice == "merge3" and i + 2 < len(groups):
            en.append(text(g + groups[i + 1] + groups[i + 2]))
            gold.append(((i, i + 1, i + 2), (len(en) - 1,)))
            i += 3
        elif choice == "split" and len(g) >= 2:
            cut = rng.randrange(1, len(g))
            en.extend([text(g[:cut]), text(g[cut:])])
            gold.append(((i,), (len(en) - 2, len(en) - 1)))
            i += 1
        elif choice == "drop" and len(groups) > 2:
            gold.append(((i,), ()))
            i += 1
        elif choice == "shift" and i + 1 < len(groups) and len(g) + len(groups[i + 1]) >= 3:
            both = g + groups[i + 1]
            # Move one sentence across the boundary, in whichever direction keeps both
            # English paragraphs non-empty.
            cut = len(g) - 1 if len(g) >= 2 else len(g) + 1
            en.extend([text(both[:cut]), text(both[cut:])])
            gold.append(((i, i + 1), (len(en) - 2, len(en) - 1)))
            i += 2
        else:
            en.append(text(g))
            gold.append(((i,), (len(en) - 1,)))
            i += 1
    return ko, en, gold


def make_set(split: str, perturb: bool, seed: int = 20261126) -> list[tuple[list[str], list[str], list[Bead]]]:
    docs = load_docs()
    chosen = [d for d in docs if split_of(d["doc_id"]) == split]
    out = []
    for n, doc in enumerate(chosen):
        # Inserted paragraphs come from articles of the other half of the list, so they are
        # about something else (as a translator's added background usually reads).
        others = [d for d in docs if d["doc_id"] != doc["doc_id"]]
        for v in range(VARIANTS if perturb else 1):
            rng = random.Random(f"{seed}:{doc['doc_id']}:{v}:{perturb}")
            out.append(build(doc, others, rng, perturb))
    return out


# -- scoring (Vecalign score.py semantics) ---------------------------------------------------

def _prec_counts(gold: list[Bead], test: list[Bead]) -> list[int]:
    test_set = {(tuple(x), tuple(y)) for x, y in test if x or y}
    gold_set = {(tuple(x), tuple(y)) for x, y in gold if x or y}
    s2t: dict[int, set[int]] = defaultdict(set)
    for gs, gt in gold_set:
        for s in gs:
            s2t[s].update(gt)
    counts = [0, 0, 0, 0]  # strict tp, strict fp, lax tp, lax fp
    for ts, tt in test_set:
        if (ts, tt) in gold_set:
            counts[0] += 1
            counts[2] += 1
        elif set(tt) & set().union(*[s2t[s] for s in ts]):
            counts[1] += 1
            counts[2] += 1
        else:
            counts[1] += 1
            counts[3] += 1
    return counts


def _f(tp: int, fp: int) -> float:
    return tp / (tp + fp) if tp + fp else 0.0


def score(docs, predictions) -> dict:
    prec = [0, 0, 0, 0]
    rec = [0, 0, 0, 0]
    om = [0, 0, 0]  # true positive, predicted, gold
    bands = defaultdict(lambda: [0, 0])
    for (_, _, gold), pred in zip(docs, predictions):
        beads = [(link.ko, link.en) for link in pred]
        for k, v in enumerate(_prec_counts(gold, beads)):
            prec[k] += v
        g_ne = [b for b in gold if b[0] and b[1]]
        t_ne = [b for b in beads if b[0] and b[1]]
        for k, v in enumerate(_prec_counts(t_ne, g_ne)):
            rec[k] += v
        gold_set = set(gold)
        gold_drops = {b for b in gold if not b[1]}
        pred_drops = {b for b in beads if not b[1]}
        om[0] += len(gold_drops & pred_drops)
        om[1] += len(pred_drops)
        om[2] += len(gold_drops)
        for link in pred:
            band = next(lo for lo in (0.9, 0.7, 0.5, 0.0) if link.confidence >= lo)
            bands[band][0] += 1
            bands[band][1] += (link.ko, link.en) in gold_set
    sp, sr = _f(prec[0], prec[1]), _f(rec[0], rec[1])
    lp, lr = _f(prec[2], prec[3]), _f(rec[2], rec[3])
    f1 = lambda p, r: 2 * p * r / (p + r) if p + r else 0.0  # noqa: E731
    return {"strict": (sp, sr, f1(sp, sr)), "lax": (lp, lr, f1(lp, lr)),
            "omission": (om[0] / om[1] if om[1] else 0.0, om[0] / om[2] if om[2] else 0.0),
            "bands": {k: tuple(v) for k, v in sorted(bands.items(), reverse=True)}}


def run(docs, params: AlignParams) -> tuple[list, float]:
    start = time.perf_counter()
    preds = [align_texts(ko, en, params=params) for ko, en, _ in docs]
    return preds, time.perf_counter() - start


SYSTEMS = {
    "length only, chars, c=1 (G&C defaults)": replace(
        DEFAULT_PARAMS, anchors=False, hangul_weight=1.0, c=1.0, s2=6.8, adapt=0.0),
    "length only, Hangul-weighted, calibrated": replace(DEFAULT_PARAMS, anchors=False),
    "toolkit aligner (length + anchors)": DEFAULT_PARAMS,
}


def report(split: str) -> None:
    perturbed = make_set(split, True)
    plain = make_set(split, False)
    n_links = sum(len(g) for _, _, g in perturbed)
    kinds = defaultdict(int)
    for _, _, g in perturbed:
        for ko, en in g:
            kinds[f"{len(ko)}-{len(en)}"] += 1
    print(f"NTREX-128 ko→en, {split} split: {len(perturbed)} perturbed documents "
          f"({sum(len(k) for k, _, _ in perturbed)} Korean / {sum(len(e) for _, e, _ in perturbed)} "
          f"English paragraphs, {n_links} gold links: "
          + ", ".join(f"{k} {v}" for k, v in sorted(kinds.items(), key=lambda kv: -kv[1])) + ")")
    print(f"{len(plain)} unperturbed documents ({sum(len(g) for _, _, g in plain)} 1-1 links)\n")
    header = f"{'system':44} {'strict P':>8} {'R':>6} {'F1':>6} {'lax P':>6} {'R':>6} {'F1':>6} " \
             f"{'omit P':>6} {'R':>6} {'time':>6}"
    print(header)
    print("-" * len(header))
    full = None
    for name, params in SYSTEMS.items():
        preds, secs = run(perturbed, params)
        s = score(perturbed, preds)
        full = (s, preds) if params is DEFAULT_PARAMS else full
        print(f"{name:44} {s['strict'][0]:8.3f} {s['strict'][1]:6.3f} {s['strict'][2]:6.3f} "
              f"{s['lax'][0]:6.3f} {s['lax'][1]:6.3f} {s['lax'][2]:6.3f} "
              f"{s['omission'][0]:6.3f} {s['omission'][1]:6.3f} {secs:5.2f}s")
    for name, params in SYSTEMS.items():
        preds, secs = run(plain, params)
        s = score(plain, preds)
        print(f"{name[:31] + ', unperturbed':44} {s['strict'][0]:8.3f} {s['strict'][1]:6.3f} "
              f"{s['strict'][2]:6.3f} {s['lax'][0]:6.3f} {s['lax'][1]:6.3f} {s['lax'][2]:6.3f} "
              f"{'':>6} {'':>6} {secs:5.2f}s")
    s, preds = full
    print("\nToolkit aligner, perturbed documents: accuracy by confidence band")
    print(f"{'confidence':>12} {'links':>6} {'share':>6} {'correct':>8}")
    total = sum(v[0] for v in s["bands"].values())
    for lo, (count, right) in s["bands"].items():
        label = {0.9: ">= 0.9", 0.7: "0.7-0.9", 0.5: "0.5-0.7", 0.0: "< 0.5"}[lo]
        print(f"{label:>12} {count:6d} {count / total:6.1%} {right / count if count else 0:8.3f}")


def calibrate() -> None:
    """Measure the length ratio c and variance s2 on dev paragraphs (unperturbed)."""
    docs = make_set("dev", False)
    pairs = [(ko[i], en[i]) for ko, en, _ in docs for i in range(len(ko))]
    print(f"{len(pairs)} dev paragraph pairs")
    print(f"{'hangul weight':>13} {'c':>6} {'IQR log ratio':>14} {'s2':>6} {'s2 (trim 5%)':>12}")
    for hw in (1.0, 2.0, 2.2, 2.3, 2.4, 2.6, 3.0):
        lk = [weighted_length(k, hw) for k, _ in pairs]
        le = [weighted_length(e, hw) for _, e in pairs]
        c = sum(le) / sum(lk)
        logs = sorted(math.log(e / k) for k, e in zip(lk, le) if k and e)
        q = statistics.quantiles(logs, n=4)
        z = sorted((e - c * k) ** 2 / ((c * k + e) / 2) for k, e in zip(lk, le) if k + e)
        s2 = sum(z) / len(z)
        s2t = sum(z[:int(len(z) * 0.95)]) / int(len(z) * 0.95)
        print(f"{hw:13.1f} {c:6.3f} {q[2] - q[0]:14.3f} {s2:6.2f} {s2t:12.2f}")


def tune() -> None:
    """A small grid on the dev split (perturbed), scored by strict F1 then lax F1."""
    docs = make_set("dev", True)
    rows = []
    grid = [dict(s2=s2, w_anchor=w, adapt=a) for s2 in (4.0, 6.0, 10.0, 20.0)
            for w in (1.0, 2.0, 3.0) for a in (0.0, 0.5)]
    for g in grid:
        params = replace(DEFAULT_PARAMS, **g)
        preds, _ = run(docs, params)
        s = score(docs, preds)
        rows.append((s["strict"][2], s["lax"][2], s["omission"], g))
        print(f"{g}  strict F1 {s['strict'][2]:.4f}  lax F1 {s['lax'][2]:.4f}  "
              f"omission P/R {s['omission'][0]:.3f}/{s['omission'][1]:.3f}", flush=True)
    best = max(rows, key=lambda r: (r[0], r[1]))
    print(f"\nbest on dev: {best[3]} strict {best[0]:.4f} lax {best[1]:.4f}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=("dev", "test"), default="test")
    parser.add_argument("--calibrate", action="store_true")
    parser.add_argument("--tune", action="store_true")
    args = parser.parse_args()
    if not DATA.is_file():
        print(f"align_eval: the NTREX-128 data is not here ({DATA}); this benchmark needs the "
              "shared data folder next to the repository. Nothing to do.")
        return 0
    if args.calibrate:
        calibrate()
    elif args.tune:
        tune()
    else:
        report(args.split)
    return 0


if __name__ == "__main__":
    sys.exit(main())
