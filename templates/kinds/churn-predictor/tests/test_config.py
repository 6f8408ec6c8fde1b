from pathlib import Path

import pytest

from {{ package_name }}.errors import ConfigError

from .support import make_settings


def test_project_configs_load_with_the_documented_defaults(tmp_path: Path) -> None:
    settings = make_settings(tmp_path)
    assert settings.data.source == "synthetic"
    assert settings.evaluation.costs.false_negative > settings.evaluation.costs.false_positive
    assert settings.paths.processed == tmp_path / "data/processed"


def test_environment_overrides_yaml(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("APP_DATA__SOURCE", "public")
    monkeypatch.setenv("APP_EVALUATION__COSTS__FALSE_POSITIVE", "50")
    settings = make_settings(tmp_path)
    assert settings.data.source == "public"
    assert settings.evaluation.costs.false_positive == 50


def test_cost_matrix_where_acting_never_pays_is_rejected(tmp_path: Path) -> None:
    costs = {"false_positive": 100, "false_negative": 500, "true_positive": 600}
    with pytest.raises(ConfigError, match="true_positive"):
        make_settings(tmp_path, evaluation={"costs": costs})
