"""The demo page at `/` (frame/api/demo_page.py): served by the app with a same-origin-only policy, its
files fetch nothing from elsewhere, and a demo that names no route, an unknown renderer or unknown keys
stops the service at start.
"""

import asyncio
import json
import re
from dataclasses import dataclass
from typing import Any

import pytest
from fastapi import APIRouter, FastAPI
from frame.api.demo_page import ASSETS, MEDIA_TYPES, ROLES, add_demo_routes, check_demos
from frame.contract import Demo
from pydantic import BaseModel


class Reading(BaseModel):
    value: float


def build_router() -> APIRouter:
    router = APIRouter()

    @router.post("/predict")
    async def predict(reading: Reading) -> dict[str, float]:
        return {"probability": min(1.0, abs(reading.value))}

    return router


DEMO = Demo(
    title="One reading",
    path="/predict",
    example={"value": 0.5},
    renderer="probability",
    answer={"probability": "probability", "positive": "High"},
)


@dataclass
class Reply:
    status_code: int
    headers: dict[str, str]
    content: bytes

    @property
    def text(self) -> str:
        return self.content.decode()

    def json(self) -> Any:
        return json.loads(self.content)


class Client:
    """Calls the app as a server would, one ASGI request (the tool's environment has no httpx)."""

    def __init__(self, app: FastAPI) -> None:
        self.app = app

    def request(self, method: str, path: str, body: bytes = b"") -> Reply:
        messages: list[dict[str, Any]] = []

        async def receive() -> dict[str, Any]:
            return {"type": "http.request", "body": body, "more_body": False}

        async def send(message: dict[str, Any]) -> None:
            messages.append(message)

        headers = [(b"content-type", b"application/json")] if body else []
        scope = {"type": "http", "method": method, "path": path, "raw_path": path.encode(), "query_string": b"",
                 "headers": headers, "http_version": "1.1", "scheme": "http", "root_path": "",
                 "server": ("testserver", 80), "client": ("testclient", 50000)}  # fmt: skip
        asyncio.run(self.app(scope, receive, send))  # type: ignore[arg-type]
        start = next(message for message in messages if message["type"] == "http.response.start")
        content = b"".join(message.get("body", b"") for message in messages if message["type"] == "http.response.body")
        headers_out = {key.decode(): value.decode() for key, value in start["headers"]}
        return Reply(start["status"], headers_out, content)

    def get(self, path: str) -> Reply:
        return self.request("GET", path)

    def post(self, path: str, payload: Any) -> Reply:
        return self.request("POST", path, json.dumps(payload).encode())


@pytest.fixture(scope="module")
def client() -> Client:
    app = FastAPI(title="project")
    router = build_router()
    app.include_router(router)
    add_demo_routes(app, [DEMO], router.routes)
    return Client(app)


def test_the_page_and_its_files_are_served_with_a_same_origin_policy(client: Client) -> None:
    page = client.get("/")
    assert page.status_code == 200 and page.headers["content-type"] == "text/html; charset=utf-8"
    policy = page.headers["content-security-policy"]
    assert "default-src 'none'" in policy and "script-src 'self'" in policy and "connect-src 'self'" in policy
    assert page.headers["x-content-type-options"] == "nosniff"
    linked = set(re.findall(r'(?:src|href)="/demo/([^"]+)"', page.text))
    modules = "".join((ASSETS / name).read_text() for name in MEDIA_TYPES if name.endswith(".js"))
    imported = set(re.findall(r'from "\./([\w.]+)"', modules))
    assert linked | imported == set(MEDIA_TYPES) == {path.name for path in ASSETS.iterdir()} - {"index.html"}
    for name, media_type in MEDIA_TYPES.items():
        served = client.get(f"/demo/{name}")
        assert served.status_code == 200 and served.headers["content-type"] == media_type
        assert served.content == (ASSETS / name).read_bytes()
        assert "content-security-policy" in served.headers


def test_the_files_fetch_nothing_from_another_origin() -> None:
    for path in ASSETS.iterdir():
        text = path.read_text()
        assert not re.search(r"https?:|@import|url\(", text.replace('"http://www.w3.org/2000/svg"', "")), path.name


def test_the_page_is_told_what_to_show_and_is_not_in_the_api(client: Client) -> None:
    declared = client.get("/demo/demos.json").json()
    assert declared["title"] == "project"
    assert declared["demos"] == [
        {
            "title": "One reading",
            "path": "/predict",
            "method": "POST",
            "example": {"value": 0.5},
            "renderer": "probability",
            "answer": {"probability": "probability", "positive": "High"},
            "description": "",
        }
    ]
    assert set(client.get("/openapi.json").json()["paths"]) == {"/predict"}
    assert client.post("/predict", DEMO.example).json() == {"probability": 0.5}


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"path": "/score"}, "the service has no route POST /score"),
        ({"method": "GET"}, "the service has no route GET /predict"),
        ({"renderer": "pie"}, "renderer 'pie' is not one of ['probability', 'ranking', 'estimate', 'classes']"),
        ({"answer": {"threshold": "threshold"}}, "answer needs 'probability' and takes only"),
        ({"answer": {"probability": "p", "colour": "red"}}, "answer needs 'probability' and takes only"),
    ],
)
def test_a_demo_the_page_cannot_show_stops_the_service(change: dict[str, Any], message: str) -> None:
    fields = {"title": "One reading", "path": "/predict", "example": {}, "renderer": "probability"}
    demo = Demo(**{**fields, "answer": {"probability": "p"}, **change})
    with pytest.raises(ValueError, match=re.escape(f"demo 'One reading': {message}")):
        check_demos([demo], build_router().routes)


def test_a_project_without_demos_still_has_a_page() -> None:
    app = FastAPI(title="quiet")
    add_demo_routes(app, [], [])
    client = Client(app)
    assert client.get("/").status_code == 200
    assert client.get("/demo/demos.json").json() == {"title": "quiet", "demos": []}


def test_every_role_a_demo_may_name_is_read_by_the_page() -> None:
    """demo_page.ROLES and answers.js agree: each renderer reads every key check_demos lets a
    demo name (a resume ranking's `matched`, `missing` and `notice` among them).
    """
    script = (ASSETS / "answers.js").read_text()
    for renderer, roles in ROLES.items():
        body = script[script.index(f"function render{renderer.capitalize()}(") :]
        body = body[: body.index("\nfunction ", 1)] if "\nfunction " in body[1:] else body
        unread = [role for role in roles if f"roles.{role}" not in body]
        assert not unread, f"{renderer} does not read {unread}"
