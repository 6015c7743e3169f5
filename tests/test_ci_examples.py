"""The CI examples in docs/ are valid YAML with the steps docs/ci.md promises, and the docs
show them as they are."""

from __future__ import annotations

from pathlib import Path

import yaml

DOCS = Path(__file__).resolve().parents[1] / "docs"
GITHUB = DOCS / "examples" / "github-workflow.yml"
GITLAB = DOCS / "examples" / "gitlab-ci.yml"


def load(path: Path) -> dict:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def test_github_workflow_verifies_pull_requests_and_the_default_branch():
    data = load(GITHUB)
    triggers = data.get("on", data.get(True))  # YAML 1.1 reads a bare `on` as true
    assert "pull_request" in triggers and "main" in triggers["push"]["branches"]
    assert data["permissions"]["security-events"] == "write"
    steps = data["jobs"]["verify"]["steps"]
    uses = [s.get("uses", "") for s in steps]
    assert any(u.startswith("actions/checkout@") for u in uses)
    checkout = next(s for s in steps if s.get("uses", "").startswith("actions/checkout@"))
    assert checkout["with"]["fetch-depth"] == 0
    assert any("pip install" in s.get("run", "") and "toolkit" in s["run"] for s in steps)
    assert any(s.get("uses", "").startswith("actions/cache@") and s["with"]["path"] == ".toolkit-cache"
               for s in steps)
    pull = next(s for s in steps if "--changed-since" in s.get("run", ""))
    assert pull["if"] == "github.event_name == 'pull_request'"
    assert pull["run"].split()[:2] == ["toolkit", "verify"] and "--format github" in pull["run"]
    full = next(s for s in steps if "--format sarif" in s.get("run", ""))
    assert "push" in full["if"] and "--changed-since" not in full["run"]
    sarif_file = full["run"].split("--output")[1].split()[0]
    upload = next(s for s in steps if s.get("uses", "").startswith("github/codeql-action/upload-sarif@"))
    assert upload["with"]["sarif_file"] == sarif_file


def test_gitlab_job_reports_junit_for_merge_requests_and_the_default_branch():
    job = load(GITLAB)["verify"]
    script = "\n".join(job["before_script"] + job["script"])
    assert "pip install" in script and "toolkit" in script
    assert 'toolkit verify --corpus . --changed-since "origin/$CI_MERGE_REQUEST_TARGET_BRANCH_NAME"' in script
    assert script.count("--format junit --output verify.xml") == 2
    assert job["artifacts"]["reports"]["junit"] == "verify.xml"
    assert job["artifacts"]["when"] == "always"
    assert ".toolkit-cache/" in job["cache"]["paths"]
    rules = [r["if"] for r in job["rules"]]
    assert '$CI_PIPELINE_SOURCE == "merge_request_event"' in rules
    assert "$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH" in rules


def test_docs_show_the_example_files_verbatim():
    text = (DOCS / "ci.md").read_text(encoding="utf-8")
    for path in (GITHUB, GITLAB):
        assert path.read_text(encoding="utf-8") in text, path.name
