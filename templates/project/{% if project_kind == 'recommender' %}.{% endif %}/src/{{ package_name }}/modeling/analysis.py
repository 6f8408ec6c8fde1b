"""Error analysis on the test split, for the model card and reports/error_analysis.json: how sure
the NDCG figures are (a bootstrap over users), whom the model serves well (users by how much they
had rated), whether it follows each user's taste (their favourite genres), and what it shows a
few users beside what they liked.

A user's favourite genres are read from the data, never from the generator: the two genres most
frequent among the items they liked (rated at least `positive_rating`) in training and validation.
"""

from typing import Any

import numpy as np
import pandas as pd

from frame.evaluation.ranking import ndcg_per_user

from .predict import Recommender

RESAMPLES = 1000
FAVOURITE_GENRES = 2
EXAMPLE_HISTORY = 5  # liked items shown per example user


def bootstrap_interval(values: np.ndarray, seed: int, resamples: int = RESAMPLES) -> list[float]:
    """95% percentile interval of the mean of `values`, resampling users with replacement."""
    rng = np.random.default_rng(seed)
    means = values[rng.integers(0, values.size, (resamples, values.size))].mean(axis=1)
    return [round(float(bound), 4) for bound in np.percentile(means, [2.5, 97.5])]


def segment_users(activity: np.ndarray) -> np.ndarray:
    """Light, typical or heavy: thirds of the scored users by how many items they had rated."""
    low, high = np.quantile(activity, [1 / 3, 2 / 3])
    return np.where(activity <= low, "light", np.where(activity > high, "heavy", "typical"))


def genre_matrix(recommender: Recommender) -> tuple[np.ndarray, list[str]]:
    """Items x genres, 1 where an item carries a genre, and the genre names (columns)."""
    names = sorted({genre for genres in recommender.genres for genre in genres})
    index = {name: position for position, name in enumerate(names)}
    matrix = np.zeros((len(recommender.genres), len(names)), dtype=bool)
    for column, genres in enumerate(recommender.genres):
        matrix[column, [index[genre] for genre in genres]] = True
    return matrix, names


def favourite_genres(recommender: Recommender, rows: np.ndarray, items: np.ndarray) -> np.ndarray:
    """Each user's favourite genres (column indices into `items`' genres), most liked first."""
    liked = np.asarray(recommender.catalogue.positives[rows] @ items.astype(np.float64))
    return np.argsort(-liked, axis=1, kind="stable")[:, :FAVOURITE_GENRES]


def genre_match(columns: np.ndarray, favourites: np.ndarray, items: np.ndarray) -> float:
    """Mean share of a user's recommended items carrying one of their favourite genres."""
    carries = np.zeros(columns.shape, dtype=bool)
    for position in range(favourites.shape[1]):
        carries |= items[columns, favourites[:, [position]]]
    return round(float(carries.mean()), 4)


def analyse(
    recommenders: dict[str, Recommender],
    test: pd.DataFrame,
    history: pd.DataFrame,
    k: int,
    seed: int,
    examples: int = 3,
) -> dict[str, Any]:
    """Everything the model card's error analysis shows, for the served model ("main") beside
    the baseline. `history` is what the models were fitted on (training and validation).
    """
    main = recommenders["main"]
    relevant, _ = main.catalogue.matrices(test)
    rows = np.flatnonzero(np.diff(relevant.indptr) > 0)
    columns = {role: model.rank_users(rows, k)[0] for role, model in recommenders.items()}
    ndcg = {role: ndcg_per_user(columns[role], relevant[rows]) for role in recommenders}
    activity = np.diff(main.catalogue.seen.indptr)[rows]
    segments = segment_users(activity)
    result: dict[str, Any] = {
        "k": k,
        "users": int(rows.size),
        "ndcg": {
            role: {"mean": round(float(v.mean()), 4), "interval": bootstrap_interval(v, seed)}
            for role, v in ndcg.items()
        },
        "ndcg_gain": bootstrap_interval(ndcg["main"] - ndcg["baseline"], seed),
        "segments": [
            {
                "segment": name,
                "users": int((segments == name).sum()),
                "rated_from": int(activity[segments == name].min()),
                "rated_to": int(activity[segments == name].max()),
                **{role: round(float(v[segments == name].mean()), 4) for role, v in ndcg.items()},
            }
            for name in ("light", "typical", "heavy")
            if (segments == name).any()
        ],
    }
    items, names = genre_matrix(main)
    if names:
        favourites = favourite_genres(main, rows, items)
        result["genre_match"] = {
            role: genre_match(columns[role], favourites, items) for role in recommenders
        }
        result["genre_match"]["catalogue"] = round(
            float(items[:, favourites].any(axis=2).mean()), 4
        )
    picked = example_rows(activity, segments, rows, examples)
    result["examples"] = [
        example(main, row, segment, columns["main"][position], test, history, names, items)
        for row, segment, position in picked
    ]
    return result


def example_rows(
    activity: np.ndarray, segments: np.ndarray, rows: np.ndarray, examples: int
) -> list[tuple[int, str, int]]:
    """One user per segment (light, typical, heavy), the one nearest its median activity:
    (catalogue row, segment, position among the scored users).
    """
    picked = []
    for name in ("light", "typical", "heavy")[:examples]:
        members = np.flatnonzero(segments == name)
        if members.size:
            distance = np.abs(activity[members] - np.median(activity[members]))
            position = int(members[np.argmin(distance)])
            picked.append((int(rows[position]), name, position))
    return picked


def example(
    recommender: Recommender,
    row: int,
    segment: str,
    columns: np.ndarray,
    test: pd.DataFrame,
    history: pd.DataFrame,
    genre_names: list[str],
    items: np.ndarray,
) -> dict[str, Any]:
    """One user: their latest liked items, favourite genres, and the top k with what they did
    with each recommended item in the test split (liked, rated lower, or nothing).
    """
    user = int(recommender.catalogue.user_ids[row])
    positive = recommender.catalogue.positive_rating
    theirs = history[(history["user_id"] == user) & (history["rating"] >= positive)]
    latest = theirs.sort_values("timestamp", ascending=False)["item_id"].head(EXAMPLE_HISTORY)
    later = test[test["user_id"] == user].set_index("item_id")["rating"]
    favourites = favourite_genres(recommender, np.array([row]), items)[0] if genre_names else []
    return {
        "user_id": user,
        "segment": segment,
        "rated": int(recommender.catalogue.seen[row].nnz),
        "favourite_genres": [genre_names[g] for g in favourites],
        "liked": [describe_item(recommender, int(item)) for item in latest],
        "recommended": [
            {
                **describe_item(recommender, int(recommender.item_id_array[column])),
                "test": outcome(later, int(recommender.item_id_array[column]), positive),
            }
            for column in columns
        ],
        "liked_in_test": int((later >= positive).sum()),
    }


def describe_item(recommender: Recommender, item_id: int) -> dict[str, Any]:
    column = recommender.column_of[item_id]
    return {
        "item_id": item_id,
        "title": str(recommender.titles[column]),
        "genres": recommender.genres[column],
    }


def outcome(later: pd.Series, item_id: int, positive: int) -> str:
    if item_id not in later.index:
        return ""
    return "liked" if later[item_id] >= positive else f"rated {later[item_id]}"
