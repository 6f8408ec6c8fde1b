"""Behaviour a domain expert would state: taste is followed, and nobody is shown what they saw."""

import numpy as np
import pandas as pd
import pytest

from {{ package_name }}.config import EstimatorSettings
from {{ package_name }}.features import Catalogue
from {{ package_name }}.modeling.predict import Recommender
from {{ package_name }}.synthetic import generate_world


@pytest.fixture(scope="module")
def world() -> tuple[pd.DataFrame, pd.DataFrame]:
    return generate_world(seed=42)


def single_genre_history(ratings: pd.DataFrame, items: pd.DataFrame, genre: str) -> list[int]:
    """The 15 most-rated items whose only genre is `genre`: a user who rated nothing else."""
    only = items.loc[items["genres"] == genre, "item_id"]
    counts = ratings["item_id"].value_counts().reindex(only).sort_values(ascending=False)
    return [int(item) for item in counts.index[:15]]


@pytest.mark.parametrize("model", ["ease", "item_knn"])
@pytest.mark.parametrize("genre", ["Horror", "Sci-Fi", "Romance"])
def test_a_user_who_rated_one_genre_gets_mostly_that_genre(
    world: tuple[pd.DataFrame, pd.DataFrame], model: str, genre: str
) -> None:
    ratings, items = world
    catalogue = Catalogue.build(ratings, items["item_id"].to_numpy(), positive_rating=4)
    recommender = Recommender.fit(EstimatorSettings(name=model), catalogue, items)
    history = single_genre_history(ratings, items, genre)
    ranked = recommender.for_session(history, 10)
    shown = recommender.describe(ranked)
    assert len(shown) == 10 and not {item["item_id"] for item in shown} & set(history)
    assert sum(genre in item["genres"] for item in shown) >= 6


def test_most_popular_ignores_taste(world: tuple[pd.DataFrame, pd.DataFrame]) -> None:
    ratings, items = world
    catalogue = Catalogue.build(ratings, items["item_id"].to_numpy(), positive_rating=4)
    popular = Recommender.fit(EstimatorSettings(name="most_popular"), catalogue, items)
    horror = popular.for_session(single_genre_history(ratings, items, "Horror"), 10)
    romance = popular.for_session(single_genre_history(ratings, items, "Romance"), 10)
    assert len(set(horror.columns) & set(romance.columns)) >= 8
    assert np.all(np.diff(horror.scores) <= 0)
