"""`toolkit verify`, the library side: the whole-corpus gate that CI and pre-commit run.

Verification is a map over articles and a small reduce:

- **map** (per article, in a process pool): parse the article (a file that does not parse
  becomes an `E000 parse-error` finding for that article, not a crash of the run), build
  its document, and summarise what the corpus-wide statistics need from it: the length
  pairs of its units (the omission calibration, A003) and its term renderings and name
  spellings (the consistency check T003, `toolkit.checks.terminology.summarise`);
- **reduce**: calibrate the length model on every article's pairs and run T003 on the
  summaries;
- **check** (per reported article, in the pool): run the checks on the article with the
  corpus-wide model and its T003 hits (`run_checks(length_model=, corpus_hits=)`), so
  the findings are those `toolkit check` reports for the whole corpus.

Each article is summarised and checked by the same worker process (`_Workers`), which
keeps the document it built for the map until the check step takes it. Workers receive
article ids and return JSON text, never documents: what crosses a process boundary stays
a few KB per article.

A cache in `<corpus>/.toolkit-cache/verify.sqlite` keeps, per article, the key of its
files (with their stat, so that an unchanged article is not even read), its summary and
its findings, and for the run the last reduce. A repeated run reads no article that did
not change and loads from the cache only the columns it needs; deleting the folder is
always safe.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat as stat_mode
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Sequence

from toolkit.config import CONFIG_NAME
from toolkit.corpus import META_NAME, Corpus
from toolkit.errors import InputError, ToolkitError
from toolkit.model import Finding, Severity, Waiver
from toolkit.workers import WorkerProcesses

CACHE_DIR = ".toolkit-cache"
CACHE_FILE = "verify.sqlite"
CACHE_FORMAT = 2
OLD_CACHE_FILES = ("verify.json",)  # earlier formats' files, removed when the cache is written
ARTICLE_FILES = (META_NAME, "ko.txt", "en.txt")
PARSE_ERROR = ("E000", "parse-error")  # an article whose files do not parse (not a registry check)
_ROOT = "\x00root/"  # marks a cached path that was relative to the corpus root

# Corpus-scope checks and where their map and reduce steps live.
CORPUS_STEPS = {"T003": "toolkit.checks.terminology"}


def corpus_summaries(doc: Any, ctx: Any, codes: Any = CORPUS_STEPS) -> dict[str, Any]:
    """The map step of the corpus-scope checks `codes` for one document: code -> summary."""
    import importlib

    return {code: importlib.import_module(CORPUS_STEPS[code]).summarise(doc, ctx) for code in codes}


@dataclass(slots=True)
class VerifyStats:
    """What a run did, for the summary on stderr and for the benchmark."""

    articles: int = 0  # articles in the corpus
    reported: int = 0  # articles whose findings are reported
    summarised: int = 0  # articles read to (re)build their summary
    checked: int = 0  # articles whose checks ran (not served from the cache)
    cached: int = 0  # reported articles whose findings came from the cache
    changed: list[str] | None = None  # ids selected by --changed-since, when given
    reason: str = ""  # why --changed-since selected every article
    cache: str = "off"  # off | empty | reset (settings, glossary, selection or code changed) | used
    reduce: str = ""  # cached | moved (positions only: T003 hits carried over) | full
    seconds: float = 0.0


@dataclass(slots=True)
class VerifyRun:
    """The outcome: a CheckResult (as `toolkit check` returns) and how it was obtained."""

    result: Any  # toolkit.checks.runner.CheckResult
    stats: VerifyStats = field(default_factory=VerifyStats)


# -- keys -------------------------------------------------------------------------------------

def _sha(*parts: bytes | str) -> str:
    digest = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "little"))
        digest.update(data)
    return digest.hexdigest()


def code_digest() -> str:
    """The toolkit's version and a hash of its source, so that a cache made by other code
    (an upgrade, an editable install being worked on) is never trusted. Reading and hashing
    the package's ~600 KB of source takes a few milliseconds."""
    import toolkit

    package = Path(toolkit.__file__).resolve().parent
    parts: list[bytes | str] = [toolkit.__version__]
    for path in sorted(package.rglob("*.py")):
        parts += [path.relative_to(package).as_posix(), path.read_bytes()]
    return _sha(*parts)


def settings_digest(corpus: Corpus, select: Sequence[str], ignore: Sequence[str]) -> str:
    """Everything outside an article that its summary and findings depend on."""
    def read(path: Path | None) -> bytes:
        return path.read_bytes() if path is not None and path.is_file() else b"\x00absent"

    return _sha(str(CACHE_FORMAT), code_digest(), read(corpus.root / CONFIG_NAME),
                read(corpus.glossary_path), json.dumps([list(select), list(ignore)]))


def _stat(path: str) -> tuple[int, int, int] | None:
    try:
        st = os.stat(path)
    except (FileNotFoundError, NotADirectoryError):
        return None
    if not stat_mode.S_ISREG(st.st_mode):
        return None
    return st.st_mtime_ns, st.st_size, st.st_ino


def article_stats(folder: str) -> list[tuple[int, int, int] | None] | None:
    """The stat (mtime, size, inode) of each of an article folder's ARTICLE_FILES (None
    when absent), or None when the folder holds no article.yaml (no article)."""
    stats = [_stat(os.path.join(folder, name)) for name in ARTICLE_FILES]
    return stats if stats[0] is not None else None


def scan_articles(articles_dir: Path) -> dict[str, list[tuple[int, int, int] | None]]:
    """Article id -> `article_stats`, for every folder of `articles_dir` holding an
    article.yaml (the articles `Corpus.article_ids` lists), in one pass over the folder."""
    found: dict[str, list[tuple[int, int, int] | None]] = {}
    try:
        entries = list(os.scandir(articles_dir))
    except (FileNotFoundError, NotADirectoryError):
        return found
    for entry in entries:
        if entry.is_dir():
            stats = article_stats(entry.path)
            if stats is not None:
                found[entry.name] = stats
    return dict(sorted(found.items()))


def article_key(folder: Path, stats: list[tuple[int, int, int] | None],
                known: tuple[str, str | None] | None, started_ns: int) -> tuple[str, str | None]:
    """(content hash of an article's files, stat record to cache), given the files' stats
    and the (hash, stat record) cached for the article, if any.

    Like git's index, an unchanged stat (mtime, size, inode) of every file vouches for an
    unchanged content hash, so that a run over an unchanged corpus reads no file. A file
    modified within a second of the run's start is hashed again next time ("racily
    clean"): its stat record is None."""
    record = ",".join("-" if st is None else "%d:%d:%d" % st for st in stats)
    if known is not None and known[1] == record:
        return known[0], record
    parts: list[bytes | str] = []
    for name, st in zip(ARTICLE_FILES, stats):
        parts += [name, (folder / name).read_bytes() if st is not None else b"\x00absent"]
    racy = any(st is not None and st[0] >= started_ns - 1_000_000_000 for st in stats)
    return _sha(*parts), None if racy else record


# -- which articles -----------------------------------------------------------------------------

def _git(root: Path, *args: str) -> str:
    try:
        done = subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True,
                              check=False)
    except FileNotFoundError:
        raise InputError("--changed-since needs git, which is not installed") from None
    if done.returncode != 0:
        raise InputError(f"git {' '.join(args)} failed: {done.stderr.strip() or done.returncode}",
                         root)
    return done.stdout


def _git_top(root: Path) -> Path | None:
    """The top of the git work tree holding `root`, or None (not in one, or no git)."""
    try:
        probe = subprocess.run(["git", "-C", str(root), "rev-parse", "--show-toplevel"],
                               capture_output=True, text=True, check=False)
    except FileNotFoundError:
        return None
    return Path(probe.stdout.strip()).resolve() if probe.returncode == 0 else None


def _git_commit(root: Path, ref: str) -> str | None:
    """The commit `ref` names, or None when git does not know it."""
    try:
        done = subprocess.run(["git", "-C", str(root), "rev-parse", "--verify", "--quiet",
                               f"{ref}^{{commit}}"], capture_output=True, text=True, check=False)
    except FileNotFoundError:
        return None
    return done.stdout.strip() if done.returncode == 0 else None


def _git_diff(root: Path, top: Path, commit: str) -> list[Path]:
    """Files under `root` whose working-tree content differs from `commit`."""
    names = _git(root, "diff", "--name-only", "--no-renames", commit, "--", ".")
    return [top / line for line in names.splitlines() if line.strip()]


def _git_untracked(root: Path, top: Path) -> list[Path]:
    """Untracked, not ignored files under `root`."""
    names = _git(root, "ls-files", "--others", "--exclude-standard", "--full-name", "--", ".")
    return [top / line for line in names.splitlines() if line.strip()]


def _git_changes(corpus: Corpus, ref: str) -> tuple[Path, str, list[Path], list[Path]]:
    """(work tree top, commit of `ref`, files that differ from it, untracked files), or an
    InputError saying why git cannot tell."""
    root = corpus.root.resolve()
    top = _git_top(root)
    if top is None:
        raise InputError("--changed-since needs a git repository, and the corpus is not in one",
                         corpus.root)
    commit = _git_commit(root, ref)
    if commit is None:
        raise InputError(f"--changed-since: unknown git ref {ref!r} (fetch it first in a "
                         "shallow CI clone: `git fetch --depth=1 origin BRANCH`)")
    return top, commit, _git_diff(root, top, commit), _git_untracked(root, top)


def changed_since(corpus: Corpus, ref: str) -> tuple[list[str], str]:
    """(ids of the articles whose files differ from git `ref` in the working tree, or are
    untracked; reason). When toolkit.yaml or the glossary changed, every article is
    returned, since every article's findings may depend on them; the reason says so."""
    _, _, diff, untracked = _git_changes(corpus, ref)
    return articles_for_paths(corpus, diff + untracked, missing_ok=True)


def articles_for_paths(corpus: Corpus, paths: Iterable[str | Path], *,
                       missing_ok: bool = False,
                       known: Iterable[str] | None = None) -> tuple[list[str], str]:
    """(article ids, reason) for paths named on a command line or by pre-commit: a file or
    folder of an article is that article; the corpus root, its articles folder,
    toolkit.yaml or the glossary mean every article (reason says which); an article id
    names itself. Other paths are ignored when `missing_ok` (files outside the corpus that
    a diff lists), else refused. `known` (ids the caller already knows to be articles)
    spares listing the corpus when no path means every article."""
    root = corpus.root.resolve()
    articles = corpus.articles_dir.resolve()
    glossary = corpus.glossary_path.resolve() if corpus.glossary_path is not None else None
    known_ids = set(corpus.article_ids() if known is None else known)

    def is_article(name: str) -> bool:
        if name not in known_ids and (articles / name / META_NAME).is_file():
            known_ids.add(name)
        return name in known_ids

    ids: set[str] = set()
    for name in paths:
        path = Path(name)
        if not path.exists() and not missing_ok and not path.is_absolute() and is_article(str(name)):
            ids.add(str(name))
            continue
        full = path.resolve()
        if full in (root, articles):
            return corpus.article_ids(), "the corpus named"
        if full == root / CONFIG_NAME:
            return corpus.article_ids(), f"{CONFIG_NAME} changed"
        if glossary is not None and full == glossary:
            return corpus.article_ids(), f"{glossary.name} changed"
        try:
            rel = full.relative_to(articles)
        except ValueError:
            rel = None
        if rel is not None and rel.parts:
            if is_article(rel.parts[0]):
                ids.add(rel.parts[0])
            elif not missing_ok:
                raise InputError("is not in an article of this corpus", path)
            continue
        if full.is_dir():
            inside = [p.parent.name for p in full.rglob(META_NAME)
                      if p.parent.parent == articles and is_article(p.parent.name)]
            if inside:
                ids.update(inside)
                continue
        if not missing_ok:
            raise InputError("is neither an article, an article's file nor a corpus folder", path)
    return sorted(ids), ""


def _ids_under(corpus: Corpus, paths: Iterable[Path]) -> set[str]:
    """Names of the folders of the articles folder that `paths` (absolute, from git) are in,
    whether or not they still hold an article."""
    articles = corpus.articles_dir.resolve()
    ids: set[str] = set()
    for path in paths:
        try:
            rel = path.relative_to(articles)
        except ValueError:
            continue
        if len(rel.parts) > 1:
            ids.add(rel.parts[0])
    return ids


def _git_base(corpus: Corpus) -> dict[str, Any]:
    """The cache's git base: {"head": HEAD's commit, "dirty": the folders of articles whose
    files differ from it or are untracked}; {"head": None} outside git."""
    root = corpus.root.resolve()
    top = _git_top(root)
    commit = _git_commit(root, "HEAD") if top is not None else None
    if top is None or commit is None:
        return {"head": None}
    try:
        paths = _git_diff(root, top, commit) + _git_untracked(root, top)
    except InputError:
        return {"head": None}
    return {"head": commit, "dirty": sorted(_ids_under(corpus, paths))}


def _trusted_base(corpus: Corpus, top: Path, commit: str, diff: list[Path], untracked: list[Path],
                  old: dict[str, Any], base: Any, reason: str
                  ) -> tuple[set[str] | None, dict[str, Any]]:
    """For a --changed-since run: (the articles whose cached records git cannot vouch for,
    or None when every article must be looked at; the git base to cache).

    The cache records the commit its records were last checked against and the articles
    that differed from it then ("dirty"); every other article's files are as in that
    commit. So the articles that may differ from their records are those dirty then and
    those git now lists as changed since that commit (or untracked): `git diff` does for
    the rest what the stat pass would do, and a CI clone with fresh mtimes reads no
    unchanged article either."""
    now = {"head": commit, "dirty": sorted(_ids_under(corpus, diff + untracked))}
    if reason or not old or not isinstance(base, dict) or not base.get("head"):
        return None, now
    since = diff
    if base["head"] != commit:
        if _git_commit(corpus.root.resolve(), base["head"]) is None:
            return None, now  # the commit is gone (a rebase, a shallow clone)
        since = _git_diff(corpus.root.resolve(), top, base["head"])
    changed = _ids_under(corpus, since + untracked)
    return changed | set(base.get("dirty", ())), {"head": base["head"], "dirty": sorted(changed)}


# -- the cache --------------------------------------------------------------------------------

@dataclass(slots=True)
class _Record:
    """One article's row of the cache; JSON columns stay text until a step needs them."""

    files: str  # content hash of its files
    stat: str | None = None  # their stats, when they vouch for `files` (see `article_key`)
    status: str = ""  # ok | skipped (no English) | error (does not parse)
    en: str | None = None  # the English file, relative to the corpus root
    check_key: str | None = None  # what `result` was computed under
    # The large columns, None until loaded (`VerifyCache.fill`):
    pairs: str | None = None  # JSON: length pairs of its units
    summary: str | None = None  # JSON: {code: corpus-step summary} or {"error": finding data}
    result: str | None = None  # JSON: {"findings": [...], "units": n, "waived": n}
    changed: set[str] = field(default_factory=set)  # columns to write back; "*": the whole row


_COLUMNS = ("files", "stat", "status", "en", "pairs", "summary", "check_key", "result")
_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS article (id TEXT PRIMARY KEY, files TEXT NOT NULL, stat TEXT, "
    "status TEXT NOT NULL, en TEXT, pairs TEXT NOT NULL, summary TEXT NOT NULL, "
    "check_key TEXT, result TEXT)",
)


class VerifyCache:
    """The cache database, `<corpus>/.toolkit-cache/verify.sqlite` (sqlite3, standard
    library): a row per article and a few run-wide values (format, settings digest, the
    last reduce). Values are JSON text, never pickles, so that a cache restored from
    elsewhere (a CI cache) can at worst be out of date, never run code; a cache that cannot
    be read is ignored and rewritten. A run loads the small columns of every row, and the
    large ones (summaries, findings) only for the rows that it needs."""

    def __init__(self, root: Path):
        self.folder = root / CACHE_DIR
        self.path = self.folder / CACHE_FILE
        self._conn: Any = None

    def _connect(self, *, write: bool) -> Any:
        import sqlite3

        if write:
            self.folder.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        else:
            conn = sqlite3.connect(f"{self.path.resolve().as_uri()}?mode=ro", uri=True, timeout=30,
                                   isolation_level=None)
        return conn

    def read(self, digest: str) -> tuple[str, dict[str, _Record], dict[str, Any]]:
        """(state, records, run-wide values): state is "empty" (no cache), "reset" (made
        under other settings, glossary, selection or code: nothing is used) or "used"."""
        import sqlite3

        if not self.path.is_file():
            return "empty", {}, {}
        try:
            self._conn = self._connect(write=False)
            meta = {key: json.loads(value) for key, value in
                    self._conn.execute("SELECT key, value FROM meta")}
            if meta.get("format") != CACHE_FORMAT or meta.get("settings") != digest:
                self.close()
                return "reset", {}, {}
            records = {row[0]: _Record(*row[1:])
                       for row in self._conn.execute(
                           "SELECT id, files, stat, status, en, check_key FROM article")}
        except (sqlite3.Error, ValueError, TypeError):
            self.close()
            return "reset", {}, {}
        return "used", records, meta

    def fill(self, records: dict[str, _Record], ids: Sequence[str], *columns: str) -> None:
        """Load the large `columns` of the cached rows `ids` into their records."""
        import sqlite3

        wanted = [i for i in ids if i in records and "*" not in records[i].changed
                  and any(getattr(records[i], column) is None for column in columns)]
        if not wanted or self._conn is None:
            return
        select = f"SELECT id, {', '.join(columns)} FROM article"
        try:
            if len(wanted) > 200:  # most of the table: one scan beats many lookups
                rows = self._conn.execute(select)
                wanted_set = set(wanted)
            else:
                marks = ", ".join("?" * len(wanted))
                rows = self._conn.execute(f"{select} WHERE id IN ({marks})", wanted)
                wanted_set = None
            for row in rows:
                if wanted_set is not None and row[0] not in wanted_set:
                    continue
                record = records[row[0]]
                for column, value in zip(columns, row[1:]):
                    if getattr(record, column) is None:
                        setattr(record, column, value)
        except sqlite3.Error:
            raise ToolkitError(f"the verify cache cannot be read; delete {self.folder} and run "
                               "again", self.path) from None

    def close(self) -> None:
        """Close the read connection (before writing)."""
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def write(self, records: dict[str, _Record], deleted: Iterable[str], meta: dict[str, Any],
              *, reset: bool) -> None:
        """Write the dirty records, drop `deleted`, set `meta`, in one transaction; with
        `reset`, start from an empty database."""
        import sqlite3

        from toolkit.fileio import atomic_write

        self.close()
        if not (self.folder / ".gitignore").is_file():
            atomic_write(self.folder / ".gitignore", "# written by toolkit verify; safe to delete\n*\n")
        for name in OLD_CACHE_FILES:
            (self.folder / name).unlink(missing_ok=True)
        rows = [(i, *(getattr(r, c) for c in _COLUMNS)) for i, r in records.items()
                if "*" in r.changed]
        updates: dict[tuple[str, ...], list[tuple]] = {}
        for article_id, record in records.items():
            if record.changed and "*" not in record.changed:
                columns = tuple(sorted(record.changed))
                updates.setdefault(columns, []).append(
                    (*(getattr(record, c) for c in columns), article_id))
        for attempt in (1, 2):
            try:
                conn = self._connect(write=True)
                try:
                    conn.execute("BEGIN IMMEDIATE")
                    for statement in _SCHEMA:
                        conn.execute(statement)
                    if reset:
                        conn.execute("DELETE FROM article")
                        conn.execute("DELETE FROM meta")
                    conn.executemany("DELETE FROM article WHERE id = ?", [(i,) for i in deleted])
                    conn.executemany(f"INSERT OR REPLACE INTO article (id, {', '.join(_COLUMNS)}) "
                                     f"VALUES ({', '.join('?' * (len(_COLUMNS) + 1))})", rows)
                    for columns, values in updates.items():
                        assignments = ", ".join(f"{c} = ?" for c in columns)
                        conn.executemany(f"UPDATE article SET {assignments} WHERE id = ?", values)
                    conn.executemany("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)",
                                     [(k, json.dumps(v, ensure_ascii=False)) for k, v in meta.items()])
                    conn.execute("COMMIT")
                finally:
                    conn.close()
                return
            except sqlite3.DatabaseError:
                if attempt == 2:
                    raise
                # Not a database (a damaged or foreign file): it is only a cache, start afresh.
                self.path.unlink(missing_ok=True)
                reset = True


def _rel(path: str | None, root: str) -> str | None:
    if path is not None and path.startswith(root):
        return _ROOT + path[len(root):]
    return path


def _abs(path: str | None, root: str) -> str | None:
    if path is not None and path.startswith(_ROOT):
        return root + path[len(_ROOT):]
    return path


def finding_to_data(finding: Finding, root: str) -> list[Any]:
    """A finding as JSON data, its path relative to `root` (the corpus may move)."""
    w = finding.waiver
    return [finding.code, finding.name, finding.severity.value, finding.message,
            _rel(finding.path, root), finding.line, finding.column, finding.article,
            finding.paragraph, finding.unit, finding.ko, finding.en,
            None if w is None else [w.code, w.paragraph, w.reason, w.by, w.date]]


def finding_from_data(data: list[Any], root: str) -> Finding:
    """The inverse of `finding_to_data`."""
    (code, name, severity, message, path, line, column, article, paragraph, unit, ko, en,
     waiver) = data
    return Finding(code, name, Severity(severity), message, _abs(path, root), line, column,
                   article, paragraph, unit, ko, en, None if waiver is None else Waiver(*waiver))


def _dumps(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


# -- the map and check steps (run in worker processes) ------------------------------------------

_STATE: dict[str, Any] = {}


def _init_worker(root: str, select: Sequence[str], ignore: Sequence[str], digest: str = "") -> None:
    """Per process: the corpus, its glossary and term matcher, built once. The parent
    builds them first (it needs them for the reduce), so that forked workers inherit them;
    `digest` (the settings digest) tells a state built for other settings or glossary."""
    key = (root, list(select), list(ignore), digest)
    if digest and _STATE.get("key") == key:
        return
    from toolkit.checks import CheckContext
    from toolkit.config import load_settings

    corpus = Corpus(Path(root), load_settings(Path(root)))
    glossary = None
    if corpus.glossary_path is not None and corpus.glossary_path.is_file():
        from toolkit.terms import corpus_glossary

        glossary = corpus_glossary(corpus)
    ctx = CheckContext(options=dict(corpus.settings.checks.options), glossary=glossary)
    _STATE.clear()
    _STATE.update(corpus=corpus, glossary=glossary, ctx=ctx, select=list(select),
                  ignore=list(ignore), root=root, key=key)


def _document(article_id: str):
    """(document, None) or (None, parse error as finding data)."""
    from toolkit.checks.runner import article_document

    corpus = _STATE["corpus"]
    try:
        article = corpus.load(article_id)
        return article_document(article, matcher=_STATE["ctx"].matcher), None
    except ToolkitError as exc:
        path = exc.path or str(corpus.article_dir(article_id))
        finding = Finding(PARSE_ERROR[0], PARSE_ERROR[1], Severity.ERROR, exc.message, path,
                          exc.line, None, article_id)
        return None, finding_to_data(finding, _STATE["root"])


def _summarise(article_id: str, found: tuple[Any, Any] | None = None) -> tuple[str, str | None, str, str]:
    """The map step for one article: (status, English path, length pairs as JSON, corpus
    summaries as JSON); for an article that does not parse, its E000 finding. `found` is
    its `_document`, when already built."""
    from toolkit.checks.alignment import unit_lengths

    doc, error = found or _document(article_id)
    if doc is None:
        return "error", None, "[]", _dumps({"error": error})
    en = _rel(doc.en_path, _STATE["root"])
    if doc.article.en is None:
        return "skipped", en, "[]", "{}"
    summaries = corpus_summaries(doc, _STATE["ctx"])
    return "ok", en, _dumps(unit_lengths(doc.units)), _dumps(summaries)


def _check(task: tuple[str, Any, dict[str, list[list[Any]]]],
           found: tuple[Any, Any] | None = None) -> str:
    """The check step for one article, with the corpus-wide length model and hits; its
    result as JSON. `found` is its `_document`, when already built."""
    from toolkit.checks.alignment import LengthModel
    from toolkit.checks.runner import run_checks

    article_id, model, hits = task
    doc, error = found or _document(article_id)
    if doc is None:
        return _dumps({"findings": [error], "units": 0, "waived": 0})
    corpus = _STATE["corpus"]
    result = run_checks([doc], settings=corpus.settings.checks, glossary=_STATE["glossary"],
                        select=_STATE["select"], ignore=_STATE["ignore"], show_waived=True,
                        workflow=corpus.settings.workflow, root=corpus.root,
                        length_model=LengthModel(*model), matcher=_STATE["ctx"].matcher,
                        corpus_hits={doc.name: [(code, _hit_from_data(data))
                                                for code, found in hits.items() for data in found]})
    return _dumps({"findings": [finding_to_data(f, _STATE["root"]) for f in result.findings],
                   "units": result.units, "waived": result.waived})


def _steps(kept: dict[str, tuple[Any, Any]], step: str, items: list[Any]) -> list[Any]:
    """Run `step` ("summarise" or "check") over items in this process. The documents built
    to summarise are kept, in `kept`, for the check step, which takes them out: building
    a document (reading and parsing its files, the units) is a sixth of an article's work."""
    if step == "summarise":
        out = []
        for article_id in items:
            kept[article_id] = _document(article_id)
            out.append(_summarise(article_id, kept[article_id]))
        return out
    return [_check(task, kept.pop(task[0], None)) for task in items]


def _serve(conn: Any, init_args: tuple) -> None:
    """A worker process of `_Workers`: runs the steps it is sent on its share of the
    articles, keeping their documents between the map and the check step. (A bad article
    is an E000 finding in the step's answer, not an error.)"""
    from toolkit.workers import serve_messages

    kept: dict[str, tuple[Any, Any]] = {}

    def setup() -> Any:
        _init_worker(*init_args)
        return lambda message: _steps(kept, *message)

    serve_messages(conn, setup)


class _Workers(WorkerProcesses):
    """The processes of one verify run. Each article goes to one worker for both steps:
    the worker that summarised it checks it with the document it kept (a process pool
    would hand the check to any worker, which would build the document again). Shares
    are dealt round-robin over articles in id order, so that every worker gets a similar
    mix, and rebalanced as they run (`run`). With one job everything runs in this
    process."""

    what = "verify worker"

    def __init__(self, jobs: int, init_args: tuple):
        self.init_args = init_args
        self.kept: dict[str, tuple[Any, Any]] = {}
        self.owner: dict[str, int] = {}
        if jobs <= 1:
            self.conns, self.procs = [], []
            return
        if self.forking():
            _init_worker(*init_args)  # once, here: the forked workers inherit it
        super().__init__(jobs, _serve, (init_args,))

    def run(self, step: str, items: list[Any], ids: list[str]) -> list[Any]:
        """`step` over items (whose article ids are `ids`), results in their order.

        Each worker is fed its own share in chunks; one that runs out takes chunks from the
        end of the longest remaining share (and becomes those articles' owner), so that a
        worker slowed by other work on the machine does not hold up the step."""
        if not items:
            return []
        if not self.conns:
            _init_worker(*self.init_args)
            return _steps(self.kept, step, items)
        from collections import deque
        from multiprocessing.connection import wait

        count = len(self.conns)
        shares: list[list[int]] = [[] for _ in range(count)]
        for n, article_id in enumerate(ids):
            shares[self.owner.setdefault(article_id, n % count)].append(n)
        size = max(1, min(64, len(items) // (count * 4)))
        queues = [deque(share[i:i + size] for i in range(0, len(share), size)) for share in shares]
        busy: dict[int, list[int]] = {}

        def feed(worker: int) -> None:
            if queues[worker]:
                chunk = queues[worker].popleft()
            else:
                donor = max(range(count), key=lambda w: len(queues[w]))
                if not queues[donor]:
                    return
                chunk = queues[donor].pop()
                for n in chunk:
                    self.owner[ids[n]] = worker
            self.conns[worker].send((step, [items[n] for n in chunk]))
            busy[worker] = chunk

        results: list[Any] = [None] * len(items)
        for worker in range(count):
            feed(worker)
        while busy:
            for conn in wait([self.conns[w] for w in busy]):
                worker = self.conns.index(conn)
                out = self.receive(conn)
                for n, value in zip(busy.pop(worker), out):
                    results[n] = value
                feed(worker)
        return results


def _pool_map(func, items: list[Any], jobs: int, init_args: tuple,
              initializer: Any = None) -> list[Any]:
    """func over items, in order: in this process for one job or item, else in a pool of
    `jobs` processes fed in chunks (a few per worker, so a slow article does not hold up a
    whole share). Each process is prepared by `initializer(*init_args)`, by default
    verify's own. `toolkit check --jobs` uses it with the runner's; verify itself uses
    `_Workers`, which keeps each article on one worker for both steps."""
    if not items:
        return []
    if jobs <= 1 or len(items) == 1:
        (initializer or _init_worker)(*init_args)
        return [func(item) for item in items]
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    if method == "fork" and initializer is None:
        _init_worker(*init_args)  # once, here: the forked workers inherit it
    workers = min(jobs, len(items))
    chunk = max(1, min(64, len(items) // (workers * 4)))
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context(method),
                             initializer=initializer or _init_worker, initargs=init_args) as pool:
        return list(pool.map(func, items, chunksize=chunk))


def _hit_data(hit: Any) -> list[Any]:
    return [hit.message, hit.ko, hit.en, hit.paragraph, hit.offset, hit.unit,
            None if hit.severity is None else hit.severity.value, hit.path, hit.line]


def _hit_from_data(data: list[Any]) -> Any:
    from toolkit.checks import Hit

    message, ko, en, paragraph, offset, unit, severity, path, line = data
    return Hit(message, ko, en, paragraph, offset, unit,
               None if severity is None else Severity(severity), path, line)


# -- the reduce -----------------------------------------------------------------------------

def _t003_moves(old: dict[str, Any], new: dict[str, Any]) -> dict[tuple, tuple] | None:
    """For one article's T003 summaries before and after an edit (the format documented in
    `toolkit.checks.terminology.summarise`): None when the edit changed anything the
    reduce counts (a term's rendering or status, a name or its spelling, the English name
    spans), else {old place: new place} of its term and name places, a place being
    (English paragraph id, offset, unit index). When only places moved, every other
    article's T003 hits stay as they were and this article's move with its places."""
    def split(summary: dict[str, Any]) -> tuple[list[Any], list[tuple]]:
        evidence = [summary["name"], summary["unspelled"], summary["spans"],
                    [entry[:4] for entry in summary["terms"]],
                    [[name, [p[0] for p in places]] for name, places in summary["names"].items()]]
        places = [(e[5], e[4], e[6]) for e in summary["terms"]]
        places += [(p[1], p[2], p[3]) for found in summary["names"].values() for p in found]
        return evidence, places

    old_evidence, old_places = split(old)
    new_evidence, new_places = split(new)
    if old_evidence != new_evidence:
        return None
    moves: dict[tuple, tuple] = {}
    for before, after in zip(old_places, new_places):
        if moves.setdefault(before, after) != after:
            return None
    return moves


# Per corpus-scope check: how to carry its hits over an edit that moved places only.
CORPUS_MOVES = {"T003": _t003_moves}


def _moved_hits(hits: dict[str, list[list[Any]]], old: dict[str, Any],
                new: dict[str, Any]) -> dict[str, list[list[Any]]] | None:
    """An article's corpus hits carried over an edit (see `_t003_moves`), or None when
    they cannot be: then the reduce runs again."""
    moved: dict[str, list[list[Any]]] = {}
    for code in set(old) | set(new) | set(hits):
        mover = CORPUS_MOVES.get(code)
        if mover is None or code not in old or code not in new:
            return None
        moves = mover(old[code], new[code])
        if moves is None:
            return None
        for data in hits.get(code, ()):
            place = moves.get((data[3], data[4], data[5]))
            if place is None:
                return None
            moved.setdefault(code, []).append([*data[:3], *place, *data[6:]])
    return moved


# -- the run ----------------------------------------------------------------------------------

# Up to this many changed articles, their old summaries are fetched so that an edit that
# only moved text can keep the last reduce (`_moved_hits`); beyond it a full reduce is cheap
# next to the map.
MOVED_LIMIT = 64


def verify(corpus: Corpus, *, ids: Sequence[str] | None = None, ref: str | None = None,
           jobs: int | None = None, use_cache: bool = True, select: Sequence[str] = (),
           ignore: Sequence[str] = (), show_waived: bool = False,
           fail_on: Severity | str | None = None) -> VerifyRun:
    """Verify a corpus: every article, the articles `ids`, or those changed since git `ref`.

    The findings are those `toolkit check` reports on the whole corpus, restricted to the
    reported articles, plus an `E000 parse-error` finding for each article whose files do
    not parse. Corpus-wide statistics (the length calibration, term consistency) always
    cover every article of the corpus.
    """
    from toolkit.checks import load_checks
    from toolkit.checks.runner import CheckResult, resolve_codes

    started = time.perf_counter()
    started_ns = time.time_ns()
    settings = corpus.settings.checks
    registry = load_checks()
    # Fail on a bad code here, in this process, with the runner's own message.
    chosen = resolve_codes(list(select) or settings.select or ["ALL"], registry)
    chosen -= resolve_codes(list(settings.ignore) + list(ignore), registry, what="--ignore")
    threshold = Severity.parse(fail_on) if isinstance(fail_on, str) else \
        (fail_on or Severity.parse(settings.fail_on))
    corpus_codes = [code for code in chosen if registry[code].scope.value == "corpus"]
    for code in corpus_codes:
        if code not in CORPUS_STEPS:
            raise ToolkitError(f"check {code} runs across the corpus but has no summary "
                               "step, so `verify` cannot run it; use `toolkit check`")
    stats = VerifyStats()
    jobs = jobs or os.cpu_count() or 1
    root = str(corpus.root)
    if not root.endswith(os.sep):
        root += os.sep
    digest = settings_digest(corpus, select, ignore)
    init_args = (str(corpus.root), list(select), list(ignore), digest)
    cache = VerifyCache(corpus.root)
    old: dict[str, _Record] = {}
    meta: dict[str, Any] = {}
    if use_cache:
        stats.cache, old, meta = cache.read(digest)

    # Which articles to look at: all of them (their stats), or with --changed-since and a
    # cache that knows its git base, only those git says may differ from the cached state.
    picked: list[str] | None = None
    suspects: set[str] | None = None
    git_state = meta.get("git")
    fresh_base = ref is not None or git_state is None  # measured by git in this run
    if ref is not None:
        top, commit, diff, untracked = _git_changes(corpus, ref)
        picked, stats.reason = articles_for_paths(corpus, diff + untracked, missing_ok=True,
                                                  known=old or None)
        stats.changed = picked
        suspects, git_state = _trusted_base(corpus, top, commit, diff, untracked, old, git_state,
                                            stats.reason)
    elif use_cache and git_state is None:
        git_state = _git_base(corpus)  # once per cache; kept up to date below
    if suspects is None:
        scanned = scan_articles(corpus.articles_dir)
    else:
        scanned = {i: None for i in old if i not in suspects}
        for article_id in suspects:
            found = article_stats(str(corpus.articles_dir / article_id))
            if found is not None:
                scanned[article_id] = found
        scanned = dict(sorted(scanned.items()))
    all_ids = list(scanned)
    stats.articles = len(all_ids)
    if picked is None:
        picked = sorted(set(ids)) if ids is not None else all_ids
    reported = [i for i in picked if i in scanned]
    stats.reported = len(reported)

    # Which articles changed: their files' stats first, their content when those moved.
    records: dict[str, _Record] = {}
    stale: list[str] = []
    for article_id, file_stats in scanned.items():
        before = old.get(article_id)
        if file_stats is None:  # trusted: git says its files are as cached
            records[article_id] = before
            continue
        key, stat = article_key(corpus.articles_dir / article_id, file_stats,
                                None if before is None else (before.files, before.stat), started_ns)
        if before is not None and before.files == key:
            records[article_id] = before
            if before.stat != stat:
                before.stat = stat
                before.changed.add("stat")
        else:
            records[article_id] = _Record(key, stat, changed={"*"})
            stale.append(article_id)
    deleted = [i for i in old if i not in records]
    stats.summarised = len(stale)
    if use_cache and isinstance(git_state, dict) and git_state.get("head"):
        # Articles that may differ from the git base: those git named, those whose stat
        # cannot vouch for them (written during the run), and, when the base is a past
        # run's, those that changed since.
        dirty = set(git_state.get("dirty", ()))
        dirty.update(i for i, file_stats in scanned.items()
                     if file_stats is not None and records[i].stat is None)
        if not fresh_base:
            dirty.update(stale, deleted)
        git_state = dict(git_state, dirty=sorted(dirty))
    if git_state != meta.get("git"):
        meta["git"] = git_state
        meta["dirty"] = True
    previous = {i: old[i] for i in stale if i in old}
    if previous and len(stale) <= MOVED_LIMIT:
        cache.fill(old, list(previous), "pairs", "summary")
    workers = _Workers(jobs if len(stale) > 1 else 1, init_args)
    try:
        for article_id, (status, en, pairs, summary) in zip(
                stale, workers.run("summarise", stale, stale)):
            record = records[article_id]
            record.status, record.en, record.pairs, record.summary = status, en, pairs, summary
            if status == "error":
                record.check_key = "error"
                record.result = _dumps({"findings": [json.loads(summary)["error"]], "units": 0,
                                        "waived": 0})

        model_data, hits = _reduce(cache, records, previous, meta, all_ids, digest,
                                   corpus_codes, init_args, stats)

        # The check step: the reported articles whose findings are not cached for this
        # model and these hits.
        tasks = []
        for article_id in reported:
            record = records[article_id]
            if record.status != "ok":
                continue
            check_key = _sha(record.files, json.dumps(model_data),
                             _dumps(hits.get(article_id, {})))
            if record.check_key != check_key:
                record.check_key = check_key
                record.changed.update(("check_key", "result"))
                tasks.append(article_id)
        stats.checked = len(tasks)
        stats.cached = sum(1 for i in reported if records[i].status == "ok") - len(tasks)
        if len(tasks) > 1 and not workers.conns and jobs > 1:
            workers.close()  # few changed, many to check again (the length model moved)
            workers = _Workers(jobs, init_args)
        outcomes = workers.run("check", [(i, model_data, hits.get(i, {})) for i in tasks], tasks)
    finally:
        workers.close()
    for article_id, outcome in zip(tasks, outcomes):
        records[article_id].result = outcome
    cache.fill(records, [i for i in reported if records[i].status != "skipped"], "result")

    from toolkit.checks.alignment import LengthModel

    findings: list[Finding] = []
    documents: list[tuple[str, str | None]] = []
    skipped: list[str] = []
    units = waived = 0
    for article_id in reported:
        record = records[article_id]
        if record.status == "skipped":
            skipped.append(article_id)
            continue
        outcome = json.loads(record.result or "{}")
        documents.append((article_id, _abs(record.en, root) if record.status == "ok"
                          else str(corpus.articles_dir / article_id)))
        units += outcome["units"]
        waived += outcome["waived"]
        for data in outcome["findings"]:
            finding = finding_from_data(data, root)
            if finding.waiver is None or show_waived:
                findings.append(finding)
    if use_cache and (deleted or meta.get("dirty") or any(r.changed for r in records.values())):
        meta.pop("dirty", None)
        cache.write(records, deleted, dict(meta, format=CACHE_FORMAT, settings=digest),
                    reset=stats.cache == "reset")
    cache.close()
    result = CheckResult(findings=findings, documents=documents, units=units, waived=waived,
                         skipped=skipped, codes=sorted(chosen), fail_on=threshold,
                         length_model=LengthModel(*model_data))
    stats.seconds = time.perf_counter() - started
    return VerifyRun(result, stats)


def _loads_all(texts: Iterable[str | None]) -> list[Any]:
    """Many JSON texts parsed at once (one call of the C parser instead of one per text)."""
    return json.loads("[" + ",".join(text or "null" for text in texts) + "]")


def _reduce(cache: VerifyCache, records: dict[str, _Record], previous: dict[str, _Record],
            meta: dict[str, Any], all_ids: list[str], digest: str, corpus_codes: list[str],
            init_args: tuple, stats: VerifyStats
            ) -> tuple[list[Any], dict[str, dict[str, list[list[Any]]]]]:
    """The reduce step: (length model as data, corpus hits by article and code), from the
    cache when no article changed, carried over when the changed ones only moved text
    (`_moved_hits`), else computed from every article's summary. Updates meta["reduce"]."""
    import importlib

    from toolkit.checks.alignment import calibrate

    def key_of(files: dict[str, str]) -> str:
        return _sha(digest, json.dumps(corpus_codes), *(f"{i}:{f}" for i, f in files.items()))

    reduce_key = key_of({i: records[i].files for i in all_ids})
    reduced = meta.get("reduce")
    if isinstance(reduced, dict) and reduced.get("key") == reduce_key:
        stats.reduce = "cached"
        return reduced["model"], reduced["hits"]
    ok = [i for i in all_ids if records[i].status == "ok"]

    hits: dict[str, dict[str, list[list[Any]]]] | None = None
    model_data = None
    if (isinstance(reduced, dict) and previous and len(previous) == stats.summarised
            and reduced.get("key") == key_of({i: (previous.get(i) or records[i]).files
                                              for i in all_ids})):
        # Every changed article was cached; was the last reduce made on that state, and did
        # the edits leave everything it counts alone?
        hits = dict(reduced["hits"])
        for article_id, before in previous.items():
            after = records[article_id]
            if before.status != "ok" or after.status != "ok" or not before.summary:
                hits = None
                break
            moved = _moved_hits(hits.get(article_id, {}), json.loads(before.summary),
                                json.loads(after.summary))
            if moved is None:
                hits = None
                break
            if moved:
                hits[article_id] = moved
            else:
                hits.pop(article_id, None)
        if hits is not None and all(previous[i].pairs == records[i].pairs for i in previous):
            model_data = reduced["model"]
    if model_data is None:
        cache.fill(records, ok, "pairs")
        model = calibrate([tuple(pair) for pairs in _loads_all(records[i].pairs for i in ok)
                           for pair in pairs])
        model_data = [model.c, model.s2, model.location, model.scale, model.units, model.source]
    if hits is not None:
        stats.reduce = "moved"
    else:
        stats.reduce = "full"
        hits = {}
        if corpus_codes:
            cache.fill(records, ok, "summary")
            _init_worker(*init_args)
            summaries = dict(zip(ok, _loads_all(records[i].summary for i in ok)))
            ctx = _STATE["ctx"]
            for code in corpus_codes:
                step = importlib.import_module(CORPUS_STEPS[code])
                for article_id, hit in step.corpus_hits(((i, summaries[i][code]) for i in ok), ctx):
                    hits.setdefault(article_id, {}).setdefault(code, []).append(_hit_data(hit))
            del summaries
    meta["reduce"] = {"key": reduce_key, "model": model_data, "hits": hits}
    meta["dirty"] = True
    return model_data, hits
