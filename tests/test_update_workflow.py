"""The template-update workflow run for real: its steps, as GitHub runs them, in a project of the previous release.

The workflow (templates/project/.github/workflows/template-update.yml.jinja) is read from a project rendered by today's
templates. Each `run:` step is run with bash as GitHub's runner runs it (`bash --noprofile --norc -eo pipefail`), its
`if:` and `${{ }}` expressions evaluated from the earlier steps' outputs; `uses:` steps are what the test stands in
for (the project is checked out already, uv is on PATH). scaffold is installed from this repository, through the
workflow's own setting. Two commands are stand-ins: `gh`, which records its arguments (GitHub is not reachable), and
`make`, the project's tests, which exits as the test says (the slow end-to-end tests run those for real). The
origin the branch is pushed to is a local bare repository.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import yaml
from packaging.version import Version

from scaffold import __version__, generate, store
from tests.conftest import REPO, commit_all, edit, git_out, shipped_release

pytestmark = pytest.mark.slow

KIND = "churn-predictor"
WORKFLOW = ".github/workflows/template-update.yml"
LABEL = "template update: needs a person"
MY_NOTES = "I raised the cost of a missed churner to 500 and the threshold fell to 0.21."
EXPRESSION = re.compile(r"\$\{\{\s*(.+?)\s*\}\}")
CONDITION = re.compile(r"^steps\.([\w-]+)\.(outputs\.[\w-]+|outcome) == '([^']*)'$")
STAND_IN = """#!/usr/bin/env bash
printf '%s\\n' "$(basename "$0") $*" >>"{log}"
{body}
"""


def previous_release() -> str:
    """The release before the version this checkout installs: the latest one below it once it is released, else the
    latest one it builds on."""
    repo = Path(os.environ["HOME"]) / "history"
    store.init_repo(repo)
    store.import_bundle(repo, store.SHIPPED_BUNDLE)
    released = store.ensure_ref(store.TemplateSource.installed()) == f"v{__version__}"
    tags = [tag for tag in store.tags(repo) if store.RELEASE_TAG.match(tag)]
    older = [tag for tag in tags if store.tag_version(tag) < Version(__version__) or not released]
    return str(max(older, key=store.tag_version)).removeprefix("v")


@pytest.fixture(scope="module")
def workflow(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    project = generate.new_project(KIND, tmp_path_factory.mktemp("today") / KIND, {}, interactive=False, lock=False)
    loaded: dict[str, object] = yaml.safe_load((project.path / WORKFLOW).read_text())
    return loaded


@dataclass
class Run:
    """What one run of the workflow did: each step's outputs and outcome, the stand-ins' calls, the pushed branches."""

    outputs: dict[str, dict[str, str]] = field(default_factory=dict)
    outcomes: dict[str, str] = field(default_factory=dict)
    ran: list[str] = field(default_factory=list)
    calls: list[str] = field(default_factory=list)
    logs: str = ""


def evaluate(expression: str, run: Run, variables: dict[str, str], secrets: dict[str, str]) -> str:
    """The few expressions the workflow uses: a variable with a default, a secret, a step's output or outcome."""
    expression = expression.strip()
    if match := re.fullmatch(r"vars\.(\w+) \|\| '([^']*)'", expression):
        return variables.get(match[1]) or match[2]
    if match := re.fullmatch(r"secrets\.(\w+)", expression):
        return secrets.get(match[1], "")
    if match := re.fullmatch(r"steps\.([\w-]+)\.outputs\.([\w-]+)", expression):
        return run.outputs.get(match[1], {}).get(match[2], "")
    if match := re.fullmatch(r"steps\.([\w-]+)\.outcome", expression):
        return run.outcomes.get(match[1], "")
    if expression == "github.ref_name":
        return "main"
    raise AssertionError(f"the test does not know the expression {expression!r}: teach it")


def condition_holds(condition: str, run: Run) -> bool:
    match = CONDITION.match(condition.strip())
    assert match, f"the test does not know the condition {condition!r}: teach it"
    step, what, value = match.groups()
    actual = run.outcomes.get(step, "") if what == "outcome" else run.outputs.get(step, {}).get(what[8:], "")
    return actual == value


def run_workflow(
    workflow: dict[str, object], origin: Path, work: Path, *, make_status: int = 0, token: str = "a-token"
) -> Run:
    """Run the workflow's job on a fresh clone of `origin`'s main as GitHub would, with scaffold from this checkout."""
    (job,) = workflow["jobs"].values()  # type: ignore[attr-defined]
    run = Run()
    work.mkdir(parents=True)
    project = work / "checkout"
    git_out(work, "clone", "--quiet", "--branch", "main", str(origin), str(project))
    bin_dir = work / "bin"
    bin_dir.mkdir()
    calls = work / "calls.log"
    calls.touch()
    answers = {
        "gh": "",  # `gh pr list` finds no open pull request; the others succeed silently
        "make": f"exit {make_status}",
    }
    for name, body in answers.items():
        (bin_dir / name).write_text(STAND_IN.format(log=calls, body=body))
        (bin_dir / name).chmod(0o755)
    github_path = work / "github_path"
    github_path.touch()
    base_env = {
        **os.environ,
        "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}",
        "RUNNER_TEMP": str(work / "runner-temp"),
        "GITHUB_PATH": str(github_path),
        "UV_TOOL_DIR": str(work / "uv-tools"),
        "UV_TOOL_BIN_DIR": str(work / "uv-tools-bin"),
        "CI": "true",
    }
    (work / "runner-temp").mkdir()
    variables = {"SCAFFOLD_SOURCE": str(REPO)}
    secrets = {"TEMPLATE_UPDATE_TOKEN": token} if token else {}
    for step in job["steps"]:
        if "uses" in step:
            continue
        step_id = step.get("id", step["name"])
        if "if" in step and not condition_holds(step["if"], run):
            run.outcomes[step_id] = "skipped"
            continue
        env = dict(base_env)
        extra_path = [line for line in github_path.read_text().splitlines() if line]
        env["PATH"] = os.pathsep.join([*reversed(extra_path), env["PATH"]])
        for key, value in {**job.get("env", {}), **step.get("env", {})}.items():
            env[key] = EXPRESSION.sub(lambda m: evaluate(m[1], run, variables, secrets), str(value))
        output = work / f"output-{step_id}"
        output.touch()
        env["GITHUB_OUTPUT"] = str(output)
        script = work / f"step-{step_id}.sh"
        script.write_text(step["run"])
        done = subprocess.run(
            ["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)],
            cwd=project, env=env, capture_output=True, text=True, timeout=600,
        )  # fmt: skip
        run.ran.append(step_id)
        run.logs += f"--- {step['name']}\n{done.stdout}{done.stderr}"
        run.outputs[step_id] = dict(line.split("=", 1) for line in output.read_text().splitlines() if "=" in line)
        run.outcomes[step_id] = "success" if done.returncode == 0 else "failure"
        if done.returncode != 0 and not step.get("continue-on-error"):
            break
    run.calls = calls.read_text().splitlines()
    return run


def published_project(tmp_path: Path, version: str | None) -> tuple[Path, Path]:
    """A churn project made by `version` (today's when None), committed and pushed to a bare origin."""
    tmp_path.mkdir(parents=True, exist_ok=True)
    source = shipped_release(tmp_path, version) if version is not None else None
    project = generate.new_project(KIND, tmp_path / KIND, {}, interactive=False, lock=False, source=source).path
    origin = tmp_path / "origin.git"
    git_out(tmp_path, "init", "--quiet", "--bare", str(origin))
    git_out(project, "branch", "-M", "main")
    git_out(project, "remote", "add", "origin", str(origin))
    git_out(project, "push", "--quiet", "origin", "main")
    return project, origin


def changed_line(project: Path, today: Path) -> tuple[str, str]:
    """A file of the project and one of its lines that today's template changes: an edit there must conflict."""
    for path in sorted(project.rglob("*")):
        name = path.relative_to(project).as_posix()
        if ".git" in path.parts or name == store.ANSWERS_FILE or not path.is_file() or not (today / name).is_file():
            continue
        ours, theirs = path.read_text().splitlines(), (today / name).read_text().splitlines()
        gone = [line for line in ours if line.strip() and line not in theirs and ours.count(line) == 1]
        if gone:
            return name, gone[0]
    raise AssertionError("today's template changes no line of the previous release's project")


def pushed(origin: Path, branch: str, name: str) -> str:
    return git_out(origin, "show", f"refs/heads/{branch}:{name}")


def test_a_project_of_the_previous_release_gets_a_pull_request_with_its_edits_kept(
    workflow: dict[str, object], tmp_path: Path
) -> None:
    project, origin = published_project(tmp_path, previous_release())
    edit(project / "README.md", "_Replace this paragraph with your own notes:", MY_NOTES)  # where a learner writes
    commit_all(project, "my notes")
    git_out(project, "push", "--quiet", "origin", "main")

    run = run_workflow(workflow, origin, tmp_path / "work")

    assert run.outputs["check"] == {"behind": "true"}, run.logs
    assert run.outputs["update"]["conflicts"] == "false", run.logs
    version = run.outputs["update"]["version"]
    branch = run.outputs["update"]["branch"]
    assert branch == f"template-update/{version}" and version != f"v{previous_release()}"
    assert yaml.safe_load(pushed(origin, branch, ".copier-answers.yml"))["_commit"] == version
    assert MY_NOTES in pushed(origin, branch, "README.md")
    assert WORKFLOW in git_out(origin, "ls-tree", "-r", "--name-only", f"refs/heads/{branch}")
    assert git_out(origin, "rev-parse", "refs/heads/main") == git_out(project, "rev-parse", "main"), "main untouched"
    assert run.outcomes["tests"] == "success" and "make setup test" in run.calls
    (create,) = [call for call in run.calls if call.startswith("gh pr create")]
    arguments = shlex.split(create)
    assert "--draft" not in arguments and "--label" not in arguments
    assert arguments[arguments.index("--head") + 1] == branch
    body = (tmp_path / "work" / "runner-temp" / "body.md").read_text()
    assert f"merged template {version}" in body and "The project's tests passed" in body


def test_conflicts_or_failing_tests_open_a_draft_labelled_for_a_person(
    workflow: dict[str, object], tmp_path: Path
) -> None:
    release = previous_release()
    project, origin = published_project(tmp_path, release)
    (tmp_path / "today").mkdir()
    answers = yaml.safe_load((project / store.ANSWERS_FILE).read_text())
    same = {key: str(value) for key, value in answers.items() if not key.startswith("_") and key != "project_kind"}
    today = generate.new_project(KIND, tmp_path / "today" / KIND, same, interactive=False, lock=False).path
    name, line = changed_line(project, today)
    path = project / name
    path.write_text(path.read_text().replace(line, "my own line, where the template changed its own", 1))
    commit_all(project, "my edit")
    git_out(project, "push", "--quiet", "origin", "main")

    run = run_workflow(workflow, origin, tmp_path / "work")

    assert run.outputs.get("update", {}).get("conflicts") == "true", (name, line, run.logs)
    assert run.outcomes["tests"] == "skipped" and not any(call.startswith("make") for call in run.calls)
    branch = run.outputs["update"]["branch"]
    assert "<<<<<<< before updating" in pushed(origin, branch, name)
    (create,) = [call for call in run.calls if call.startswith("gh pr create")]
    assert "--draft" in shlex.split(create) and f"--label {LABEL}" in " ".join(shlex.split(create))
    assert any(call.startswith(f"gh label create {LABEL}") for call in run.calls)
    body = (tmp_path / "work" / "runner-temp" / "body.md").read_text()
    assert "**Conflicts:**" in body and name in body

    # Failing tests, without conflicts: a draft with the label too, never a pull request that looks ready.
    git_out(origin, "update-ref", "refs/heads/main", "refs/heads/main~1")  # the edit undone
    again = run_workflow(workflow, origin, tmp_path / "work-2", make_status=1)
    assert again.outputs["update"]["conflicts"] == "false" and again.outcomes["tests"] == "failure", again.logs
    (create,) = [call for call in again.calls if call.startswith("gh pr create")]
    assert "--draft" in shlex.split(create)
    assert "The project's tests failed" in (tmp_path / "work-2" / "runner-temp" / "body.md").read_text()


def test_a_project_on_todays_template_opens_nothing_and_a_missing_token_is_one_clear_error(
    workflow: dict[str, object], tmp_path: Path
) -> None:
    _, origin = published_project(tmp_path, None)
    run = run_workflow(workflow, origin, tmp_path / "work")
    assert run.outputs["check"] == {"behind": "false"}, run.logs
    assert run.ran == ["Install scaffold", "check"] and run.calls == []
    assert git_out(origin, "for-each-ref", "--format=%(refname)", "refs/heads") == "refs/heads/main\n"

    _, old_origin = published_project(tmp_path / "old", previous_release())
    failed = run_workflow(workflow, old_origin, tmp_path / "work-2", token="")
    assert failed.outcomes["Open the pull request"] == "failure"
    assert "::error::the secret TEMPLATE_UPDATE_TOKEN is not set" in failed.logs
    assert git_out(old_origin, "for-each-ref", "--format=%(refname)", "refs/heads") == "refs/heads/main\n"
