"""Project command line: each command loads the settings, calls one stage and reports.

The only module that prints or exits; stages return values and raise ProjectError.
"""

from collections.abc import Callable
from pathlib import Path
from typing import Annotated, TypeVar

import typer

from .config import DEFAULT_CONFIG_DIR, Settings, load_settings
from .errors import ProjectError

app = typer.Typer(
    help="Prepare data, train, evaluate and score with the project's model.", no_args_is_help=True
)
Result = TypeVar("Result")
ConfigDir = Annotated[
    Path, typer.Option("--config-dir", help="Folder of the *.yaml settings files.")
]


def shown(value: object) -> str:
    """Numbers as a person reads them: 0.8791, 39,600."""
    if isinstance(value, float):
        return f"{value:,.0f}" if abs(value) >= 1000 else f"{value:.4g}"
    return str(value)


def run_stage(config_dir: Path, stage: Callable[[Settings], Result]) -> Result:  # noqa: UP047 (3.11)
    """Load settings, run a stage, and turn a ProjectError into a message and exit code 1."""
    try:
        return stage(load_settings(config_dir))
    except ProjectError as error:
        typer.secho(f"error: {error}", fg=typer.colors.RED, err=True)
        raise typer.Exit(code=1) from None


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
    from .dataset import prepare_data

    manifest = run_stage(config_dir, lambda settings: prepare_data(settings, source))
    for name, part in manifest["splits"].items():
        typer.echo(f"{name}: " + ", ".join(f"{key} {shown(value)}" for key, value in part.items()))
    typer.echo(f"prepared from {manifest['source']} ({manifest['raw_file']})")


@app.command()
def train(config_dir: ConfigDir = DEFAULT_CONFIG_DIR) -> None:
    """Fit the model and baselines on the training split; choose the threshold on validation."""
    from .modeling.train import train as run_training

    metadata = run_stage(config_dir, run_training)
    validation = metadata["metrics"]["validation"]
    typer.echo(f"trained {metadata['model']['name']}; on the validation split:")
    for name, value in validation.items():
        typer.echo(f"  {name} {shown(value)}")


@app.command()
def evaluate(config_dir: ConfigDir = DEFAULT_CONFIG_DIR) -> None:
    """Score the test split; write metrics, figures and the model card under reports/."""
    from .modeling.evaluate import evaluate as run_evaluation

    metrics = run_stage(config_dir, run_evaluation)
    typer.echo("on the test split (model, then its baselines; all in reports/metrics.json):")
    for name in [key for key in metrics if f"baseline_{key}" in metrics]:
        others = [
            metrics[f"{prefix}_{name}"]
            for prefix in ("baseline", "dummy")
            if f"{prefix}_{name}" in metrics
        ]
        typer.echo(
            f"  {name} {shown(metrics[name])} (" + ", ".join(shown(value) for value in others) + ")"
        )


@app.command()
def predict(
    input_path: Annotated[
        Path, typer.Option("--input", help="File to score, in the schema of the data.")
    ],
    output_path: Annotated[
        Path, typer.Option("--output", help="Where to write the predictions CSV.")
    ],
    config_dir: ConfigDir = DEFAULT_CONFIG_DIR,
) -> None:
    """Score a file with the saved model."""
    from .modeling.predict import predict_file

    predictions = run_stage(
        config_dir, lambda settings: predict_file(settings, input_path, output_path)
    )
    typer.echo(f"wrote {len(predictions)} rows to {output_path}")


@app.command()
def batch(
    drift: Annotated[
        bool, typer.Option("--drift", help="Draw from a shifted population, to test monitoring.")
    ] = False,
    rows: Annotated[int, typer.Option(min=1, help="Rows in the batch.")] = 1000,
    seed: Annotated[
        int | None, typer.Option(help="Generator seed. Default: the configured seed + 1.")
    ] = None,
    config_dir: ConfigDir = DEFAULT_CONFIG_DIR,
) -> None:
    """Generate a new unlabelled batch into the batches folder (data/batches/)."""
    from .dataset import write_batch

    path = run_stage(
        config_dir,
        lambda settings: write_batch(
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
    """Compare a batch with the training split; write reports/drift.md and reports/drift.json."""
    from .monitoring import monitor as run_monitoring

    report = run_stage(config_dir, lambda settings: run_monitoring(settings, batch_path))
    drifted = ", ".join(report["drifted_features"]) or "none"
    typer.echo(f"{report['current']}: {report['status']}; drifted features: {drifted}")
    typer.echo("wrote reports/drift.md and reports/drift.json")


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
