from pathlib import Path

import pytest

from {{ package_name }}.errors import ConfigError

from .support import make_settings


def test_project_configs_load_with_the_documented_defaults(tmp_path: Path) -> None:
    settings = make_settings(tmp_path)
    assert settings.data.source == "synthetic"
    assert settings.data.synthetic_rows == 250_000
    assert settings.data.synthetic_fraud_rate == 0.002
    assert settings.evaluation.alert_budget == 0.005
    assert settings.evaluation.costs.false_negative > settings.evaluation.costs.false_positive
    assert settings.model.main.params["early_stopping"] is False  # no random internal split


def test_environment_overrides_yaml(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("APP_DATA__SYNTHETIC_FRAUD_RATE", "0.01")
    monkeypatch.setenv("APP_EVALUATION__ALERT_BUDGET", "0.01")
    settings = make_settings(tmp_path)
    assert settings.data.synthetic_fraud_rate == 0.01
    assert settings.evaluation.alert_budget == 0.01


@pytest.mark.parametrize(
    ("section", "values", "field"),
    [
        ("evaluation", {"alert_budget": 0}, "alert_budget"),
        ("evaluation", {"costs": {"false_positive": 5, "false_negative": 5, "true_positive": 5}},
         "true_positive"),
        ("data", {"synthetic_fraud_rate": 0.9}, "synthetic_fraud_rate"),
    ],
)  # fmt: skip
def test_impossible_settings_are_rejected_by_name(
    tmp_path: Path, section: str, values: dict, field: str
) -> None:
    with pytest.raises(ConfigError, match=field):
        make_settings(tmp_path, **{section: values})
