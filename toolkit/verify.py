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

A content-addressed cache in `<corpus>/.toolkit-cache/` keeps each article's summary
(keyed by the hash of its files, the settings, the glossary and the toolkit's code) and
its findings (keyed by that plus the length model and its T003 hits), so a repeated run
reads no article text that did not change. Deleting the folder is always safe.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Sequence

from toolkit.config import CONFIG_NAME
from toolkit.corpus import META_NAME, Corpus
from toolkit.errors import InputError, ToolkitError
from toolkit.model import Finding, Severity, Waiver

CACHE_DIR = ".toolkit-cache"
CACHE_FILE = "verify.json"
CACHE_FORMAT = 1
ARTICLE_FILES = (META_NAME, "ko.txt", "en.txt")
PARSE_ERROR = ("E000", "parse-error")  # an article whose files do not parse (not a registry check)
_ROOT = "\x00root/"  # marks a cached path that was relative to the corpus root

# Corpus-scope checks and where their map and reduce steps live.
CORPUS_STEPS = {"T003": "toolkit.checks.terminology"}


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
    (an upgrade, an editable install being worked on) is never trusted."""
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


def _stat(path: Path) -> list[int] | None:
    try:
        st = path.stat()
    except FileNotFoundError:
        return None
    return [st.st_mtime_ns, st.st_size, st.st_ino]


def article_key(folder: Path, cached: dict[str, Any] | None, started_ns: int) -> tuple[str, Any]:
    """(content hash of an article's files, stat record to cache).

    Like git's index, an unchanged stat (mtime, size, inode) of every file vouches for an
    unchanged content hash, so that a run over an unchanged corpus reads no file. A file
    modified within a second of the run's start is hashed again next time ("racily
    clean")."""
    stats = [_stat(folder / name) for name in ARTICLE_FILES]
    if cached is not None and cached.get("stat") == stats:
        return cached["files"], stats
    parts: list[bytes | str] = []
    for name, st in zip(ARTICLE_FILES, stats):
        parts += [name, (folder / name).read_bytes() if st is not None else b"\x00absent"]
    racy = any(st is not None and st[0] >= started_ns - 1_000_000_000 for st in stats)
    return _sha(*parts), None if racy else stats


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


def changed_since(corpus: Corpus, ref: str) -> tuple[list[str], str]:
    """(ids of the articles whose files differ from git `ref` in the working tree, or are
    untracked; reason). When toolkit.yaml or the glossary changed, every article is
    returned, since every article's findings may depend on them; the reason says so."""
    root = corpus.root.resolve()
    probe = subprocess.run(["git", "-C", str(root), "rev-parse", "--show-toplevel"],
                           capture_output=True, text=True, check=False)
    if probe.returncode != 0:
        raise InputError("--changed-since needs a git repository, and the corpus is not in one",
                         corpus.root)
    top = Path(probe.stdout.strip()).resolve()
    verified = subprocess.run(["git", "-C", str(root), "rev-parse", "--verify", "--quiet",
                               f"{ref}^{{commit}}"], capture_output=True, text=True, check=False)
    if verified.returncode != 0:
        raise InputError(f"--changed-since: unknown git ref {ref!r} (fetch it first in a "
                         "shallow CI clone: `git fetch --depth=1 origin BRANCH`)")
    names = _git(root, "diff", "--name-only", "--no-renames", verified.stdout.strip(), "--", ".")
    names += _git(root, "ls-files", "--others", "--exclude-standard", "--full-name", "--", ".")
    paths = [top / line for line in names.splitlines() if line.strip()]
    return articles_for_paths(corpus, paths, missing_ok=True)


def articles_for_paths(corpus: Corpus, paths: Iterable[str | Path], *,
                       missing_ok: bool = False) -> tuple[list[str], str]:
    """(article ids, reason) for paths named on a command line or by pre-commit: a file or
    folder of an article is that article; the corpus root, its articles folder,
    toolkit.yaml or the glossary mean every article (reason says which); an article id
    names itself. Other paths are ignored when `missing_ok` (files outside the corpus that
    a diff lists), else refused."""
    root = corpus.root.resolve()
    articles = corpus.articles_dir.resolve()
    glossary = corpus.glossary_path.resolve() if corpus.glossary_path is not None else None
    every = corpus.article_ids()
    known = set(every)
    ids: set[str] = set()
    for name in paths:
        path = Path(name)
        if not path.exists() and not missing_ok and not path.is_absolute() and str(name) in known:
            ids.add(str(name))
            continue
        full = path.resolve()
        if full in (root, articles):
            return every, "the corpus named"
        if full == root / CONFIG_NAME:
            return every, f"{CONFIG_NAME} changed"
        if glossary is not None and full == glossary:
            return every, f"{glossary.name} changed"
        try:
            rel = full.relative_to(articles)
        except ValueError:
            rel = None
        if rel is not None and rel.parts:
            if rel.parts[0] in known:
                ids.add(rel.parts[0])
            elif not missing_ok:
                raise InputError("is not in an article of this corpus", path)
            continue
        if full.is_dir():
            inside = [p.parent.name for p in full.rglob(META_NAME) if p.parent.name in known
                      and p.parent.parent == articles]
            if inside:
                ids.update(inside)
                continue
        if not missing_ok:
            raise InputError("is neither an article, an article's file nor a corpus folder", path)
    return sorted(ids), ""


# -- the cache --------------------------------------------------------------------------------

def _load_cache(root: Path) -> dict[str, Any]:
    path = root / CACHE_DIR / CACHE_FILE
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) and data.get("format") == CACHE_FORMAT else {}


def _save_cache(root: Path, data: dict[str, Any]) -> None:
    from toolkit.fileio import atomic_write

    folder = root / CACHE_DIR
    if not (folder / ".gitignore").is_file():
        atomic_write(folder / ".gitignore", "# written by toolkit verify; safe to delete\n*\n")
    atomic_write(folder / CACHE_FILE, json.dumps(data, ensure_ascii=False, separators=(",", ":")))


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


# -- the map and check steps (run in worker processes) ------------------------------------------

_STATE: dict[str, Any] = {}


def _init_worker(root: str, select: Sequence[str], ignore: Sequence[str]) -> None:
    """Per process: the corpus, its glossary and term matcher, built once."""
    from toolkit.checks import CheckContext
    from toolkit.config import load_settings

    corpus = Corpus(Path(root), load_settings(Path(root)))
    glossary = None
    if corpus.glossary_path is not None and corpus.glossary_path.is_file():
        from toolkit.terms import corpus_glossary

        glossary = corpus_glossary(corpus)
    ctx = CheckContext(options=dict(corpus.settings.checks.options), glossary=glossary)
    _STATE.update(corpus=corpus, glossary=glossary, ctx=ctx, select=list(select),
                  ignore=list(ignore), root=root)


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


def _summarise(article_id: str) -> dict[str, Any]:
    """The map step for one article: its status, length pairs and corpus summaries."""
    import importlib

    from toolkit.checks.alignment import unit_lengths

    doc, error = _document(article_id)
    if doc is None:
        return {"status": "error", "error": error}
    if doc.article.en is None:
        return {"status": "skipped", "en": _rel(doc.en_path, _STATE["root"])}
    ctx = _STATE["ctx"]
    summaries = {code: importlib.import_module(module).summarise(doc, ctx)
                 for code, module in CORPUS_STEPS.items()}
    return {"status": "ok", "en": _rel(doc.en_path, _STATE["root"]), "units": len(doc.units),
            "pairs": unit_lengths(doc.units), "summaries": summaries}


def _check(task: tuple[str, Any, dict[str, list[list[Any]]]]) -> dict[str, Any]:
    """The check step for one article, with the corpus-wide length model and hits."""
    from toolkit.checks.alignment import LengthModel
    from toolkit.checks.runner import run_checks

    article_id, model, hits = task
    doc, error = _document(article_id)
    if doc is None:
        return {"findings": [error], "units": 0, "waived": 0}
    corpus = _STATE["corpus"]
    result = run_checks([doc], settings=corpus.settings.checks, glossary=_STATE["glossary"],
                        select=_STATE["select"], ignore=_STATE["ignore"], show_waived=True,
                        workflow=corpus.settings.workflow, root=corpus.root,
                        length_model=LengthModel(*model),
                        corpus_hits={doc.name: [(code, _hit_from_data(data))
                                                for code, found in hits.items() for data in found]})
    return {"findings": [finding_to_data(f, _STATE["root"]) for f in result.findings],
            "units": result.units, "waived": result.waived}


def _pool_map(func, items: list[Any], jobs: int, init_args: tuple,
              initializer: Any = None) -> list[Any]:
    """func over items, in order: in this process for one job or item, else in a pool of
    `jobs` processes fed in chunks (a few per worker, so a slow article does not hold up a
    whole share). Each process is prepared by `initializer(*init_args)`, by default
    verify's own (`toolkit check --jobs` passes the runner's)."""
    if not items:
        return []
    if jobs <= 1 or len(items) == 1:
        if initializer is not None:
            initializer(*init_args)
        elif _STATE.get("root") != init_args[0] or _STATE.get("select") != list(init_args[1]) \
                or _STATE.get("ignore") != list(init_args[2]):
            _init_worker(*init_args)
        return [func(item) for item in items]
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    workers = min(jobs, len(items))
    chunk = max(1, min(64, len(items) // (workers * 4)))
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context(method),
                             initializer=initializer or _init_worker, initargs=init_args) as pool:
        return list(pool.map(func, items, chunksize=chunk))


# -- the run ----------------------------------------------------------------------------------

def _hit_data(hit: Any) -> list[Any]:
    return [hit.message, hit.ko, hit.en, hit.paragraph, hit.offset, hit.unit,
            None if hit.severity is None else hit.severity.value, hit.path, hit.line]


def _hit_from_data(data: list[Any]) -> Any:
    from toolkit.checks import Hit

    message, ko, en, paragraph, offset, unit, severity, path, line = data
    return Hit(message, ko, en, paragraph, offset, unit,
               None if severity is None else Severity(severity), path, line)


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
    from toolkit.checks.alignment import LengthModel, calibrate
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
    stats = VerifyStats()
    all_ids = corpus.article_ids()
    stats.articles = len(all_ids)
    if ref is not None:
        picked, stats.reason = changed_since(corpus, ref)
        stats.changed = picked
    elif ids is not None:
        picked = sorted(set(ids))
    else:
        picked = all_ids
    known = set(all_ids)
    reported = [i for i in picked if i in known]
    stats.reported = len(reported)

    root = str(corpus.root)
    if not root.endswith(os.sep):
        root += os.sep
    init_args = (str(corpus.root), list(select), list(ignore))
    digest = settings_digest(corpus, select, ignore)
    cache = _load_cache(corpus.root) if use_cache else {}
    if use_cache:
        stats.cache = "used" if cache.get("settings") == digest else "reset" if cache else "empty"
    if cache.get("settings") != digest:
        cache = {}
    old = cache.get("articles", {})
    records: dict[str, dict[str, Any]] = {}
    stale: list[str] = []
    for article_id in all_ids:
        before = old.get(article_id)
        key, stat = article_key(corpus.articles_dir / article_id, before, started_ns)
        if before is not None and before.get("files") == key:
            records[article_id] = dict(before, stat=stat)
        else:
            records[article_id] = {"files": key, "stat": stat}
            stale.append(article_id)
    stats.summarised = len(stale)
    for article_id, summary in zip(stale, _pool_map(_summarise, stale, jobs or os.cpu_count() or 1,
                                                    init_args)):
        records[article_id].update(summary)

    # The reduce step: over every article with English, in id order as `check` sees them.
    import importlib

    from toolkit.checks import CheckContext

    ok = [i for i in all_ids if records[i]["status"] == "ok"]
    corpus_codes = [code for code in chosen if registry[code].scope.value == "corpus"]
    # When no article's files changed, neither did the reduce: take it from the cache.
    reduce_key = _sha(digest, json.dumps(corpus_codes), *(f"{i}:{records[i]['files']}" for i in all_ids))
    reduced = cache.get("reduce") if not stale else None
    if reduced is not None and reduced.get("key") == reduce_key:
        model = LengthModel(*reduced["model"])
        model_data, hits = reduced["model"], reduced["hits"]
        corpus_codes = []
    else:
        model = calibrate([tuple(p) for i in ok for p in records[i]["pairs"]])
        model_data = [model.c, model.s2, model.location, model.scale, model.units, model.source]
        hits = {}
    if corpus_codes:
        glossary = None
        if corpus.glossary_path is not None and corpus.glossary_path.is_file():
            from toolkit.terms import corpus_glossary

            glossary = corpus_glossary(corpus)
        ctx = CheckContext(options=dict(settings.options), glossary=glossary)
        for code in corpus_codes:
            if code not in CORPUS_STEPS:
                raise ToolkitError(f"check {code} runs across the corpus but has no summary "
                                   "step, so `verify` cannot run it; use `toolkit check`")
            step = importlib.import_module(CORPUS_STEPS[code])
            for article_id, hit in step.corpus_hits(((i, records[i]["summaries"][code])
                                                     for i in ok), ctx):
                hits.setdefault(article_id, {}).setdefault(code, []).append(_hit_data(hit))

    tasks = []
    for article_id in reported:
        record = records[article_id]
        if record["status"] == "skipped":
            continue
        check_key = _sha(record["files"], json.dumps(model_data),
                         json.dumps(hits.get(article_id, {}), ensure_ascii=False))
        if record.get("check_key") != check_key or record["status"] == "error":
            record["check_key"] = check_key
            if record["status"] == "error":
                record["result"] = {"findings": [record["error"]], "units": 0, "waived": 0}
            else:
                tasks.append(article_id)
    stats.checked = len(tasks)
    stats.cached = sum(1 for i in reported if records[i]["status"] == "ok") - len(tasks)
    outcomes = _pool_map(_check, [(i, model_data, hits.get(i, {})) for i in tasks],
                         jobs or os.cpu_count() or 1, init_args)
    for article_id, outcome in zip(tasks, outcomes):
        records[article_id]["result"] = outcome

    findings: list[Finding] = []
    documents: list[tuple[str, str | None]] = []
    skipped: list[str] = []
    units = waived = 0
    for article_id in reported:
        record = records[article_id]
        if record["status"] == "skipped":
            skipped.append(article_id)
            continue
        outcome = record["result"]
        documents.append((article_id, _abs(record.get("en"), root)
                          if record["status"] == "ok" else str(corpus.articles_dir / article_id)))
        units += outcome["units"]
        waived += outcome["waived"]
        for data in outcome["findings"]:
            finding = finding_from_data(data, root)
            if finding.waiver is None or show_waived:
                findings.append(finding)
    if use_cache and (stale or tasks or old.keys() - records.keys()
                      or any(records[i].get("stat") != (old.get(i) or {}).get("stat") for i in all_ids)):
        _save_cache(corpus.root, {"format": CACHE_FORMAT, "settings": digest, "articles": records,
                                  "reduce": {"key": reduce_key, "model": model_data, "hits": hits}})
    result = CheckResult(findings=findings, documents=documents, units=units, waived=waived,
                         skipped=skipped, codes=sorted(chosen), fail_on=threshold,
                         length_model=model)
    stats.seconds = time.perf_counter() - started
    return VerifyRun(result, stats)
