from pathlib import Path
from urllib.error import URLError

import numpy as np
import pandas as pd
import pytest
from scipy.stats import kurtosis
from sklearn.utils import Bunch

from {{ package_name }} import dataset
from {{ package_name }}.config import Settings
from {{ package_name }}.dataset import (
    load_split,
    prepare_data,
    read_transactions,
    split_dataset,
)
from {{ package_name }}.errors import ArtifactError, DataError
from {{ package_name }}.features import time_of_day
from {{ package_name }}.schemas import (
    COLUMN_ORDER,
    build_transaction_schema,
)
from {{ package_name }}.sources import file_sha256
from {{ package_name }}.synthetic import generate_transactions

from .support import refused_and_nothing_changed


@pytest.fixture(scope="module")
def transactions() -> pd.DataFrame:
    return generate_transactions(100_000, seed=42)


def test_generator_writes_the_ulb_schema(transactions: pd.DataFrame) -> None:
    assert list(transactions.columns) == COLUMN_ORDER
    assert len(COLUMN_ORDER) == 31
    build_transaction_schema(require_target=True).validate(transactions)
    assert transactions["Time"].is_monotonic_increasing
    assert 0 == transactions["Time"].min() < transactions["Time"].max() < 2 * 86_400


def test_generator_has_rare_fraud_heavy_tails_and_skewed_amounts(
    transactions: pd.DataFrame,
) -> None:
    assert 0.0015 <= transactions["Class"].mean() <= 0.0025
    normal = transactions[transactions["Class"] == 0]
    assert kurtosis(normal["V1"]) > 1.5  # heavier tails than a normal distribution (0)
    assert normal["V1"].std() > normal["V28"].std() * 3  # variance falls like PCA components'
    median = float(transactions["Amount"].median())
    assert 10 < median < 40
    assert float(transactions["Amount"].max()) > 20 * median


def test_fraud_shifts_components_and_prefers_nights_and_tiny_amounts(
    transactions: pd.DataFrame,
) -> None:
    fraud = transactions["Class"] == 1
    assert transactions.loc[fraud, "V14"].mean() < transactions.loc[~fraud, "V14"].mean() - 0.5
    assert transactions.loc[fraud, "V4"].mean() > transactions.loc[~fraud, "V4"].mean() + 0.3
    by_period = transactions.groupby(time_of_day(transactions["Time"]))["Class"].mean()
    assert by_period["night"] > 2 * by_period["afternoon"]
    tiny = transactions["Amount"] < 2
    assert transactions.loc[tiny, "Class"].mean() > 3 * transactions.loc[~tiny, "Class"].mean()


def test_generator_is_reproducible_and_its_fraud_rate_is_a_setting() -> None:
    pd.testing.assert_frame_equal(generate_transactions(2000, 7), generate_transactions(2000, 7))
    assert not generate_transactions(2000, 7).equals(generate_transactions(2000, 8))
    assert 0.04 < generate_transactions(20_000, 7, fraud_rate=0.05)["Class"].mean() < 0.06


def test_time_split_never_puts_a_later_transaction_in_training(
    settings: Settings, transactions: pd.DataFrame
) -> None:
    shuffled = transactions.sample(frac=1.0, random_state=0)
    shuffled["Time"] = (shuffled["Time"] // 60) * 60  # many transactions share each minute
    splits = split_dataset(shuffled, settings.split)
    train, validation, test = splits["train"], splits["validation"], splits["test"]
    assert train["Time"].max() < validation["Time"].min()
    assert validation["Time"].max() < test["Time"].min()
    assert len(train) + len(validation) + len(test) == len(shuffled)
    assert len(test) == pytest.approx(0.2 * len(shuffled), rel=0.02)
    assert splits["test"].equals(split_dataset(shuffled, settings.split)["test"])


def test_split_refuses_a_period_without_fraud(
    settings: Settings, transactions: pd.DataFrame
) -> None:
    no_late_fraud = transactions.assign(
        Class=np.where(transactions.index < 50_000, transactions["Class"], 0)
    )
    with pytest.raises(DataError, match="no fraud in the validation, test split"):
        split_dataset(no_late_fraud, settings.split)


def test_csv_round_trip_keeps_every_value(tmp_path: Path) -> None:
    frame = generate_transactions(500, seed=1)
    path = dataset.write_csv(frame, tmp_path / "t.csv")
    pd.testing.assert_frame_equal(read_transactions(path), frame, check_dtype=False)


def test_bad_rows_give_one_readable_line_per_problem(tmp_path: Path) -> None:
    bad = generate_transactions(50, seed=2).astype({"V3": "str"})
    bad.loc[[0, 1], "Amount"] = -5.0
    bad.loc[2, "V3"] = "abc"
    bad.loc[[4, 5, 6], "Class"] = 2
    path = tmp_path / "bad.csv"
    bad.drop(columns=["V7"]).to_csv(path, index=False)
    with pytest.raises(DataError) as caught:
        read_transactions(path)
    lines = str(caught.value).splitlines()
    assert any("'Amount'" in line and "2 row(s)" in line for line in lines)
    assert any("'V3'" in line and "coerce_dtype" in line and "'abc'" in line for line in lines)
    assert any("'Class'" in line and "3 row(s)" in line for line in lines)
    assert any("column_in_dataframe" in line and "V7" in line for line in lines)
    assert "Traceback" not in str(caught.value)


def test_own_file_is_used_as_given(settings: Settings, tmp_path: Path) -> None:
    own = tmp_path / "mine.csv"
    generate_transactions(6000, seed=3, fraud_rate=0.02).to_csv(own, index=False)
    manifest = prepare_data(settings, str(own))
    assert manifest["source"] == str(own)
    assert manifest["raw_sha256"] == file_sha256(own)
    assert sum(part["rows"] for part in manifest["splits"].values()) == 6000
    assert load_split(settings, "test")["Time"].min() > manifest["splits"]["validation"]["time_to"]


def test_stages_ask_for_data_when_none_was_prepared(settings: Settings) -> None:
    with pytest.raises(ArtifactError, match="make data"):
        load_split(settings, "train")


def openml_like(rows: int) -> Bunch:
    """What fetch_openml returns for "creditcard": a frame whose Class is a '0'/'1' category."""
    frame = generate_transactions(rows, seed=5, fraud_rate=0.02)
    return Bunch(frame=frame.assign(Class=frame["Class"].astype(str).astype("category")))


def test_public_source_fetches_from_openml_once_and_caches(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[dict] = []

    def fake_fetch_openml(**arguments: object) -> Bunch:
        calls.append(arguments)
        return openml_like(5000)

    monkeypatch.setattr(dataset, "fetch_openml", fake_fetch_openml)
    manifest = prepare_data(settings, "public")
    assert calls[0]["data_id"] == settings.data.openml_id == 1597
    assert calls[0]["data_home"] == settings.paths.raw / "openml"
    assert manifest["raw_file"] == str(settings.paths.raw / "creditcard.csv")
    assert load_split(settings, "train")["Class"].dtype == "int64"
    prepare_data(settings, "public")
    assert len(calls) == 1  # the second run reads the cached file


def test_public_source_offline_is_one_clear_error_and_writes_nothing(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    def offline(**arguments: object) -> Bunch:
        raise URLError("no route to host")

    monkeypatch.setattr(dataset, "fetch_openml", offline)
    with pytest.raises(DataError, match="could not fetch OpenML data set 1597") as caught:
        prepare_data(settings, "public")
    assert "\n" not in str(caught.value)
    assert not settings.paths.processed.exists() or not any(settings.paths.processed.iterdir())


def with_fraud(frame: pd.DataFrame, fraud: np.ndarray) -> pd.DataFrame:
    return frame.assign(Class=fraud.astype(np.int64))


def infinite_amount(frame: pd.DataFrame) -> pd.DataFrame:
    bad = frame.astype({"Amount": "object"})
    bad.loc[5, "Amount"] = "1e400"  # read as infinity
    return bad


@pytest.mark.parametrize(
    ("unusable", "message"),
    [
        (lambda frame: frame.head(0), "holds a header but no rows"),
        (lambda frame: frame.head(3), "split"),
        (lambda frame: with_fraud(frame, np.zeros(len(frame))), "no fraud in the train, valid"),
        (
            lambda frame: with_fraud(frame, frame.index < 1000),
            "no fraud in the validation, test split",
        ),
        (lambda frame: with_fraud(frame, np.ones(len(frame))), "every row of the train split"),
        (infinite_amount, "column 'Amount' fails in_range"),
    ],
    ids=["header-only", "three-rows", "no-fraud", "late-fraudless", "all-fraud", "1e400"],
)
def test_data_training_cannot_use_is_one_line_and_changes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, unusable, message: str
) -> None:
    monkeypatch.setenv("APP_DATA__SYNTHETIC_ROWS", "20000")
    bad = tmp_path / "bad" / "transactions.csv"
    bad.parent.mkdir()
    unusable(generate_transactions(3000, seed=3, fraud_rate=0.02)).to_csv(bad, index=False)
    refused_and_nothing_changed(tmp_path, bad, message)
