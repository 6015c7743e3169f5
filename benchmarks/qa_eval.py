"""Recall on seeded defects and false-positive rate on clean paragraphs, per check code.

Reads benchmarks/qa_cases.yaml (realistic Korean→English cases written for this project):
each case is one paragraph pair, or a short document when `ko`/`en` are lists (aligned on
the fly when their lengths differ). A defect case is caught when every code in its
`expect` is reported at warning or error; a clean case is a false positive when anything
is reported at warning or error. Targets: recall >= 90 %, false positives <= 5 %.

    python benchmarks/qa_eval.py [--verbose] [--cases FILE]
    python benchmarks/qa_eval.py --all [--verbose]

`--cases benchmarks/qa_cases_heldout.yaml` runs the held-out set: cases in the same format
written blind (by someone who had not read the checks' code), to tell whether what the
first set measures holds for copy the checks were not developed on. `--all` runs every
`qa_cases*.yaml` here and prints one line per set (with `--verbose`, what each missed
and flagged).
"""

from __future__ import annotations

import argparse
from collections import Counter, defaultdict
from pathlib import Path

from toolkit.checks import Document, Unit
from toolkit.checks.runner import run_checks
from toolkit.fileio import load_yaml
from toolkit.model import Paragraph, Severity
from toolkit.terms import Glossary, TermMatcher, make_term

CASES = Path(__file__).resolve().parent / "qa_cases.yaml"


def _texts(value) -> list[str]:
    return list(value) if isinstance(value, list) else [value]


def case_document(case: dict, matcher) -> Document:
    """One case as a document of aligned units: a pair as it stands, a short article aligned
    as `toolkit check --ko --en` aligns two files (even when the paragraph counts agree:
    a merge and a credit line can even out)."""
    from toolkit.align import align_texts

    ko, en = _texts(case["ko"]), _texts(case["en"])
    ko_p = [Paragraph(f"k{n + 1}", t, 2 * n + 1) for n, t in enumerate(ko)]
    en_p = [Paragraph(f"e{n + 1}", t, 2 * n + 1) for n, t in enumerate(en)]
    if len(ko) == len(en) == 1:
        units = [Unit(0, (ko_p[0],), (en_p[0],))]
    else:
        units = [Unit(n, tuple(ko_p[i] for i in link.ko), tuple(en_p[j] for j in link.en), link.confidence)
                 for n, link in enumerate(align_texts(ko, en, matcher=matcher))]
    return Document(case["id"], units, en_path=f"{case['id']}.en.txt", kind="files")


def reported_codes(path: Path) -> tuple[list[dict], dict[str, set[str]]]:
    """(the cases of a case file, case id -> the codes reported at warning or error)."""
    data = load_yaml(path)
    glossary = Glossary([make_term(**entry) for entry in data.get("glossary", [])])
    matcher = TermMatcher(glossary)
    cases = data["cases"]
    result = run_checks([case_document(case, matcher) for case in cases], glossary=glossary)
    reported: dict[str, set[str]] = defaultdict(set)
    for finding in result.findings:
        if finding.severity.rank >= Severity.WARNING.rank:
            reported[finding.path.removesuffix(".en.txt")].add(finding.code)
    return cases, reported


def misses_and_false_positives(cases: list[dict], reported: dict[str, set[str]]
                               ) -> tuple[list[tuple[str, list[str], list[str]]],
                                          list[tuple[str, list[str]]]]:
    """([(id, expected codes, reported codes)] of the defect cases not caught, [(id,
    reported codes)] of the clean cases flagged)."""
    misses = [(c["id"], c["expect"], sorted(reported.get(c["id"], set()))) for c in cases
              if c["expect"] and not all(code in reported.get(c["id"], set()) for code in c["expect"])]
    false_positives = [(c["id"], sorted(reported[c["id"]])) for c in cases
                       if not c["expect"] and reported.get(c["id"])]
    return misses, false_positives


def _set_number(path: Path) -> int:
    digits = path.stem.removeprefix("qa_cases").removeprefix("_heldout")
    return int(digits) if digits.isdigit() else (0 if path.stem == "qa_cases" else 1)


def every_set(verbose: bool) -> None:
    """One line per case file of this folder: recall and false positives against the targets."""
    print(f"{'set':28} {'recall':>15} {'false positives':>18}")
    totals = [0, 0, 0, 0]  # defects, missed, clean, flagged
    for path in sorted(CASES.parent.glob("qa_cases*.yaml"), key=_set_number):
        cases, reported = reported_codes(path)
        misses, false_positives = misses_and_false_positives(cases, reported)
        defects = sum(1 for c in cases if c["expect"])
        clean = len(cases) - defects
        for n, value in enumerate((defects, len(misses), clean, len(false_positives))):
            totals[n] += value
        flag = "" if len(misses) <= 0.10 * defects and len(false_positives) <= 0.05 * clean \
            else "  below target"
        print(f"{path.name:28} {defects - len(misses):>4}/{defects:<4} {1 - len(misses) / defects:6.1%} "
              f"{len(false_positives):>6}/{clean:<4} {len(false_positives) / clean:6.1%}{flag}")
        if verbose:
            for case_id, expected, got in misses:
                print(f"    missed {case_id}: expected {expected}, got {got}")
            for case_id, got in false_positives:
                print(f"    false positive {case_id}: {got}")
    defects, missed, clean, flagged = totals
    print(f"{'all sets':28} {defects - missed:>4}/{defects:<4} {1 - missed / defects:6.1%} "
          f"{flagged:>6}/{clean:<4} {flagged / clean:6.1%}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--verbose", "-v", action="store_true", help="list misses and false positives")
    parser.add_argument("--cases", type=Path, default=CASES, help="the case file (default: %(default)s)")
    parser.add_argument("--all", action="store_true", help="every case file here, one line each")
    args = parser.parse_args()
    if args.all:
        every_set(args.verbose)
        return
    cases, reported = reported_codes(args.cases)
    defects = [c for c in cases if c["expect"]]
    clean = [c for c in cases if not c["expect"]]
    misses, false_positives = misses_and_false_positives(cases, reported)
    per_code_total: Counter = Counter(code for c in defects for code in c["expect"])
    per_code_caught: Counter = Counter(code for c in defects for code in c["expect"]
                                       if code in reported.get(c["id"], set()))
    fp_codes: Counter = Counter(code for _, got in false_positives for code in got)
    caught = len(defects) - len(misses)

    print(f"cases: {len(cases)} ({len(defects)} with seeded defects, {len(clean)} clean)")
    print(f"recall: {caught}/{len(defects)} = {caught / len(defects):.1%} (target >= 90%)")
    print(f"false positives: {len(false_positives)}/{len(clean)} = "
          f"{len(false_positives) / len(clean):.1%} of clean cases (target <= 5%)")
    print("\ncode   recall       false positives on clean cases")
    for code in sorted(set(per_code_total) | set(fp_codes)):
        total = per_code_total[code]
        recall = f"{per_code_caught[code]}/{total}" if total else "-"
        print(f"{code}   {recall:<12} {fp_codes[code]}")
    if args.verbose:
        for case_id, expected, got in misses:
            print(f"missed {case_id}: expected {expected}, got {got}")
        for case_id, got in false_positives:
            print(f"false positive {case_id}: {got}")


if __name__ == "__main__":
    main()
