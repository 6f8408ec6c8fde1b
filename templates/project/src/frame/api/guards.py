"""What the service refuses before a route sees the request, and how every refusal reads.

- `RequestGuard`, a pure ASGI middleware: when a route reads its body, a body that is not JSON
  (multipart/form-data for a route that takes uploaded files) is a 415 and one over the route's
  byte limit a 413, from its Content-Length before anything is read, or counted as it streams in
  (chunked), so that no oversized body is ever held whole.
- `refuse_invalid_request`: FastAPI's 422 without the raw input. The default handler echoes every
  problem's whole input (a 5 MB body gave a 110 MB response) and fails with a 500 on bytes and on
  NaN; here each problem names its field and quotes at most EXCERPT_CHARS of what was sent.
- `BODY_ERRORS`: the statuses a route with a body can answer, for its OpenAPI entry.
"""

import math
import re
import reprlib
from collections.abc import Collection, Mapping
from typing import Any, cast

from fastapi import HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.types import ASGIApp, Message, Receive, Scope, Send

EXCERPT_CHARS = 100  # the most characters of a bad input a 422 quotes
MAX_PROBLEMS = 50  # the most problems one 422 lists (a bad batch can have thousands)
MAX_EXACT_INTEGER = 2**53  # larger integers are quoted as text, as JSON clients lose them anyway
JSON_MEDIA_TYPE = re.compile(rb"^\s*application/([^;\s]+\+)?json\s*(;|$)", re.IGNORECASE)
# A form with files, and the boundary its parts are split at (the parser needs one).
MULTIPART_MEDIA_TYPE = re.compile(rb"^\s*multipart/form-data\s*;.*\bboundary=", re.IGNORECASE)
QUOTE = reprlib.Repr()
QUOTE.maxstring = QUOTE.maxother = EXCERPT_CHARS
QUOTE.maxlevel, QUOTE.maxdict, QUOTE.maxlist = 2, 4, 4


class Refusal(BaseModel):
    detail: str


class Problem(BaseModel):
    type: str
    loc: list[str | int]
    msg: str
    input: Any = None


class Problems(BaseModel):
    """What a 422 holds: the problems found (a route's own check gives one sentence instead)."""

    detail: list[Problem] | str


BODY_ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": Refusal, "description": "The body could not be read as JSON"},
    413: {"model": Refusal, "description": "The body or the batch is over the serving limits"},
    415: {"model": Refusal, "description": "The body is not JSON (Content-Type)"},
    422: {"model": Problems, "description": "A field is missing, unknown or out of bounds"},
}


def excerpt(value: Any) -> Any:
    """A bad input as a response may quote it: a short JSON value as it is, anything else as
    text of at most EXCERPT_CHARS characters (NaN and infinities as their names).
    """
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, int):
        digits = int(value.bit_length() * math.log10(2)) + 1  # str() refuses the longest ones
        return value if abs(value) <= MAX_EXACT_INTEGER else f"an integer of about {digits} digits"
    if isinstance(value, float):
        return value if math.isfinite(value) else str(value)
    if isinstance(value, bytes | bytearray):
        value = bytes(value[: EXCERPT_CHARS * 4]).decode("utf-8", errors="replace")
    if not isinstance(value, str):
        try:
            value = QUOTE.repr(value)
        except ValueError:  # an integer too long to print, deep inside
            value = f"a {type(value).__name__}"
    return value if len(value) <= EXCERPT_CHARS else value[: EXCERPT_CHARS - 3] + "..."


async def refuse_invalid_request(request: Request, error: Exception) -> JSONResponse:
    """FastAPI's 422 shape ({"detail": [{type, loc, msg, input}]}), with inputs as excerpts."""
    problems = [
        {
            "type": problem["type"],
            "loc": list(problem["loc"]),
            "msg": problem["msg"],
            "input": excerpt(problem.get("input")),
        }
        for problem in cast(RequestValidationError, error).errors()[:MAX_PROBLEMS]
    ]
    return JSONResponse({"detail": problems}, status_code=422)


def header(scope: Scope, name: bytes) -> bytes | None:
    return next((value for key, value in scope["headers"] if key == name), None)


def refuse_before_reading(scope: Scope, limit: int, upload: bool = False) -> None:
    """A body that is not JSON (not a multipart form for an `upload` route), or declares more
    than `limit` bytes, is refused unread.
    """
    length = header(scope, b"content-length")
    has_body = header(scope, b"transfer-encoding") is not None or length not in (None, b"0")
    media_type = header(scope, b"content-type")
    expected = MULTIPART_MEDIA_TYPE if upload else JSON_MEDIA_TYPE
    wanted = "multipart/form-data" if upload else "application/json"
    if (media_type is None and has_body) or (
        media_type is not None and not expected.match(media_type)
    ):
        raise HTTPException(status_code=415, detail=f"send the body as {wanted}")
    if length is not None and length.isdigit() and int(length) > limit:
        raise too_large(limit)


def too_large(limit: int) -> HTTPException:
    return HTTPException(status_code=413, detail=f"the body is over {limit} bytes")


class RequestGuard:
    """Guards the body of every route that reads one. The limit is the route's: `limits` by path
    (batch routes), else `default_limit`; the paths in `uploads` take a multipart form, the others
    JSON. The checks run when the route first reads its body, so routes without one (and 404s)
    cost nothing, and the 413 or 415 is counted under its route.
    """

    def __init__(
        self,
        app: ASGIApp,
        limits: Mapping[str, int],
        default_limit: int,
        uploads: Collection[str] = (),
    ) -> None:
        self.app = app
        self.limits = limits
        self.default_limit = default_limit
        self.uploads = frozenset(uploads)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.limits.get(scope["path"], self.default_limit)
        upload = scope["path"] in self.uploads
        if upload and scope["method"] == "POST":
            # Checked before the route runs: a form parser reads no body that is not a form, and
            # the route would see an empty form (a 422) instead of the wrong media type (a 415).
            try:
                refuse_before_reading(scope, limit, upload)
            except HTTPException as refusal:
                answer = JSONResponse({"detail": refusal.detail}, status_code=refusal.status_code)
                await answer(scope, receive, send)
                return
        received = -1  # -1: the headers are not checked yet

        async def receive_within_limit() -> Message:
            nonlocal received
            if received < 0:
                refuse_before_reading(scope, limit, upload)
                received = 0
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise too_large(limit)
            return message

        await self.app(scope, receive_within_limit, send)
