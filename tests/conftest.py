"""Shared fixtures: a small corpus of real-looking Korean and English copy."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from click.testing import CliRunner

from toolkit.cli import cli

REPO = Path(__file__).resolve().parents[1]
SAMPLE_CORPUS = REPO / "corpora"

KO_BODY = """북한 당국이 최근 양강도 혜산시에서 탈북민 가족에 대한 감시를 대폭 강화한 것으로 알려졌다.

양강도 소식통은 지난 12일 데일리NK에 "보위원들이 한국과 통화한 가족을 찾아내 돈을 요구하고 있다"며 "한 번 걸리면 중국 돈 3천 위안을 내야 풀려난다"고 전했다.

소식통에 따르면 올해 들어 혜산에서만 40여 가구가 이런 방식으로 단속됐다.

뇌물의 악순환

국경 경비대원들도 생계를 위해 밀수꾼에게 돈을 받는 일이 늘고 있다.
"""

EN_BODY = """North Korean authorities have sharply tightened surveillance of defectors’ families in Hyesan, Ryanggang Province, according to sources.

“Security agents are tracking down families who have spoken with relatives in South Korea and demanding money,” a source in Ryanggang Province told Daily NK on October 12. “Once you are caught, you have to pay 3,000 yuan to be released.”

More than 40 households in Hyesan alone have been caught this way since the start of the year, the source said.

A cycle of bribery

Border guards, too, are increasingly taking money from smugglers to make ends meet.
"""

RAW_EN = """Security agents shake down defectors’ families in Hyesan

Kang Mi Jin  |  2026-10-14 16:07
Read in Korean
North Korean authorities have sharply tightened surveillance of defectors’ families in Hyesan, Ryanggang Province, according to sources.

“Security agents are tracking down families who have spoken with relatives in South Korea and demanding money,” a source in Ryanggang Province told Daily NK on October 12.

*Translated by Jiyoon Han
*Edited by Paul Whitmore

Comments that contain advertising or abusive language will be removed.
"""

RAW_KO = """혜산 보위원들, 탈북민 가족 통화 단속 빌미로 뇌물 챙겨

강미진 기자 | 2026-10-14 16:07
영문으로 보기
북한 당국이 최근 양강도 혜산시에서 탈북민 가족에 대한 감시를 대폭 강화한 것으로 알려졌다.

양강도 소식통은 지난 12일 데일리NK에 "보위원들이 한국과 통화한 가족을 찾아내 돈을 요구하고 있다"고 전했다.

<저작권자 ⓒ 데일리NK, 무단전재 및 재배포 금지>
"""


def tree_digest(root: Path) -> dict[str, str]:
    """Every file under root with its SHA-256, to assert that nothing changed."""
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def invoke(runner):
    def _invoke(*args, **kwargs):
        return runner.invoke(cli, [str(a) for a in args], catch_exceptions=False, **kwargs)
    return _invoke


@pytest.fixture
def corpus_dir(tmp_path, invoke) -> Path:
    """A fresh corpus with one article (Korean and English) added through the CLI."""
    root = tmp_path / "desk"
    assert invoke("init", root).exit_code == 0
    ko = tmp_path / "ko.txt"
    en = tmp_path / "en.txt"
    ko.write_text(KO_BODY, encoding="utf-8")
    en.write_text(EN_BODY, encoding="utf-8")
    result = invoke("add", "2026-10-14-hyesan-families", "--ko", ko, "--en", en, "--corpus", root,
                    "--title-ko", "혜산 보위원들, 탈북민 가족 단속", "--title-en",
                    "Security agents shake down defectors’ families")
    assert result.exit_code == 0, result.stderr
    return root
