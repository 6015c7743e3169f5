"""Editing effort: how far an editor's text is from the translator's, by chrF, TER and BLEU.

The translator's signed text is the hypothesis and the editor's text the reference, so TER
reads as the share of words the editor had to change (HTER) and chrF/BLEU as closeness.
sacrebleu is imported inside the functions (it takes ~0.15 s to import) and every score
carries its sacrebleu signature, so a figure can be reproduced with `sacrebleu` itself.

Paragraphs are paired by position when both texts have as many; otherwise by content (see
`pair_paragraphs`), because an editor who merges two paragraphs should not be charged for
rewriting everything after them.
"""

from __future__ import annotations

import dataclasses
import difflib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from toolkit.errors import InputError

if TYPE_CHECKING:
    from toolkit.config import WorkflowSettings
    from toolkit.model import Article

# A pairing of hypothesis paragraph indices with reference paragraph indices, in order.
Pair = tuple[tuple[int, ...], tuple[int, ...]]

# Below this similarity two paragraphs are not worth pairing: scoring them as a deletion
# plus an insertion is closer to what the editor did.
MIN_SIMILARITY = 0.2
# Words a merge or split must explain beyond a 1-1 pair to be preferred to it.
MERGE_PENALTY = 1.0


@dataclass(frozen=True, slots=True)
class ParagraphScore:
    """Scores of one pair of paragraphs (either side may be empty: added or dropped)."""

    hyp: tuple[int, ...]  # 0-based indices of hypothesis paragraphs
    ref: tuple[int, ...]  # 0-based indices of reference paragraphs
    chrf: float
    ter: float
    bleu: float
    hyp_text: str = ""
    ref_text: str = ""

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict (texts left out: the caller has them)."""
        return {"hyp": list(self.hyp), "ref": list(self.ref), "chrf": round(self.chrf, 2),
                "ter": round(self.ter, 2), "bleu": round(self.bleu, 2)}


@dataclass(frozen=True, slots=True)
class EffortScore:
    """Corpus-level (whole text) and per-paragraph chrF, TER and BLEU with signatures."""

    chrf: float
    ter: float
    bleu: float
    paragraphs: list[ParagraphScore]
    signatures: dict[str, str]  # metric name -> sacrebleu signature
    pairing: str  # "index" or "similarity"
    hyp_label: str = "hyp"
    ref_label: str = "ref"
    sentence_signatures: dict[str, str] = field(default_factory=dict)
    final: bool | None = None  # editing effort: True once the editor signed; None for loose texts

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict; see docs/workflow.md for the schema."""
        return {"chrf": round(self.chrf, 2), "ter": round(self.ter, 2), "bleu": round(self.bleu, 2),
                "pairing": self.pairing, "hyp": self.hyp_label, "ref": self.ref_label,
                "final": self.final,
                "signatures": dict(self.signatures),
                "sentence_signatures": dict(self.sentence_signatures),
                "paragraphs": [p.to_dict() for p in self.paragraphs]}


def _overlap(a: str, b: str) -> tuple[float, int]:
    """(difflib similarity ratio, words matched) of two texts, compared word by word."""
    matcher = difflib.SequenceMatcher(None, a.split(), b.split(), autojunk=False)
    matched = sum(block.size for block in matcher.get_matching_blocks())
    return matcher.ratio(), matched


def pair_paragraphs(hyp: list[str], ref: list[str]) -> tuple[list[Pair], str]:
    """Pair hypothesis with reference paragraphs, in order; returns (pairs, method).

    Equal counts pair by index. Otherwise a monotone dynamic programme maximises the number
    of words difflib matches between paired texts over 1-1, 2-1, 1-2, 1-0 and 0-1 pairs
    (merges and splits are compared on the joined text and must match more than one extra
    word); pairs whose difflib ratio is below MIN_SIMILARITY are not allowed, so unrelated
    paragraphs become a deletion and an insertion.
    """
    if len(hyp) == len(ref):
        return [((i,), (i,)) for i in range(len(hyp))], "index"
    n, m = len(hyp), len(ref)
    best = [[float("-inf")] * (m + 1) for _ in range(n + 1)]
    back: list[list[tuple[int, int] | None]] = [[None] * (m + 1) for _ in range(n + 1)]
    best[0][0] = 0.0
    steps = ((1, 1), (2, 1), (1, 2), (1, 0), (0, 1))
    for i in range(n + 1):
        for j in range(m + 1):
            if best[i][j] == float("-inf"):
                continue
            for di, dj in steps:
                ni, nj = i + di, j + dj
                if ni > n or nj > m:
                    continue
                gain = 0.0
                if di and dj:
                    ratio, matched = _overlap(" ".join(hyp[i:ni]), " ".join(ref[j:nj]))
                    if ratio < MIN_SIMILARITY:
                        continue
                    gain = matched - (MERGE_PENALTY if di + dj > 2 else 0.0)
                if best[i][j] + gain > best[ni][nj]:
                    best[ni][nj] = best[i][j] + gain
                    back[ni][nj] = (di, dj)
    pairs: list[Pair] = []
    i, j = n, m
    while i or j:
        step = back[i][j]
        assert step is not None  # 1-0 and 0-1 steps make every cell reachable
        di, dj = step
        pairs.append((tuple(range(i - di, i)), tuple(range(j - dj, j))))
        i, j = i - di, j - dj
    pairs.reverse()
    return pairs, "similarity"


def score_texts(hyp_paragraphs: list[str], ref_paragraphs: list[str], *, hyp_label: str = "hyp",
                ref_label: str = "ref") -> EffortScore:
    """chrF, TER and BLEU of hypothesis paragraphs against reference paragraphs.

    The article scores are sacrebleu corpus scores over the paired segments (a dropped or
    added paragraph is paired with the empty string, so it counts); the paragraph scores are
    sentence scores (BLEU with effective order, as sacrebleu recommends for one segment).
    """
    from sacrebleu.metrics import BLEU, CHRF, TER

    if not hyp_paragraphs and not ref_paragraphs:
        raise InputError("both texts are empty: there is nothing to score")
    pairs, method = pair_paragraphs(hyp_paragraphs, ref_paragraphs)
    hyps = [" ".join(hyp_paragraphs[i] for i in h) for h, _ in pairs]
    refs = [" ".join(ref_paragraphs[j] for j in r) for _, r in pairs]
    chrf, ter, bleu, sbleu = CHRF(), TER(), BLEU(), BLEU(effective_order=True)
    paragraphs = [
        ParagraphScore(h, r, chrf.sentence_score(hy, [rf]).score, ter.sentence_score(hy, [rf]).score,
                       sbleu.sentence_score(hy, [rf]).score, hy, rf)
        for (h, r), hy, rf in zip(pairs, hyps, refs)]
    c, t, b = (chrf.corpus_score(hyps, [refs]).score, ter.corpus_score(hyps, [refs]).score,
               bleu.corpus_score(hyps, [refs]).score)
    signatures = {"chrF": chrf.get_signature().format(), "TER": ter.get_signature().format(),
                  "BLEU": bleu.get_signature().format()}
    return EffortScore(c, t, b, paragraphs, signatures, method, hyp_label, ref_label,
                       {"BLEU": sbleu.get_signature().format()})


def effort_texts(article: "Article", workflow: "WorkflowSettings | None" = None
                 ) -> tuple[str, str, str, str, bool] | None:
    """(hyp text, ref text, hyp label, ref label, final) for an article's editing effort.

    The hypothesis is the translator's latest signed snapshot; the reference is the text
    signed at the next sign-off stage when that came later (final), else the current
    English (editing in progress). None when there is nothing to compare yet: no
    translator sign-off, or the article has not gone past it.
    """
    from toolkit.config import WorkflowSettings
    from toolkit.workflow import last_signoff, read_snapshot, signoff_stage

    wf = workflow or WorkflowSettings()
    t_stage = signoff_stage(wf, "translator")
    if t_stage is None or not wf.at_or_after(article.stage, t_stage) or article.stage == t_stage:
        return None
    t_entry = last_signoff(article, t_stage)
    if t_entry is None:
        return None
    later = [s for s in wf.stages[wf.index(t_stage) + 1:] if s in wf.signoff]
    for stage in later:
        entry = last_signoff(article, stage)
        if entry is not None and wf.at_or_after(article.stage, stage) \
                and article.history.index(entry) > article.history.index(t_entry):
            return (read_snapshot(article, t_entry.snapshot), read_snapshot(article, entry.snapshot),
                    t_entry.snapshot, entry.snapshot, True)
    if article.en is None:
        return None
    from toolkit.model import join_paragraphs

    current = join_paragraphs([p.text for p in article.en])
    return read_snapshot(article, t_entry.snapshot), current, t_entry.snapshot, "en.txt", False


def editing_effort(article: "Article", workflow: "WorkflowSettings | None" = None
                   ) -> EffortScore | None:
    """Editing effort between the translator's signed text and the editor's (see effort_texts)."""
    from toolkit.model import split_paragraphs

    texts = effort_texts(article, workflow)
    if texts is None:
        return None
    hyp, ref, hyp_label, ref_label, final = texts
    score = score_texts([p for p, _ in split_paragraphs(hyp)], [p for p, _ in split_paragraphs(ref)],
                        hyp_label=hyp_label, ref_label=ref_label)
    return dataclasses.replace(score, final=final)
