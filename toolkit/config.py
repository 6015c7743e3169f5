"""Finding and loading a corpus's settings (toolkit.yaml).

Unknown keys are errors, named with file and line: a misspelt setting that is silently
ignored is worse than one that stops the run.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from toolkit.errors import ConfigError, CorpusNotFound
from toolkit.fileio import dump_yaml, load_yaml, read_text

CONFIG_NAME = "toolkit.yaml"
FORMAT_VERSION = 1

DEFAULT_STAGES = ["new", "translating", "translated", "editing", "edited", "published"]
DEFAULT_SIGNOFF = {"translated": "translator", "edited": "editor"}
DEFAULT_STAGE_ROLE = {"translating": "translator", "editing": "editor"}


@dataclass(slots=True)
class WorkflowSettings:
    """The desk's stages and who signs off which."""

    stages: list[str] = field(default_factory=lambda: list(DEFAULT_STAGES))
    # sign-off stage -> role that signs it (and whose credit it records)
    signoff: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_SIGNOFF))
    # working stage -> role that works in it (used to pick the assignee)
    stage_roles: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_STAGE_ROLE))
    allow_self_edit: bool = False
    # stages from which on the alignment must be present and fresh (verify, advance)
    require_alignment: list[str] = field(default_factory=lambda: ["published"])
    # stages from which on the English text must exist
    require_english: list[str] = field(default_factory=lambda: ["translated"])

    def index(self, stage: str) -> int:
        return self.stages.index(stage)

    def at_or_after(self, stage: str, threshold: str) -> bool:
        """True when `stage` is `threshold` or a later stage."""
        if threshold not in self.stages or stage not in self.stages:
            return False
        return self.stages.index(stage) >= self.stages.index(threshold)


@dataclass(slots=True)
class CheckSettings:
    """Which checks run and how severe their findings are."""

    select: list[str] = field(default_factory=list)  # empty: all
    ignore: list[str] = field(default_factory=list)
    fail_on: str = "error"
    severity: dict[str, str] = field(default_factory=dict)
    per_path_ignores: dict[str, list[str]] = field(default_factory=dict)
    options: dict[str, Any] = field(default_factory=dict)  # per-check tuning, e.g. thresholds


@dataclass(slots=True)
class Settings:
    """A corpus's resolved settings."""

    root: Path
    path: Path | None
    name: str = "corpus"
    glossary: Path | None = None
    articles_dir: Path | None = None
    timezone: str = "Asia/Seoul"
    workflow: WorkflowSettings = field(default_factory=WorkflowSettings)
    checks: CheckSettings = field(default_factory=CheckSettings)


_TOP_KEYS = {"toolkit", "name", "glossary", "articles", "timezone", "workflow", "checks"}
_WORKFLOW_KEYS = {"stages", "signoff", "stage-roles", "allow-self-edit", "require-alignment",
                  "require-english"}
_CHECK_KEYS = {"select", "ignore", "fail-on", "severity", "per-path-ignores", "options"}


def default_settings_text(name: str = "corpus") -> str:
    """The toolkit.yaml that `toolkit init` writes."""
    data = {
        "toolkit": FORMAT_VERSION,
        "name": name,
        "glossary": "glossary.yaml",
        "articles": "articles",
        "timezone": "Asia/Seoul",
        "workflow": {
            "stages": list(DEFAULT_STAGES),
            "signoff": dict(DEFAULT_SIGNOFF),
            "stage-roles": dict(DEFAULT_STAGE_ROLE),
            "allow-self-edit": False,
            "require-alignment": ["published"],
            "require-english": ["translated"],
        },
        "checks": {"select": [], "ignore": [], "fail-on": "error", "severity": {}},
    }
    return dump_yaml(data)


def find_corpus_root(start: Path | None = None, explicit: Path | None = None) -> Path:
    """The corpus root: `explicit` if given, else the nearest folder with toolkit.yaml at or
    above `start` (default: the current directory)."""
    if explicit is not None:
        root = Path(explicit)
        if root.is_file() and root.name == CONFIG_NAME:
            root = root.parent
        if not (root / CONFIG_NAME).is_file():
            raise CorpusNotFound(f"no {CONFIG_NAME} here; create a corpus with `toolkit init`", root)
        return root
    here = Path(start or Path.cwd()).resolve()
    if here.is_file():
        here = here.parent
    for folder in (here, *here.parents):
        if (folder / CONFIG_NAME).is_file():
            return folder
    raise CorpusNotFound(f"no {CONFIG_NAME} in this folder or any above it; pass --corpus DIR "
                         "or create a corpus with `toolkit init DIR`", here)


def key_line(text: str, keys: list[str]) -> int | None:
    """1-based line of a nested mapping key in YAML text, for error messages."""
    import yaml

    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return None
    line = None
    for key in keys:
        if not isinstance(node, yaml.MappingNode):
            return line
        for knode, vnode in node.value:
            if knode.value == key:
                line = knode.start_mark.line + 1
                node = vnode
                break
        else:
            return line
    return line


def _str_list(value: Any, what: str, path: Path, text: str, keys: list[str]) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise ConfigError(f"{what} must be a list of names", path, key_line(text, keys))
    return list(value)


def _check_keys(data: dict, allowed: set[str], prefix: list[str], path: Path, text: str) -> None:
    for key in data:
        if key not in allowed:
            where = ".".join(prefix + [str(key)])
            raise ConfigError(f"unknown setting {where!r} (known: {', '.join(sorted(allowed))})",
                              path, key_line(text, prefix + [str(key)]))


def load_settings(root: Path) -> Settings:
    """Load and validate toolkit.yaml in a corpus root."""
    path = Path(root) / CONFIG_NAME
    text = read_text(path)
    data = load_yaml(path, text=text)
    if not isinstance(data, dict):
        raise ConfigError("must be a mapping of settings", path, 1)
    _check_keys(data, _TOP_KEYS, [], path, text)
    version = data.get("toolkit", FORMAT_VERSION)
    if version != FORMAT_VERSION:
        raise ConfigError(f"format version {version!r} is not supported (expected {FORMAT_VERSION})",
                          path, key_line(text, ["toolkit"]))
    settings = Settings(root=Path(root), path=path)
    settings.name = str(data.get("name") or Path(root).resolve().name)
    glossary = data.get("glossary", "glossary.yaml")
    settings.glossary = (Path(root) / glossary) if glossary else None
    settings.articles_dir = Path(root) / str(data.get("articles") or "articles")
    settings.timezone = str(data.get("timezone") or "Asia/Seoul")

    wf = data.get("workflow") or {}
    if not isinstance(wf, dict):
        raise ConfigError("workflow must be a mapping", path, key_line(text, ["workflow"]))
    _check_keys(wf, _WORKFLOW_KEYS, ["workflow"], path, text)
    w = settings.workflow
    if "stages" in wf:
        w.stages = _str_list(wf["stages"], "workflow.stages", path, text, ["workflow", "stages"])
        if len(w.stages) < 2 or len(set(w.stages)) != len(w.stages):
            raise ConfigError("workflow.stages needs at least two distinct stage names", path,
                              key_line(text, ["workflow", "stages"]))
    for key, attr in (("signoff", "signoff"), ("stage-roles", "stage_roles")):
        if key in wf:
            value = wf[key] or {}
            if not isinstance(value, dict):
                raise ConfigError(f"workflow.{key} must map stage names to roles", path,
                                  key_line(text, ["workflow", key]))
            setattr(w, attr, {str(k): str(v) for k, v in value.items()})
    w.allow_self_edit = bool(wf.get("allow-self-edit", False))
    for key, attr in (("require-alignment", "require_alignment"), ("require-english", "require_english")):
        if key in wf:
            setattr(w, attr, _str_list(wf[key], f"workflow.{key}", path, text, ["workflow", key]))
    for key in ("signoff", "stage-roles", "require-alignment", "require-english"):
        named = getattr(w, key.replace("-", "_"))
        for stage in named:
            if stage not in w.stages:
                raise ConfigError(f"workflow.{key} names unknown stage {stage!r} "
                                  f"(stages: {', '.join(w.stages)})", path,
                                  key_line(text, ["workflow", key]))

    ch = data.get("checks") or {}
    if not isinstance(ch, dict):
        raise ConfigError("checks must be a mapping", path, key_line(text, ["checks"]))
    _check_keys(ch, _CHECK_KEYS, ["checks"], path, text)
    c = settings.checks
    c.select = _str_list(ch.get("select"), "checks.select", path, text, ["checks", "select"])
    c.ignore = _str_list(ch.get("ignore"), "checks.ignore", path, text, ["checks", "ignore"])
    c.fail_on = str(ch.get("fail-on", "error"))
    if c.fail_on not in ("error", "warning", "info"):
        raise ConfigError(f"checks.fail-on must be error, warning or info, not {c.fail_on!r}",
                          path, key_line(text, ["checks", "fail-on"]))
    sev = ch.get("severity") or {}
    if not isinstance(sev, dict) or not all(v in ("error", "warning", "info", "off") for v in sev.values()):
        raise ConfigError("checks.severity maps codes to error, warning, info or off", path,
                          key_line(text, ["checks", "severity"]))
    c.severity = {str(k): str(v) for k, v in sev.items()}
    ppi = ch.get("per-path-ignores") or {}
    if not isinstance(ppi, dict):
        raise ConfigError("checks.per-path-ignores maps glob patterns to code lists", path,
                          key_line(text, ["checks", "per-path-ignores"]))
    c.per_path_ignores = {str(k): _str_list(v, f"checks.per-path-ignores.{k}", path, text,
                                            ["checks", "per-path-ignores", str(k)])
                          for k, v in ppi.items()}
    opts = ch.get("options") or {}
    if not isinstance(opts, dict):
        raise ConfigError("checks.options must be a mapping", path, key_line(text, ["checks", "options"]))
    c.options = dict(opts)
    return settings
