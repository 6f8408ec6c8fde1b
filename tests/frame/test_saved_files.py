"""A model's exported form (an ONNX file beside model.joblib) is saved with the model and its
metadata, all together, and its hash recorded as the others are.
"""

import json
from pathlib import Path

from frame.files import file_sha256
from frame.metadata import METADATA_FILE, MODEL_FILE, load_model, save_model


def test_extra_files_are_saved_with_the_model_and_their_hashes_recorded(tmp_path: Path) -> None:
    models = tmp_path / "models"
    models.mkdir()
    save_model({"w": 1}, {}, {"model": {"name": "m"}}, models, files={"model.onnx": b"graph"})
    assert (models / "model.onnx").read_bytes() == b"graph"
    hashes = json.loads((models / METADATA_FILE).read_text())["files"]
    assert hashes["model.onnx"] == file_sha256(models / "model.onnx")
    assert set(hashes) == {MODEL_FILE, "baselines.joblib", "model.onnx"}
    assert load_model(models)[0] == {"w": 1}
    assert not [path.name for path in models.iterdir() if "partial" in path.name]


def test_without_extra_files_only_the_model_and_baselines_are_saved(tmp_path: Path) -> None:
    save_model({"w": 1}, {}, {}, tmp_path)
    assert sorted(path.name for path in tmp_path.iterdir()) == sorted([MODEL_FILE, "baselines.joblib", METADATA_FILE])
