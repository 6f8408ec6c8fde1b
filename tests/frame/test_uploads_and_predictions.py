"""Two frame parts for projects whose inputs are files and whose model is watched: the guard lets a
route marked UPLOAD_ROUTE take a multipart form (and nothing else: a 415 before the route runs, as a
form parser would read no other body), within its byte limit; and drift monitoring hands both frames
to `Monitoring.predictions` before reading their features.
"""

import asyncio
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
from fastapi import FastAPI, Request
from frame.api.demo_page import ASSETS, SECURITY_HEADERS, check_demos
from frame.api.deps import UPLOAD_ROUTE, upload_paths
from frame.api.guards import RequestGuard
from frame.contract import Demo, Monitoring
from frame.monitoring import monitor
from frame.settings import PathsSettings, ProjectSettings

LIMIT = 2048
FORM = "multipart/form-data; boundary=xyz"


def build_app() -> tuple[FastAPI, list[int]]:
    """An upload route and a JSON route that each read their whole body; `read` counts the bytes
    each request's route got.
    """
    app = FastAPI()
    read: list[int] = []

    @app.post("/upload", openapi_extra={UPLOAD_ROUTE: True})
    async def upload(request: Request) -> dict[str, int]:
        read.append(len(await request.body()))
        return {"bytes": read[-1]}

    @app.post("/json")
    async def json_route(request: Request) -> dict[str, int]:
        read.append(len(await request.body()))
        return {"bytes": read[-1]}

    app.add_middleware(RequestGuard, limits={}, default_limit=LIMIT, uploads=upload_paths(app.routes))
    return app, read


def call(app: FastAPI, path: str, headers: dict[str, str], chunks: list[bytes]) -> tuple[int, int]:
    """One ASGI request sent in `chunks`: the status, and how many chunks the app pulled."""
    pulled = 0
    status: list[int] = []

    async def receive() -> dict[str, Any]:
        nonlocal pulled
        pulled += 1
        return {"type": "http.request", "body": chunks[pulled - 1], "more_body": pulled < len(chunks)}

    async def send(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.start":
            status.append(message["status"])

    encoded = [(name.lower().encode(), value.encode()) for name, value in headers.items()]
    scope = {"type": "http", "method": "POST", "path": path, "raw_path": path.encode(), "query_string": b"",
             "headers": encoded, "http_version": "1.1", "scheme": "http", "root_path": "",
             "server": ("testserver", 80), "client": ("testclient", 50000)}  # fmt: skip
    asyncio.run(app(scope, receive, send))  # type: ignore[arg-type]
    return status[0], pulled


def test_an_upload_route_is_found_by_its_mark() -> None:
    app, _ = build_app()
    assert upload_paths(app.routes) == {"/upload"}


def test_a_multipart_form_within_the_limit_reaches_the_route() -> None:
    app, read = build_app()
    body = b"--xyz--\r\n"
    assert call(app, "/upload", {"content-type": FORM, "content-length": str(len(body))}, [body]) == (200, 1)
    assert read == [len(body)]


@pytest.mark.parametrize(
    "headers",
    [
        {"content-type": "application/json", "content-length": "2"},
        {"content-type": "multipart/form-data", "content-length": "2"},  # no boundary
        {"content-type": "text/plain", "content-length": "2"},
        {"content-length": "2"},
    ],
    ids=["json", "no-boundary", "text", "none"],
)
def test_anything_but_a_form_is_a_415_before_the_route_runs(headers: dict[str, str]) -> None:
    app, read = build_app()
    assert call(app, "/upload", headers, [b"{}"]) == (415, 0)
    assert read == []


def test_a_form_is_still_a_415_on_a_json_route() -> None:
    app, read = build_app()
    assert call(app, "/json", {"content-type": FORM, "content-length": "2"}, [b"{}"])[0] == 415
    assert read == []


def test_a_form_over_the_limit_is_a_413_declared_or_streamed() -> None:
    app, read = build_app()
    declared = {"content-type": FORM, "content-length": str(LIMIT + 1)}
    assert call(app, "/upload", declared, [b"x" * (LIMIT + 1)]) == (413, 0)
    streamed = {"content-type": FORM, "transfer-encoding": "chunked"}
    chunks = [b"x" * 1024] * 10
    assert call(app, "/upload", streamed, chunks) == (413, 3)  # refused at the chunk that crosses
    assert read == []


def watched(seen: list[int]) -> Monitoring[Any]:
    """A monitored project whose model answers "high" above 0.5; `predictions` records the size
    of each frame it is given.
    """

    def predictions(settings: Any, frame: pd.DataFrame) -> pd.DataFrame:
        seen.append(len(frame))
        return frame.assign(answer=np.where(frame["value"] > 0.5, "high", "low"))

    rng = np.random.default_rng(0)
    return Monitoring(
        write_batch=lambda settings, rows, seed, drifted: Path("unused"),
        reference=lambda settings: pd.DataFrame({"value": rng.uniform(0, 1, 2000)}),
        read_batch=lambda path: pd.DataFrame({"value": rng.uniform(0.6, 1, 500)}),
        features=lambda frame, training: frame[["value", "answer"]],
        numeric=["value"],
        categorical=["answer"],
        predictions=predictions,
    )


def test_monitoring_reads_the_models_answers_of_both_frames(tmp_path: Path) -> None:
    settings = ProjectSettings(paths=PathsSettings(root=tmp_path), tracking={"experiment": "demo"})
    seen: list[int] = []
    report = monitor(settings, watched(seen), tmp_path / "batch.csv")
    assert seen == [2000, 500]
    answer = report["features"]["answer"]
    assert answer["largest_change"]["value"] == "high" and answer["drift"]
    assert (tmp_path / "reports" / "drift.json").is_file()


def test_a_demo_of_an_upload_route_draws_classes_and_may_preview_the_chosen_file() -> None:
    app, _ = build_app()
    demo = Demo(
        title="Classify",
        path="/upload",
        example={"image": "/example.png"},
        renderer="classes",
        answer={"items": "predictions", "label": "label", "probability": "probability", "version": "model_version"},
    )
    check_demos([demo], app.routes)
    assert "img-src 'self' blob:;" in SECURITY_HEADERS["Content-Security-Policy"]  # the preview, nothing else
    form = (ASSETS / "form.js").read_text()
    assert '"multipart/form-data"' in form and "new FormData()" in form
