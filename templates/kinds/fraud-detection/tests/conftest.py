"""Shared fixtures: settings rooted in a temporary folder, and one trained project per session.

Tests train on 60,000 transactions at 1% fraud rather than the default 250,000 at 0.2%: more
frauds in each split, in a quarter of the rows.
"""

from pathlib import Path

import pytest

from {{ package_name }}.config import Settings

from .support import isolate, make_settings, run_pipeline

SMALL = {"synthetic_rows": 20_000, "synthetic_fraud_rate": 0.01}
TRAINED = {"synthetic_rows": 60_000, "synthetic_fraud_rate": 0.01}


@pytest.fixture(autouse=True)
def isolated_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    isolate(monkeypatch, tmp_path)


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return make_settings(tmp_path, data=SMALL)


@pytest.fixture(scope="session")
def trained(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """The default pipeline run once for the session: data, train, evaluate, tracked."""
    return run_pipeline(tmp_path_factory.mktemp("project"), data=TRAINED)
