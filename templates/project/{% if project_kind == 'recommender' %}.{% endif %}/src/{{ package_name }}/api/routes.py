"""This project's routes: recommendations for a user or an anonymous session, and similar items.

Hands project.py `router`, `DEMOS` (the demo page's forms) and `load_model_for_serving`, which
loads the saved recommender and scores every known user once (`Recommender.cache_user_scores`).
A request is then a row read or, for a session, a sum of item rows over the catalogue, and a
partial sort: tens of microseconds, so every route runs on the event loop with no thread hop.
"""

import json
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Path, Query
from fastapi.responses import Response

from frame.api.deps import ServedModel, ServingDep, load_served_model
from frame.api.guards import BODY_ERRORS
from frame.contract import Demo

from ..config import Settings
from ..modeling.predict import Ranked, Recommender
from ..schemas import MAX_ID, MAX_K, Recommendations, Session, SimilarItems

router = APIRouter(tags=["recommendations"])
UserId = Annotated[int, Path(ge=1, le=MAX_ID, description="A user id from the data")]
ItemId = Annotated[int, Path(ge=1, le=MAX_ID, description="An item id from the data")]
TopK = Annotated[int, Query(ge=1, le=MAX_K, description="How many items to return")]


def load_model_for_serving(settings: Settings) -> ServedModel[Recommender]:
    def build(recommender: Recommender, metadata: dict[str, Any]) -> Recommender:
        return recommender.cache_user_scores()

    return load_served_model(settings.paths.models, build)


def respond(
    serving: ServingDep, request: dict[str, Any], user_id: int | None, ranked: Ranked
) -> Response:
    recommender: Recommender = serving.model.predictor
    items = recommender.describe(ranked)
    if serving.prediction_log is not None:
        output = {"item_ids": [item["item_id"] for item in items], "cold_start": ranked.cold_start}
        serving.prediction_log.append([request], [output], serving.model.version)
    body = {
        "user_id": user_id,
        "cold_start": ranked.cold_start,
        "model_version": serving.model.version,
        "items": items,
    }
    # Encoded here, in the documented shape: FastAPI would validate and re-encode the model.
    return Response(json.dumps(body), media_type="application/json")


@router.get("/recommendations/{user_id}", response_model=Recommendations)
async def recommend_for_user(user_id: UserId, serving: ServingDep, k: TopK = 10) -> Response:
    """The user's top k unseen items; an unknown user gets popular items and `cold_start`."""
    ranked = serving.model.predictor.for_user(user_id, k)
    return respond(serving, {"user_id": user_id, "k": k}, user_id, ranked)


@router.post("/recommendations", response_model=Recommendations, responses=BODY_ERRORS)
async def recommend_for_session(session: Session, serving: ServingDep) -> Response:
    """Top k for an anonymous visitor from the items they touched (never those items again)."""
    ranked = serving.model.predictor.for_session(session.item_ids, session.k)
    return respond(serving, session.model_dump(), None, ranked)


@router.get(
    "/items/{item_id}/similar",
    response_model=SimilarItems,
    responses={404: {"description": "Item not in the catalogue"}},
)
async def similar_items(item_id: ItemId, serving: ServingDep, k: TopK = 10) -> Response:
    """Up to k items most like this one (a positive similarity in the model), best first; an
    empty list and a `reason` for an item nobody liked in training.
    """
    recommender: Recommender = serving.model.predictor
    found = recommender.similar_items(item_id, k)
    if found is None:
        raise HTTPException(status_code=404, detail=f"item {item_id} is not in the catalogue")
    ranked, reason = found
    body = {
        "item_id": item_id,
        "title": str(recommender.titles[recommender.column_of[item_id]]),
        "model_version": serving.model.version,
        "items": recommender.describe(ranked),
        "reason": reason,
    }
    return Response(json.dumps(body), media_type="application/json")


LISTED = {"items": "items", "title": "title", "score": "score", "details": "genres"}
DEMOS = [
    Demo(
        title="A user",
        description="Top items for a user of the data, none they have rated. Try another id.",
        path="/recommendations/{user_id}",
        method="GET",
        example={"user_id": 1, "k": 5},
        renderer="ranking",
        answer={
            **LISTED,
            "flag": "cold_start",
            "flag_text": "Unknown user: the most popular items instead",
        },
    ),
    Demo(
        title="A visitor",
        description="An anonymous visitor who touched these items: what should they see next?",
        path="/recommendations",
        example={"item_ids": [1, 2, 3], "k": 5},
        renderer="ranking",
        answer=LISTED,
    ),
    Demo(
        title="Similar items",
        description="The items most like this one, by the model's own item-item similarity.",
        path="/items/{item_id}/similar",
        method="GET",
        example={"item_id": 1, "k": 5},
        renderer="ranking",
        answer={**LISTED, "subject": "title", "empty": "reason"},
    ),
]
