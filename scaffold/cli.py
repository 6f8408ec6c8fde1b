"""The scaffold command line: each command parses, calls one library function and reports.

This is the only module that prints or exits; errors become exit codes in one place, `_reporting`.
"""

from __future__ import annotations

import signal
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from scaffold import __version__, catalog, interrupts
from scaffold.errors import ScaffoldError
from scaffold.interrupts import Interrupted

if TYPE_CHECKING:
    from scaffold.update import UpdateResult

EXIT_CONFLICTS = 3
EXIT_BEHIND = 4

app = typer.Typer(
    name="scaffold",
    help="Generate portfolio-grade machine-learning projects, and keep them up to date with their template.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)
_debug = False


def _say(message: str) -> None:
    typer.echo(message)


def _warn(message: str) -> None:
    typer.echo(message, err=True)


@contextmanager
def _reporting() -> Iterator[None]:
    """Turn every failure into a one-line message and its exit code; a traceback only with --debug."""
    try:
        yield
    except ScaffoldError as error:
        _warn(f"error: {error.message}")
        raise typer.Exit(error.exit_code) from None
    except KeyboardInterrupt as interrupt:
        outcome = interrupt.outcome if isinstance(interrupt, Interrupted) else ""
        _warn(f"error: interrupted: {outcome}" if outcome else "error: interrupted")
        raise typer.Exit(1) from None
    except Exception as error:
        if _debug:
            raise
        _warn(f"error: {type(error).__name__}: {error} (run `scaffold --debug ...` for the traceback)")
        raise typer.Exit(1) from None


def _version_callback(value: bool) -> None:
    if value:
        _say(f"scaffold {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version_callback, is_eager=True, help="Show the version and exit.")
    ] = False,
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks of unexpected errors.")] = False,
) -> None:
    global _debug
    _debug = debug


@app.command("list")
def list_kinds() -> None:
    """List the kinds of project scaffold can generate."""
    width = max(len(kind.name) for kind in catalog.KINDS) + 2
    _say(f"{'KIND':<{width}}WHAT IT BUILDS / WHAT IT SHOWS AN EMPLOYER")
    for kind in catalog.KINDS:
        _say(f"{kind.name:<{width}}{kind.builds}")
        _say(f"{'':<{width}}shows: {kind.shows}")


@app.command()
def new(
    kind: Annotated[str, typer.Argument(help="Kind of project; see `scaffold list`.")],
    dest: Annotated[Path | None, typer.Argument(help="Directory to create (default: ./KIND).")] = None,
    defaults: Annotated[
        bool, typer.Option("--defaults", "-y", help="Accept every default without asking (also without a terminal).")
    ] = False,
    data: Annotated[
        list[str] | None, typer.Option("--data", "-d", metavar="KEY=VALUE", help="Answer a question; repeatable.")
    ] = None,
    no_git: Annotated[bool, typer.Option("--no-git", help="Do not create a git repository.")] = False,
    no_lock: Annotated[bool, typer.Option("--no-lock", help="Do not run `uv lock` in the new project.")] = False,
) -> None:
    """Generate a new project of KIND in DEST."""
    from scaffold.generate import new_project, parse_data

    with interrupts.command() as late:
        with _reporting():
            project = new_project(
                kind,
                dest or Path(kind),
                parse_data(data or []),
                interactive=not defaults,
                use_git=not no_git,
                lock=not no_lock,
            )
        for warning in project.warnings:
            _warn(f"warning: {warning}")
        _say(f"Created {project.kind} project in {project.path} (template {project.ref}).")
        _say("Next steps:")
        _say(f"  cd {project.path}")
        _say("  make setup    # create the environment")
        _say("  make all      # train, evaluate, report, lint and test")
        _say("GUIDE.md has notes for you: what is yours, what to try next, how to keep up with the template.")
        _report_late(late, "the project had been created")


def _report_late(late: list[int], done: str) -> None:
    """A signal that came once the command was past its point of no return: the result stands, and we say so."""
    if late:
        _warn(f"warning: interrupted ({signal.Signals(late[0]).name}) after {done}: the report above is complete")


@app.command()
def update(
    path: Annotated[Path, typer.Argument(help="Project to update.")] = Path(),
    pretend: Annotated[bool, typer.Option("--pretend", help="Show what would change; write nothing.")] = False,
    reanswer: Annotated[bool, typer.Option("--reanswer", help="Ask the questions again.")] = False,
) -> None:
    """Merge the installed template version into a project, keeping your edits."""
    from scaffold.update import update as run_update

    with interrupts.command() as late:
        with _reporting():
            result = run_update(path, pretend=pretend, reanswer=reanswer)
        exit_code = _report_update(result)
        _report_late(late, "the comparison had finished" if pretend else "the update had been applied")
    if exit_code:
        raise typer.Exit(exit_code)


def _report_update(result: UpdateResult) -> int:
    for warning in result.warnings:
        _warn(f"warning: {warning}")
    if not result.changed and result.from_ref == result.to_ref:
        _say(f"Already up to date (template {result.to_ref}).")
        return 0
    verb = "Would update" if result.pretend else "Updated"
    _say(f"{verb} from template {result.from_ref} to {result.to_ref}; files changed:")
    for name in result.changed:
        _say(f"  {name}")
    if result.moved_away:
        _warn("The template changed files your project no longer has (renamed or deleted?); check these by hand:")
        for name in result.moved_away:
            _warn(f"  {name}")
    if result.kept_edited:
        _warn("The template moved or deleted files you had edited; your versions stay where they are:")
        for kept in result.kept_edited:
            _warn(f"  {kept}")
    if result.conflicts:
        _warn("Files left with conflict markers (<<<<<<< / >>>>>>>): resolve them, then commit:")
        for name in result.conflicts:
            _warn(f"  {name}")
        return EXIT_CONFLICTS
    if not result.pretend:
        _say("Review with `git diff`, then commit.")
    return 0


@app.command()
def check(path: Annotated[Path, typer.Argument(help="Project to check.")] = Path()) -> None:
    """Tell whether a project is on the installed template version (exit 4 when behind)."""
    from scaffold.update import project_state

    with _reporting():
        state = project_state(path)
    if state.status == "current":
        _say(f"Up to date: {state.path} is on template {state.installed_ref}.")
        return
    _say(f"Behind: {state.path} is on template {state.project_ref}; {state.installed_ref} is available.")
    _say("Run `scaffold update` to merge it in.")
    raise typer.Exit(EXIT_BEHIND)


def main() -> None:
    app()
