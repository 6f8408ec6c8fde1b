from pathlib import Path

import pytest

from {{ package_name }}.errors import ConfigError

from .support import make_settings


def test_project_configs_load_with_the_documented_defaults(tmp_path: Path) -> None:
    settings = make_settings(tmp_path)
    assert settings.data.source == "synthetic"
    assert settings.data.public_hash == "md5:0e33842e24a9c977be4e0107933c0723"
    assert settings.model.positive_rating == 4
    assert [spec.name for spec in settings.model.candidates] == ["ease", "item_knn"]
    assert settings.model.baseline.name == "most_popular"
    assert settings.evaluation.k == 10


def test_a_positive_rating_outside_the_scale_is_rejected(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"model\.positive_rating"):
        make_settings(tmp_path, model={"positive_rating": 6})


def test_at_least_one_candidate_is_required(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"model\.candidates"):
        make_settings(tmp_path, model={"candidates": []})


def test_a_bad_public_hash_is_rejected(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"data\.public_hash"):
        make_settings(tmp_path, data={"public_hash": "0e33842e24a9c977be4e0107933c0723"})
