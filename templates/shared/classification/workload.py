"""The requests `bench_api.py` sends to this project's service, one {{ noun }} each:
- POST {{ route }}, and the same bodies to /bench/empty (validated, answered with a constant);
- a batch of 1,000 to POST {{ route }}/batch.
"""

import json
from typing import Any

from fastapi import APIRouter

from {{ records_package | default(package_name) }}.schemas import (
{%- for name in schema_imports.split(', ') %}
    {{ name }},
{%- endfor %}
)
from {{ records_package | default(package_name) }}.synthetic import {{ generator }}

ROUTE = "POST {{ route }} (one {{ noun }}{{ route_note }})"
BATCH_ROWS = 1000
BATCH_LABEL = f"batch of {BATCH_ROWS}"
GOALS = (
    "goals: {{ route }} >= 60% of empty req/s and p99 <= 2x empty p99 at 16 concurrent; "
    "p50 <= 3 ms at 1 concurrent; 1,000-row batch <= 50 ms"
)

Call = tuple[str, str, bytes]  # method, path, body


def empty_router() -> APIRouter:
    bench = APIRouter()

    @bench.post("/bench/empty")
    async def empty(record: {{ record }}) -> dict[str, bool]:
        return {"ok": True}

    return bench


def sample_records(rows: int) -> list[dict[str, Any]]:
    frame = {{ sample }}
    return [{str(key): value for key, value in row.items()} for row in frame.to_dict("records")]


def calls() -> tuple[list[Call], list[Call]]:
    """200 different {{ plural }}{{ sample_note }}, to {{ route }} and to /bench/empty."""
    bodies = [json.dumps(row).encode() for row in sample_records(200)]
    return (
        [("POST", "{{ route }}", body) for body in bodies],
        [("POST", "/bench/empty", body) for body in bodies],
    )


def batch_call() -> Call | None:
    return ("POST", "{{ route }}/batch", json.dumps(sample_records(BATCH_ROWS)).encode())
