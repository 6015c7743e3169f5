"""`toolkit terms`: the house glossary: list, add, remove, import, export, find, report, suggest."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import click

from toolkit.cli.common import corpus_option, emit_json, format_option, info, open_corpus
from toolkit.errors import ConfigError, InputError
from toolkit.terms import KINDS, Glossary, Term, corpus_glossary, make_term, save_glossary

EXPORT_FORMATS = ("csv", "tsv", "tbx", "tbx2", "yaml")


def _table(headers: list[str], rows: list[list[str]]) -> None:
    from toolkit.display import table

    click.echo(table(headers, rows, {len(headers) - 1: 60}))


def _term_json(term: Term) -> dict[str, Any]:
    return {"ko": term.ko, "en": term.en, "forbidden": list(term.forbidden), "kind": term.kind,
            "note": term.note, "variants": list(term.ko_variants),
            "en_variants": list(term.en_variants)}


def _save(glossary: Glossary) -> None:
    if glossary.path is None:
        raise ConfigError("the corpus names no glossary file in toolkit.yaml")
    if glossary.path.suffix.lower() not in (".yaml", ".yml"):
        raise ConfigError("the corpus glossary is not a YAML file; edit it in its own tool or "
                          "point toolkit.yaml at a .yaml glossary", glossary.path)
    save_glossary(glossary, glossary.path)


@click.group("terms")
def terms_group() -> None:
    """The house glossary: approved English for Korean names and terms.

    The glossary lives in the corpus (toolkit.yaml `glossary:`, by default glossary.yaml)
    and is exchanged as CSV/TSV with spreadsheets and as TBX with CAT tools.

    \b
    Examples:
      toolkit terms list --kind person
      toolkit terms add 김정은 "Kim Jong Un" --forbid "Kim Jong-un" --kind person
      toolkit terms export --format tbx --out glossary.tbx
      toolkit terms report --format markdown
    """


@terms_group.command("list")
@click.option("--kind", type=click.Choice(KINDS), help="Only terms of this kind.")
@format_option("table", "json")
@corpus_option
def list_cmd(kind: str | None, fmt: str, corpus_dir: Path | None) -> None:
    """List the glossary's terms.

    JSON: {"schema": "toolkit.terms/1", "terms": [{ko, en, forbidden, kind, note,
    variants, en_variants}]}.

    \b
    Examples:
      toolkit terms list
      toolkit terms list --kind place --format json
    """
    glossary = corpus_glossary(open_corpus(corpus_dir))
    terms = [t for t in glossary.terms if kind is None or t.kind == kind]
    if fmt == "json":
        emit_json({"schema": "toolkit.terms/1", "terms": [_term_json(t) for t in terms]})
        return
    _table(["ko", "en", "kind", "forbidden", "note"],
           [[" / ".join(t.ko_forms), " / ".join(t.en_forms), t.kind, "; ".join(t.forbidden), t.note]
            for t in terms])
    info(f"{len(terms)} term(s)")


@terms_group.command("add")
@click.argument("ko")
@click.argument("en")
@click.option("--forbid", "forbidden", multiple=True, help="A spelling the desk rules out (repeatable).")
@click.option("--kind", type=click.Choice(KINDS), default="other", show_default=True)
@click.option("--note", default="", help="A note for translators.")
@click.option("--variant", "variants", multiple=True,
              help="Another Korean spelling, e.g. the North's 로동당 (repeatable).")
@click.option("--en-variant", "en_variants", multiple=True,
              help="Another English form the desk allows (repeatable).")
@corpus_option
def add_cmd(ko: str, en: str, forbidden: tuple[str, ...], kind: str, note: str,
            variants: tuple[str, ...], en_variants: tuple[str, ...], corpus_dir: Path | None) -> None:
    """Add a term to the glossary (refused if its Korean is already there).

    \b
    Examples:
      toolkit terms add 장성택 "Jang Song Thaek" --forbid "Jang Sung-taek" --kind person
      toolkit terms add 노동당 "Workers' Party of Korea" --variant 로동당 --kind organisation
    """
    from toolkit.terms import build_glossary

    glossary = corpus_glossary(open_corpus(corpus_dir))
    term = make_term(ko=ko, en=en, forbidden=forbidden, kind=kind, note=note, ko_variants=variants,
                     en_variants=en_variants)
    for surface in term.ko_forms:
        existing = glossary.get(surface)
        if existing is not None:
            raise ConfigError(f"{surface} is already in the glossary as {existing.en!r}; remove it "
                              "first or edit the file", glossary.path)
    updated = build_glossary([(t, None) for t in [*glossary.terms, term]], glossary.path)
    _save(updated)
    info(f"added {term.ko} → {term.en}")


@terms_group.command("remove")
@click.argument("ko")
@corpus_option
def remove_cmd(ko: str, corpus_dir: Path | None) -> None:
    """Remove the term with this Korean (or Korean variant) from the glossary.

    \b
    Examples:
      toolkit terms remove 보위성
    """
    glossary = corpus_glossary(open_corpus(corpus_dir))
    term = glossary.get(ko)
    if term is None:
        raise InputError(f"{ko} is not in the glossary", glossary.path)
    glossary.terms = [t for t in glossary.terms if t is not term]
    _save(glossary)
    info(f"removed {term.ko} → {term.en}")


@terms_group.command("import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--replace", is_flag=True, help="Replace the glossary instead of merging into it.")
@corpus_option
def import_cmd(file: Path, replace: bool, corpus_dir: Path | None) -> None:
    """Import a glossary file (YAML, CSV, TSV or TBX, by extension) into the corpus glossary.

    Merging adds new terms and keeps identical ones; a term whose Korean is already there
    with a different entry is a conflict, and the import is refused with nothing changed.

    \b
    Examples:
      toolkit terms import desk-terms.csv
      toolkit terms import from-cat-tool.tbx --replace
    """
    from toolkit.terms import build_glossary, load_glossary

    glossary = corpus_glossary(open_corpus(corpus_dir))
    incoming = load_glossary(file)
    if replace:
        merged = incoming.terms
        added, kept = len(merged), 0
    else:
        merged = list(glossary.terms)
        added = kept = 0
        for term in incoming.terms:
            existing = [glossary.get(s) for s in term.ko_forms]
            existing = [e for e in existing if e is not None]
            if not existing:
                merged.append(term)
                added += 1
            elif existing[0] == term:
                kept += 1
            else:
                raise ConfigError(f"conflict: {term.ko} → {term.en!r} in {file}, but the glossary "
                                  f"has {existing[0].ko} → {existing[0].en!r}; edit one of them or "
                                  "use --replace", glossary.path)
    result = build_glossary([(t, None) for t in merged], glossary.path)
    _save(result)
    info(f"imported {added} term(s), {kept} already present; {len(result)} in the glossary")


@terms_group.command("export")
@click.option("--format", "fmt", type=click.Choice(EXPORT_FORMATS), required=True,
              help="csv, tsv, tbx (TBX v3), tbx2 (TBX-Basic 2008 martif) or yaml.")
@click.option("--out", "out", type=click.Path(dir_okay=False, path_type=Path),
              help="Write to this file (default: stdout).")
@corpus_option
def export_cmd(fmt: str, out: Path | None, corpus_dir: Path | None) -> None:
    """Export the glossary for spreadsheets (CSV/TSV) or CAT tools (TBX).

    \b
    Examples:
      toolkit terms export --format csv --out glossary.csv
      toolkit terms export --format tbx2 > glossary-martif.tbx
    """
    from toolkit.interchange.glossary import write_glossary

    glossary = corpus_glossary(open_corpus(corpus_dir))
    text = write_glossary(glossary, fmt)
    if out is None:
        click.echo(text, nl=False)
        return
    from toolkit.fileio import atomic_write

    atomic_write(out, text)
    info(f"wrote {len(glossary)} term(s) to {out}")


# -- looking at the corpus -------------------------------------------------------------------

def _documents(corpus: Any, matcher: Any) -> list[Any]:
    from toolkit.align import article_units
    from toolkit.checks import Document

    return [Document(article.id, article_units(article, matcher),
                     en_path=str(article.en_path) if article.en is not None else None,
                     ko_path=str(article.ko_path), article=article)
            for article in corpus.articles()]


@terms_group.command("find")
@click.argument("target")
@format_option("table", "json")
@corpus_option
def find_cmd(target: str, fmt: str, corpus_dir: Path | None) -> None:
    """The glossary terms in an article (and how its English rendered each) or a Korean file.

    TARGET is an article id, or a Korean text file (then only the terms are listed).
    JSON: {"schema": "toolkit.terms.find/1", "source", "terms": [{ko, en, kind, found,
    paragraph, status, rendering, en_paragraph}]}; status is approved, variant, short,
    forbidden, unlisted, missing or untranslated (null for a loose file).

    \b
    Examples:
      toolkit terms find defectors-0412
      toolkit terms find draft-ko.txt --format json
    """
    from toolkit.terms import TermMatcher, unit_occurrences

    corpus = open_corpus(corpus_dir)
    matcher = TermMatcher(corpus_glossary(corpus))
    rows: list[dict[str, Any]] = []
    if Path(target).is_file():
        from toolkit.fileio import read_text
        from toolkit.model import split_paragraphs

        for n, (text, _line) in enumerate(split_paragraphs(read_text(target)), 1):
            for hit in matcher.find_ko(text):
                rows.append({"ko": hit.term.ko, "en": hit.term.en, "kind": hit.term.kind,
                             "found": hit.text + hit.tail, "paragraph": f"k{n}", "status": None,
                             "rendering": None, "en_paragraph": None})
    else:
        from toolkit.align import article_units
        from toolkit.checks import Document

        article = corpus.load(target)
        doc = Document(article.id, article_units(article, matcher), article=article)
        for unit in doc.units:
            for occ in unit_occurrences(doc, unit, matcher):
                pid = next((p.id for p in unit.ko if occ.ko.text in p.text), None)
                rows.append({"ko": occ.term.ko, "en": occ.term.en, "kind": occ.term.kind,
                             "found": occ.ko.text + occ.ko.tail, "paragraph": pid,
                             "status": occ.status,
                             "rendering": occ.en_hit.text if occ.en_hit else None,
                             "en_paragraph": occ.paragraph})
    if fmt == "json":
        emit_json({"schema": "toolkit.terms.find/1", "source": target, "terms": rows})
        return
    _table(["para", "found", "term", "status", "english"],
           [[r["paragraph"] or "", r["found"], f"{r['ko']} → {r['en']}", r["status"] or "",
             (f"{r['rendering']} ({r['en_paragraph']})" if r["rendering"] else "")] for r in rows])
    info(f"{len(rows)} term occurrence(s) in {target}")


def report_data(usage: dict[str, Any]) -> list[dict[str, Any]]:
    """The `terms report` records: per term, counts and every rendering with its articles."""
    records = []
    for ko, use in usage.items():
        renderings: dict[str, dict[str, Any]] = {}
        for occ in use.occurrences:
            if occ.rendering:
                entry = renderings.setdefault(occ.rendering, {"rendering": occ.rendering,
                                                              "status": occ.status, "count": 0,
                                                              "articles": []})
                entry["count"] += 1
                if occ.doc.name not in entry["articles"]:
                    entry["articles"].append(occ.doc.name)
        places = lambda status: [{"article": o.doc.name, "unit": o.unit.index,  # noqa: E731
                                  "paragraph": o.paragraph or (o.unit.en[0].id if o.unit.en else None)}
                                 for o in use.occurrences if o.status == status]
        statuses = Counter(o.status for o in use.occurrences)
        records.append({
            "ko": ko, "en": use.term.en, "kind": use.term.kind,
            "occurrences": len(use.occurrences),
            "articles": sorted({o.doc.name for o in use.occurrences}),
            "inconsistent": use.inconsistent,
            "renderings": sorted(renderings.values(), key=lambda r: (-r["count"], r["rendering"])),
            "forbidden": places("forbidden"), "unlisted": places("unlisted"),
            "missing": places("missing"), "untranslated": statuses.get("untranslated", 0),
        })
    records.sort(key=lambda r: (not r["inconsistent"], -r["occurrences"], r["ko"]))
    return records


@terms_group.command("report")
@format_option("table", "markdown", "json")
@corpus_option
def report_cmd(fmt: str, corpus_dir: Path | None) -> None:
    """How each glossary term was rendered across the corpus; inconsistent terms first.

    Per term: occurrences (aligned units whose Korean has it), every English rendering
    with its count and articles, and the places with a forbidden spelling, another
    spelling of the name (unlisted) or no approved form (missing). JSON:
    {"schema": "toolkit.terms.report/1", "terms": [{ko, en, kind, occurrences, articles,
    inconsistent, renderings: [{rendering, status, count, articles}], forbidden, unlisted,
    missing: [{article, unit, paragraph}], untranslated}]}.

    \b
    Examples:
      toolkit terms report
      toolkit terms report --format markdown > terms-report.md
    """
    from toolkit.terms import TermMatcher, term_usage

    corpus = open_corpus(corpus_dir)
    matcher = TermMatcher(corpus_glossary(corpus))
    records = report_data(term_usage(_documents(corpus, matcher), matcher))
    inconsistent = sum(1 for r in records if r["inconsistent"])
    if fmt == "json":
        emit_json({"schema": "toolkit.terms.report/1", "terms": records})
    elif fmt == "markdown":
        click.echo("| Korean | House English | Uses | Renderings | Problems |")
        click.echo("|---|---|---:|---|---|")
        for r in records:
            rend = "; ".join(f"{x['rendering']} ×{x['count']} ({', '.join(x['articles'])})"
                             for x in r["renderings"])
            click.echo(f"| {'**' + r['ko'] + '**' if r['inconsistent'] else r['ko']} | {r['en']} | "
                       f"{r['occurrences']} | {rend.replace('|', '/')} | {_problems(r)} |")
    else:
        _table(["ko", "house English", "uses", "renderings", "problems"],
               [[("! " if r["inconsistent"] else "") + r["ko"], r["en"], str(r["occurrences"]),
                 "; ".join(f"{x['rendering']} ×{x['count']}" for x in r["renderings"]), _problems(r)]
                for r in records])
    info(f"{len(records)} term(s) used; {inconsistent} rendered more than one way")


def _problems(record: dict[str, Any]) -> str:
    parts = []
    for key in ("forbidden", "unlisted", "missing"):
        if record[key]:
            where = ", ".join(f"{p['article']}:{p['paragraph']}" for p in record[key][:5])
            more = f" +{len(record[key]) - 5}" if len(record[key]) > 5 else ""
            parts.append(f"{key} {len(record[key])} ({where}{more})")
    return "; ".join(parts)


@terms_group.command("suggest")
@click.option("--min-count", type=click.IntRange(min=1), default=2, show_default=True,
              help="Only names found in at least this many aligned units.")
@format_option("table", "json")
@corpus_option
def suggest_cmd(min_count: int, fmt: str, corpus_dir: Path | None) -> None:
    """Suggest glossary entries: recurring Korean names with their likely English spelling.

    Korean proper nouns come from kiwipiepy (install `toolkit[korean]`) or, without it, a
    plain pattern; each is paired with the capitalised English that romanises it in the
    aligned paragraphs, ranked by the number of units that agree. Nothing is added: use
    `toolkit terms add`. JSON: {"schema": "toolkit.terms.suggest/1", "method",
    "suggestions": [{ko, en, evidence, units, articles, spellings: {spelling: units}}]}.

    \b
    Examples:
      toolkit terms suggest
      toolkit terms suggest --min-count 3 --format json
    """
    from toolkit.terms import TermMatcher, name_evidence, name_method

    corpus = open_corpus(corpus_dir)
    glossary = corpus_glossary(corpus)
    matcher = TermMatcher(glossary)
    method = name_method()
    info(f"finding Korean names with {'kiwipiepy (NNP tags)' if method == 'kiwi' else 'the plain pattern (install toolkit[korean] for kiwipiepy)'}")
    evidence = name_evidence(_documents(corpus, matcher), matcher, method=method, min_count=min_count)
    known_en = {f for t in glossary.terms for f in (*t.en_forms, *t.forbidden)}
    suggestions = []
    for ko, ev in evidence.items():
        consistent = ev.consistent_spellings()
        if not consistent:
            continue
        spelling, agree = max(consistent.items(), key=lambda kv: (kv[1], kv[0]))
        if spelling in known_en or agree < min_count:
            continue
        suggestions.append({"ko": ko, "en": spelling, "evidence": agree, "units": len(ev.places),
                            "articles": sorted(ev.articles), "spellings": dict(ev.spellings)})
    # Longer names first among equals: 김철민 over its piece 김철.
    suggestions.sort(key=lambda s: (-s["evidence"], -len(s["ko"]), s["ko"]))
    dropped = {s["ko"] for s in suggestions
               for t in suggestions if t["ko"] != s["ko"] and s["ko"] in t["ko"]
               and s["en"] in t["en"] and t["evidence"] >= s["evidence"]}
    suggestions = [s for s in suggestions if s["ko"] not in dropped]
    if fmt == "json":
        emit_json({"schema": "toolkit.terms.suggest/1", "method": method, "suggestions": suggestions})
        return
    _table(["ko", "suggested English", "evidence", "other spellings"],
           [[s["ko"], s["en"], f"{s['evidence']}/{s['units']} units",
             "; ".join(f"{k} ×{v}" for k, v in s["spellings"].items() if k != s["en"])]
            for s in suggestions])
    info(f"{len(suggestions)} suggestion(s); add one with `toolkit terms add KO EN`")
