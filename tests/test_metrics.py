"""Editing effort scores against sacrebleu's own numbers (toolkit.metrics)."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings as hsettings, strategies as st
from sacrebleu.metrics import BLEU, CHRF, TER

from toolkit.metrics import pair_paragraphs, score_texts

EPSILON = 1e-4

DRAFT = [
    "North Korean authorities have sharply tightened surveillance of defectors’ families in "
    "Hyesan, according to sources.",
    "Security agents are tracking down families who spoke with relatives in South Korea and "
    "demanding money, a source said.",
    "More than 40 households in Hyesan alone have been caught this way since the start of the year.",
]
EDITED = [
    "North Korean authorities have stepped up surveillance of defectors’ families in Hyesan, "
    "Ryanggang Province, sources say.",
    "Security agents are tracking down families who have spoken with relatives in South Korea "
    "and demanding bribes, a source told Daily NK.",
    "More than 40 households in Hyesan alone have been caught this way since January.",
]


def test_article_and_paragraph_scores_match_sacrebleu():
    score = score_texts(DRAFT, EDITED)
    assert score.pairing == "index"
    assert abs(score.chrf - CHRF().corpus_score(DRAFT, [EDITED]).score) < EPSILON
    assert abs(score.ter - TER().corpus_score(DRAFT, [EDITED]).score) < EPSILON
    assert abs(score.bleu - BLEU().corpus_score(DRAFT, [EDITED]).score) < EPSILON
    sbleu = BLEU(effective_order=True)
    for p, hyp, ref in zip(score.paragraphs, DRAFT, EDITED):
        assert abs(p.chrf - CHRF().sentence_score(hyp, [ref]).score) < EPSILON
        assert abs(p.ter - TER().sentence_score(hyp, [ref]).score) < EPSILON
        assert abs(p.bleu - sbleu.sentence_score(hyp, [ref]).score) < EPSILON
    assert 0 < score.ter < 100 and 0 < score.chrf < 100


def test_signatures_are_sacrebleus():
    score = score_texts(DRAFT, EDITED)
    chrf = CHRF()
    chrf.corpus_score(DRAFT, [EDITED])
    assert score.signatures["chrF"] == chrf.get_signature().format()
    assert score.signatures["TER"].startswith("nrefs:1|case:lc|tok:tercom")
    assert "eff:yes" in score.sentence_signatures["BLEU"]
    assert "eff:no" in score.signatures["BLEU"]


def test_identical_texts_score_perfectly():
    score = score_texts(EDITED, EDITED)
    assert (round(score.chrf, 4), round(score.ter, 4), round(score.bleu, 4)) == (100.0, 0.0, 100.0)


def test_merged_paragraphs_are_paired_by_similarity():
    merged = [EDITED[0], EDITED[1] + " " + EDITED[2]]
    score = score_texts(DRAFT, merged)
    assert score.pairing == "similarity"
    assert [(p.hyp, p.ref) for p in score.paragraphs] == [((0,), (0,)), ((1, 2), (1,))]
    hyps = [DRAFT[0], DRAFT[1] + " " + DRAFT[2]]
    assert abs(score.ter - TER().corpus_score(hyps, [merged]).score) < EPSILON


def test_added_paragraph_counts_against_an_empty_hypothesis():
    extra = "The Ministry of State Security did not respond to the claims."
    score = score_texts(DRAFT, EDITED[:2] + [extra] + EDITED[2:])
    added = [p for p in score.paragraphs if not p.hyp]
    assert [p.ref for p in added] == [(2,)]
    assert added[0].chrf == 0.0 and added[0].ter == 100.0


def test_empty_input_is_refused():
    from toolkit.errors import InputError

    with pytest.raises(InputError, match="nothing to score"):
        score_texts([], [])


@hsettings(max_examples=80, deadline=None)
@given(st.lists(st.sampled_from(DRAFT + EDITED + ["평양", "Rice prices rose."]), max_size=7),
       st.lists(st.sampled_from(DRAFT + EDITED + ["Fuel prices fell."]), max_size=7))
def test_pairing_covers_every_paragraph_once_in_order(hyp, ref):
    pairs, _ = pair_paragraphs(hyp, ref)
    assert [i for h, _ in pairs for i in h] == list(range(len(hyp)))
    assert [j for _, r in pairs for j in r] == list(range(len(ref)))
    assert all(h or r for h, r in pairs)


# -- the score command on loose files -------------------------------------------------------

def test_score_files_text_and_json(tmp_path, invoke):
    hyp, ref = tmp_path / "draft.txt", tmp_path / "edited.txt"
    hyp.write_text("\n\n".join(DRAFT) + "\n", encoding="utf-8")
    ref.write_text("\n\n".join(EDITED) + "\n", encoding="utf-8")
    result = invoke("score", "--hyp", hyp, "--ref", ref)
    assert result.exit_code == 0, result.stderr
    assert "chrF: nrefs:1|case:mixed" in result.stdout
    assert f"chrF2 = {CHRF().corpus_score(DRAFT, [EDITED]).score:.2f}" in result.stdout
    data = json.loads(invoke("score", "--hyp", hyp, "--ref", ref, "--format", "json").stdout)
    assert data["schema"] == "toolkit.score/1"
    assert len(data["paragraphs"]) == 3
    assert abs(data["ter"] - round(TER().corpus_score(DRAFT, [EDITED]).score, 2)) < EPSILON


def _po(entries: list[tuple[str, str, str]]) -> str:
    body = ['msgid ""', 'msgstr ""', '"Content-Type: text/plain; charset=UTF-8\\n"', ""]
    for ctxt, msgid, msgstr in entries:
        body += [f'msgctxt "{ctxt}"', f'msgid "{msgid}"', f'msgstr "{msgstr}"', ""]
    return "\n".join(body)


def test_score_po_files_match_entries_by_context_and_msgid(tmp_path, invoke):
    ko = ["북한 당국이 감시를 강화했다.", "보위원들이 돈을 요구한다.", "40여 가구가 단속됐다."]
    hyp = tmp_path / "draft.po"
    ref = tmp_path / "edited.po"
    hyp.write_text(_po([("k3", ko[2], DRAFT[2]), ("k1", ko[0], DRAFT[0]), ("k2", ko[1], DRAFT[1])]),
                   encoding="utf-8")
    ref.write_text(_po([(f"k{i + 1}", ko[i], EDITED[i]) for i in range(3)]), encoding="utf-8")
    data = json.loads(invoke("score", "--hyp", hyp, "--ref", ref, "--format", "json").stdout)
    assert abs(data["chrf"] - round(CHRF().corpus_score(DRAFT, [EDITED]).score, 2)) < EPSILON


@pytest.mark.parametrize("args, message", [
    ([], "give an article ID"),
    (["--hyp", "draft.txt"], "both --hyp FILE and --ref FILE"),
])
def test_score_usage_errors_exit_2(tmp_path, invoke, args, message, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "draft.txt").write_text(DRAFT[0] + "\n", encoding="utf-8")
    result = invoke("score", *args)
    assert result.exit_code == 2
    assert message in result.stderr
