"""The command line every project shares: each command loads the settings, calls one of the
project's stages and reports. `build_cli(PROJECT)` builds it from the project's contract.

The only module that prints or exits; stages return values and raise ProjectError.
"""

import signal
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer

from .contract import Manifest, Monitoring, Project
from .errors import ProjectError
from .scoring import EXECUTORS, PARTITION_ROWS
from .settings import DEFAULT_CONFIG_DIR, ProjectSettings, load_settings

Result = TypeVar("Result")
# How metrics.json names the figures of the models that are not served.
BASELINE_PREFIXES = ("baseline", "dummy")
ConfigDir = Annotated[
    Path, typer.Option("--config-dir", help="Folder of the *.yaml settings files.")
]


@dataclass(frozen=True)
class Target:
    """What one run of a command works on: a project, its settings, and a label to announce."""

    project: Project[Any]
    load: Callable[[Path], ProjectSettings]  # the settings, from a folder of YAML files
    label: str = ""


# The targets of a command: every one (`True`, for data, train and evaluate) or the default one.
Selection = Callable[[bool], list[Target]]


def single(project: Project[Any]) -> Selection:
    target = Target(project, lambda config_dir: load_settings(project.settings, config_dir))
    return lambda every: [target]


def shown(value: object) -> str:
    """Numbers as a person reads them: 0.8791, 39,600."""
    if isinstance(value, float):
        return f"{value:,.0f}" if abs(value) >= 1000 else f"{value:.4g}"
    return str(value)


def fail(message: str) -> typer.Exit:
    typer.secho(f"error: {message}", fg=typer.colors.RED, err=True)
    return typer.Exit(code=1)


@contextmanager
def sigterm_as_ctrl_c() -> Iterator[None]:
    """SIGTERM (`kill`, a cancelled CI job) stops a stage as Ctrl-C does: with an exception, so
    that the stage removes its temporary files and leaves its previous outputs in place.
    """

    def interrupt(_signal: int, _frame: object) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous if previous is not None else signal.SIG_DFL)


def run_stage(  # noqa: UP047 (3.11)
    target: Target, config_dir: Path, stage: Callable[[Any], Result]
) -> Result:
    """Load the target's settings, run a stage with the configured number of threads; a
    ProjectError becomes a message and exit 1.
    """
    from .compute import limited_threads

    try:
        with sigterm_as_ctrl_c():
            settings = target.load(config_dir)
            with limited_threads(settings.compute):
                return stage(settings)
    except ProjectError as error:
        raise fail(str(error)) from None


def announced(targets: list[Target]) -> Iterator[Target]:
    """Each target in turn, its label printed first when there are several."""
    for target in targets:
        if len(targets) > 1:
            typer.secho(f"[{target.label}]", bold=True)
        yield target


def watched(target: Target) -> Monitoring[Any]:
    """What drift monitoring watches in the target; one line and exit 1 when it watches nothing."""
    if target.project.monitoring is None:
        raise fail(f"{target.label or target.project.name} has no drift monitoring")
    return target.project.monitoring()


def build_cli(
    project: Project[Any], select: Selection | None = None, choice: str = ""
) -> typer.Typer:
    """The command line of a project: data, train, evaluate, report, score, batch, monitor,
    serve.

    `select` and `choice` serve a project of several models, each described by its own
    `Project`: which of them a command runs, and the option that picks one.
    """
    chosen = select or single(project)
    app = typer.Typer(
        help=f"{project.name}: prepare data, train, evaluate and score with the model.",
        no_args_is_help=True,
    )

    @app.command()
    def data(
        source: Annotated[
            str | None,
            typer.Option(
                help="synthetic, public, or a path: a file, or a folder for multi-file data. "
                "Default: from configs."
            ),
        ] = None,
        config_dir: ConfigDir = DEFAULT_CONFIG_DIR,
    ) -> None:
        """Load data from a source, validate it, split it and save the splits."""
        targets = chosen(True)
        if source not in (None, "synthetic") and len(targets) > 1:
            labels = ", ".join(target.label for target in targets)
            raise fail(f"--source {source} is one {choice}'s data: add --{choice} ({labels})")
        for target in announced(targets):
            prepare = target.project.stages().prepare_data

            def from_source(
                settings: ProjectSettings, prepare: Callable[[Any, str | None], Manifest] = prepare
            ) -> Manifest:
                return prepare(settings, source)

            manifest = run_stage(target, config_dir, from_source)
            for name, part in manifest["splits"].items():
                figures = ", ".join(f"{key} {shown(value)}" for key, value in part.items())
                typer.echo(f"{name}: {figures}")
            typer.echo(f"prepared from {manifest['source']} ({manifest['raw_file']})")

    @app.command()
    def train(config_dir: ConfigDir = DEFAULT_CONFIG_DIR) -> None:
        """Fit the model and baselines on the training split; tune and score them on validation."""
        for target in announced(chosen(True)):
            metadata = run_stage(target, config_dir, target.project.stages().train)
            typer.echo(f"trained {metadata['model']['name']}; on the validation split:")
            for name, value in metadata["metrics"]["validation"].items():
                typer.echo(f"  {name} {shown(value)}")

    @app.command()
    def evaluate(config_dir: ConfigDir = DEFAULT_CONFIG_DIR) -> None:
        """Score the test split; write metrics, figures and the model card under reports/."""
        for target in announced(chosen(True)):
            stage = target.project.stages().evaluate

            def judged(settings: ProjectSettings, stage: Callable[[Any], Any] = stage) -> Any:
                # Under other settings than training's, the threshold, the card and the costs
                # would contradict each other: refuse before anything is written.
                from .metadata import check_trained_with, read_metadata

                check_trained_with(settings, read_metadata(settings.paths.models))
                return stage(settings)

            metrics = run_stage(target, config_dir, judged)
            reports = target.load(config_dir).paths.reports
            typer.echo(
                "on the test split (the served model, then the others as metrics.json names "
                f"them; all in {reports}/metrics.json):"
            )
            for name in [key for key in metrics if f"baseline_{key}" in metrics]:
                values = ", ".join(
                    f"{prefix} {shown(metrics[f'{prefix}_{name}'])}"
                    for prefix in BASELINE_PREFIXES
                    if f"{prefix}_{name}" in metrics
                )
                typer.echo(f"  {name} {shown(metrics[name])} ({values})")

    @app.command()
    def score(
        input_path: Annotated[
            Path,
            typer.Option(
                "--input",
                help="A .csv or .parquet file in the schema of the data, or a folder of them.",
            ),
        ],
        output_path: Annotated[
            Path,
            typer.Option("--output", help="Where to write the predictions: .csv or .parquet."),
        ],
        executor: Annotated[
            str,
            typer.Option(
                help="local (this process) or dask (the cluster at DASK_SCHEDULER_ADDRESS, "
                "else one started on this machine)."
            ),
        ] = "local",
        partition_rows: Annotated[
            int, typer.Option(min=1, help="Rows per partition: what one worker holds at a time.")
        ] = PARTITION_ROWS,
        config_dir: ConfigDir = DEFAULT_CONFIG_DIR,
    ) -> None:
        """Score a file or a folder of files with the saved model, partition by partition."""
        from .scoring import score_batch

        if executor not in EXECUTORS:
            raise fail(f"--executor must be one of {', '.join(EXECUTORS)}, not {executor}")
        target = chosen(False)[0]
        scored = run_stage(
            target,
            config_dir,
            lambda settings: score_batch(
                target.project, settings, input_path, output_path, executor, partition_rows
            ),
        )
        parts = f"{scored.partitions:,} partition{'' if scored.partitions == 1 else 's'}"
        typer.echo(
            f"scored {scored.rows_in:,} rows ({parts}, {executor}); "
            f"wrote {scored.rows_out:,} rows to {scored.output}"
        )

    @app.command()
    def batch(
        drift: Annotated[
            bool,
            typer.Option("--drift", help="Draw from a shifted population, to test monitoring."),
        ] = False,
        rows: Annotated[int, typer.Option(min=1, help="Rows in the batch.")] = 1000,
        seed: Annotated[
            int | None, typer.Option(help="Generator seed. Default: the configured seed + 1.")
        ] = None,
        config_dir: ConfigDir = DEFAULT_CONFIG_DIR,
    ) -> None:
        """Generate a new unlabelled batch into the batches folder (data/batches/)."""
        target = chosen(False)[0]
        stage = watched(target).write_batch
        path = run_stage(
            target,
            config_dir,
            lambda settings: stage(
                settings, rows, settings.seed + 1 if seed is None else seed, drift
            ),
        )
        typer.echo(f"wrote {rows} {'drifted ' if drift else ''}rows to {path}")

    @app.command()
    def monitor(
        batch_path: Annotated[
            Path | None,
            typer.Option(
                "--batch",
                help="CSV in the data schema, or the prediction log (.jsonl). "
                "Default: the generated batch, else the prediction log.",
            ),
        ] = None,
        config_dir: ConfigDir = DEFAULT_CONFIG_DIR,
    ) -> None:
        """Compare a batch with the training split; write drift.md and drift.json under reports/."""
        from .monitoring import monitor as run_monitoring

        target = chosen(False)[0]
        monitoring = watched(target)

        def check(settings: ProjectSettings) -> tuple[dict[str, Any], Path]:
            return run_monitoring(settings, monitoring, batch_path), settings.paths.reports

        report, reports = run_stage(target, config_dir, check)
        drifted = ", ".join(report["drifted_features"]) or "none"
        typer.echo(f"{report['current']}: {report['status']}; drifted features: {drifted}")
        typer.echo(f"wrote {reports}/drift.md and {reports}/drift.json")

    @app.command()
    def serve(
        host: Annotated[str | None, typer.Option(help="Default: serving.host.")] = None,
        port: Annotated[int | None, typer.Option(help="Default: serving.port.")] = None,
        config_dir: ConfigDir = DEFAULT_CONFIG_DIR,
    ) -> None:
        """Serve the saved model over HTTP with uvicorn (one worker); logs are JSON lines."""
        import uvicorn

        from .api.app import create_app

        target = chosen(False)[0]
        settings = run_stage(target, config_dir, lambda settings: settings)
        uvicorn.run(  # the app limits the threads itself, in its lifespan
            create_app(project, settings),
            host=host or settings.serving.host,
            port=port or settings.serving.port,
            workers=1,
            access_log=False,  # the app logs every request itself, as JSON
        )

    @app.command()
    def report(
        check: Annotated[
            bool,
            typer.Option(
                "--check", help="Write nothing; fail when README.md differs from reports/."
            ),
        ] = False,
        summary: Annotated[
            Path | None,
            typer.Option(help="Also append the results to this Markdown file (a CI job summary)."),
        ] = None,
        config_dir: ConfigDir = DEFAULT_CONFIG_DIR,
    ) -> None:
        """Write the test results under reports/ into README.md, between its results markers."""
        from .results import collect, current_section, write_section

        targets = chosen(True)
        try:
            models = [
                (target.label, target.project.reports, target.load(config_dir))
                for target in targets
            ]
            readme = models[0][2].paths.root / "README.md"
            content = collect(models, required=not check)
            if check:
                if current_section(readme) != content:
                    raise ProjectError(
                        f"the results in {readme} differ from reports/: run make report and commit"
                    )
                typer.echo(f"the results in {readme} match reports/")
                return
            changed = write_section(readme, content)
        except ProjectError as error:
            raise fail(str(error)) from None
        if summary is not None:
            tables = [line for line in content.splitlines() if not line.startswith("![")]
            with summary.open("a", encoding="utf-8") as stream:  # figures do not render there
                stream.write("## Results\n\n" + "\n".join(tables) + "\n")
        typer.echo(f"{'wrote' if changed else 'kept'} the results in {readme}")

    return app
