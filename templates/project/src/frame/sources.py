"""What every data stage shares: the cached public download, the validation report, the checks
that refuse data training cannot use, and the manifest that records what `make data` prepared
last, with the hash of every file it wrote, so that later stages refuse files that do not match.
"""

import json
import os
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import urlsplit

import numpy as np
import pandas as pd
import pandera.pandas as pa
import pooch
from sklearn.model_selection import train_test_split

from .errors import ArtifactError, DataError
from .files import file_sha256, written_together
from .schema_problems import RowNumbers, delimiter_problem, describe_failures
from .settings import DataSettings, PathsSettings, ProjectSettings

__all__ = ["file_sha256"]  # the stages' modules import it from here
MANIFEST_NAME = "manifest.json"


class WithData(Protocol):
    """Settings with a data section: where the public data set comes from."""

    @property
    def data(self) -> DataSettings: ...

    @property
    def paths(self) -> PathsSettings: ...


def fetch_public(
    settings: WithData, processor: Callable[..., Any] | None = None, by_hand: str | None = None
) -> Path:
    """Download the public data once into the raw folder, checked by its hash when one is set
    (`data.public_hash`, as `sha256:<hex>`, or `md5:<hex>` where the publisher gives only that).

    `processor` is pooch's post-download step (for example `pooch.Unzip()`); the path returned is
    then what it returns, the first one when it returns several. `by_hand` names what a user who
    downloads the file themselves gives as SOURCE (default: the downloaded file).
    """
    data = settings.data
    with no_empty_folders_left(settings.paths.raw):
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
            raise download_failed(settings, data.public_url, error, by_hand) from None
    return Path(location[0] if isinstance(location, list) else location)


def download_failed(
    settings: WithData, url: str, error: OSError, by_hand: str | None = None
) -> DataError:
    """The one-line error for a download that failed: why, in a few words, and how to download
    the file by hand and give it to `make data`.
    """
    task = getattr(settings.paths, "task", "")
    given = by_hand or f"the downloaded {settings.data.public_file_name}"
    command = f"make data{' TASK=' + task if task else ''} SOURCE=<{given}>"
    return DataError(
        f"could not download {url} ({why_unreachable(url, error)}): download it by hand "
        f"and run `{command}`"
    )


def why_unreachable(url: str, error: OSError) -> str:
    host = urlsplit(url).hostname or url
    status = getattr(getattr(error, "response", None), "status_code", None)
    status = getattr(error, "code", status)  # urllib's HTTPError, else requests' response
    if isinstance(status, int):
        return f"{host} answered {status}"
    if "timed out" in str(error).lower():
        return f"no answer from {host} in time"
    return f"no connection to {host}"


@contextmanager
def no_empty_folders_left(folder: Path) -> Iterator[None]:
    """When the block fails, remove the folders it created at and under `folder` and left empty
    (a failed download leaves no empty tree in data/raw); folders that were there stay.
    """
    top = folder
    while not top.parent.exists() and top.parent != top:
        top = top.parent
    existing = set(folders_under(top))
    try:
        yield
    except BaseException:
        for path in sorted(set(folders_under(top)) - existing, key=lambda path: -len(path.parts)):
            if not any(path.iterdir()):
                path.rmdir()
        raise


def folders_under(top: Path) -> list[Path]:
    """`top` and every folder below it (none when `top` does not exist)."""
    return [Path(directory) for directory, _, _ in os.walk(top)]


def existing_path(source: str) -> Path:
    """A source given as a path: it must exist (a file, or a folder for multi-file data)."""
    path = Path(source)
    if not path.exists():
        raise DataError(f"no data at {path}: expected synthetic, public, or an existing path")
    return path


def validate_frame(frame: pd.DataFrame, schema: pa.DataFrameSchema, origin: str) -> pd.DataFrame:
    """Validate every problem at once; raise a DataError listing one plain line per problem (one
    line in all for a single problem), with the rows where it occurs. A file with a header and no
    rows is refused too, and so is one separated by another character than commas.
    """
    separated = delimiter_problem(list(frame.columns))
    if separated:
        raise DataError(f"{origin}: {separated}")
    if frame.empty and len(frame.columns) > 0:
        raise DataError(f"{origin} holds a header but no rows")
    try:
        validated = schema.validate(frame, lazy=True)
    except pa.errors.SchemaErrors as errors:
        problems = describe_failures(
            errors.failure_cases, frame.index, [*schema.columns, *frame.columns]
        )
        report = f" {problems[0]}" if len(problems) == 1 else "\n  " + "\n  ".join(problems)
        counted = RowNumbers(frame.index).counted and " in row" in report
        counting = " (row 1 is the first row of data)" if counted else ""
        raise DataError(
            f"{origin} does not match the {schema.name} schema{counting}:{report}"
        ) from None
    numbers = validated.select_dtypes("number")
    infinite = [str(name) for name in numbers.columns if np.isinf(numbers[name]).any()]
    if infinite:  # a value such as 1e400 is read as infinity, which no model can use
        raise DataError(f"{origin}: column(s) {', '.join(infinite)} hold an infinite number")
    return validated


def check_splits(
    splits: Mapping[str, pd.DataFrame], min_rows: int, target: str | None = None
) -> None:
    """Refuse splits training cannot use, before anything is written: fewer than `min_rows` rows
    in a split, or (for a classifier's `target`) a split without both classes.
    """
    for name, part in splits.items():
        if len(part) < min_rows:
            raise DataError(
                f"the {name} split would hold {len(part)} row(s); training needs at least "
                f"{min_rows} in each split: use a larger data set"
            )
        if target is not None and part[target].nunique() < 2:
            only = part[target].iloc[0]
            raise DataError(
                f"every row of the {name} split has {target} = {only!r}; training needs both "
                "classes in each split: use a data set with more of the rarer class"
            )


def stratified_split(
    frame: pd.DataFrame,
    labels: pd.Series,
    validation_fraction: float,
    test_fraction: float,
    seed: int,
) -> dict[str, pd.DataFrame]:
    """Train / validation / test, each with the share of every label that the whole frame has;
    fractions are of the whole frame, and a seed makes the split the same on every run. Refused
    (a DataError) when a class is too rare to reach all three splits.
    """
    counts = labels.value_counts()
    if len(counts) < 2 or counts.min() < 3:
        shown_counts = ", ".join(f"{value!r}: {count}" for value, count in counts.items())
        raise DataError(
            f"{labels.name} has {shown_counts or 'no rows'}; each split needs both classes, so "
            "each class needs at least 3 rows"
        )
    try:
        rest, test = train_test_split(
            frame, test_size=test_fraction, stratify=labels, random_state=seed
        )
        train, validation = train_test_split(
            rest,
            test_size=validation_fraction / (1 - test_fraction),
            stratify=labels.loc[rest.index],
            random_state=seed,
        )
    except ValueError as error:  # scikit-learn's word for a split too small to stratify
        raise DataError(f"cannot split {len(frame)} rows three ways: {error}") from None
    return {"train": train, "validation": validation, "test": test}


def write_csv(frame: pd.DataFrame, path: Path) -> None:
    frame.to_csv(path, index=False)


Writer = Callable[[Path], object]  # fills the file it is given (streamed, or in any format)


def save_prepared(
    settings: ProjectSettings,
    source: str,
    raw_path: Path,
    files: Mapping[str, pd.DataFrame | Writer],
    splits: dict[str, Any],
    write: Callable[[pd.DataFrame, Path], object] = write_csv,
    *,
    extra_files: Mapping[Path, Writer] | None = None,
    details: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """Write the prepared files and the manifest that records their hashes and where they came
    from; all replace the previous ones together, the manifest last. Returns the manifest.

    `files` maps a name in the processed folder to a frame (written by `write`) or to a writer
    that fills the path it is given (a file too large for one frame is streamed that way).
    `extra_files` are written first, with the others, but not hashed (for example sample
    images beside the data); `splits` is the manifest's description of each split, `details`
    more of what the manifest records.
    """
    processed = settings.paths.processed
    with written_together() as staged:
        for target, writer in (extra_files or {}).items():
            writer(staged.path(target))
        hashes = {}
        for name, content in files.items():
            path = staged.path(processed / name)
            if isinstance(content, pd.DataFrame):
                write(content, path)
            else:
                content(path)
            hashes[name] = file_sha256(path)
        manifest = {
            "source": source,
            "raw_file": str(raw_path),
            "raw_sha256": file_sha256(raw_path),
            "prepared_at": datetime.now(UTC).isoformat(timespec="seconds"),
            **(details or {}),
            "splits": splits,
            "files": hashes,
        }
        text = json.dumps(manifest, indent=2)
        staged.path(processed / MANIFEST_NAME).write_text(text, encoding="utf-8")
    return manifest


def read_manifest(settings: ProjectSettings) -> dict[str, Any]:
    """The manifest of the prepared data, once every file it lists is checked against its hash:
    a file changed since, or left by an interrupted run of an older version, is refused.
    """
    path = settings.paths.processed / MANIFEST_NAME
    if not path.is_file():
        raise ArtifactError(f"no prepared data in {path.parent}: run `make data` first")
    try:
        manifest: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as error:
        raise ArtifactError(f"{path} is unreadable ({error}): run `make data`") from None
    files = manifest.get("files")
    if not isinstance(files, dict):
        raise ArtifactError(f"{path} records no file hashes (an older version): run `make data`")
    for name, expected in files.items():
        prepared = path.parent / name
        if not prepared.is_file():
            raise ArtifactError(f"{prepared}, listed in {path}, is missing: run `make data`")
        if file_sha256(prepared) != expected:
            raise ArtifactError(
                f"{prepared} does not match its hash in {path} (changed since, or left by an "
                "interrupted run): run `make data`"
            )
    return manifest
