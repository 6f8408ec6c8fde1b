"""What `bench_api.py` sends to this project's service: one known user's top 10 from
GET /recommendations/{user_id}, and GET /bench/empty/{user_id} with the same path and query
validation, answered with a constant. There is no batch route.
"""

from typing import Annotated

from fastapi import APIRouter, Path, Query

from {{ package_name }}.config import load_settings
from {{ package_name }}.dataset import load_split
from {{ package_name }}.schemas import MAX_ID, MAX_K

ROUTE = "GET /recommendations/{user_id}?k=10 (known users)"
BATCH_LABEL = ""
GOALS = (
    "goals: /recommendations >= 60% of empty req/s at 16 concurrent; "
    "p50 <= 3 ms for one user's top 10 at 1 concurrent"
)

Call = tuple[str, str, bytes]  # method, path, body


def empty_router() -> APIRouter:
    bench = APIRouter()

    @bench.get("/bench/empty/{user_id}")
    async def empty(
        user_id: Annotated[int, Path(ge=1, le=MAX_ID)],
        k: Annotated[int, Query(ge=1, le=MAX_K)] = 10,
    ) -> dict[str, bool]:
        return {"ok": True}

    return bench


def calls() -> tuple[list[Call], list[Call]]:
    """200 users from the training split, to the real route and to the empty one."""
    users = load_split(load_settings(), "train")["user_id"].drop_duplicates().head(200).tolist()
    return (
        [("GET", f"/recommendations/{user}?k=10", b"") for user in users],
        [("GET", f"/bench/empty/{user}?k=10", b"") for user in users],
    )


def batch_call() -> Call | None:
    return None
