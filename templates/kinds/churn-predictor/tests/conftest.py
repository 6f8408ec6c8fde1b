"""Shared fixtures: settings rooted in a temporary folder, and one trained project per session."""

from pathlib import Path

import pytest

from {{ package_name }}.config import Settings

from .support import isolate, make_settings, run_pipeline


@pytest.fixture(autouse=True)
def isolated_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    isolate(monkeypatch, tmp_path)


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return make_settings(tmp_path, data={"synthetic_rows": 1000})


@pytest.fixture(scope="session")
def trained(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """The default pipeline run once for the session: data, train, evaluate, tracked."""
    return run_pipeline(tmp_path_factory.mktemp("project"))
