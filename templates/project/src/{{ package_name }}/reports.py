"""What every evaluation writes the same way: JSON files, figures as PNG files (matplotlib's Agg
backend, no display needed), and the test metrics added to the saved metadata and the tracked run.
"""

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")  # before pyplot is imported anywhere: figures are files, never windows

from matplotlib.axes import Axes  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from .config import Settings  # noqa: E402
from .files import write_text, written_together  # noqa: E402
from .metadata import write_metadata  # noqa: E402
from .tracking import Tracker  # noqa: E402


def new_axes(title: str) -> tuple[Figure, Axes]:
    figure = Figure(figsize=(6, 4.5), layout="constrained")
    axes = figure.add_subplot()
    axes.set_title(title)
    return figure, axes


def save_figures(figures: Mapping[str, Figure], directory: Path) -> list[Path]:
    """Every figure as a PNG file; they replace the previous ones together."""
    with written_together() as staged:
        for name, figure in figures.items():
            figure.savefig(staged.path(directory / f"{name}.png"), dpi=110, format="png")
    return [directory / f"{name}.png" for name in figures]


def write_json(data: Any, path: Path) -> None:
    write_text(path, json.dumps(data, indent=2) + "\n")


def record_test_metrics(
    settings: Settings, metadata: dict[str, Any], metrics: Mapping[str, float]
) -> None:
    """Save the test metrics beside the model's metadata, and add them and reports/ to the run
    that trained it (when tracking is on).
    """
    tested = {**metadata, "metrics": {**metadata["metrics"], "test": dict(metrics)}}
    write_metadata(tested, settings.paths.models)
    tracker = Tracker(settings)
    with tracker.run(run_id=metadata.get("mlflow_run_id")):
        tracker.log_metrics(metrics, prefix="test_")
        tracker.log_artifacts(settings.paths.reports, artifact_path="reports")
