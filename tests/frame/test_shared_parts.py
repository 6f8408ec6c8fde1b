"""The frame's small shared parts: a data folder's fingerprint, JSON log lines, and the population
stability index that drift monitoring is built on.
"""

import json
import logging
from pathlib import Path

import numpy as np
import pytest
from frame.api.app import JsonFormatter
from frame.monitoring import population_stability_index
from frame.sources import file_sha256


def test_folder_fingerprint_covers_names_and_contents(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "a.txt").write_text("one")
    first = file_sha256(folder)
    (folder / "a.txt").write_text("two")
    second = file_sha256(folder)
    (folder / "a.txt").rename(folder / "b.txt")
    assert len({first, second, file_sha256(folder)}) == 3


def test_log_lines_are_json_with_their_extra_fields() -> None:
    record = logging.makeLogRecord({"msg": "request", "levelname": "INFO", "fields": {"status": 200}})
    line = json.loads(JsonFormatter().format(record))
    assert line["message"] == "request"
    assert line["status"] == 200


def test_psi_is_zero_for_equal_shares_and_grows_with_the_shift() -> None:
    counts = np.array([25.0, 25.0, 50.0])
    assert population_stability_index(counts, counts * 4) == pytest.approx(0.0)
    small = population_stability_index(counts, np.array([30.0, 25.0, 45.0]))
    large = population_stability_index(counts, np.array([60.0, 25.0, 15.0]))
    assert 0 < small < 0.1 < 0.2 < large
