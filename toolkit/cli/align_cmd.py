"""`toolkit align`: align two loose files, or align and store corpus articles."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

import click

from toolkit.cli.common import corpus_option, emit_json, format_option, info, open_corpus, warn
from toolkit.errors import InputError

STANDALONE_SCHEMA = "toolkit.align/1"
CORPUS_SCHEMA = "toolkit.align.corpus/1"


def _read_paragraphs(path: Path) -> list[str]:
    from toolkit.fileio import read_text
    from toolkit.model import split_paragraphs

    return [text for text, _ in split_paragraphs(read_text(path))]


def parse_pin(value: str) -> tuple[list[str], list[str]]:
    """Parse `KO_IDS=EN_IDS` (`k3,k4=e5`, `k7=` for a dropped paragraph, `=e9` for an added one)."""
    if value.count("=") != 1:
        raise InputError(f"--pin {value!r}: use KO_IDS=EN_IDS, e.g. k3,k4=e5 or k7=")
    left, right = value.split("=")
    ko = [x.strip() for x in left.split(",") if x.strip()]
    en = [x.strip() for x in right.split(",") if x.strip()]
    if not ko and not en:
        raise InputError(f"--pin {value!r} names no paragraph")
    return ko, en


def _terminal_width(width: int | None) -> int:
    import shutil

    return width or max(60, min(160, shutil.get_terminal_size((100, 24)).columns))


def _label(indices: tuple[int, ...]) -> str:
    if not indices:
        return "-"
    return str(indices[0] + 1) if len(indices) == 1 else f"{indices[0] + 1}-{indices[-1] + 1}"


def _render_pairs(ko: list[str], en: list[str], links: list, width: int) -> str:
    """Links as two wrapped columns (Hangul counted two columns wide), with a header line
    per link: 1-based paragraph numbers, shape, confidence and omission/addition marks."""
    from toolkit.display import side_by_side

    lines = []
    for n, link in enumerate(links, 1):
        mark = ""
        if not link.en:
            mark = "  OMITTED in English"
        elif not link.ko:
            mark = "  ADDED in English"
        elif link.confidence < 0.5:
            mark = "  check: low confidence"
        lines.append(f"#{n}  ko {_label(link.ko)} ↔ en {_label(link.en)}  [{link.kind}]  "
                     f"confidence {link.confidence:.2f}{mark}")
        left = "\n".join(ko[i] for i in link.ko) or "— (no Korean)"
        right = "\n".join(en[j] for j in link.en) or "— (no English)"
        lines.extend(side_by_side(left, right, width))
        lines.append("")
    return "\n".join(lines).rstrip("\n")


def _standalone(ko_file: Path, en_file: Path, glossary: Path | None, fmt: str,
                width: int | None) -> None:
    from toolkit.align import DEFAULT_PARAMS, align_texts

    ko = _read_paragraphs(ko_file)
    en = _read_paragraphs(en_file)
    matcher = None
    if glossary is not None:
        from toolkit.terms import TermMatcher, load_glossary

        matcher = TermMatcher(load_glossary(glossary))
    links = align_texts(ko, en, matcher=matcher)
    if fmt == "json":
        emit_json({"schema": STANDALONE_SCHEMA, "method": DEFAULT_PARAMS.describe(),
                   "ko_paragraphs": len(ko), "en_paragraphs": len(en),
                   "links": [{"ko": list(link.ko), "en": list(link.en),
                              "confidence": link.confidence} for link in links]})
    else:
        click.echo(_render_pairs(ko, en, links, _terminal_width(width)))
    omitted = sum(1 for link in links if not link.en)
    added = sum(1 for link in links if not link.ko)
    info(f"{len(ko)} Korean / {len(en)} English paragraphs: {len(links)} links, "
         f"{omitted} omitted, {added} added")


def _link_record(article: Any, link: Any) -> dict:
    from toolkit.align import link_is_stale

    return {"ko": list(link.ko), "en": list(link.en), "confidence": round(link.confidence, 4),
            "pinned": link.pinned, "stale": link_is_stale(article, link)}


def _state_record(state: Any) -> dict:
    return {"present": state.present, "stale": state.is_stale, "aligned": state.aligned,
            "total": state.total, "stale_links": state.stale_links,
            "unaligned_ko": state.unaligned_ko, "unaligned_en": state.unaligned_en}


def _same(old: Any, new: Any) -> bool:
    if old is None:
        return False
    return [(x.ko, x.en, x.digest, x.pinned) for x in old.links] == \
        [(x.ko, x.en, x.digest, x.pinned) for x in new.links]


@click.command("align")
@click.argument("article_ids", nargs=-1)
@click.option("--ko", "ko_file", type=click.Path(dir_okay=False, path_type=Path),
              help="Standalone: the Korean text (paragraphs separated by blank lines).")
@click.option("--en", "en_file", type=click.Path(dir_okay=False, path_type=Path),
              help="Standalone: the English text.")
@click.option("--glossary", type=click.Path(dir_okay=False, path_type=Path),
              help="Standalone: a glossary whose terms help the alignment (YAML, CSV, TBX).")
@click.option("--pin", "pins", multiple=True, metavar="KO_IDS=EN_IDS",
              help="Pin a link by paragraph ids (k3,k4=e5; k7= for a dropped paragraph; =e9 for "
                   "an added one), then re-align around the pins. Repeatable; one article only.")
@click.option("--unpin", "unpins", multiple=True, metavar="IDS",
              help="Remove the pin of the link holding these paragraph ids (k3 or k3,e5), then "
                   "re-align. Repeatable; one article only.")
@click.option("--check", "check_only", is_flag=True,
              help="Change nothing; exit 1 if an article with English has no alignment or a "
                   "stale one (for CI).")
@click.option("--width", type=int, default=None, help="Columns for the text format (default: the "
              "terminal's).")
@corpus_option
@format_option("text", "json")
def align_cmd(article_ids: tuple[str, ...], ko_file: Path | None, en_file: Path | None,
              glossary: Path | None, pins: tuple[str, ...], unpins: tuple[str, ...],
              check_only: bool, width: int | None, corpus_dir: Path | None, fmt: str) -> None:
    """Align Korean paragraphs with the English paragraphs that translate them.

    With --ko and --en, align two text files and print the links: merged, split, dropped
    and added paragraphs included, each with a confidence (a probability; links at 0.9 or
    more are nearly always right, those under 0.5 deserve a look).

    Otherwise align articles of the corpus (the given ids, or all with an English text)
    and store the alignment in their article.yaml by paragraph id, with content hashes so
    that a later edit shows up as stale. Pinned links are kept; the rest is re-aligned
    around them. See docs/alignment.md for the method and the JSON schemas.

    \b
    Examples:
      toolkit align --ko ko.txt --en en.txt
      toolkit align --ko ko.txt --en en.txt --format json
      toolkit align 2026-10-14-hyesan-defector-families
      toolkit align 2026-10-14-hyesan-defector-families --pin k3,k4=e3 --pin k7=
      toolkit align --check
    """
    if ko_file is not None or en_file is not None:
        if ko_file is None or en_file is None:
            raise InputError("standalone use needs both --ko and --en")
        if article_ids or pins or unpins or check_only:
            raise InputError("--ko/--en align two files; article ids, --pin, --unpin and --check "
                             "are for corpus articles")
        _standalone(ko_file, en_file, glossary, fmt, width)
        return
    if glossary is not None:
        raise InputError("--glossary is for --ko/--en; corpus articles use the corpus glossary")
    corpus = open_corpus(corpus_dir)
    ids = corpus.resolve_ids(list(article_ids)) if article_ids else corpus.article_ids()
    if (pins or unpins) and len(ids) != 1:
        raise InputError("--pin and --unpin work on exactly one article id")
    if (pins or unpins) and check_only:
        raise InputError("--check changes nothing; it cannot be combined with --pin or --unpin")
    parsed_pins = [parse_pin(p) for p in pins]
    parsed_unpins = [[x.strip() for x in u.split(",") if x.strip()] for u in unpins]
    articles = list(corpus.articles(ids))
    if check_only:
        _check(articles, fmt)
        return
    _align_corpus(corpus, articles, bool(article_ids), parsed_pins, parsed_unpins, fmt)


def _check(articles: list, fmt: str) -> None:
    from toolkit.align import alignment_state

    records = []
    failing = 0
    for article in articles:
        if article.en is None:
            continue
        state = alignment_state(article)
        bad = not state.present or state.is_stale
        failing += bad
        records.append({"id": article.id, "ok": not bad, "state": _state_record(state)})
        if fmt == "text":
            if not state.present:
                click.echo(f"{article.id}: not aligned")
            elif state.is_stale:
                parts = []
                if state.stale_links:
                    parts.append(f"{state.stale_links} stale link(s)")
                unaligned = state.unaligned_ko + state.unaligned_en
                if unaligned:
                    parts.append("unaligned " + ", ".join(unaligned))
                click.echo(f"{article.id}: stale ({'; '.join(parts)})")
    if fmt == "json":
        emit_json({"schema": CORPUS_SCHEMA, "check": True, "articles": records})
    info(f"{len(records)} article(s) with English checked: {failing} need `toolkit align`")
    if failing:
        raise SystemExit(1)


def _align_corpus(corpus: Any, articles: list, named: bool, pins: list, unpins: list,
                  fmt: str) -> None:
    from zoneinfo import ZoneInfo

    from toolkit.align import align_article, alignment_changes, alignment_state, pin_link, unpin_links

    matcher = corpus.term_matcher()
    now = datetime.now(ZoneInfo(corpus.settings.timezone)).isoformat(timespec="seconds")
    for article in articles:
        if article.en is None and named:
            raise InputError(f"article {article.id} has no English translation to align",
                             article.en_path)
    # Align everything first and save afterwards, so that a refused article (a bad pin)
    # leaves every file as it was.
    results = []
    for article in articles:
        if article.en is None:
            continue
        old = article.alignment
        new = None
        # Each step works on the article as the previous step left it, so several pins
        # accumulate and an unpin sees the pins made before it.
        for ids in unpins:
            new = unpin_links(article, ids, matcher=matcher)
            article.alignment = new
        for ko_ids, en_ids in pins:
            new = pin_link(article, ko_ids, en_ids, matcher=matcher)
            article.alignment = new
        if new is None:
            new = align_article(article, matcher=matcher)
        changed = not _same(old, new)
        if changed:
            new.created = now
        article.alignment = new if changed else old
        results.append((article, old, new, changed))
    records = []
    for article, old, new, changed in results:
        if changed:
            corpus.save(article)
        added, removed = alignment_changes(old, new)
        weak = sum(1 for link in new.links if link.confidence < 0.5 and not link.pinned)
        omitted = [pid for link in new.links if not link.en for pid in link.ko]
        extra = [pid for link in new.links if not link.ko for pid in link.en]
        if not changed:
            info(f"{article.id}: unchanged ({len(new.links)} links)")
        elif old is None:
            info(f"{article.id}: aligned, {len(new.links)} links")
        else:
            info(f"{article.id}: re-aligned, {added} link(s) new, {removed} gone")
        if changed and (omitted or extra):
            info(f"  omitted in English: {', '.join(omitted) or '-'}; added in English: "
                 f"{', '.join(extra) or '-'}")
        if changed and weak:
            warn(f"{article.id}: {weak} link(s) with confidence below 0.5; check them with "
                 f"`toolkit show {article.id}` and pin with --pin if needed")
        links = article.alignment.links
        records.append({"id": article.id, "changed": changed, "added": added, "removed": removed,
                        "method": article.alignment.method, "created": article.alignment.created,
                        "links": [_link_record(article, link) for link in links],
                        "state": _state_record(alignment_state(article))})
        if fmt == "text":
            pinned = sum(1 for link in links if link.pinned)
            click.echo(f"{article.id}\t{len(links)} links\t{pinned} pinned\t"
                       f"{len(omitted)} omitted\t{len(extra)} added\t"
                       f"{'changed' if changed else 'unchanged'}")
    if fmt == "json":
        emit_json({"schema": CORPUS_SCHEMA, "check": False, "articles": records})
    if not records:
        warn("no article with an English text to align")
