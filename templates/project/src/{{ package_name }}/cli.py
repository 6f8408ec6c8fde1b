"""Project command line: each command loads the settings, calls one stage and reports.

The only module that prints or exits; stages return values and raise ProjectError. In a project
with several tasks, `data`, `train` and `evaluate` run every task unless `--task` names one; the
other commands work on one task, the first unless `--task` names another.
"""

import signal
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer

from .config import DEFAULT_CONFIG_DIR, TASKS, Settings, load_settings
from .errors import ProjectError

app = typer.Typer(
    help="Prepare data, train, evaluate and score with the project's model.", no_args_is_help=True
)
Result = TypeVar("Result")
# How metrics.json names the figures of the models that are not served.
BASELINE_PREFIXES = ("linear", "baseline", "dummy")
ConfigDir = Annotated[
    Path, typer.Option("--config-dir", help="Folder of the *.yaml settings files.")
]
TaskOption = Annotated[
    str | None,
    typer.Option(
        "--task",
        help=f"One of: {', '.join(TASKS)}. "
        "Default: every task for data, train and evaluate; the first for the others.",
        hidden=len(TASKS) == 1,
    ),
]


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
    config_dir: Path, stage: Callable[[Settings], Result], task: str | None = None
) -> Result:
    """Load one task's settings, run a stage, and turn a ProjectError into a message and exit 1."""
    try:
        with sigterm_as_ctrl_c():
            return stage(load_settings(config_dir, task=task))
    except ProjectError as error:
        raise fail(str(error)) from None


def each_task(task: str | None) -> list[str | None]:
    """The tasks a command runs: the one named, else every task (each announced as it starts)."""
    if task is not None or len(TASKS) == 1:
        return [task]
    return list(TASKS)


def announce(each: str | None, named: str | None) -> None:
    if named is None and len(TASKS) > 1:
        typer.secho(f"[{each}]", bold=True)


@app.command()
def data(
    source: Annotated[
        str | None,
        typer.Option(
            help="synthetic, public, or a path: a file, or a folder for multi-file data. "
            "Default: from configs."
        ),
    ] = None,
    task: TaskOption = None,
    config_dir: ConfigDir = DEFAULT_CONFIG_DIR,
) -> None:
    """Load data from a source, validate it, split it and save the splits."""
    from .dataset import prepare_data

    if source not in (None, "synthetic") and task is None and len(TASKS) > 1:
        raise fail(f"--source {source} is one task's data: add --task ({', '.join(TASKS)})")
    for each in each_task(task):
        announce(each, task)
        manifest = run_stage(config_dir, lambda settings: prepare_data(settings, source), each)
        for name, part in manifest["splits"].items():
            figures = ", ".join(f"{key} {shown(value)}" for key, value in part.items())
            typer.echo(f"{name}: {figures}")
        typer.echo(f"prepared from {manifest['source']} ({manifest['raw_file']})")


@app.command()
def train(task: TaskOption = None, config_dir: ConfigDir = DEFAULT_CONFIG_DIR) -> None:
    """Fit the model and baselines on the training split; tune and score them on validation."""
    from .modeling.train import train as run_training

    for each in each_task(task):
        announce(each, task)
        metadata = run_stage(config_dir, run_training, each)
        typer.echo(f"trained {metadata['model']['name']}; on the validation split:")
        for name, value in metadata["metrics"]["validation"].items():
            typer.echo(f"  {name} {shown(value)}")


@app.command()
def evaluate(task: TaskOption = None, config_dir: ConfigDir = DEFAULT_CONFIG_DIR) -> None:
    """Score the test split; write metrics, figures and the model card under reports/."""
    from .modeling.evaluate import evaluate as run_evaluation

    for each in each_task(task):
        announce(each, task)
        metrics, reports = run_stage(
            config_dir, lambda settings: (run_evaluation(settings), settings.paths.reports), each
        )
        typer.echo(
            f"on the test split (the served model, then the others as metrics.json names them; "
            f"all in {reports}/metrics.json):"
        )
        for name in [key for key in metrics if f"baseline_{key}" in metrics]:
            values = ", ".join(
                f"{prefix} {shown(metrics[f'{prefix}_{name}'])}"
                for prefix in BASELINE_PREFIXES
                if f"{prefix}_{name}" in metrics
            )
            typer.echo(f"  {name} {shown(metrics[name])} ({values})")


@app.command()
def predict(
    input_path: Annotated[
        Path | None,
        typer.Option(
            "--input", help="File to score, in the schema of the data. Default: the test split."
        ),
    ] = None,
    output_path: Annotated[
        Path | None,
        typer.Option(
            "--output",
            help="Where to write the predictions CSV. Default: predictions.csv in reports.",
        ),
    ] = None,
    task: TaskOption = None,
    config_dir: ConfigDir = DEFAULT_CONFIG_DIR,
) -> None:
    """Score a file with the saved model."""
    from .modeling.predict import predict_file

    def score(settings: Settings) -> tuple[Path, int]:
        output = output_path or settings.paths.reports / "predictions.csv"
        source = input_path or settings.paths.processed / "test.csv"
        return output, len(predict_file(settings, source, output))

    output, rows = run_stage(config_dir, score, task)
    typer.echo(f"wrote {rows} rows to {output}")


@app.command()
def batch(
    drift: Annotated[
        bool, typer.Option("--drift", help="Draw from a shifted population, to test monitoring.")
    ] = False,
    rows: Annotated[int, typer.Option(min=1, help="Rows in the batch.")] = 1000,
    seed: Annotated[
        int | None, typer.Option(help="Generator seed. Default: the configured seed + 1.")
    ] = None,
    task: TaskOption = None,
    config_dir: ConfigDir = DEFAULT_CONFIG_DIR,
) -> None:
    """Generate a new unlabelled batch into the batches folder (data/batches/)."""
    from .dataset import write_batch

    path = run_stage(
        config_dir,
        lambda settings: write_batch(
            settings, rows, settings.seed + 1 if seed is None else seed, drift
        ),
        task,
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
    task: TaskOption = None,
    config_dir: ConfigDir = DEFAULT_CONFIG_DIR,
) -> None:
    """Compare a batch with the training split; write drift.md and drift.json under reports/."""
    from .monitoring import monitor as run_monitoring

    def check(settings: Settings) -> tuple[dict[str, Any], Path]:
        return run_monitoring(settings, batch_path), settings.paths.reports

    report, reports = run_stage(config_dir, check, task)
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

    from .api.main import create_app

    settings = run_stage(config_dir, lambda settings: settings)
    uvicorn.run(
        create_app(settings),
        host=host or settings.serving.host,
        port=port or settings.serving.port,
        workers=1,
        access_log=False,  # the app logs every request itself, as JSON
    )
