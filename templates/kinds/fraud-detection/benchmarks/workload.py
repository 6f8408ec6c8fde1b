"""The requests `bench_api.py` sends to this project's service, one transaction each:
- POST /predict, and the same bodies to /bench/empty (validated, answered with a constant);
- a batch of 1,000 to POST /predict/batch.
"""

import json
from typing import Any

from fastapi import APIRouter

from {{ package_name }}.schemas import (
    TARGET_COLUMN,
    TransactionRecord,
)
from {{ package_name }}.synthetic import generate_transactions

ROUTE = "POST /predict (one transaction, with its top contributions)"
BATCH_ROWS = 1000
BATCH_LABEL = f"batch of {BATCH_ROWS}"
GOALS = (
    "goals: /predict >= 60% of empty req/s and p99 <= 2x empty p99 at 16 concurrent; "
    "p50 <= 3 ms at 1 concurrent; 1,000-row batch <= 50 ms"
)

Call = tuple[str, str, bytes]  # method, path, body


def empty_router() -> APIRouter:
    bench = APIRouter()

    @bench.post("/bench/empty")
    async def empty(record: TransactionRecord) -> dict[str, bool]:
        return {"ok": True}

    return bench


def sample_records(rows: int) -> list[dict[str, Any]]:
    frame = generate_transactions(rows, seed=2025, fraud_rate=0.05).drop(columns=[TARGET_COLUMN])
    return [{str(key): value for key, value in row.items()} for row in frame.to_dict("records")]


def calls() -> tuple[list[Call], list[Call]]:
    """200 different transactions (5% fraud-like), to /predict and to /bench/empty."""
    bodies = [json.dumps(row).encode() for row in sample_records(200)]
    return (
        [("POST", "/predict", body) for body in bodies],
        [("POST", "/bench/empty", body) for body in bodies],
    )


def batch_call() -> Call | None:
    return ("POST", "/predict/batch", json.dumps(sample_records(BATCH_ROWS)).encode())
