import hashlib
import zipfile
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from {{ package_name }}.config import Settings, SplitSettings
from {{ package_name }}.dataset import (
    load_items,
    load_split,
    prepare_data,
    read_source,
    split_by_time,
    write_movielens,
)
from {{ package_name }}.errors import DataError
from {{ package_name }}.schemas import GENRES, INTERACTION_COLUMNS
from {{ package_name }}.synthetic import (
    generate_batch,
    generate_world,
)

from .conftest import SMALL_WORLD
from .support import make_settings, refused_and_nothing_changed, served_over_http


@pytest.fixture(scope="module")
def world() -> tuple[pd.DataFrame, pd.DataFrame]:
    return generate_world(seed=42)


def test_generator_writes_the_movielens_shape(world: tuple[pd.DataFrame, pd.DataFrame]) -> None:
    ratings, items = world
    assert list(ratings.columns) == INTERACTION_COLUMNS
    assert abs(len(ratings) - 100_000) <= 1_000
    assert ratings["user_id"].nunique() == 900 and len(items) == 1600
    assert ratings.groupby("user_id").size().min() >= 20
    assert ratings["rating"].between(1, 5).all() and 3.3 < ratings["rating"].mean() < 3.8
    assert not ratings.duplicated(["user_id", "item_id"]).any()
    assert ratings["timestamp"].between(874_724_710, 893_286_638).all()
    assert items["title"].is_unique
    genres = items["genres"].str.split("|")
    assert genres.map(len).between(1, 3).all() and set(genres.explode()) <= set(GENRES[1:])


def test_generator_popularity_has_a_long_tail(world: tuple[pd.DataFrame, pd.DataFrame]) -> None:
    ratings, items = world
    per_item = ratings["item_id"].value_counts().reindex(items["item_id"], fill_value=0)
    counts = np.sort(per_item.to_numpy())[::-1]
    assert counts[: counts.size // 10].sum() / counts.sum() > 0.4  # top 10% of items
    assert np.median(counts) < 40 < counts.max() / 10


def test_generator_is_reproducible_for_a_seed() -> None:
    first, _ = generate_world(100, 200, 5_000, seed=3)
    pd.testing.assert_frame_equal(first, generate_world(100, 200, 5_000, seed=3)[0])
    assert not first.equals(generate_world(100, 200, 5_000, seed=4)[0])


def test_split_never_puts_a_later_interaction_in_training(
    world: tuple[pd.DataFrame, pd.DataFrame],
) -> None:
    parts = split_by_time(world[0], SplitSettings())
    last_train = parts["train"].groupby("user_id")["timestamp"].max()
    first_validation = parts["validation"].groupby("user_id")["timestamp"].min()
    last_validation = parts["validation"].groupby("user_id")["timestamp"].max()
    first_test = parts["test"].groupby("user_id")["timestamp"].min()
    assert len(first_validation) == len(first_test) == len(last_train) == 900
    assert (last_train <= first_validation).all()
    assert (last_validation <= first_test).all()
    assert sum(len(part) for part in parts.values()) == len(world[0])


def test_split_sizes_per_user_and_ties_broken_by_item() -> None:
    interactions = pd.DataFrame(
        {
            "user_id": [1] * 20 + [2] * 3 + [3] * 2,
            "item_id": list(range(20)) + [0, 1, 2] + [0, 1],
            "rating": 4,
            "timestamp": list(range(20, 0, -1)) + [5, 5, 6] + [1, 2],
        }
    )
    parts = split_by_time(interactions, SplitSettings())
    sizes = {name: part.groupby("user_id").size().to_dict() for name, part in parts.items()}
    assert sizes == {"train": {1: 16, 2: 1, 3: 2}, "validation": {1: 2, 2: 1}, "test": {1: 2, 2: 1}}
    # user 1 rated item 19 first (timestamp 1): the two latest are items 0 and 1
    assert set(parts["test"].query("user_id == 1")["item_id"]) == {0, 1}
    # user 2's tie at timestamp 5 is ordered by item: item 0 trains, item 1 validates
    assert parts["validation"].query("user_id == 2")["item_id"].tolist() == [1]


def test_prepared_splits_and_items_round_trip(settings: Settings) -> None:
    manifest = prepare_data(settings, "synthetic")
    assert (settings.paths.raw / "synthetic" / "u.data").is_file()
    assert set(manifest["splits"]) == {"train", "validation", "test"}
    assert manifest["splits"]["train"]["users"] == SMALL_WORLD["synthetic_users"]
    items = load_items(settings)
    assert len(items) == SMALL_WORLD["synthetic_items"]
    assert list(load_split(settings, "test").columns) == INTERACTION_COLUMNS


def test_movielens_folder_loads_unchanged_with_latin1_titles(tmp_path: Path) -> None:
    ratings, items = generate_world(users=50, items=80, interactions=1500, seed=1)
    items.loc[0, "title"] = "Café Society (1995)"
    folder = write_movielens(ratings, items, tmp_path / "ml-100k")
    raw = (folder / "u.data").read_text().splitlines()[0].split("\t")
    assert len(raw) == 4  # the real layout: tab-separated, no header
    loaded, loaded_items = read_source(folder)
    pd.testing.assert_frame_equal(loaded.reset_index(drop=True), ratings.reset_index(drop=True))
    assert loaded_items["title"].iloc[0] == "Café Society (1995)"
    assert loaded_items["genres"].tolist() == items["genres"].tolist()


def test_a_csv_with_named_columns_and_no_item_file_loads(tmp_path: Path) -> None:
    ratings, _ = generate_world(users=50, items=80, interactions=1500, seed=1)
    ratings.to_csv(tmp_path / "ratings.csv", index=False)
    loaded, items = read_source(tmp_path / "ratings.csv")
    assert len(loaded) == len(ratings)
    assert items["title"].str.startswith("item ").all()


def test_bad_values_are_reported_per_column_and_nothing_is_written(tmp_path: Path) -> None:
    (tmp_path / "bad").mkdir()
    (tmp_path / "bad" / "u.data").write_text("1\t10\t4\t880000000\n2\t11\tseven\t880000001\n")
    settings = make_settings(tmp_path / "project")
    with pytest.raises(DataError, match="column 'rating' fails"):
        prepare_data(settings, str(tmp_path / "bad"))
    assert not settings.paths.processed.exists()


def test_a_folder_without_u_data_and_a_repeated_rating_are_refused(tmp_path: Path) -> None:
    with pytest.raises(DataError, match="no u.data"):
        read_source(tmp_path)
    (tmp_path / "u.data").write_text("1\t10\t4\t880000000\n1\t10\t5\t880000001\n")
    with pytest.raises(DataError, match="user_id"):
        read_source(tmp_path / "u.data")


def test_batches_continue_the_stream_and_drift_on_demand() -> None:
    normal = generate_batch(3_000, world_seed=42, batch_seed=1)
    drifted = generate_batch(3_000, world_seed=42, batch_seed=1, drifted=True)
    pd.testing.assert_frame_equal(normal, generate_batch(3_000, world_seed=42, batch_seed=1))
    assert normal["timestamp"].min() > 893_286_638
    new_users, new_items = (normal["user_id"] > 900).mean(), (normal["item_id"] > 1600).mean()
    assert 0.002 < new_users < 0.04 and 0.002 < new_items < 0.04
    assert (drifted["user_id"] > 900).mean() > 0.2 and (drifted["item_id"] > 1600).mean() > 0.2
    assert drifted["rating"].mean() < normal["rating"].mean() - 0.3


@pytest.fixture
def served_archive(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """A small ml-100k.zip, served over HTTP on 127.0.0.1 (no test reaches the network)."""
    ratings, items = generate_world(users=50, items=80, interactions=1500, seed=2)
    folder = write_movielens(ratings, items, tmp_path / "build" / "ml-100k")
    archive = tmp_path / "site" / "ml-100k.zip"
    archive.parent.mkdir()
    with zipfile.ZipFile(archive, "w") as bundle:
        for name in ("u.data", "u.item"):
            bundle.write(folder / name, f"ml-100k/{name}")
    with served_over_http(archive.parent) as root:
        yield f"{root}/ml-100k.zip", archive


def test_public_source_downloads_once_checks_the_hash_and_unzips(
    tmp_path: Path, served_archive: tuple[str, Path]
) -> None:
    url, archive = served_archive
    md5 = hashlib.md5(archive.read_bytes()).hexdigest()  # what GroupLens publish
    settings = make_settings(
        tmp_path / "project", data={"public_url": url, "public_hash": f"md5:{md5}"}
    )
    manifest = prepare_data(settings, "public")
    assert manifest["splits"]["train"]["users"] == 50
    assert Path(manifest["raw_file"]).name == "ml-100k"
    archive.unlink()  # a second run must not need the server
    assert prepare_data(settings, "public")["raw_sha256"] == manifest["raw_sha256"]


def test_public_source_rejects_an_archive_with_the_wrong_hash(
    tmp_path: Path, served_archive: tuple[str, Path]
) -> None:
    url, _ = served_archive
    data = {"public_url": url, "public_hash": "md5:" + "0" * 32}
    with pytest.raises(DataError, match="rejected"):
        prepare_data(make_settings(tmp_path / "project", data=data), "public")


def nothing_liked_in_test(interactions: pd.DataFrame) -> pd.DataFrame:
    """Every user's latest interactions (the test split) rated 1."""
    test = split_by_time(interactions, SplitSettings(validation_fraction=0.1, test_fraction=0.1))
    latest = interactions.set_index(["user_id", "item_id"]).index.isin(
        test["test"].set_index(["user_id", "item_id"]).index
    )
    return interactions.assign(rating=np.where(latest, 1, interactions["rating"]))


def infinite_timestamp(interactions: pd.DataFrame) -> pd.DataFrame:
    bad = interactions.astype({"timestamp": "object"})
    bad.loc[bad.index[5], "timestamp"] = "1e400"  # read as infinity
    return bad


@pytest.mark.parametrize(
    ("unusable", "message"),
    [
        (lambda frame: frame.head(0), "holds a header but no rows"),
        (lambda frame: frame.head(3), "the train split would hold 1 row(s)"),
        (lambda frame: frame.assign(rating=2), "the train split holds no rating of 4 or more"),
        (nothing_liked_in_test, "the test split holds no rating of 4 or more"),
        (infinite_timestamp, "column 'timestamp' fails coerce_dtype"),
    ],
    ids=["header-only", "three-rows", "nothing-liked", "a-split-without-positives", "1e400"],
)
def test_data_training_cannot_use_is_one_line_and_changes_nothing(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    world: tuple[pd.DataFrame, pd.DataFrame],
    unusable,
    message: str,
) -> None:
    for name, value in SMALL_WORLD.items():
        monkeypatch.setenv(f"APP_DATA__{name.upper()}", str(value))
    bad = tmp_path / "bad" / "ratings.csv"
    bad.parent.mkdir()
    unusable(world[0][INTERACTION_COLUMNS]).to_csv(bad, index=False)
    refused_and_nothing_changed(tmp_path, bad, message)
