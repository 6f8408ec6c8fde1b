"""Data stage: load interactions (and item titles) from a source, validate them, split each user's
timeline and save the splits.

A source is `synthetic` (generated, the default), `public` (MovieLens 100K, downloaded once and
cached in the raw folder; its licence forbids shipping it) or a path: a folder holding `u.data`
and optionally `u.item`, a `u.data`-style file (tab-separated, no header), or a CSV file with the
columns user_id, item_id, rating, timestamp. Generated data is written in the MovieLens layout
and read back by the same code as the real files.
"""

from functools import partial
from pathlib import Path
from typing import Any

import pandas as pd
import pooch

from frame.errors import DataError
from frame.files import write_file, written_together
from frame.sources import (
    check_splits,
    existing_path,
    fetch_public,
    read_manifest,
    save_prepared,
    validate_frame,
    write_csv,
)

from .batches import generate_batch
from .config import Settings, SplitSettings
from .schemas import GENRES, INTERACTION_COLUMNS, ITEM_SCHEMA, build_interaction_schema
from .synthetic import generate_world

SPLIT_NAMES = ("train", "validation", "test")
ITEMS_FILE = "items.csv"
BATCH_FILE = "batch.csv"
MIN_SPLIT_ROWS = 10  # interactions in each split
MIN_ITEMS = 2  # with fewer items with positives in training, every model ranks the same
READ_ERRORS = (pd.errors.ParserError, UnicodeDecodeError, pd.errors.EmptyDataError, ValueError)


def read_interactions(
    path: Path, require_rating: bool = True, one_per_pair: bool = True
) -> pd.DataFrame:
    """Interactions from a CSV with named columns, or from a `u.data`-style file (no header);
    with `one_per_pair`, a (user, item) pair that appears twice is refused.
    """
    if not path.is_file():
        raise DataError(f"no interactions file at {path}")
    try:
        if path.suffix == ".csv":
            frame = pd.read_csv(path, dtype="str", keep_default_na=False)
        else:
            frame = pd.read_csv(path, sep="\t", header=None, dtype="str", keep_default_na=False)
            if frame.shape[1] != len(INTERACTION_COLUMNS):
                raise DataError(
                    f"{path}: expected {len(INTERACTION_COLUMNS)} tab-separated columns "
                    f"({', '.join(INTERACTION_COLUMNS)}), found {frame.shape[1]}"
                )
            frame.columns = INTERACTION_COLUMNS
    except READ_ERRORS as error:
        raise DataError(f"{path} is not a readable interactions file: {error}") from None
    schema = build_interaction_schema(require_rating, one_per_pair)
    return validate_frame(frame, schema, str(path))


def keep_latest_rating(interactions: pd.DataFrame) -> pd.DataFrame:
    """One row per (user, item): a user who rated an item again replaced the earlier rating, so
    the latest one (by timestamp; the later row on a tie) counts and the others are dropped.
    """
    ordered = interactions.sort_values("timestamp", kind="stable")
    latest = ordered.drop_duplicates(["user_id", "item_id"], keep="last")
    return latest.sort_index().reset_index(drop=True)


def read_item_file(path: Path) -> pd.DataFrame:
    """Items from MovieLens's `u.item` (`|`-separated, Latin-1, genre flags) or from items.csv."""
    try:
        if path.suffix == ".csv":
            frame = pd.read_csv(path, dtype="str", keep_default_na=False)
        else:
            raw = pd.read_csv(
                path, sep="|", header=None, dtype="str", encoding="latin-1", keep_default_na=False
            )
            if raw.shape[1] != 5 + len(GENRES):
                raise DataError(f"{path}: expected {5 + len(GENRES)} |-separated columns")
            flags = (raw.iloc[:, 5:] == "1").to_numpy()
            genres = ["|".join(g for g, on in zip(GENRES, row, strict=True) if on) for row in flags]
            frame = pd.DataFrame({"item_id": raw[0], "title": raw[1], "genres": genres})
    except READ_ERRORS as error:
        raise DataError(f"{path} is not a readable items file: {error}") from None
    return validate_frame(frame, ITEM_SCHEMA, str(path))


def untitled_items(interactions: pd.DataFrame) -> pd.DataFrame:
    """When a source has no item file: every item gets a plain title and no genre."""
    ids = sorted(interactions["item_id"].unique())
    return pd.DataFrame({"item_id": ids, "title": [f"item {i}" for i in ids], "genres": ""})


def read_source(path: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Interactions and items from a folder (u.data, u.item) or a single interactions file."""
    folder = path if path.is_dir() else path.parent
    data_file = path / "u.data" if path.is_dir() else path
    if path.is_dir() and not data_file.is_file():
        raise DataError(f"{path} holds no u.data file (the MovieLens 100K layout)")
    interactions = keep_latest_rating(read_interactions(data_file, one_per_pair=False))
    item_file = folder / "u.item"
    has_items = item_file.is_file() and (path.is_dir() or path.name == "u.data")
    items = read_item_file(item_file) if has_items else untitled_items(interactions)
    unknown = set(interactions["item_id"]) - set(items["item_id"])
    if unknown:
        examples = ", ".join(str(item) for item in sorted(unknown)[:3])
        raise DataError(f"{len(unknown)} rated item(s) missing from {item_file}, e.g. {examples}")
    return interactions, items


def write_movielens(interactions: pd.DataFrame, items: pd.DataFrame, folder: Path) -> Path:
    """Write interactions and items in the MovieLens 100K layout (u.data, u.item)."""
    ratings = interactions[INTERACTION_COLUMNS]
    flags = pd.DataFrame(
        {
            genre: items["genres"].str.split("|").apply(lambda g, n=genre: int(n in g))
            for genre in GENRES
        }
    )
    item_file = pd.concat(
        [
            items[["item_id", "title"]],
            pd.DataFrame({"release": "01-Jan-1995", "video": "", "url": ""}, index=items.index),
            flags,
        ],
        axis=1,
    )
    with written_together() as staged:
        ratings.to_csv(staged.path(folder / "u.data"), sep="\t", header=False, index=False)
        item_file.to_csv(
            staged.path(folder / "u.item"), sep="|", header=False, index=False, encoding="latin-1"
        )
    return folder


def write_synthetic(settings: Settings) -> Path:
    data = settings.data
    interactions, items = generate_world(
        data.synthetic_users, data.synthetic_items, data.synthetic_interactions, settings.seed
    )
    return write_movielens(interactions, items, settings.paths.raw / "synthetic")


def locate_source(settings: Settings, source: str) -> Path:
    """The raw data behind a source name, producing it when the source is generated or remote."""
    if source == "synthetic":
        return write_synthetic(settings)
    if source == "public":
        members = ["ml-100k/u.data", "ml-100k/u.item"]
        unzip = pooch.Unzip(members=members)
        return fetch_public(settings, unzip, by_hand="the unzipped ml-100k folder").parent
    return existing_path(source)


def split_by_time(interactions: pd.DataFrame, split: SplitSettings) -> dict[str, pd.DataFrame]:
    """Per user, in time order: the latest `test_fraction` of their interactions go to test, the
    `validation_fraction` before them to validation, the rest to train. A user with at least three
    interactions keeps at least one in each part; so no split holds an interaction earlier than
    that user's training ones, and every held-out user is known from training.
    """
    ordered = interactions.sort_values(["user_id", "timestamp", "item_id"], kind="stable")
    users = ordered.groupby("user_id", sort=False)["item_id"]
    position = users.cumcount().to_numpy()
    count = users.transform("size").to_numpy()
    eligible = count >= 3
    test_size = (count * split.test_fraction).round().clip(1, None)
    validation_size = (count * split.validation_fraction).round().clip(1, None)
    from_end = count - position  # 1 for the latest interaction
    part = pd.Series("train", index=ordered.index)
    part[eligible & (from_end <= test_size)] = "test"
    part[eligible & (from_end > test_size) & (from_end <= test_size + validation_size)] = (
        "validation"
    )
    return {name: ordered[part == name].reset_index(drop=True) for name in SPLIT_NAMES}


def check_interactions(splits: dict[str, pd.DataFrame], positive_rating: int) -> None:
    """Refuse splits the models cannot learn from or be scored on: too few interactions, a split
    without a positive (a rating of at least `positive_rating`), too few items to rank.
    """
    check_splits(splits, MIN_SPLIT_ROWS)
    for name, part in splits.items():
        if not part["rating"].ge(positive_rating).any():
            raise DataError(
                f"the {name} split holds no rating of {positive_rating} or more: nothing to "
                "learn from or to find; use a data set with more interactions per user"
            )
    items = splits["train"].loc[splits["train"]["rating"].ge(positive_rating), "item_id"]
    if items.nunique() < MIN_ITEMS:
        raise DataError(
            f"the train split has positives for {items.nunique()} item(s); ranking needs at "
            f"least {MIN_ITEMS}"
        )


def describe_splits(splits: dict[str, pd.DataFrame], positive_rating: int) -> dict[str, Any]:
    return {
        name: {
            "rows": len(part),
            "users": int(part["user_id"].nunique()),
            "items": int(part["item_id"].nunique()),
            "positive_rate": round(float(part["rating"].ge(positive_rating).mean()), 4),
        }
        for name, part in splits.items()
    }


def prepare_data(settings: Settings, source: str | None = None) -> dict[str, Any]:
    """Load, validate, split and save; return the manifest that describes what was written."""
    chosen = source or settings.data.source
    raw_path = locate_source(settings, chosen)
    interactions, items = read_source(raw_path)
    splits = split_by_time(interactions, settings.split)
    check_interactions(splits, settings.model.positive_rating)
    files = {**{f"{name}.csv": part for name, part in splits.items()}, ITEMS_FILE: items}
    summary = describe_splits(splits, settings.model.positive_rating)
    return save_prepared(settings, chosen, raw_path, files, summary)


def load_split(settings: Settings, name: str) -> pd.DataFrame:
    read_manifest(settings)
    return read_interactions(settings.paths.processed / f"{name}.csv")


def load_items(settings: Settings) -> pd.DataFrame:
    read_manifest(settings)
    return read_item_file(settings.paths.processed / ITEMS_FILE)


def write_batch(settings: Settings, rows: int, seed: int, drifted: bool = False) -> Path:
    """A new stretch of the interaction stream, after the training data, from the same generated
    world; `drifted` shifts it (new users and items, other popularity, lower ratings). Written by
    user, then time: each user's rows together, as batch scoring (`make score`) takes them.
    """
    data = settings.data
    batch = generate_batch(
        rows,
        world_seed=settings.seed,
        batch_seed=seed,
        drifted=drifted,
        users=data.synthetic_users,
        items=data.synthetic_items,
        interactions=data.synthetic_interactions,
    )
    batch = batch.sort_values(["user_id", "timestamp"], kind="stable", ignore_index=True)
    return write_file(settings.paths.batches / BATCH_FILE, partial(write_csv, batch))


def read_batch(path: Path) -> pd.DataFrame:
    """A batch to monitor: interactions (rating and timestamp optional), validated; a pair may
    repeat (each interaction of the stream counts).
    """
    return read_interactions(path, require_rating=False, one_per_pair=False)
