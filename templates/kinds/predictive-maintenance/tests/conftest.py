"""Shared fixtures: settings of each task rooted in a temporary folder, and each task's default
pipeline run once per session.
"""

from pathlib import Path

import pytest

from {{ package_name }}.config import (
    FailureSettings,
    RulSettings,
    Settings,
)

from .support import isolate, make_settings, run_pipeline


@pytest.fixture(autouse=True)
def isolated_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    isolate(monkeypatch, tmp_path)


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """The failure task (the project's first), on a small data set."""
    return make_settings(tmp_path, data={"synthetic_rows": 1000})


@pytest.fixture
def rul_settings(tmp_path: Path) -> RulSettings:
    settings = make_settings(
        tmp_path, "rul", data={"synthetic_train_engines": 20, "synthetic_test_engines": 10}
    )
    assert isinstance(settings, RulSettings)
    return settings


@pytest.fixture(scope="session")
def trained(tmp_path_factory: pytest.TempPathFactory) -> FailureSettings:
    """The failure task's default pipeline, run once for the session: data, train, evaluate."""
    settings = run_pipeline(tmp_path_factory.mktemp("project"), "failure")
    assert isinstance(settings, FailureSettings)
    return settings


@pytest.fixture(scope="session")
def trained_rul(tmp_path_factory: pytest.TempPathFactory) -> RulSettings:
    """The RUL task's default pipeline, run once for the session: data, train, evaluate."""
    settings = run_pipeline(tmp_path_factory.mktemp("project"), "rul")
    assert isinstance(settings, RulSettings)
    return settings
