"""What every data stage shares: fingerprints of raw data, the cached public download, the
validation report, and the manifest that records what `make data` prepared last.
"""

import hashlib
import json
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pandas as pd
import pandera.pandas as pa
import pooch
from sklearn.model_selection import train_test_split

from .config import Settings
from .errors import ArtifactError, DataError

MANIFEST_NAME = "manifest.json"


def file_sha256(path: Path) -> str:
    """The sha256 of a file; of a folder, the sha256 over its files' relative paths and hashes."""
    digest = hashlib.sha256()
    if path.is_dir():
        for member in sorted(item for item in path.rglob("*") if item.is_file()):
            relative = member.relative_to(path).as_posix()
            digest.update(f"{relative}\0{file_sha256(member)}\n".encode())
        return digest.hexdigest()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def fetch_public(settings: Settings, processor: Callable[..., Any] | None = None) -> Path:
    """Download the public data once into the raw folder, checked by its hash when one is set
    (`data.public_hash`, as `sha256:<hex>`, or `md5:<hex>` where the publisher gives only that).

    `processor` is pooch's post-download step (for example `pooch.Unzip()`); the path returned is
    then what it returns, the first one when it returns several.
    """
    data = settings.data
    try:
        location = pooch.retrieve(
            url=data.public_url,
            known_hash=data.public_hash,
            fname=data.public_file_name,
            path=settings.paths.raw,
            processor=processor,
            progressbar=False,
        )
    except ValueError as error:
        raise DataError(f"downloaded file rejected: {error}") from None
    except OSError as error:
        raise DataError(f"could not download {data.public_url}: {error}") from None
    return Path(location[0] if isinstance(location, list) else location)


def existing_path(source: str) -> Path:
    """A source given as a path: it must exist (a file, or a folder for multi-file data)."""
    path = Path(source)
    if not path.exists():
        raise DataError(f"no data at {path}: expected synthetic, public, or an existing path")
    return path


def summarise_failures(failure_cases: pd.DataFrame) -> list[str]:
    """One line per (column, rule): how many rows fail and a few example values."""
    frame = failure_cases.assign(
        column=failure_cases["column"].fillna("<table>").astype(str),
        failure_case=failure_cases["failure_case"].astype(str),
    )
    coerce_failed = set(frame.loc[frame["check"].str.startswith("coerce_dtype"), "column"])
    noise = frame["column"].isin(coerce_failed) & ~frame["check"].str.startswith("coerce_dtype")
    lines = []
    for (column, check), group in frame[~noise].groupby(["column", "check"], sort=True):
        examples = ", ".join(repr(value) for value in group["failure_case"].unique()[:3])
        if column == "<table>":
            lines.append(f"{check}: {examples}")
        else:
            lines.append(f"column {column!r} fails {check} in {len(group)} row(s), e.g. {examples}")
    return lines


def validate_frame(frame: pd.DataFrame, schema: pa.DataFrameSchema, origin: str) -> pd.DataFrame:
    """Validate every problem at once; raise a DataError listing one line per problem."""
    try:
        return schema.validate(frame, lazy=True)
    except pa.errors.SchemaErrors as errors:
        report = "\n  ".join(summarise_failures(errors.failure_cases))
        raise DataError(f"{origin} does not match the {schema.name} schema:\n  {report}") from None


def stratified_split(
    frame: pd.DataFrame,
    labels: pd.Series,
    validation_fraction: float,
    test_fraction: float,
    seed: int,
) -> dict[str, pd.DataFrame]:
    """Train / validation / test, each with the share of every label that the whole frame has;
    fractions are of the whole frame, and a seed makes the split the same on every run.
    """
    rest, test = train_test_split(
        frame, test_size=test_fraction, stratify=labels, random_state=seed
    )
    train, validation = train_test_split(
        rest,
        test_size=validation_fraction / (1 - test_fraction),
        stratify=labels.loc[rest.index],
        random_state=seed,
    )
    return {"train": train, "validation": validation, "test": test}


def write_manifest(
    settings: Settings, source: str, raw_path: Path, splits: dict[str, Any]
) -> dict[str, Any]:
    """Record where the prepared splits came from; returns the manifest."""
    manifest = {
        "source": source,
        "raw_file": str(raw_path),
        "raw_sha256": file_sha256(raw_path),
        "prepared_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "splits": splits,
    }
    processed = settings.paths.processed
    processed.mkdir(parents=True, exist_ok=True)
    (processed / MANIFEST_NAME).write_text(json.dumps(manifest, indent=2), encoding="utf-8")
    return manifest


def read_manifest(settings: Settings) -> dict[str, Any]:
    path = settings.paths.processed / MANIFEST_NAME
    if not path.is_file():
        raise ArtifactError(f"no prepared data in {path.parent}: run `make data` first")
    manifest: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return manifest
