"""A model is judged only under the settings it was trained with, and every stage runs with the
configured number of threads: both through the command line every project shares, on a tiny
project whose stages write a few files.
"""

import json
import os
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
import yaml
from fastapi import APIRouter
from frame.api.deps import ServedModel
from frame.cli import build_cli
from frame.compute import THREAD_VARIABLES, thread_count
from frame.contract import Project, Reports, Scoring, Serving, Stages
from frame.metadata import build_metadata, save_model
from frame.settings import ComputeSettings, EstimatorSettings, ProjectSettings, Section
from threadpoolctl import threadpool_info
from typer.testing import CliRunner

RUNNER = CliRunner()


class CostSettings(Section):
    false_negative: float
    false_positive: float


class EvaluationSettings(Section):
    costs: CostSettings


class TinySettings(ProjectSettings):
    model: EstimatorSettings
    evaluation: EvaluationSettings


def train(settings: TinySettings) -> dict[str, Any]:
    settings.paths.models.mkdir(parents=True, exist_ok=True)
    metadata = build_metadata(
        settings=settings,
        data_sha256="0" * 64,
        features=pd.DataFrame({"amount": [1.0]}),
        extra={"model": {"name": settings.model.name}, "metrics": {"validation": {"score": 0.5}}},
    )
    save_model({"weights": [1.0]}, {}, metadata, settings.paths.models)
    return metadata


def evaluate(settings: TinySettings) -> dict[str, Any]:
    settings.paths.reports.mkdir(parents=True, exist_ok=True)
    metrics = {"cost": settings.evaluation.costs.false_negative}
    (settings.paths.reports / "metrics.json").write_text(json.dumps(metrics), encoding="utf-8")
    return metrics


def unused(*_: Any) -> Any:
    raise AssertionError("not called by these tests")


def tiny_project(stage_seen: list[dict[str, Any]]) -> Project[TinySettings]:
    def score(settings: TinySettings, model: Any, partition: pd.DataFrame) -> pd.DataFrame:
        """Records the threads the numeric libraries may use while a stage runs."""
        limits = {info["user_api"]: info["num_threads"] for info in threadpool_info()}
        stage_seen.append({"limits": limits, **{name: os.environ.get(name) for name in THREAD_VARIABLES}})
        return partition

    return Project(
        name="tiny",
        settings=TinySettings,
        stages=lambda: Stages(prepare_data=unused, train=train, evaluate=evaluate),
        serving=lambda: Serving(APIRouter(), lambda settings: ServedModel(None, {}, "0", None)),
        scoring=lambda: Scoring(score=score),
        reports=Reports(figures=[], model_card_sections=[], headline=[], key_figure=""),
        monitoring=None,
    )


@pytest.fixture
def configs(tmp_path: Path) -> Path:
    folder = tmp_path / "configs"
    folder.mkdir()
    write_settings(
        folder,
        {
            "paths": {"root": str(tmp_path)},
            "tracking": {"enabled": False, "experiment": "tiny"},
            "model": {"name": "boosting", "params": {"depth": 3}},
            "evaluation": {"costs": {"false_negative": 120, "false_positive": 5}},
        },
    )
    return folder


def write_settings(folder: Path, values: dict[str, Any]) -> None:
    (folder / "settings.yaml").write_text(yaml.safe_dump(values), encoding="utf-8")


def change_settings(folder: Path, section: str, values: dict[str, Any]) -> None:
    settings = yaml.safe_load((folder / "settings.yaml").read_text(encoding="utf-8"))
    settings[section] = {**settings.get(section, {}), **values}
    write_settings(folder, settings)


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file the stages wrote (configs aside), with its content."""
    return {
        str(path.relative_to(root)): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file() and "configs" not in path.parts
    }


def run(configs: Path, *command: str, seen: list[dict[str, Any]] | None = None) -> Any:
    app = build_cli(tiny_project([] if seen is None else seen))
    return RUNNER.invoke(app, [*command, "--config-dir", str(configs)])


def test_the_model_records_the_settings_it_was_trained_with(configs: Path) -> None:
    assert run(configs, "train").exit_code == 0
    metadata = json.loads((configs.parent / "models" / "metadata.json").read_text(encoding="utf-8"))
    assert metadata["settings"] == {
        "seed": 42,
        "model": {"name": "boosting", "params": {"depth": 3}},
        "evaluation": {"costs": {"false_negative": 120.0, "false_positive": 5.0}},
    }  # not the folders, tracking, serving, monitoring or threads: they change no result


def test_evaluate_refuses_changed_costs_and_writes_nothing(configs: Path) -> None:
    assert run(configs, "train").exit_code == 0
    assert run(configs, "evaluate").exit_code == 0
    before = snapshot(configs.parent)
    change_settings(configs, "evaluation", {"costs": {"false_negative": 500, "false_positive": 5}})
    result = run(configs, "evaluate")
    assert result.exit_code == 1
    assert result.output.strip() == (
        "error: settings changed since training (evaluation.costs.false_negative): run `make train`"
    )
    assert snapshot(configs.parent) == before


def test_the_message_names_a_few_keys_and_asks_for_new_data_when_the_data_settings_changed(
    configs: Path,
) -> None:
    assert run(configs, "train").exit_code == 0
    change_settings(configs, "model", {"name": "forest", "params": {"depth": 4, "trees": 9}})
    change_settings(configs, "evaluation", {"costs": {"false_negative": 1, "false_positive": 1}})
    result = run(configs, "evaluate")
    assert result.output.strip() == (
        "error: settings changed since training (evaluation.costs.false_negative, "
        "evaluation.costs.false_positive, model.name and 2 more): run `make train`"
    )
    with (configs / "seed.yaml").open("w", encoding="utf-8") as seed:
        seed.write("seed: 7\n")
    result = run(configs, "evaluate")
    assert result.output.strip().endswith("model.name and 3 more): run `make data train`")


def test_settings_that_change_no_result_do_not_stop_an_evaluation(configs: Path) -> None:
    assert run(configs, "train").exit_code == 0
    change_settings(configs, "serving", {"port": 9000})
    change_settings(configs, "compute", {"threads": 2})
    change_settings(configs, "tracking", {"experiment": "renamed"})
    result = run(configs, "evaluate")
    assert result.exit_code == 0, result.output


def test_a_model_that_records_no_settings_is_refused(configs: Path) -> None:
    assert run(configs, "train").exit_code == 0
    path = configs.parent / "models" / "metadata.json"
    metadata = json.loads(path.read_text(encoding="utf-8"))
    del metadata["settings"]
    path.write_text(json.dumps(metadata), encoding="utf-8")
    result = run(configs, "evaluate")
    assert result.exit_code == 1
    assert "records no training settings (trained by an older version): run `make train`" in result.output


@pytest.mark.parametrize("threads", [1, 2])
def test_a_stage_runs_with_the_configured_threads_and_restores_the_environment(configs: Path, threads: int) -> None:
    change_settings(configs, "compute", {"threads": threads})
    previous = {name: os.environ.get(name) for name in THREAD_VARIABLES}
    seen: list[dict[str, Any]] = []
    source, output = configs.parent / "in.csv", str(configs.parent / "out.csv")
    source.write_text("amount\n1.0\n", encoding="utf-8")
    assert run(configs, "score", "--input", str(source), "--output", output, seen=seen).exit_code == 0
    (during,) = seen
    assert {during[name] for name in THREAD_VARIABLES} == {str(threads)}
    assert during["limits"]  # numpy's BLAS at least is loaded, and limited
    assert set(during["limits"].values()) == {threads}
    assert {name: os.environ.get(name) for name in THREAD_VARIABLES} == previous


def test_the_default_is_half_the_available_cpus_and_at_least_one(monkeypatch: pytest.MonkeyPatch) -> None:
    import frame.compute

    assert 1 <= frame.compute.available_cpus() <= (os.cpu_count() or 1)
    for cpus, expected in [(1, 1), (2, 1), (3, 1), (8, 4)]:
        monkeypatch.setattr(frame.compute, "available_cpus", lambda cpus=cpus: cpus)
        assert thread_count(ComputeSettings()) == expected
    assert thread_count(ComputeSettings(threads=3)) == 3
