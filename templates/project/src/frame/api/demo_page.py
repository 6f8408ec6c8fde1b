"""The demo page at `/`: one form per `Demo` the project declares (frame.contract.Demo), built
in the browser from the service's own OpenAPI, and the answer drawn as a person reads it.

Plain files served by the app itself (demo/index.html, the JavaScript modules demo.js, form.js
and answers.js, demo.css, icon.svg): no build step, nothing fetched from elsewhere. Their
responses forbid everything but this origin (Content-Security-Policy `'self'`), framing and
content sniffing. `/demo/demos.json` says what the page shows. None of these routes is in the
OpenAPI: they are the page, not the API.
"""

from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from fastapi.responses import JSONResponse, Response
from fastapi.routing import APIRoute

from ..contract import Demo

ASSETS = Path(__file__).with_name("demo")
MEDIA_TYPES = {
    "demo.js": "text/javascript; charset=utf-8",  # a module, importing the two below
    "form.js": "text/javascript; charset=utf-8",
    "answers.js": "text/javascript; charset=utf-8",
    "demo.css": "text/css; charset=utf-8",
    "icon.svg": "image/svg+xml",
}
# Each renderer of demo.js, and the keys of `Demo.answer` it reads (the first is required).
ROLES: dict[str, tuple[str, ...]] = {
    "probability": ("probability", "threshold", "decision", "positive", "negative", "reasons"),
    # `matched` and `missing`: each item's skills found and lacking; `notice`: a sentence first.
    "ranking": (
        *("items", "title", "score", "details", "subject", "flag", "flag_text", "empty"),
        *("matched", "missing", "notice"),
    ),
    "estimate": ("value", "cap", "unit", "after"),
    # The top classes of an uploaded image, best first, and the version of the model that said so.
    "classes": ("items", "label", "probability", "version"),
}
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' blob:; "
        "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-cache",
}


def check_demos(demos: Sequence[Demo], routes: Sequence[Any]) -> None:
    """Each demo names a route of the service, a renderer of the page and only that renderer's
    keys: a mistake stops the service at start, in one line, not the page in a browser.
    """
    served = {
        (method, route.path)
        for route in routes
        if isinstance(route, APIRoute)
        for method in route.methods or ()
    }
    for demo in demos:
        where = f"demo {demo.title!r}"
        if (demo.method, demo.path) not in served:
            raise ValueError(f"{where}: the service has no route {demo.method} {demo.path}")
        roles = ROLES.get(demo.renderer)
        if roles is None:
            raise ValueError(f"{where}: renderer {demo.renderer!r} is not one of {list(ROLES)}")
        unknown = sorted(set(demo.answer) - set(roles))
        if unknown or roles[0] not in demo.answer:
            raise ValueError(f"{where}: answer needs {roles[0]!r} and takes only {list(roles)}")


def add_demo_routes(app: FastAPI, demos: Sequence[Demo], routes: Sequence[Any]) -> None:
    """`/` and its files, read once here (a missing file fails the start, not a visitor);
    `routes` are the project's, that the demos call.
    """
    check_demos(demos, routes)
    page = (ASSETS / "index.html").read_bytes()
    files = {name: (ASSETS / name).read_bytes() for name in MEDIA_TYPES}
    declared = [asdict(demo) for demo in demos]

    @app.get("/", include_in_schema=False)
    async def demo_page() -> Response:
        return Response(page, media_type="text/html; charset=utf-8", headers=SECURITY_HEADERS)

    @app.get("/demo/demos.json", include_in_schema=False)
    async def demo_list() -> JSONResponse:
        return JSONResponse({"title": app.title, "demos": declared}, headers=SECURITY_HEADERS)

    def serve(name: str) -> None:
        async def asset() -> Response:
            return Response(files[name], media_type=MEDIA_TYPES[name], headers=SECURITY_HEADERS)

        app.add_api_route(f"/demo/{name}", asset, methods=["GET"], include_in_schema=False)

    for name in MEDIA_TYPES:
        serve(name)
