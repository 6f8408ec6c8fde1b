"""What `make data` writes, through frame.sources.save_prepared: frames, files any writer fills
(a streamed CSV, arrays, a folder), extra files beside the data, all replaced together and the
manifest last, with the hash of every prepared file; a writer that fails changes nothing.
"""

import json
from pathlib import Path

import pandas as pd
import pytest
from frame.errors import ArtifactError
from frame.files import file_sha256
from frame.settings import PathsSettings, ProjectSettings
from frame.sources import MANIFEST_NAME, read_manifest, save_prepared


def settings_at(root: Path) -> ProjectSettings:
    return ProjectSettings(paths=PathsSettings(root=root), tracking={"experiment": "demo"})


def raw_file(root: Path) -> Path:
    raw = root / "data" / "raw" / "source.csv"
    raw.parent.mkdir(parents=True)
    raw.write_text("a\n1\n2\n", encoding="utf-8")
    return raw


def write_lines(lines: list[str], path: Path) -> None:
    with path.open("w", encoding="utf-8") as stream:
        stream.writelines(f"{line}\n" for line in lines)


def test_frames_writers_and_extra_files_are_saved_together_and_hashed(tmp_path: Path) -> None:
    settings, raw = settings_at(tmp_path), raw_file(tmp_path)
    sample = tmp_path / "data" / "samples" / "one.txt"
    manifest = save_prepared(
        settings,
        "synthetic",
        raw,
        {"train.csv": pd.DataFrame({"a": [1, 2]}), "test.csv": lambda path: write_lines(["a", "3"], path)},
        {"train": {"rows": 2}, "test": {"rows": 1}},
        extra_files={sample: lambda path: path.write_text("sample", encoding="utf-8")},
        details={"classes": ["x", "y"]},
    )
    processed = settings.paths.processed
    assert (processed / "test.csv").read_text(encoding="utf-8") == "a\n3\n"
    assert pd.read_csv(processed / "train.csv")["a"].tolist() == [1, 2]
    assert sample.read_text(encoding="utf-8") == "sample"
    assert manifest["files"] == {name: file_sha256(processed / name) for name in ("train.csv", "test.csv")}
    assert list(manifest)[:6] == ["source", "raw_file", "raw_sha256", "prepared_at", "classes", "splits"]
    assert json.loads((processed / MANIFEST_NAME).read_text(encoding="utf-8")) == manifest
    assert read_manifest(settings) == manifest
    assert not [path for path in tmp_path.rglob("*partial*")]


def test_a_writer_that_fails_leaves_the_previous_data_as_it_was(tmp_path: Path) -> None:
    settings, raw = settings_at(tmp_path), raw_file(tmp_path)
    sample = tmp_path / "data" / "samples" / "one.txt"
    save_prepared(settings, "synthetic", raw, {"train.csv": pd.DataFrame({"a": [1]})}, {})
    before = {path: path.read_bytes() for path in settings.paths.processed.iterdir()}

    def broken(path: Path) -> None:
        path.write_text("a\n", encoding="utf-8")
        raise OSError("disk full")

    with pytest.raises(OSError, match="disk full"):
        save_prepared(
            settings,
            "synthetic",
            raw,
            {"train.csv": pd.DataFrame({"a": [9]}), "test.csv": broken},
            {},
            extra_files={sample: lambda path: path.write_text("new", encoding="utf-8")},
        )
    assert {path: path.read_bytes() for path in settings.paths.processed.iterdir()} == before
    assert not sample.exists()
    assert read_manifest(settings)["files"].keys() == {"train.csv"}


def test_a_prepared_file_changed_afterwards_is_refused(tmp_path: Path) -> None:
    settings, raw = settings_at(tmp_path), raw_file(tmp_path)
    save_prepared(settings, "synthetic", raw, {"test.csv": lambda path: write_lines(["a", "1"], path)}, {})
    (settings.paths.processed / "test.csv").write_text("a\n2\n", encoding="utf-8")
    with pytest.raises(ArtifactError, match="does not match its hash"):
        read_manifest(settings)
