from pathlib import Path

import pytest

from {{ package_name }}.config import (
    TASKS,
    FailureSettings,
    RulSettings,
    load_settings,
)
from {{ package_name }}.errors import ConfigError

from .support import CONFIG_DIR, make_settings


def test_each_task_loads_its_own_settings_and_folders(tmp_path: Path) -> None:
    assert list(TASKS) == ["failure", "rul"]
    failure, rul = make_settings(tmp_path, "failure"), make_settings(tmp_path, "rul")
    assert isinstance(failure, FailureSettings) and isinstance(rul, RulSettings)
    assert failure.data.source == rul.data.source == "synthetic"
    assert failure.evaluation.costs.false_negative > failure.evaluation.costs.false_positive
    assert rul.model.rul_cap == 125 and rul.model.windows == [10, 20, 30]
    assert failure.paths.processed == tmp_path / "data/processed/failure"
    assert rul.paths.models == tmp_path / "models/rul"
    assert rul.paths.for_task("failure").reports == tmp_path / "reports/failure"
    assert failure.tracking == rul.tracking and failure.seed == rul.seed


def test_the_first_task_is_the_default(tmp_path: Path) -> None:
    assert isinstance(make_settings(tmp_path), FailureSettings)


def test_environment_overrides_yaml(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("APP_SEED", "7")  # every task
    monkeypatch.setenv("APP_TASKS__FAILURE__EVALUATION__COSTS__FALSE_POSITIVE", "50")
    monkeypatch.setenv("APP_TASKS__RUL__MODEL__RUL_CAP", "130")
    failure, rul = make_settings(tmp_path, "failure"), make_settings(tmp_path, "rul")
    assert isinstance(failure, FailureSettings) and isinstance(rul, RulSettings)
    assert failure.seed == rul.seed == 7
    assert failure.evaluation.costs.false_positive == 50
    assert rul.model.rul_cap == 130 and rul.evaluation == make_settings(tmp_path, "rul").evaluation


def test_a_task_variable_ranks_above_the_shared_one_and_reads_json(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("APP_SEED", "1")
    monkeypatch.setenv("APP_TASKS__RUL__SEED", "7")
    monkeypatch.setenv("APP_TASKS__RUL__MODEL__WINDOWS", "[5, 10]")
    rul, failure = make_settings(tmp_path, "rul"), make_settings(tmp_path, "failure")
    assert isinstance(rul, RulSettings)
    assert rul.seed == 7 and failure.seed == 1
    assert rul.model.windows == [5, 10]


def test_a_variable_for_a_task_the_project_lacks_is_rejected(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("APP_TASKS__VIBRATION__SEED", "7")
    with pytest.raises(ConfigError, match="APP_TASKS__VIBRATION__SEED: not a task of this project"):
        make_settings(tmp_path, "rul")


def test_a_setting_only_one_task_has_names_its_field(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("APP_MODEL__RUL_CAP", "130")
    with pytest.raises(ConfigError, match=r"model\.rul_cap: Extra inputs are not permitted"):
        make_settings(tmp_path, "failure")


def test_cost_matrix_where_acting_never_pays_is_rejected(tmp_path: Path) -> None:
    costs = {"false_positive": 100, "false_negative": 500, "true_positive": 600}
    with pytest.raises(ConfigError, match="true_positive"):
        make_settings(tmp_path, evaluation={"costs": costs})


def test_a_window_longer_than_a_request_is_rejected(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="max_request_cycles"):
        make_settings(tmp_path, "rul", model={"windows": [10, 60]})


def test_a_task_the_project_does_not_have_is_rejected(tmp_path: Path) -> None:
    config_dir = tmp_path / "configs"
    config_dir.mkdir()
    for file in CONFIG_DIR.glob("*.yaml"):
        (config_dir / file.name).write_text(file.read_text())
    (config_dir / "zz.yaml").write_text("tasks:\n  vibration:\n    seed: 1\n")
    with pytest.raises(ConfigError, match=r"tasks\.vibration: not a task of this project"):
        load_settings(config_dir)
    with pytest.raises(ConfigError, match="unknown task 'vibration'; tasks: failure, rul"):
        load_settings(CONFIG_DIR, task="vibration")
