"""`scaffold new`, `list`, `--version`, `--help`: messages, exit codes, and what lands on disk."""

from __future__ import annotations

import os
import re
import shutil
import signal
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from scaffold import __version__, catalog, generate, store
from tests.conftest import REPO, git_out, run, set_git_identity


def _answers(project: Path) -> dict[str, object]:
    return yaml.safe_load((project / ".copier-answers.yml").read_text())


def test_version() -> None:
    result = run("--version")
    assert result.exit_code == 0
    assert result.output.strip() == f"scaffold {__version__}"


@pytest.mark.parametrize("command", [[], ["list"], ["new"], ["update"], ["check"]])
def test_every_command_has_help(command: list[str]) -> None:
    result = run(*command, "--help")
    assert result.exit_code == 0
    assert "Usage:" in result.output


def test_no_arguments_shows_the_commands() -> None:
    result = run()
    for command in ("new", "list", "update", "check"):
        assert command in result.output


def test_list_shows_every_kind_with_what_it_builds_and_shows() -> None:
    result = run("list")
    assert result.exit_code == 0
    for kind in catalog.KINDS:
        assert kind.name in result.output
        assert kind.builds in result.output
        assert kind.shows in result.output


def test_new_with_defaults_commits_a_complete_project(workdir: Path) -> None:
    result = run("new", "churn-predictor", "--defaults", "--no-lock")
    assert result.exit_code == 0, result.output
    project = workdir / "churn-predictor"
    assert (project / "src" / "churn_predictor" / "dataset.py").is_file()
    assert f"Created churn-predictor project in {project}" in result.output
    assert f"cd {project}" in result.output
    assert git_out(project, "log", "--format=%s") == (
        f"Start churn-predictor from the scaffold churn-predictor template {__version__}\n"
    )
    assert git_out(project, "status", "--porcelain") == ""
    answers = _answers(project)
    assert answers["_src_path"] == store.STORE_SOURCE
    assert answers["_commit"] == store.ensure_ref(store.TemplateSource.installed())
    assert answers["project_kind"] == "churn-predictor"
    assert stat.S_IMODE(project.stat().st_mode) & 0o055 == 0o055, "the directory follows the umask, not 0700"
    assert [p.name for p in workdir.iterdir()] == ["churn-predictor"], "no temporary directory left"


def test_new_without_git_identity_uses_a_fallback_for_that_commit_only(workdir: Path) -> None:
    assert run("new", "churn-predictor", "-y", "--no-lock").exit_code == 0
    project = workdir / "churn-predictor"
    assert git_out(project, "log", "--format=%an <%ae>").strip() == "scaffold <scaffold@localhost>"
    assert git_out(project, "config", "--local", "--list").find("user.") == -1


def test_new_uses_the_git_identity_for_the_commit_and_author_defaults(workdir: Path, new_user: Path) -> None:
    set_git_identity(new_user)
    assert run("new", "churn-predictor", "-y", "--no-lock").exit_code == 0
    project = workdir / "churn-predictor"
    assert git_out(project, "log", "--format=%an <%ae>").strip() == "Ada Lovelace <ada@example.com>"
    assert _answers(project)["author_name"] == "Ada Lovelace"
    assert (
        'authors = [{ name = "Ada Lovelace", email = "ada@example.com" }]' in (project / "pyproject.toml").read_text()
    )


def test_new_into_a_named_destination_takes_its_name(workdir: Path) -> None:
    result = run("new", "churn-predictor", "telco-churn", "-y", "--no-lock")
    assert result.exit_code == 0, result.output
    answers = _answers(workdir / "telco-churn")
    assert (answers["project_name"], answers["package_name"]) == ("telco-churn", "telco_churn")
    assert (workdir / "telco-churn" / "src" / "telco_churn" / "__init__.py").is_file()


def test_new_with_data_answers(workdir: Path) -> None:
    result = run(
        "new", "churn-predictor", "proj", "-y", "--no-lock",
        "-d", "project_name=bank-churn", "-d", "package_name=bankchurn", "-d", 'description=Who leaves "the bank"',
        "-d", "author_name=Grace Hopper", "-d", "author_email=grace@example.com", "-d", "license=Apache-2.0",
        "-d", "python_version=3.12",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    project = workdir / "proj"
    pyproject = (project / "pyproject.toml").read_text()
    assert 'name = "bank-churn"' in pyproject
    assert 'description = "Who leaves \\"the bank\\""' in pyproject
    assert 'requires-python = ">=3.12"' in pyproject
    assert (project / "src" / "bankchurn").is_dir()
    assert (project / "LICENSE").read_text().lstrip().startswith("Apache License")


LOCAL_LOCK = """[[package]]
name = "torch"
version = "2.13.0+cpu"
source = { registry = "/tmp/scaffold-torch-index" }
wheels = [
    { path = "/opt/wheels/torch-2.13.0+cpu-cp311-cp311-manylinux_2_28_x86_64.whl", hash = "sha256:00" },
]
"""
REMOTE_LOCK = LOCAL_LOCK.replace(
    'registry = "/tmp/scaffold-torch-index"', 'registry = "https://download.pytorch.org/whl/cpu"'
)
REMOTE_LOCK = REMOTE_LOCK.replace('path = "/opt/wheels/', 'url = "https://download.pytorch.org/whl/cpu/')


@pytest.mark.parametrize("lock", [LOCAL_LOCK, REMOTE_LOCK])
def test_a_lock_that_installs_from_local_files_is_never_committed(
    workdir: Path, monkeypatch: pytest.MonkeyPatch, lock: str
) -> None:
    """Where a package index is a folder on this machine (the tool's CI stands one in for PyTorch's), the lock
    names it: the project keeps that lock, out of git, and says why; a lock of remote packages is committed."""

    def lock_dependencies(project: Path) -> list[str]:
        (project / "uv.lock").write_text(lock)
        return []

    monkeypatch.setattr(generate, "lock_dependencies", lock_dependencies)
    result = run("new", "churn-predictor", "--defaults")
    assert result.exit_code == 0, result.output
    project = workdir / "churn-predictor"
    assert (project / "uv.lock").read_text() == lock
    assert git_out(project, "status", "--porcelain") == ""
    committed = "uv.lock" in git_out(project, "ls-files").split()
    warned = "warning: uv.lock installs from files on this machine (/tmp/scaffold-torch-index)" in result.output
    assert (committed, warned) == ((False, True) if lock == LOCAL_LOCK else (True, False)), result.output


def test_new_without_git_generates_and_warns(workdir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real_which = generate.shutil.which
    monkeypatch.setattr(generate.shutil, "which", lambda name: None if name == "git" else real_which(name))
    result = run("new", "churn-predictor", "-y", "--no-lock")
    assert result.exit_code == 0, result.output
    assert "warning: git is not installed" in result.output
    assert "scaffold update" in result.output
    project = workdir / "churn-predictor"
    assert not (project / ".git").exists()
    answers = _answers(project)
    assert (answers["_src_path"], answers["_commit"]) == (store.STORE_SOURCE, f"v{__version__}")


def test_no_git_option_skips_the_repository(workdir: Path) -> None:
    assert run("new", "churn-predictor", "-y", "--no-git", "--no-lock").exit_code == 0
    assert not (workdir / "churn-predictor" / ".git").exists()
    assert _answers(workdir / "churn-predictor")["_src_path"] == store.STORE_SOURCE


def test_user_copier_settings_do_not_change_the_output(workdir: Path, new_user: Path) -> None:
    settings = new_user / ".config" / "copier" / "settings.yml"
    settings.parent.mkdir(parents=True)
    settings.write_text("defaults:\n  author_name: Someone Else\n  license: BSD-3-Clause\n")
    assert run("new", "churn-predictor", "-y", "--no-lock").exit_code == 0
    answers = _answers(workdir / "churn-predictor")
    assert (answers["author_name"], answers["license"]) == ("Your Name", "MIT")


def test_unknown_kind_lists_kinds_and_suggests_the_closest(workdir: Path) -> None:
    result = run("new", "churn-predicter", "-y")
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        f"error: unknown kind 'churn-predicter': did you mean churn-predictor? kinds: {', '.join(catalog.kind_names())}"
    )
    assert list(workdir.iterdir()) == []


HOSTILE = [
    ("project_name=../evil", "must not contain path separators"),
    ("project_name=a/b", "must not contain path separators"),
    ("project_name=a..b", "must not contain '..'"),
    ("project_name={{ 7*7 }}", "must not contain Jinja delimiters"),
    ("project_name={% raw %}", "must not contain Jinja delimiters"),
    ("project_name=x;rm -rf ~", "must not contain shell metacharacters"),
    ("project_name=$(whoami)", "must not contain shell metacharacters"),
    ("project_name=My Project", "use lowercase letters"),
    ("project_name=class", "is a Python keyword"),
    ("project_name=json", "would shadow a standard-library or dependency module"),
    ("package_name=json", "would shadow a standard-library or dependency module"),
    ("package_name=pandas", "would shadow a standard-library or dependency module"),
    ("package_name=lambda", "is a Python keyword"),
    ("package_name=1churn", "use lowercase letters, digits and underscores"),
    ("package_name=churn-model", "use lowercase letters, digits and underscores"),
    ("description=two\nlines", "must be a single line"),
    ("author_email=nobody", "must be an e-mail address"),
    ("license=GPL-3.0", "must be one of MIT, Apache-2.0, BSD-3-Clause"),
    ("python_version=2.7", "must be one of 3.11, 3.12, 3.13"),
    ("colour=blue", "unknown question"),
    ("project_kind=churn-predictor", "give the kind as the KIND argument"),
    ("no-equals-sign", "expected KEY=VALUE"),
]


@pytest.mark.parametrize(("data", "message"), HOSTILE, ids=[item[0].split("=")[0] + ":" + item[1] for item in HOSTILE])
def test_hostile_answers_are_refused_and_nothing_is_written(
    workdir: Path, new_user: Path, data: str, message: str
) -> None:
    result = run("new", "churn-predictor", "dest", "-y", "--no-lock", "--data", data)
    assert result.exit_code == 2, result.output
    assert message in result.stderr
    assert result.stderr.startswith("error: ") and len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.output
    assert list(workdir.iterdir()) == []
    assert not (new_user / ".cache").exists(), "refused before touching the template store"


def test_a_non_empty_destination_is_refused_and_left_alone(workdir: Path) -> None:
    (workdir / "taken").mkdir()
    (workdir / "taken" / "notes.txt").write_text("mine")
    result = run("new", "churn-predictor", "taken", "-y", "--no-lock")
    assert result.exit_code == 2
    assert "already exists and is not empty" in result.stderr
    assert [p.name for p in (workdir / "taken").iterdir()] == ["notes.txt"]


def test_an_empty_destination_is_used(workdir: Path) -> None:
    (workdir / "empty").mkdir()
    assert run("new", "churn-predictor", "empty", "-y", "--no-lock").exit_code == 0
    assert (workdir / "empty" / "README.md").is_file()


def test_a_missing_parent_is_refused(workdir: Path) -> None:
    result = run("new", "churn-predictor", "no/such/place", "-y", "--no-lock")
    assert result.exit_code == 2
    assert "does not exist" in result.stderr
    assert list(workdir.iterdir()) == []


def test_a_failure_while_committing_leaves_nothing(workdir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken_commit(path: Path, message: str) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(generate.git, "commit_all", broken_commit)
    result = run("new", "churn-predictor", "-y", "--no-lock")
    assert result.exit_code == 1
    assert result.stderr.strip() == "error: OSError: disk full (run `scaffold --debug ...` for the traceback)"
    assert list(workdir.iterdir()) == []


def test_ctrl_c_while_rendering_leaves_nothing(workdir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real_render = generate._render

    def interrupted(src: str, dst: Path, *args: object) -> None:
        real_render(src, dst, *args)  # type: ignore[arg-type]
        assert (dst / "README.md").is_file()
        raise KeyboardInterrupt

    monkeypatch.setattr(generate, "_render", interrupted)
    result = run("new", "churn-predictor", "-y", "--no-lock")
    assert result.exit_code == 1
    assert result.stderr.strip() == "error: interrupted: nothing was changed"
    assert list(workdir.iterdir()) == []


def test_debug_shows_the_traceback(workdir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(generate.git, "commit_all", lambda path, message: 1 / 0)
    result = run("--debug", "new", "churn-predictor", "-y", "--no-lock")
    assert result.exit_code == 1
    assert isinstance(result.exception, ZeroDivisionError)
    assert list(workdir.iterdir()) == []


@pytest.mark.parametrize("target", ["empty-folder", "missing"], ids=["link to an empty folder", "dangling link"])
def test_a_destination_that_is_a_symbolic_link_is_refused(workdir: Path, target: str) -> None:
    (workdir / "empty-folder").mkdir()
    (workdir / "proj").symlink_to(workdir / target)
    result = run("new", "churn-predictor", "proj", "-y", "--no-lock")
    assert result.exit_code == 2, result.output
    assert (
        result.stderr.strip() == f"error: {workdir / 'proj'} is a symbolic link: choose a directory that is not a link"
    )
    assert sorted(p.name for p in workdir.iterdir()) == ["empty-folder", "proj"]
    assert (workdir / "proj").is_symlink() and list((workdir / "empty-folder").iterdir()) == []


def test_the_longest_name_the_file_system_allows_works_and_a_longer_one_is_refused(workdir: Path) -> None:
    longest = "p" * os.pathconf(workdir, "PC_NAME_MAX")
    result = run("new", "churn-predictor", longest, "-y", "--no-lock")
    assert result.exit_code == 0, result.output
    assert (workdir / longest / "README.md").is_file()

    result = run("new", "churn-predictor", longest + "q", "-y", "--no-lock")
    assert result.exit_code == 2, result.output
    assert result.stderr.strip() == (
        f"error: {'p' * 20}... is a {len(longest) + 1}-byte name; this file system allows {len(longest)}: "
        "choose a shorter one"
    )
    assert [p.name for p in workdir.iterdir()] == [longest]


@pytest.fixture
def read_only_folder(workdir: Path) -> Iterator[Path]:
    folder = workdir / "read-only"
    folder.mkdir()
    if os.geteuid() == 0:  # root writes anywhere chmod forbids; only the immutable attribute stops it
        if shutil.which("chattr") is None or subprocess.run(["chattr", "+i", str(folder)]).returncode != 0:
            pytest.skip("no way to make a folder read-only for root here")
        yield folder
        subprocess.run(["chattr", "-i", str(folder)], check=True)
    else:
        folder.chmod(0o555)
        yield folder
        folder.chmod(0o755)


def test_a_read_only_parent_is_refused(read_only_folder: Path) -> None:
    result = run("new", "churn-predictor", str(read_only_folder / "proj"), "-y", "--no-lock")
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith(f"error: cannot write in {read_only_folder} (")
    assert result.stderr.strip().endswith("): choose another destination")
    assert len(result.stderr.strip().splitlines()) == 1
    assert list(read_only_folder.iterdir()) == []


def _new_with_a_signal(workdir: Path, at: str, signal_name: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "SCAFFOLD_TEST_AT": at, "SCAFFOLD_TEST_SIGNAL": signal_name}
    command = [sys.executable, "-m", "tests.interrupt_hook", "new", "churn-predictor", str(workdir / "proj"), "-y"]
    result = subprocess.run([*command, "--no-lock"], cwd=REPO, env=env, capture_output=True, text=True, timeout=300)
    assert f"test: {signal_name} at {at} #1" in result.stderr, result.stderr
    return result


def test_a_killed_new_leaves_a_folder_that_the_next_run_removes(workdir: Path) -> None:
    killed = _new_with_a_signal(workdir, "write:.proj.scaffold-", "SIGKILL")
    assert killed.returncode == -signal.SIGKILL
    [left] = workdir.iterdir()
    assert left.name.startswith(f".proj.scaffold-{left.name.split('-')[1]}-")
    alive = workdir / f".other.scaffold-{os.getpid()}-abcdefgh"  # a run still going on (this process)
    alive.mkdir()

    result = run("new", "churn-predictor", "proj", "-y", "--no-lock")

    assert result.exit_code == 0, result.output
    pid = left.name.split("-")[1]
    assert f"warning: removed {left}, left by a `scaffold new` that was stopped (its process {pid} is gone)\n" in (
        result.stderr
    )
    assert sorted(p.name for p in workdir.iterdir()) == [alive.name, "proj"]


def test_ctrl_c_after_the_project_is_in_place_still_reports_it(workdir: Path) -> None:
    result = _new_with_a_signal(workdir, f"rename:{workdir / 'proj'}", "SIGINT")
    assert result.returncode == 0, result.stderr
    assert f"Created churn-predictor project in {workdir / 'proj'}" in result.stdout
    assert result.stderr.strip().splitlines()[-1] == (
        "warning: interrupted (SIGINT) after the project had been created: the report above is complete"
    )
    assert [p.name for p in workdir.iterdir()] == ["proj"]
    assert git_out(workdir / "proj", "status", "--porcelain") == ""


def test_sigterm_while_rendering_leaves_nothing(workdir: Path) -> None:
    result = _new_with_a_signal(workdir, "write:.proj.scaffold-", "SIGTERM")
    assert result.returncode == 1
    assert result.stderr.strip().splitlines()[-1] == "error: interrupted: nothing was changed"
    assert list(workdir.iterdir()) == []


def test_ctrl_c_during_the_rename_outside_the_cli_says_the_project_stands(
    workdir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_rename = Path.rename

    def rename_and_ctrl_c(self: Path, target: Path) -> Path:
        os.kill(os.getpid(), signal.SIGINT)  # held until the rename is done
        return real_rename(self, target)

    monkeypatch.setattr(Path, "rename", rename_and_ctrl_c)
    with pytest.raises(KeyboardInterrupt) as raised:
        generate.new_project("churn-predictor", workdir / "proj", {}, interactive=False, lock=False)
    assert getattr(raised.value, "outcome", "") == f"the project had been created in {workdir / 'proj'}"
    assert (workdir / "proj" / "README.md").is_file()
    assert [p.name for p in workdir.iterdir()] == ["proj"]


def test_each_project_draws_its_own_seed_and_records_it(workdir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(generate.secrets, "randbelow", lambda limit: 1233)
    assert run("new", "churn-predictor", "drawn", "--defaults", "--no-lock").exit_code == 0
    assert _answers(workdir / "drawn")["seed"] == 1234
    assert re.search(r"^seed: 1234 ", (workdir / "drawn" / "configs" / "data.yaml").read_text(), re.MULTILINE)
    assert "(seed 1234, in `configs/data.yaml`)" in (workdir / "drawn" / "README.md").read_text()
    monkeypatch.undo()
    assert len({generate.draw_seed() for _ in range(20)}) > 1, "random, not fixed"


def test_a_seed_given_at_new_is_the_projects(workdir: Path) -> None:
    assert run("new", "churn-predictor", "fixed", "--defaults", "--no-lock", "-d", "seed=7").exit_code == 0
    assert _answers(workdir / "fixed")["seed"] == 7
    assert re.search(r"^seed: 7 ", (workdir / "fixed" / "configs" / "data.yaml").read_text(), re.MULTILINE)


@pytest.mark.parametrize("seed", ["-1", "seven", "4294967296"])
def test_a_seed_that_is_not_a_whole_number_in_range_is_refused(workdir: Path, seed: str) -> None:
    result = run("new", "churn-predictor", "bad", "--defaults", "--no-lock", "-d", f"seed={seed}")
    assert result.exit_code == 2
    assert "must be a whole number from 0 to 4294967295" in result.output
    assert not (workdir / "bad").exists()
