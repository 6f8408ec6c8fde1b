from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest

from {{ package_name }}.config import Settings
from {{ package_name }}.dataset import (
    load_split,
    prepare_data,
    read_customers,
    split_dataset,
)
from {{ package_name }}.errors import ArtifactError, DataError
from {{ package_name }}.modeling.train import train
from {{ package_name }}.schemas import (
    COLUMN_ORDER,
    build_customer_schema,
)
from {{ package_name }}.sources import file_sha256
from {{ package_name }}.synthetic import generate_customers

from .support import make_settings, refused_and_nothing_changed, served_over_http


@pytest.fixture(scope="module")
def customers() -> pd.DataFrame:
    return generate_customers(7043, seed=42)


def churn_rate_by(frame: pd.DataFrame, column: str) -> pd.Series:
    return frame.groupby(column)["Churn"].apply(lambda churn: churn.eq("Yes").mean())


def test_generator_writes_the_ibm_telco_schema(customers: pd.DataFrame) -> None:
    assert list(customers.columns) == COLUMN_ORDER
    assert len(COLUMN_ORDER) == 21
    build_customer_schema(require_target=True).validate(customers)
    assert customers["customerID"].str.fullmatch(r"\d{4}-[A-Z]{5}").all()


def test_blank_total_charges_are_a_single_space_at_tenure_zero(customers: pd.DataFrame) -> None:
    blank = customers["TotalCharges"] == " "
    assert 8 <= blank.sum() <= 14
    assert (customers.loc[blank, "tenure"] == 0).all()
    assert (customers.loc[~blank, "tenure"] > 0).all()


def test_generator_balance_and_signal(customers: pd.DataFrame) -> None:
    assert 0.25 <= customers["Churn"].eq("Yes").mean() <= 0.28
    by_contract = churn_rate_by(customers, "Contract")
    assert by_contract["Month-to-month"] > by_contract["One year"] > by_contract["Two year"]
    by_internet = churn_rate_by(customers, "InternetService")
    assert by_internet["Fiber optic"] > by_internet["DSL"] > by_internet["No"]
    by_payment = churn_rate_by(customers, "PaymentMethod")
    assert by_payment.idxmax() == "Electronic check"


def test_generator_is_reproducible_from_its_seed() -> None:
    pd.testing.assert_frame_equal(generate_customers(300, 7), generate_customers(300, 7))
    assert not generate_customers(300, 7).equals(generate_customers(300, 8))


def test_csv_round_trip_keeps_the_blank_total_charges(
    tmp_path: Path, customers: pd.DataFrame
) -> None:
    path = tmp_path / "customers.csv"
    customers.to_csv(path, index=False)
    read = read_customers(path)
    assert (read["TotalCharges"] == " ").sum() == (customers["TotalCharges"] == " ").sum()
    assert read["tenure"].dtype == "int64"


def test_bad_rows_give_one_readable_line_per_problem(
    tmp_path: Path, customers: pd.DataFrame
) -> None:
    bad = customers.head(50).astype({"tenure": "str"})
    bad.loc[[0, 1], "gender"] = "Femal"
    bad.loc[2, "tenure"] = "abc"
    bad.loc[3, "TotalCharges"] = "lots"
    bad.loc[[4, 5, 6], "Churn"] = "maybe"
    path = tmp_path / "bad.csv"
    bad.drop(columns=["Contract"]).to_csv(path, index=False)
    with pytest.raises(DataError) as caught:
        read_customers(path)
    lines = str(caught.value).splitlines()
    assert any("'gender'" in line and "2 row(s)" in line for line in lines)
    assert any("'tenure'" in line and "coerce_dtype" in line and "'abc'" in line for line in lines)
    assert any(
        "'TotalCharges'" in line and "blank_or_non_negative_number" in line for line in lines
    )
    assert any("'Churn'" in line and "3 row(s)" in line for line in lines)
    assert any("column_in_dataframe" in line and "Contract" in line for line in lines)
    assert "Traceback" not in str(caught.value)


def test_split_is_stratified_disjoint_and_seeded(
    settings: Settings, customers: pd.DataFrame
) -> None:
    splits = split_dataset(customers, settings.split, settings.seed)
    sizes = {name: len(part) for name, part in splits.items()}
    assert sum(sizes.values()) == len(customers)
    assert sizes["test"] == pytest.approx(0.2 * len(customers), abs=2)
    ids = [set(part["customerID"]) for part in splits.values()]
    assert not (ids[0] & ids[1] or ids[0] & ids[2] or ids[1] & ids[2])
    rates = [part["Churn"].eq("Yes").mean() for part in splits.values()]
    assert max(rates) - min(rates) < 0.01
    again = split_dataset(customers, settings.split, settings.seed)
    assert again["test"]["customerID"].tolist() == splits["test"]["customerID"].tolist()


def test_own_file_is_used_as_given(settings: Settings, tmp_path: Path) -> None:
    own = tmp_path / "mine.csv"
    generate_customers(600, seed=3).to_csv(own, index=False)
    manifest = prepare_data(settings, str(own))
    assert manifest["source"] == str(own)
    assert manifest["raw_sha256"] == file_sha256(own)
    assert sum(part["rows"] for part in manifest["splits"].values()) == 600
    assert set(load_split(settings, "test")["customerID"]) <= set(pd.read_csv(own)["customerID"])


def test_stages_ask_for_data_when_none_was_prepared(settings: Settings) -> None:
    with pytest.raises(ArtifactError, match="make data"):
        load_split(settings, "train")


@pytest.fixture
def served_file(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """A small generated file served over HTTP on 127.0.0.1 only."""
    folder = tmp_path / "served"
    folder.mkdir()
    generate_customers(400, seed=5).to_csv(folder / "telco.csv", index=False)
    with served_over_http(folder) as root:
        yield f"{root}/telco.csv", folder / "telco.csv"


def test_public_source_downloads_once_checks_hash_and_caches(
    tmp_path: Path, served_file: tuple[str, Path]
) -> None:
    url, original = served_file
    data = {"public_url": url, "public_hash": f"sha256:{file_sha256(original)}"}
    settings = make_settings(tmp_path / "project", data=data)
    manifest = prepare_data(settings, "public")
    cached = settings.paths.raw / settings.data.public_file_name
    assert cached.is_file()
    assert manifest["raw_sha256"] == file_sha256(original)
    original.unlink()  # a second run must not need the server
    assert prepare_data(settings, "public")["raw_sha256"] == manifest["raw_sha256"]


def test_public_source_rejects_a_file_with_the_wrong_hash(
    tmp_path: Path, served_file: tuple[str, Path]
) -> None:
    url, _ = served_file
    settings = make_settings(
        tmp_path / "project", data={"public_url": url, "public_hash": "sha256:" + "0" * 64}
    )
    with pytest.raises(DataError, match="rejected"):
        prepare_data(settings, "public")


def one_class(customers: pd.DataFrame) -> pd.DataFrame:
    return customers[customers["Churn"].eq("No")].head(600)


def two_churners(customers: pd.DataFrame) -> pd.DataFrame:
    """Too few churners for each split to hold one."""
    churners = customers[customers["Churn"].eq("Yes")].head(2)
    return pd.concat([one_class(customers), churners])


def infinite_charges(customers: pd.DataFrame) -> pd.DataFrame:
    bad = customers.head(600).copy()
    bad.loc[bad.index[5], "TotalCharges"] = "1e400"  # read as infinity
    return bad


@pytest.mark.parametrize(
    ("unusable", "message"),
    [
        (lambda customers: customers.head(0), "holds a header but no rows"),
        (lambda customers: customers.head(3), "each class needs at least 3 rows"),
        (one_class, "Churn has 'No': 600; each split needs both classes"),
        (two_churners, "Churn has 'No': 600, 'Yes': 2; each split needs both classes"),
        (infinite_charges, "'TotalCharges' fails blank_or_non_negative_number in 1 row(s)"),
    ],
    ids=["header-only", "three-rows", "one-class", "a-split-without-churners", "1e400"],
)
def test_data_training_cannot_use_is_one_line_and_changes_nothing(
    tmp_path: Path, customers: pd.DataFrame, unusable, message: str
) -> None:
    bad = tmp_path / "bad" / "customers.csv"
    bad.parent.mkdir()
    unusable(customers).to_csv(bad, index=False)
    refused_and_nothing_changed(tmp_path, bad, message)


def test_the_smallest_data_accepted_trains(settings: Settings, customers: pd.DataFrame) -> None:
    """Near the limits the data stage checks (10 rows a split, both classes in each), training
    works: what the data stage accepts, training can use.
    """
    own = settings.paths.root / "small.csv"
    churners = customers[customers["Churn"].eq("Yes")].head(8)
    pd.concat([customers[customers["Churn"].eq("No")].head(42), churners]).to_csv(own, index=False)
    manifest = prepare_data(settings, str(own))
    assert min(part["rows"] for part in manifest["splits"].values()) == 10
    train(settings)
