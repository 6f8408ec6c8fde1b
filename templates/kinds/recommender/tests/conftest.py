"""Shared fixtures: settings rooted in a temporary folder, and one trained project per session."""

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from {{ package_name }}.config import Settings, load_settings
from {{ package_name }}.dataset import prepare_data
from {{ package_name }}.modeling.evaluate import evaluate
from {{ package_name }}.modeling.train import train

CONFIG_DIR = Path(__file__).resolve().parents[1] / "configs"
SMALL_WORLD = {"synthetic_users": 200, "synthetic_items": 300, "synthetic_interactions": 8000}


def make_settings(root: Path, **sections: Any) -> Settings:
    overrides: dict[str, Any] = {"paths": {"root": root}, "tracking": {"enabled": False}}
    return load_settings(CONFIG_DIR, {**overrides, **sections})


@pytest.fixture(autouse=True)
def isolated_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No setting leaks in from the developer's shell; nothing is written outside tmp_path."""
    import os

    for name in list(os.environ):
        if name.startswith(("APP_", "MLFLOW_")):
            monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return make_settings(tmp_path, data=SMALL_WORLD)


@pytest.fixture(scope="session")
def trained(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Settings]:
    """The default pipeline run once, tracked in a local MLflow store: data, train, evaluate."""
    root = tmp_path_factory.mktemp("project")
    project = make_settings(root, tracking={"enabled": True})
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv("MLFLOW_TRACKING_URI", raising=False)
        prepare_data(project, "synthetic")
        train(project)
        evaluate(project)
    yield project
