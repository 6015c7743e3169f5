"""The documentation matches the code: every command has help with examples and is in the
README; every check has a section in docs/checks.md."""

from __future__ import annotations

import re

import click
import pytest

from tests.conftest import REPO
from toolkit.checks import load_checks
from toolkit.cli import COMMANDS, cli


def _all_commands():
    ctx = click.Context(cli)
    for name in cli.list_commands(ctx):
        command = cli.get_command(ctx, name)
        yield name, command
        if isinstance(command, click.Group):
            for sub in command.list_commands(ctx):
                yield f"{name} {sub}", command.get_command(ctx, sub)


@pytest.mark.parametrize("name, command", list(_all_commands()), ids=lambda x: x if isinstance(x, str) else "")
def test_every_command_has_help_with_examples(name, command):
    assert command.help, f"{name} has no help"
    if not isinstance(command, click.Group):
        assert "Examples:" in command.help, f"`toolkit {name} --help` shows no examples"


@pytest.mark.parametrize("name", list(COMMANDS))
def test_every_command_is_in_the_readme(name):
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert re.search(rf"toolkit {name}\b", readme), f"README never shows `toolkit {name}`"


def test_every_check_is_documented():
    text = (REPO / "docs" / "checks.md").read_text(encoding="utf-8")
    for code, spec in load_checks().items():
        assert re.search(rf"^#+ .*{code}", text, re.M), f"docs/checks.md has no section for {code}"
        assert spec.name in text


def test_every_dependency_is_explained_in_the_readme():
    import tomllib

    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    names = [re.split(r"[<>=\[ ]", dep)[0] for dep in project["dependencies"]]
    names += [re.split(r"[<>=\[ ]", dep)[0] for deps in project["optional-dependencies"].values()
              for dep in deps]
    for name in names:
        assert f"**{name}**" in readme, f"README does not say why {name} is a dependency"
