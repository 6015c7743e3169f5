"""Throughput of the term matcher: terms × paragraphs per second.

Two loads: a synthetic 500-term glossary over generated Korean/English news paragraphs,
and, when present, the python-docs-ko glossary (../shared/data/python-docs-ko/
glossary-from-guide.tsv) over the Korean msgstr paragraphs of its PO files.

    python benchmarks/terms_speed.py
"""

from __future__ import annotations

import random
import time
from pathlib import Path

from toolkit.terms import Glossary, TermMatcher, build_glossary, load_glossary, make_term

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "python-docs-ko"
SYLLABLES = [chr(c) for c in range(0xAC00, 0xD7A4, 97)]
PARTICLES = ["의", "이", "가", "은", "는", "에서", "에게", "도", "이었다", ""]


def synthetic(n_terms: int = 500, seed: int = 7) -> tuple[Glossary, list[str], list[str]]:
    rng = random.Random(seed)
    terms, seen = [], set()
    while len(terms) < n_terms:
        ko = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4)))
        if ko in seen:
            continue
        seen.add(ko)
        en = " ".join(rng.choice(["Kim", "Ri", "Pak", "Choe"]) if i == 0 else
                      rng.choice(["Jong", "Chol", "Song", "Min", "Hyok", "Su"]) for i in range(3))
        en = f"{en} {len(terms)}"
        terms.append((make_term(ko=ko, en=en, forbidden=[en.replace(" ", "-", 1)],
                                kind="person"), None))
    glossary = build_glossary(terms)
    ko_paras, en_paras = [], []
    for _ in range(2000):
        words = []
        for _ in range(rng.randint(15, 40)):
            if rng.random() < 0.08:
                words.append(rng.choice(glossary.terms).ko + rng.choice(PARTICLES))
            else:
                words.append("".join(rng.choice(SYLLABLES) for _ in range(rng.randint(1, 4))))
        ko_paras.append(" ".join(words) + ".")
        en_paras.append(" ".join(rng.choice(glossary.terms).en if rng.random() < 0.05 else
                                 rng.choice(["the", "source", "said", "market", "on", "Monday"])
                                 for _ in range(rng.randint(20, 50))) + ".")
    return glossary, ko_paras, en_paras


def measure(name: str, glossary: Glossary, ko_paras: list[str], en_paras: list[str]) -> None:
    start = time.perf_counter()
    matcher = TermMatcher(glossary)
    build = time.perf_counter() - start
    start = time.perf_counter()
    ko_hits = sum(len(matcher.find_ko(p)) for p in ko_paras)
    ko_time = time.perf_counter() - start
    start = time.perf_counter()
    en_hits = sum(len(matcher.find_en_any(p)) + len(matcher.find_forbidden(p)) for p in en_paras)
    en_time = time.perf_counter() - start
    n = len(glossary.terms)
    print(f"{name}: {n} terms; matcher built in {build * 1000:.0f} ms")
    print(f"  Korean : {len(ko_paras)} paragraphs in {ko_time:.3f} s = "
          f"{len(ko_paras) / ko_time:,.0f} paragraphs/s = {n * len(ko_paras) / ko_time:,.0f} "
          f"terms×paragraphs/s ({ko_hits} hits)")
    if en_paras:
        print(f"  English: {len(en_paras)} paragraphs in {en_time:.3f} s = "
              f"{len(en_paras) / en_time:,.0f} paragraphs/s = {n * len(en_paras) / en_time:,.0f} "
              f"terms×paragraphs/s ({en_hits} hits, approved + forbidden)")


def python_docs() -> None:
    tsv = DATA / "glossary-from-guide.tsv"
    if not tsv.exists():
        print(f"python-docs-ko data not found at {DATA}; skipping the real-glossary run")
        return
    import polib

    glossary = load_glossary(tsv)
    ko, en = [], []
    for po_path in sorted((DATA / "po").rglob("*.po"))[:200]:
        for entry in polib.pofile(str(po_path)):
            if entry.msgstr:
                ko.append(entry.msgstr)
                en.append(entry.msgid)
    measure("python-docs-ko glossary-from-guide.tsv over PO msgstr", glossary, ko, en)
    from toolkit.checks import Document, Unit
    from toolkit.model import Paragraph
    from toolkit.terms import name_evidence

    units = [Unit(n, (Paragraph(f"k{n}", k, 1),), (Paragraph(f"e{n}", e, 1),))
             for n, (k, e) in enumerate(zip(ko, en))]
    start = time.perf_counter()
    found = name_evidence([Document("python-docs", units)], TermMatcher(glossary))
    took = time.perf_counter() - start
    print(f"  T003 name evidence (plain pattern): {len(units)} units in {took:.2f} s = "
          f"{len(units) / took:,.0f} units/s ({len(found)} recurring names)")


if __name__ == "__main__":
    measure("synthetic", *synthetic())
    python_docs()
