"""The corpus on disk: discovering, loading, validating and saving articles.

Layout (see docs/corpus-format.md):

    toolkit.yaml            settings
    glossary.yaml           house spellings
    articles/<id>/article.yaml   metadata, paragraph ids, alignment, waivers, history
    articles/<id>/ko.txt         the Korean original, paragraphs separated by a blank line
    articles/<id>/en.txt         the English translation (absent until translated)
    articles/<id>/snapshots/     the English text as signed at each sign-off

Paragraph ids live in article.yaml next to a content hash of each paragraph. On load the
current text is reconciled with that table (a diff over the hashes), so an id keeps
pointing at "its" paragraph when paragraphs elsewhere are added, removed or edited.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

from toolkit.config import CONFIG_NAME, Settings, find_corpus_root, key_line, load_settings
from toolkit.errors import ArticleNotFound, InputError, InvalidId
from toolkit.fileio import atomic_write, dump_yaml, load_yaml, read_text
from toolkit.model import (
    Alignment,
    Article,
    Assignment,
    Credit,
    HistoryEntry,
    Link,
    Paragraph,
    Waiver,
    join_paragraphs,
    paragraph_digest,
    split_paragraphs,
)

META_NAME = "article.yaml"
_SAFE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")
_ARTICLE_KEYS = {"id", "title", "author", "published", "source", "stage", "assignments",
                 "credits", "history", "paragraphs", "alignment", "waivers", "notes"}
PREFIX = {"ko": "k", "en": "e"}


def validate_id(article_id: str) -> str:
    """Return the id if it is a safe folder name, else raise InvalidId."""
    if not isinstance(article_id, str) or not _SAFE_ID.match(article_id) or ".." in article_id:
        raise InvalidId(
            f"article id {article_id!r} is not a safe folder name: use letters, digits, '.', '-' "
            "and '_' (no spaces, slashes or '..'), starting with a letter or digit")
    return article_id


@dataclass(slots=True)
class ParagraphTable:
    """Stored ids and content hashes of one side's paragraphs."""

    entries: list[tuple[str, str]]  # (id, digest)


def _next_number(prefix: str, ids: list[str]) -> int:
    numbers = [int(i[len(prefix):]) for i in ids if i.startswith(prefix) and i[len(prefix):].isdigit()]
    return max(numbers, default=0) + 1


def assign_paragraph_ids(texts: list[str], stored: list[tuple[str, str]], prefix: str,
                         reserved: list[str] = ()) -> list[str]:
    """Give each paragraph an id, keeping stored ids where the paragraph is recognisably the
    same one: unchanged (same hash), or edited in place between unchanged neighbours.

    New paragraphs get fresh numbers never used by the stored table or `reserved` ids (ids
    that alignment or waivers still name), so an old reference cannot silently move to a
    new paragraph.
    """
    digests = [paragraph_digest(t) for t in texts]
    if not stored:
        return [f"{prefix}{i + 1}" for i in range(len(texts))]
    old_ids = [i for i, _ in stored]
    counter = _next_number(prefix, old_ids + list(reserved))
    ids: list[str | None] = [None] * len(texts)
    matcher = difflib.SequenceMatcher(None, [d for _, d in stored], digests, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            for k in range(i2 - i1):
                ids[j1 + k] = old_ids[i1 + k]
        elif tag == "replace":
            # Edited paragraphs keep their ids in order; a merge keeps the first id, a split
            # gives the extra pieces fresh ids.
            for k in range(min(i2 - i1, j2 - j1)):
                ids[j1 + k] = old_ids[i1 + k]
    for j, value in enumerate(ids):
        if value is None:
            ids[j] = f"{prefix}{counter}"
            counter += 1
    return ids  # type: ignore[return-value]


def _parse_table(value: Any, side: str, path: Path, text: str) -> list[tuple[str, str]]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise InputError(f"paragraphs.{side} must be a list of 'id:hash' strings", path,
                         key_line(text, ["paragraphs", side]))
    table = []
    for item in value:
        if not isinstance(item, str) or ":" not in item:
            raise InputError(f"paragraphs.{side} entry {item!r} is not 'id:hash'", path,
                             key_line(text, ["paragraphs", side]))
        pid, digest = item.split(":", 1)
        table.append((pid.strip(), digest.strip()))
    return table


def _paragraphs(text: str, ids: list[str]) -> list[Paragraph]:
    return [Paragraph(pid, body, line) for pid, (body, line) in zip(ids, split_paragraphs(text))]


def _opt_str(value: Any) -> str | None:
    if value is None or value == "":
        return None
    return str(value)


def _require_mapping(value: Any, what: str, path: Path, text: str, keys: list[str]) -> dict:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise InputError(f"{what} must be a mapping", path, key_line(text, keys))
    return value


def _require_list(value: Any, what: str, path: Path, text: str, keys: list[str]) -> list:
    if value is None:
        return []
    if not isinstance(value, list):
        raise InputError(f"{what} must be a list", path, key_line(text, keys))
    return value


def _records(value: Any, what: str, required: tuple[str, ...], allowed: set[str], path: Path,
             text: str) -> list[dict]:
    records = []
    for n, item in enumerate(_require_list(value, what, path, text, [what])):
        if not isinstance(item, dict):
            raise InputError(f"{what}[{n}] must be a mapping", path, key_line(text, [what]))
        unknown = set(item) - allowed
        if unknown:
            raise InputError(f"{what}[{n}] has unknown key {sorted(unknown)[0]!r} "
                             f"(known: {', '.join(sorted(allowed))})", path, key_line(text, [what]))
        for key in required:
            if item.get(key) in (None, ""):
                raise InputError(f"{what}[{n}] lacks {key!r}", path, key_line(text, [what]))
        records.append(item)
    return records


def parse_article(folder: Path, *, settings: Settings | None = None) -> Article:
    """Load one article folder, validating its metadata and texts."""
    meta_path = folder / META_NAME
    if not meta_path.is_file():
        raise InputError(f"article folder has no {META_NAME}", folder)
    text = read_text(meta_path)
    data = load_yaml(meta_path, text=text)
    if not isinstance(data, dict):
        raise InputError("article metadata must be a mapping", meta_path, 1)
    unknown = [k for k in data if k not in _ARTICLE_KEYS]
    if unknown:
        raise InputError(f"unknown key {unknown[0]!r} (known: {', '.join(sorted(_ARTICLE_KEYS))})",
                         meta_path, key_line(text, [str(unknown[0])]))
    article_id = str(data.get("id") or folder.name)
    if article_id != folder.name:
        raise InputError(f"id {article_id!r} does not match its folder name {folder.name!r}",
                         meta_path, key_line(text, ["id"]))
    validate_id(article_id)
    title = _require_mapping(data.get("title"), "title", meta_path, text, ["title"])
    stage = str(data.get("stage") or "new")
    if settings is not None and stage not in settings.workflow.stages:
        raise InputError(f"unknown stage {stage!r} (stages: {', '.join(settings.workflow.stages)})",
                         meta_path, key_line(text, ["stage"]))

    assignments = {}
    for role, value in _require_mapping(data.get("assignments"), "assignments", meta_path, text,
                                        ["assignments"]).items():
        value = _require_mapping(value, f"assignments.{role}", meta_path, text, ["assignments", role])
        if not value.get("name"):
            raise InputError(f"assignments.{role} lacks a name", meta_path,
                             key_line(text, ["assignments", role]))
        assignments[str(role)] = Assignment(str(role), str(value["name"]), _opt_str(value.get("due")),
                                            _opt_str(value.get("assigned")))
    credits = [Credit(str(c["role"]), str(c["name"]), _opt_str(c.get("date")))
               for c in _records(data.get("credits"), "credits", ("role", "name"),
                                 {"role", "name", "date"}, meta_path, text)]
    history = [HistoryEntry(_opt_str(h.get("from")), str(h["to"]), str(h.get("by") or ""),
                            str(h.get("at") or ""), _opt_str(h.get("note")), bool(h.get("forced", False)),
                            _opt_str(h.get("snapshot")))
               for h in _records(data.get("history"), "history", ("to",),
                                 {"from", "to", "by", "at", "note", "forced", "snapshot"}, meta_path, text)]
    waivers = [Waiver(str(w["code"]), _opt_str(w.get("paragraph")), str(w["reason"]),
                      str(w["by"]), _opt_str(w.get("date")))
               for w in _records(data.get("waivers"), "waivers", ("code", "reason", "by"),
                                 {"code", "paragraph", "reason", "by", "date"}, meta_path, text)]
    alignment = None
    raw_alignment = data.get("alignment")
    if raw_alignment is not None:
        raw_alignment = _require_mapping(raw_alignment, "alignment", meta_path, text, ["alignment"])
        links = []
        for n, item in enumerate(_require_list(raw_alignment.get("links"), "alignment.links",
                                               meta_path, text, ["alignment", "links"])):
            if not isinstance(item, dict) or not isinstance(item.get("ko", []), list) \
                    or not isinstance(item.get("en", []), list):
                raise InputError(f"alignment.links[{n}] must have ko and en id lists", meta_path,
                                 key_line(text, ["alignment", "links"]))
            try:
                confidence = float(item.get("confidence", 0.0))
            except (TypeError, ValueError):
                raise InputError(f"alignment.links[{n}].confidence is not a number", meta_path,
                                 key_line(text, ["alignment", "links"])) from None
            links.append(Link(tuple(str(x) for x in item.get("ko") or []),
                              tuple(str(x) for x in item.get("en") or []), confidence,
                              str(item.get("digest") or ""), bool(item.get("pinned", False))))
        alignment = Alignment(links, str(raw_alignment.get("method") or ""),
                              str(raw_alignment.get("created") or ""))

    tables = _require_mapping(data.get("paragraphs"), "paragraphs", meta_path, text, ["paragraphs"])
    reserved = [pid for link in (alignment.links if alignment else []) for pid in link.ko + link.en]
    reserved += [w.paragraph for w in waivers if w.paragraph]

    article = Article(
        id=article_id, path=folder, title_ko=str(title.get("ko") or ""),
        title_en=str(title.get("en") or ""), author=str(data.get("author") or ""),
        published=_opt_str(data.get("published")), source=_opt_str(data.get("source")),
        stage=stage, assignments=assignments, credits=credits, history=history,
        alignment=alignment, waivers=waivers, notes=_opt_str(data.get("notes")))

    ko_text = read_text(article.ko_path)
    ko_blocks = [b for b, _ in split_paragraphs(ko_text)]
    ko_ids = assign_paragraph_ids(ko_blocks, _parse_table(tables.get("ko"), "ko", meta_path, text),
                                  PREFIX["ko"], [r for r in reserved if r.startswith(PREFIX["ko"])])
    article.ko = _paragraphs(ko_text, ko_ids)
    if article.en_path.exists():
        en_text = read_text(article.en_path)
        en_blocks = [b for b, _ in split_paragraphs(en_text)]
        en_ids = assign_paragraph_ids(en_blocks, _parse_table(tables.get("en"), "en", meta_path, text),
                                      PREFIX["en"], [r for r in reserved if r.startswith(PREFIX["en"])])
        article.en = _paragraphs(en_text, en_ids)
    return article


def article_to_yaml(article: Article) -> str:
    """The article.yaml text for an article (paragraph table taken from its current texts)."""
    data: dict[str, Any] = {
        "id": article.id,
        "title": {"ko": article.title_ko, "en": article.title_en},
        "author": article.author,
        "published": article.published,
        "source": article.source,
        "stage": article.stage,
    }
    if article.assignments:
        data["assignments"] = {
            role: {k: v for k, v in (("name", a.name), ("due", a.due), ("assigned", a.assigned))
                   if v is not None}
            for role, a in article.assignments.items()}
    data["credits"] = [{k: v for k, v in (("role", c.role), ("name", c.name), ("date", c.date))
                        if v is not None} for c in article.credits]
    data["history"] = [
        {k: v for k, v in (("from", h.from_stage), ("to", h.to_stage), ("by", h.by), ("at", h.at),
                           ("note", h.note), ("forced", h.forced or None), ("snapshot", h.snapshot))
         if v is not None}
        for h in article.history]
    data["paragraphs"] = {"ko": [f"{p.id}:{p.digest}" for p in article.ko]}
    if article.en is not None:
        data["paragraphs"]["en"] = [f"{p.id}:{p.digest}" for p in article.en]
    if article.alignment is not None:
        data["alignment"] = {
            "method": article.alignment.method,
            "created": article.alignment.created,
            "links": [
                {"ko": list(link.ko), "en": list(link.en), "confidence": round(link.confidence, 4),
                 "digest": link.digest, **({"pinned": True} if link.pinned else {})}
                for link in article.alignment.links],
        }
    if article.waivers:
        data["waivers"] = [
            {k: v for k, v in (("code", w.code), ("paragraph", w.paragraph), ("reason", w.reason),
                               ("by", w.by), ("date", w.date)) if v is not None}
            for w in article.waivers]
    if article.notes:
        data["notes"] = article.notes
    return dump_yaml(data)


class Corpus:
    """A corpus root with its settings; loads and saves articles."""

    def __init__(self, root: Path, settings: Settings | None = None):
        self.root = Path(root)
        self.settings = settings or load_settings(self.root)

    @classmethod
    def find(cls, start: Path | None = None, explicit: Path | None = None) -> "Corpus":
        """The corpus at `explicit`, or the nearest one at or above `start` / the cwd."""
        return cls(find_corpus_root(start, explicit))

    @property
    def articles_dir(self) -> Path:
        return self.settings.articles_dir or self.root / "articles"

    @property
    def glossary_path(self) -> Path | None:
        return self.settings.glossary

    def glossary(self):
        """The corpus glossary (toolkit.terms.Glossary), or None when the corpus has none."""
        path = self.glossary_path
        if path is None or not path.exists():
            return None
        if not hasattr(self, "_glossary"):
            from toolkit.terms import load_glossary

            self._glossary = load_glossary(path)
        return self._glossary

    def term_matcher(self):
        """A TermMatcher over the corpus glossary (built once), or None without a glossary."""
        if not hasattr(self, "_matcher"):
            glossary = self.glossary()
            if glossary is None:
                self._matcher = None
            else:
                from toolkit.terms import TermMatcher

                self._matcher = TermMatcher(glossary)
        return self._matcher

    def article_ids(self) -> list[str]:
        """Ids of all articles, sorted."""
        if not self.articles_dir.is_dir():
            return []
        return sorted(p.name for p in self.articles_dir.iterdir()
                      if p.is_dir() and (p / META_NAME).is_file())

    def article_dir(self, article_id: str) -> Path:
        return self.articles_dir / validate_id(article_id)

    def has(self, article_id: str) -> bool:
        return (self.article_dir(article_id) / META_NAME).is_file()

    def load(self, article_id: str) -> Article:
        """Load one article by id."""
        folder = self.article_dir(article_id)
        if not (folder / META_NAME).is_file():
            raise ArticleNotFound(f"no article {article_id!r} in this corpus", self.articles_dir)
        return parse_article(folder, settings=self.settings)

    def articles(self, ids: list[str] | None = None) -> Iterator[Article]:
        """Load the given articles (default: all), in id order."""
        for article_id in (ids if ids else self.article_ids()):
            yield self.load(article_id)

    def save(self, article: Article, *, en_text: list[str] | None = None,
             ko_text: list[str] | None = None) -> None:
        """Write an article's metadata (and, if given, new paragraph texts) atomically.

        Texts are written before the metadata so that the paragraph table in article.yaml
        never describes text that is not on disk.
        """
        if ko_text is not None:
            atomic_write(article.ko_path, join_paragraphs(ko_text))
        if en_text is not None:
            atomic_write(article.en_path, join_paragraphs(en_text))
        atomic_write(article.meta_path, article_to_yaml(article))

    def resolve_ids(self, names: list[str]) -> list[str]:
        """Turn ids or article folder paths given on a command line into ids."""
        ids = []
        for name in names:
            candidate = Path(name)
            if candidate.is_dir() and (candidate / META_NAME).is_file():
                ids.append(candidate.resolve().name)
            elif candidate.is_dir() and candidate.resolve() in (self.root.resolve(), self.articles_dir.resolve()):
                ids.extend(self.article_ids())
            else:
                validate_id(name)
                if not self.has(name):
                    raise ArticleNotFound(f"no article {name!r} in this corpus", self.articles_dir)
                ids.append(name)
        return ids


def is_corpus(path: Path) -> bool:
    return (Path(path) / CONFIG_NAME).is_file()
