"""What every evaluation writes the same way, all at once: JSON files, figures as PNG files
(matplotlib's Agg backend, no display needed), the model card with the figures embedded, and the
test metrics added to the saved metadata and the tracked run. reports/ is committed, so each file
is the same bytes when the results are the same: no dates, no software versions in the PNGs.
"""

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")  # before pyplot is imported anywhere: figures are files, never windows

from matplotlib.axes import Axes  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from .files import StagedFiles, written_together  # noqa: E402
from .metadata import METADATA_FILE, metadata_text  # noqa: E402
from .settings import ProjectSettings as Settings  # noqa: E402
from .tracking import TEST_PREFIX, Tracker  # noqa: E402

FIGURES_SECTION = "Figures"  # the model card's last section: every figure, embedded


def new_axes(title: str) -> tuple[Figure, Axes]:
    figure = Figure(figsize=(6, 4.5), layout="constrained")
    axes = figure.add_subplot()
    axes.set_title(title)
    return figure, axes


def save_figures(figures: Mapping[str, Figure], directory: Path, staged: StagedFiles) -> None:
    """Stage every figure as a PNG file in `directory`."""
    for name, figure in figures.items():
        figure.savefig(
            staged.path(directory / f"{name}.png"),
            dpi=110,
            format="png",
            metadata={"Software": None},  # the same figure is the same file, whatever ran it
        )


def with_figures(card: str, names: list[str], folder: str) -> str:
    """The model card with a last section that shows every figure (links relative to the card,
    so that they render on GitHub and in any Markdown viewer)."""
    images = [f"![{name.replace('_', ' ')}]({folder}/{name}.png)" for name in names]
    return "\n\n".join([card.rstrip("\n"), f"## {FIGURES_SECTION}", *images]) + "\n"


def write_json(data: Any, path: Path) -> None:
    path.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")


def write_evaluation(
    settings: Settings,
    metadata: dict[str, Any],
    metrics: Mapping[str, float],
    details: Mapping[str, Any],
    figures: Mapping[str, Figure],
    card: str,
) -> None:
    """Write what an evaluation produces: metrics.json and the other JSON files in `details`
    (name to data) under reports/, the figures, the model card, and the test metrics into the
    model's metadata; all replace the previous ones together (the metadata last), or none does.
    Then log the metrics and reports/ to MLflow (when tracking is on): into the run that trained
    the model the first time, into a run of their own linked to it afterwards.
    """
    reports = settings.paths.reports
    tested = {**metadata, "metrics": {**metadata["metrics"], "test": dict(metrics)}}
    with written_together() as staged:
        for name, data in {"metrics.json": metrics, **details}.items():
            write_json(data, staged.path(reports / name))
        save_figures(figures, settings.paths.figures, staged)
        folder = settings.paths.figures.relative_to(reports).as_posix()
        staged.path(reports / "model_card.md").write_text(
            with_figures(card, list(figures), folder), encoding="utf-8"
        )
        staged.path(settings.paths.models / METADATA_FILE).write_text(
            metadata_text(tested), encoding="utf-8"
        )
    tracker = Tracker(settings)
    with tracker.evaluation_run(metadata.get("mlflow_run_id")):
        tracker.log_metrics(metrics, prefix=TEST_PREFIX)
        tracker.log_artifacts(reports, artifact_path="reports")
