"""The contract between the frame and a project: everything the frame calls on the project's behalf.

A project describes itself once, in its `project.py`, as one `Project` object, and hands it to the
frame: the command line (`frame.cli.build_cli`), the service (`frame.api.app.create_app`), batch
scoring (`frame.scoring`) and drift monitoring (`frame.monitoring.monitor`). The frame never
imports a project module by name.

The stages, the service and monitoring are given as functions that build them, so that a project
imports its heavy modules (pandas, scikit-learn, FastAPI) only when a command needs them and
`--help` stays fast. mypy checks that a project's functions fit the types below, its own settings
class in place of `Settings`.
"""

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic

from .settings import Settings

if TYPE_CHECKING:
    import pandas as pd
    import typer
    from fastapi import APIRouter, FastAPI

    from .api.app import ModelLoader
    from .api.deps import ServedModel

Manifest = dict[str, Any]  # what the data stage prepared: source, raw file, rows per split, hashes
Metadata = dict[str, Any]  # what training saved beside the model: version, metrics, schema
Metrics = dict[str, Any]  # the test-split metrics of the served model and of the others


@dataclass(frozen=True, kw_only=True)
class Stages(Generic[Settings]):  # noqa: UP046 (3.11)
    """The pipeline, in the order `make all` runs it; each stage reads and writes files only."""

    prepare_data: Callable[[Settings, str | None], Manifest]  # (settings, source)
    train: Callable[[Settings], Metadata]
    evaluate: Callable[[Settings], Metrics]


@dataclass(frozen=True, kw_only=True)
class Scoring(Generic[Settings]):  # noqa: UP046 (3.11)
    """Batch scoring (frame.scoring, `make score`): the one function the frame maps over the
    partitions of an input, on this machine or on a Dask cluster.

    `score(settings, model, partition)` gives the predictions of one partition: `model` is what
    the service serves (`Serving.load_model`, loaded once and sent to every worker), `partition` a
    frame of input rows in the data's schema (a CSV's values as text, for the schema to
    convert), indexed by their position in their file, so that a schema message names the
    file's row. It must be pure (the same rows give the same predictions, whichever partition
    holds them) and validate what it reads and writes. `together` names a column whose rows must
    stay in one partition (an engine's cycles); the input must keep them next to each other.
    """

    score: Callable[[Settings, "ServedModel[Any]", "pd.DataFrame"], "pd.DataFrame"]
    together: str | None = None


@dataclass(frozen=True, kw_only=True)
class Demo:
    """One form of the demo page the service shows at `/` (frame/api/demo_page.py).

    The page builds the form from the route's entry in the service's OpenAPI (its JSON body, or
    its path and query parameters), fills it with `example` (the JSON body of a POST; the path and
    query values of a GET), sends it, and draws the answer with `renderer`, one of the page's
    ways to show an answer (demo_page.RENDERERS): "probability" (a bar with the threshold and the
    decision, and the reasons as bars), "ranking" (a list of titles with score bars), "estimate"
    (one number on its scale), "classes" (the top classes as probability bars, and the model
    version). `answer` tells the renderer which fields of the answer to read and how to word them
    (demo_page.ROLES lists each renderer's keys). A route taking a multipart form gets a file
    field for each uploaded file; its example is a path of this service that gives a file to
    start with (a sample image), or none.
    """

    title: str  # the tab: "One customer"
    path: str  # the route, as declared: "/predict", "/items/{item_id}/similar"
    method: str = "POST"
    example: Mapping[str, Any]
    renderer: str
    answer: Mapping[str, str] = field(default_factory=dict)
    description: str = ""  # one sentence under the tab's title


@dataclass(frozen=True)
class Serving(Generic[Settings]):  # noqa: UP046 (3.11)
    """The project's prediction routes, how the saved model becomes what they call, and the
    forms of the demo page at `/` (none: the page says there is nothing to try).
    """

    router: "APIRouter"
    load_model: Callable[[Settings], "ServedModel[Any]"]
    demos: Sequence[Demo] = ()


@dataclass(frozen=True, kw_only=True)
class Monitoring(Generic[Settings]):  # noqa: UP046 (3.11)
    """What drift monitoring compares: the training split against a new batch, on these features.

    `write_batch(settings, rows, seed, drifted)` generates a batch to watch (`make batch`), drawn
    from a shifted population when `drifted`. `features(frame, training)` turns raw rows into the
    monitored columns (the training split is given for whatever needs fitting, such as an item's
    popularity). `predictions(settings, frame)`, when given, adds the served model's answers to
    both frames before `features` reads them, for a project that watches what its model says (a
    class mix, a share of unsure answers) and not only its inputs.
    """

    write_batch: Callable[[Settings, int, int, bool], Path]
    reference: Callable[[Settings], "pd.DataFrame"]  # the training split, as prepared
    read_batch: Callable[[Path], "pd.DataFrame"]  # a CSV of new rows, validated
    features: Callable[["pd.DataFrame", "pd.DataFrame"], "pd.DataFrame"]
    numeric: Sequence[str]
    categorical: Sequence[str]
    batch_file: str = "batch.csv"  # the file `make batch` writes into data/batches/
    predictions: Callable[[Settings, "pd.DataFrame"], "pd.DataFrame"] | None = None


# How metrics.json names the models: the served one bare, the others with a prefix (`dummy_pr_auc`).
COMPARED = {"": "served model", "baseline": "other candidate", "dummy": "dummy"}


@dataclass(frozen=True, kw_only=True)
class Reports:
    """What the evaluate stage publishes under reports/ (the project's tests/test_frame.py checks
    that it writes exactly these), and what `make report` shows of it in README.md: the headline
    metrics of metrics.json for the served model and each model in `compared` (prefix to column
    title), and the key figure."""

    figures: Sequence[str]  # file names in reports/figures/
    model_card_sections: Sequence[str]  # the "## " headings of reports/model_card.md, in order
    headline: Sequence[str]  # names in metrics.json, in the order the README shows them
    key_figure: str  # one of `figures`
    compared: Mapping[str, str] = field(default_factory=lambda: dict(COMPARED))


@dataclass(frozen=True, kw_only=True)
class Project(Generic[Settings]):  # noqa: UP046 (3.11)
    """One machine-learning problem: its settings, stages, service, batch scoring, reports and
    drift monitoring (None for a problem whose inputs are not watched: `make batch` and
    `make monitor` say so).
    """

    name: str  # shown by the command line and the service
    settings: type[Settings]
    stages: Callable[[], Stages[Settings]]
    serving: Callable[[], Serving[Settings]]
    scoring: Callable[[], Scoring[Settings]]
    reports: Reports
    monitoring: Callable[[], Monitoring[Settings]] | None

    def cli(self) -> "typer.Typer":
        """The command line (frame.cli), built from this project."""
        from .cli import build_cli

        return build_cli(self)

    def main(self) -> None:
        """The console script, `<package>.project:PROJECT.main`."""
        self.cli()()

    def create_app(
        self, settings: Settings | None = None, loader: "ModelLoader | None" = None
    ) -> "FastAPI":
        """The service (frame.api.app): `uvicorn --factory <package>.project:PROJECT.create_app`.
        `loader` replaces how the model loads (tests use it).
        """
        from .api.app import create_app

        return create_app(self, settings, loader)
