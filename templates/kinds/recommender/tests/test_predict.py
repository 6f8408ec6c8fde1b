from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import scipy.sparse as sp
from typer.testing import CliRunner

from {{ package_name }}.cli import app
from {{ package_name }}.config import EstimatorSettings, Settings
from {{ package_name }}.dataset import load_split
from {{ package_name }}.errors import DataError
from {{ package_name }}.metadata import load_model
from {{ package_name }}.modeling.predict import (
    MODELS,
    predict_file,
    recommend,
)

from .support import CONFIG_DIR

runner = CliRunner()


def test_top_k_never_returns_a_seen_item_and_is_sorted() -> None:
    rng = np.random.default_rng(0)
    scores = rng.random((50, 40))
    seen = sp.random(50, 40, density=0.5, random_state=1, format="csr")
    top, top_scores = recommend(scores, seen, 10)
    assert top.shape == (50, 10)
    assert not seen.toarray()[np.arange(50)[:, None], top].any()
    assert (np.diff(top_scores, axis=1) <= 0).all()
    assert np.allclose(top_scores, np.take_along_axis(scores, top, axis=1))


@pytest.mark.parametrize("name", sorted(MODELS))
def test_every_model_excludes_what_a_user_has_seen(trained: Settings, name: str) -> None:
    from {{ package_name }}.modeling.predict import Recommender

    saved, _ = load_model(trained.paths.models)
    catalogue = saved.catalogue
    recommender = Recommender.fit(
        EstimatorSettings(name=name),
        catalogue,
        pd.DataFrame({"item_id": catalogue.item_ids, "title": "t", "genres": ""}),
    )
    rows = np.arange(100)
    columns, _ = recommender.rank_users(rows, 10)
    assert not catalogue.seen[rows].toarray()[rows[:, None], columns].any()
    for row in rows[:20]:  # one user at a time (sessions, uncached users) = the batch product
        positives, _ = recommender.history(int(row))
        batch = recommender.model.score(catalogue.positives[int(row)])[0]
        assert np.allclose(recommender.model.score_items(positives), batch, atol=1e-5)
    similar, scores = recommender.model.similar(0, 5)
    assert 0 not in similar and (np.diff(scores) <= 0).all()


def test_a_session_ignores_item_ids_the_catalogue_does_not_know(trained: Settings) -> None:
    recommender, _ = load_model(trained.paths.models)
    with_unknown = recommender.for_session([3, 3, 999_999, 1], 10)
    known_only = recommender.for_session([1, 3], 10)
    assert with_unknown.columns.tolist() == known_only.columns.tolist()
    assert not with_unknown.cold_start


def test_scoring_a_file_of_users_cold_starts_the_unknown_ones(
    trained: Settings, tmp_path: Path
) -> None:
    users = pd.DataFrame({"user_id": [1, 2, 999_999]})
    users.to_csv(tmp_path / "users.csv", index=False)
    out = tmp_path / "out" / "recommendations.csv"
    written = predict_file(trained, tmp_path / "users.csv", out)
    assert out.is_file() and len(written) == 30
    assert (
        written.groupby("user_id")["rank"].apply(list).map(lambda r: r == list(range(1, 11))).all()
    )
    assert written.query("user_id == 999999")["cold_start"].all()
    assert not written.query("user_id != 999999")["cold_start"].any()
    history = load_split(trained, "train")
    seen = set(zip(history["user_id"], history["item_id"], strict=True))
    assert not any(
        (u, i) in seen for u, i in zip(written["user_id"], written["item_id"], strict=True)
    )


def test_a_file_without_user_ids_is_one_message(trained: Settings, tmp_path: Path) -> None:
    (tmp_path / "bad.csv").write_text("customer\n1\n")
    with pytest.raises(DataError, match="user_id"):
        predict_file(trained, tmp_path / "bad.csv", tmp_path / "out.csv")
    assert not (tmp_path / "out.csv").exists()


def test_cli_reports_a_bad_data_file_as_one_message(tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("user_id,item_id,rating,timestamp\n1,2,9,880000000\n")
    result = runner.invoke(app, ["data", "--source", str(bad), "--config-dir", str(CONFIG_DIR)])
    assert result.exit_code == 1
    assert "does not match the interactions schema" in result.output
    assert "column 'rating' fails" in result.output
    assert "Traceback" not in result.output
