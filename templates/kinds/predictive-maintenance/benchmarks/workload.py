"""The requests `bench_api.py` sends to this project's service, one process each:
- POST /predict/failure, and the same bodies to /bench/empty (validated, answered with a constant);
- a batch of 1,000 to POST /predict/failure/batch.
"""

import json
from typing import Any

from fastapi import APIRouter

from {{ package_name }}.schemas import (
    FAILURE_MODES,
    TARGET_COLUMN,
    MachineReading,
)
from {{ package_name }}.synthetic import generate_readings

ROUTE = "POST /predict/failure (one process)"
BATCH_ROWS = 1000
BATCH_LABEL = f"batch of {BATCH_ROWS}"
GOALS = (
    "goals: /predict/failure >= 60% of empty req/s and p99 <= 2x empty p99 at 16 concurrent; "
    "p50 <= 3 ms at 1 concurrent; 1,000-row batch <= 50 ms"
)

Call = tuple[str, str, bytes]  # method, path, body


def empty_router() -> APIRouter:
    bench = APIRouter()

    @bench.post("/bench/empty")
    async def empty(record: MachineReading) -> dict[str, bool]:
        return {"ok": True}

    return bench


def sample_records(rows: int) -> list[dict[str, Any]]:
    frame = generate_readings(rows, seed=2025).drop(columns=[TARGET_COLUMN, *FAILURE_MODES])
    return [{str(key): value for key, value in row.items()} for row in frame.to_dict("records")]


def calls() -> tuple[list[Call], list[Call]]:
    """200 different processes, to /predict/failure and to /bench/empty."""
    bodies = [json.dumps(row).encode() for row in sample_records(200)]
    return (
        [("POST", "/predict/failure", body) for body in bodies],
        [("POST", "/bench/empty", body) for body in bodies],
    )


def batch_call() -> Call | None:
    return ("POST", "/predict/failure/batch", json.dumps(sample_records(BATCH_ROWS)).encode())
