"""The scripted day at the desk (docs/walkthrough.md), run through the CLI.

`test_the_day_through_clirunner` runs the walkthrough's steps in-process;
`test_walkthrough_script_matches_these_steps` keeps the document's script and these steps
the same; `test_walkthrough_script_runs_and_prints_its_documented_output` runs the script
itself with bash, as a reader would, when the `toolkit` command is on PATH.

When a deliberate change alters the output, regenerate the document's output block by
running the script block in an empty /tmp/desk-day with `bash -c '{ SCRIPT
} 2>&1'` and pasting what it prints.
"""

from __future__ import annotations

import json
import re
import shlex
import shutil
import subprocess

import pytest

from tests.conftest import REPO, tree_digest

DOC = REPO / "docs" / "walkthrough.md"
H, S = "2026-11-24-hyesan-phones", "2026-11-24-sinuiju-rice"
T, T2, E = "Jiyoon Han", "Jeong Tae Joo", "Paul Whitmore"
START = "2026-11-24T09:10:00+09:00"
REFUSED = ["advance", H, "published", "--by", E]

# (TOOLKIT_NOW for this step or None for the exported START, arguments), in script order;
# "EDIT" marks the editor's change to the English.
STEPS: list[tuple[str | None, list[str]]] = [
    (None, ["init", "desk"]),
    (None, ["add", H, "--ko", "../hyesan.ko.txt", "--en", "../hyesan.en.txt", "--title-ko",
            "혜산 보위원들, 중국 손전화 사용자 집중 단속", "--title-en",
            "Security agents hunt Chinese phone users in Hyesan"]),
    (None, ["add", S, "--ko", "../sinuiju.ko.txt", "--title-ko", "신의주 쌀값 1만 3천 원 돌파"]),
    (None, ["assign", H, "--translator", T, "--due", "2026-11-25"]),
    (None, ["advance", H, "translating", "--by", T]),
    ("2026-11-24T16:40:00+09:00", ["advance", H, "translated", "--by", T]),
    (None, ["assign", H, "--editor", E, "--due", "2026-11-26"]),
    ("2026-11-24T17:05:00+09:00", ["advance", H, "editing", "--by", E]),
    (None, ["EDIT"]),
    ("2026-11-25T10:15:00+09:00", ["advance", H, "edited", "--by", E]),
    (None, ["assign", S, "--translator", T2, "--due", "2026-11-25"]),
    (None, ["advance", S, "translating", "--by", T2]),
    (None, REFUSED),
    (None, ["credits", H]),
    (None, ["score", H]),
    ("2026-11-26T09:00:00+09:00", ["status"]),
    ("2026-11-26T09:00:00+09:00", ["status", f"articles/{H}", "--format", "json"]),
]
EDITS = [("is cracking down on people who use", "is targeting users of"),
         ("and each must pay", "and each detainee must pay")]


def _doc_blocks() -> tuple[str, str]:
    """The walkthrough's script (```sh block) and its output (```text block after it)."""
    text = DOC.read_text(encoding="utf-8")
    script = re.search(r"```sh\n(.*?)```", text, re.S).group(1)
    output = re.search(r"```sh\n.*?```.*?```text\n(.*?)```", text, re.S).group(1)
    return script, output


def _heredocs(script: str) -> dict[str, str]:
    return {m.group(1): m.group(2) for m in re.finditer(r"cat > (\S+) <<'EOF'\n(.*?)\nEOF\n", script, re.S)}


def test_walkthrough_script_matches_these_steps():
    script, _ = _doc_blocks()
    found: list[tuple[str | None, list[str]]] = []
    for line in script.splitlines():
        words = shlex.split(line, comments=True)
        if "toolkit" in words:
            at = words.index("toolkit")
            env = dict(w.split("=", 1) for w in words[:at])
            args = words[at + 1:]
            args = args[:args.index("||")] if "||" in args else args
            found.append((env.get("TOOLKIT_NOW"), args))
        elif words[:1] == ["sed"]:
            found.append((None, ["EDIT"]))
            exprs = [words[i + 1] for i, w in enumerate(words) if w == "-e"]
            assert exprs == [f"s/{a}/{b}/" for a, b in EDITS]
    assert found == STEPS
    assert f"export TOOLKIT_NOW={START}" in script


def test_the_day_through_clirunner(tmp_path, runner, monkeypatch):
    script, _ = _doc_blocks()
    for name, body in _heredocs(script).items():
        (tmp_path / name).write_text(body + "\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    from toolkit.cli import cli

    results = []
    for now, args in STEPS:
        if args == ["init", "desk"]:
            result = runner.invoke(cli, args, env={"TOOLKIT_NOW": START})
            monkeypatch.chdir(tmp_path / "desk")
        elif args == ["EDIT"]:
            en = tmp_path / "desk" / "articles" / H / "en.txt"
            text = en.read_text(encoding="utf-8")
            for old, new in EDITS:
                assert old in text
                text = text.replace(old, new)
            en.write_text(text, encoding="utf-8")
            continue
        elif args == REFUSED:
            before = tree_digest(tmp_path / "desk")
            result = runner.invoke(cli, args, env={"TOOLKIT_NOW": now or START})
            assert result.exit_code == 2
            assert "cannot move" in result.stderr and "no alignment" in result.stderr
            assert tree_digest(tmp_path / "desk") == before
            continue
        else:
            result = runner.invoke(cli, args, env={"TOOLKIT_NOW": now or START})
        assert result.exit_code == 0, (args, result.stderr)
        results.append(result)

    assert results[-4].stdout == f"*Translated by {T}\n*Edited by {E}\n"
    data = json.loads(results[-1].stdout)
    [article] = data["articles"]
    assert article["credit_lines"] == [f"*Translated by {T}", f"*Edited by {E}"]
    assert [(h["from"], h["to"], h["by"]) for h in article["history"]] == [
        (None, "new", "desk"), ("new", "translating", T), ("translating", "translated", T),
        ("translated", "editing", E), ("editing", "edited", E)]
    assert article["history"][2]["snapshot"] == "snapshots/translated.en.txt"
    assert article["history"][4]["at"] == "2026-11-25T10:15:00+09:00"
    effort = article["effort"]
    assert effort["final"] is True and 0 < effort["ter"] < 100 and effort["chrf"] < 100
    assert [p["ter"] > 0 for p in effort["paragraphs"]] == [True, True, False]


def _normalise(text: str, workdir: str) -> str:
    # Every time is pinned with TOOLKIT_NOW; only the working folder differs.
    return text.replace(workdir, "/tmp/desk-day")


@pytest.mark.skipif(shutil.which("toolkit") is None or shutil.which("bash") is None,
                    reason="needs bash and the installed `toolkit` command")
def test_walkthrough_script_runs_and_prints_its_documented_output(tmp_path):
    script, output = _doc_blocks()
    # A reader sees stdout and stderr interleaved, as the document shows them.
    run = subprocess.run(["bash", "-c", f"{{\n{script}\n}} 2>&1"], cwd=tmp_path,
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stdout + run.stderr
    assert _normalise(run.stdout, str(tmp_path)) == _normalise(output, "/tmp/desk-day")
    assert (tmp_path / "desk" / "articles" / H / "snapshots" / "edited.en.txt").is_file()
