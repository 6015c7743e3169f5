"""Read every PO file of the Python documentation's Korean translation with sides swapped
(msgid English, msgstr Korean), as `toolkit check --swap` does, and report files, entries
and time; when the checks runner exists, run the checks too and report findings by code.

Usage: python benchmarks/po_corpus.py [PO_FOLDER]
"""

from __future__ import annotations

import sys
import time
from collections import Counter
from pathlib import Path

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "python-docs-ko" / "po"


def main() -> int:
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else DATA
    if not folder.is_dir():
        print(f"po_corpus: {folder} is not here; this benchmark needs the python-docs-ko PO "
              "files (../shared/data/python-docs-ko/po). Nothing measured.")
        return 0
    from toolkit.interchange.po import iter_po_files, read_po_document

    start = time.perf_counter()
    files = iter_po_files(folder)
    docs = [read_po_document(path, swap=True) for path in files]
    elapsed = time.perf_counter() - start
    units = sum(len(d.units) for d in docs)
    fuzzy = sum(len(d.fuzzy) for d in docs)
    entries = units  # translated entries (swap skips untranslated ones: no Korean)
    print(f"files            {len(files)}")
    print(f"units (pairs)    {entries}  (fuzzy {fuzzy})")
    print(f"read time        {elapsed:.2f} s  ({entries / elapsed:,.0f} pairs/s)")

    try:
        from toolkit.checks.runner import run_checks
    except ImportError:
        print("checks           toolkit.checks.runner not available yet; reading only")
        return 0
    start = time.perf_counter()
    try:
        result = run_checks(docs)
    except TypeError as exc:
        print(f"checks           run_checks(docs) signature differs ({exc}); reading only")
        return 0
    elapsed_checks = time.perf_counter() - start
    findings = getattr(result, "findings", result)
    by_code = Counter(f.code for f in findings)
    print(f"check time       {elapsed_checks:.2f} s  ({entries / elapsed_checks:,.0f} pairs/s)")
    print(f"findings         {sum(by_code.values())}")
    for code, count in sorted(by_code.items()):
        print(f"  {code}  {count}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
