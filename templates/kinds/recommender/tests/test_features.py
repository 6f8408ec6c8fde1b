import numpy as np
import pandas as pd
import pytest

from {{ package_name }}.features import (
    Catalogue,
    monitored_features,
    popularity_position,
)

INTERACTIONS = pd.DataFrame(
    {
        "user_id": [10, 10, 10, 20, 20, 30],
        "item_id": [1, 2, 3, 1, 3, 1],
        "rating": [5, 2, 4, 4, 1, 3],
        "timestamp": [1, 2, 3, 4, 5, 6],
    }
)


def test_catalogue_separates_positives_from_everything_seen() -> None:
    catalogue = Catalogue.build(INTERACTIONS, np.array([1, 2, 3, 4]), positive_rating=4)
    assert catalogue.user_ids.tolist() == [10, 20, 30]
    assert catalogue.item_ids.tolist() == [1, 2, 3, 4]  # item 4: in the table, never rated
    assert catalogue.positives.toarray().tolist() == [[1, 0, 1, 0], [1, 0, 0, 0], [0, 0, 0, 0]]
    assert catalogue.seen.toarray().tolist() == [[1, 1, 1, 0], [1, 0, 1, 0], [1, 0, 0, 0]]


def test_held_out_interactions_of_unknown_users_or_items_are_left_out() -> None:
    catalogue = Catalogue.build(INTERACTIONS, np.array([1, 2, 3]), positive_rating=4)
    later = pd.DataFrame({"user_id": [10, 99, 20], "item_id": [2, 1, 7], "rating": [5, 5, 5]})
    positives, seen = catalogue.matrices(later)
    assert positives.nnz == seen.nnz == 1 and positives[0, 1] == 1


def test_popularity_position_runs_from_head_to_tail() -> None:
    training = pd.DataFrame({"item_id": [1] * 6 + [2] * 3 + [3]})
    position = popularity_position(training)
    assert position[1] == pytest.approx(0.3)  # middle of the head's 60%
    assert position[2] == pytest.approx(0.75)
    assert position[3] == pytest.approx(0.95)


def test_monitored_features_are_relative_to_training() -> None:
    batch = pd.DataFrame({"user_id": [10, 77], "item_id": [1, 555], "rating": [4, 2]})
    monitored = monitored_features(batch, INTERACTIONS)
    assert monitored["user_status"].tolist() == ["known", "new"]
    assert monitored["item_status"].tolist() == ["known", "new"]
    assert monitored["item_popularity"].iloc[1] == 1.0  # never seen: the tail
    assert monitored["rating"].tolist() == ["4", "2"]


def test_a_prediction_log_yields_the_request_side_only() -> None:
    requests = pd.DataFrame({"user_id": [10, None], "k": [10, 5]})
    monitored = monitored_features(requests, INTERACTIONS)
    assert list(monitored.columns) == ["user_status"]
    assert monitored["user_status"].tolist() == ["known", "anonymous"]
