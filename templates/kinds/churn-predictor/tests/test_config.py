from pathlib import Path

import pytest
from pydantic import ValidationError

from {{ package_name }}.config import load_settings
from {{ package_name }}.errors import ConfigError

from .conftest import CONFIG_DIR, make_settings


def test_project_configs_load_with_the_documented_defaults(tmp_path: Path) -> None:
    settings = make_settings(tmp_path)
    assert settings.data.source == "synthetic"
    assert settings.evaluation.costs.false_negative > settings.evaluation.costs.false_positive
    assert settings.paths.processed == tmp_path / "data/processed"


def test_settings_are_frozen(tmp_path: Path) -> None:
    settings = make_settings(tmp_path)
    with pytest.raises(ValidationError):
        settings.seed = 1  # type: ignore[misc]


def test_unknown_yaml_key_is_rejected_with_its_location(tmp_path: Path) -> None:
    config_dir = tmp_path / "configs"
    config_dir.mkdir()
    for file in CONFIG_DIR.glob("*.yaml"):
        (config_dir / file.name).write_text(file.read_text())
    (config_dir / "zz.yaml").write_text("split:\n  test_fractoin: 0.3\n")
    with pytest.raises(ConfigError, match=r"split\.test_fractoin"):
        load_settings(config_dir)


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


def test_missing_config_folder_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="no \\*.yaml"):
        load_settings(tmp_path / "nowhere")
