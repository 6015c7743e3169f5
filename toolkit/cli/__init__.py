"""The `toolkit` command: a root group whose subcommands load lazily.

Each subcommand lives in a module of this package and is imported only when it runs (or
when help lists it), so that `toolkit check ONE-ARTICLE` does not pay for sacrebleu or
jinja2. Library errors (ToolkitError) become a one-line message and exit code 2; exit 1 is
reserved for findings.
"""

from __future__ import annotations

import importlib
import sys

import click

from toolkit.errors import ToolkitError

CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"], "max_content_width": 100}

# command name -> "module:attribute"; the order is the order of `toolkit --help`.
COMMANDS = {
    "init": "toolkit.cli.corpus_cmds:init_cmd",
    "add": "toolkit.cli.corpus_cmds:add_cmd",
    "list": "toolkit.cli.corpus_cmds:list_cmd",
    "show": "toolkit.cli.corpus_cmds:show_cmd",
    "align": "toolkit.cli.align_cmd:align_cmd",
    "assign": "toolkit.cli.workflow_cmds:assign_cmd",
    "advance": "toolkit.cli.workflow_cmds:advance_cmd",
    "credits": "toolkit.cli.workflow_cmds:credits_cmd",
    "score": "toolkit.cli.workflow_cmds:score_cmd",
    "status": "toolkit.cli.workflow_cmds:status_cmd",
    "check": "toolkit.cli.check_cmd:check_cmd",
    "checks": "toolkit.cli.check_cmd:checks_cmd",
    "explain": "toolkit.cli.check_cmd:explain_cmd",
    "terms": "toolkit.cli.terms_cmd:terms_group",
    "export": "toolkit.cli.exchange_cmd:export_cmd",
    "import": "toolkit.cli.exchange_cmd:import_cmd",
    "site": "toolkit.cli.site_cmd:site_cmd",
    "verify": "toolkit.cli.verify_cmd:verify_cmd",
}


class InputFailure(click.ClickException):
    """A usage, input or configuration error: exit code 2 (1 means findings)."""

    exit_code = 2

    def show(self, file=None) -> None:  # noqa: D102 - click API
        click.echo(f"toolkit: error: {self.format_message()}", err=True)


class LazyGroup(click.Group):
    """A click group that imports a subcommand's module only when needed."""

    def __init__(self, *args, lazy_commands: dict[str, str] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.lazy_commands = dict(lazy_commands or {})

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(self.lazy_commands) + sorted(set(self.commands) - set(self.lazy_commands))

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name in self.commands:
            return self.commands[name]
        target = self.lazy_commands.get(name)
        if target is None:
            return None
        module_name, attr = target.split(":")
        command = getattr(importlib.import_module(module_name), attr)
        self.commands[name] = command
        return command

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except ToolkitError as exc:
            raise InputFailure(str(exc)) from exc
        except (click.exceptions.Exit, click.exceptions.Abort, click.ClickException, SystemExit):
            raise
        except BrokenPipeError:
            _silence_broken_pipe()
            raise SystemExit(1) from None
        except Exception as exc:  # noqa: BLE001 - the one place that catches everything
            if ctx.find_root().params.get("debug"):
                raise
            raise InputFailure(f"internal error: {type(exc).__name__}: {exc}; rerun with --debug "
                               "for the traceback") from exc


def _silence_broken_pipe() -> None:
    import os

    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())


def _print_version(ctx: click.Context, param: click.Parameter, value: bool) -> None:
    # Not click.version_option, which needs the version when the command line is built.
    if not value or ctx.resilient_parsing:
        return
    from toolkit import __version__

    click.echo(f"toolkit, version {__version__}")
    ctx.exit()


@click.group(cls=LazyGroup, lazy_commands=COMMANDS, context_settings=CONTEXT_SETTINGS)
@click.option("--version", is_flag=True, expose_value=False, is_eager=True,
              callback=_print_version, help="Show the version and exit.")
@click.option("--debug", is_flag=True, help="Show Python tracebacks for errors.")
@click.option("--color/--no-color", default=None,
              help="Colour output (default: when the terminal supports it; NO_COLOR disables).")
@click.pass_context
def cli(ctx: click.Context, debug: bool, color: bool | None) -> None:
    """Korean→English translation workflow for a news desk.

    Keep Korean originals and English translations side by side in a git repository,
    align them by paragraph, move them through the desk's stages with credits, check
    terminology and quality, measure editing effort and exchange PO/TMX files.

    Run `toolkit COMMAND --help` for a command's options and examples.
    """
    import os

    if color is None and os.environ.get("NO_COLOR"):
        color = False
    ctx.color = color
    ctx.ensure_object(dict)
    ctx.obj["debug"] = debug


def main() -> None:
    """Console-script entry point."""
    from toolkit.workers import collect_seldom

    # A command runs once and exits, building many objects (imports, documents, findings)
    # and few reference cycles: the collector's frequent passes would be wasted work.
    collect_seldom()
    try:
        cli.main(prog_name="toolkit")
    except BrokenPipeError:
        _silence_broken_pipe()
        sys.exit(1)
