"""The HTTP service: `create_app(project)` builds it from the project's contract, its lifespan
loads the model, the project's router adds its prediction routes, demo_page.py the page at `/`,
guards.py bounds request bodies and keeps error responses short. Nothing is loaded at import;
MLflow is never imported.
"""

import json
import logging
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
)
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ..compute import limited_threads
from ..contract import Project
from ..errors import ProjectError
from ..settings import ProjectSettings, load_settings
from .demo_page import add_demo_routes
from .deps import (
    PredictionLog,
    ServedModel,
    Serving,
    ServingDep,
    ServingState,
    batch_paths,
    serving_state,
    upload_paths,
)
from .guards import RequestGuard, refuse_invalid_request

logger = logging.getLogger(__name__)
ModelLoader = Callable[[Any], ServedModel[Any]]


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, and the dict passed as
    `extra={"fields": {...}}` (one attribute to read, not a scan of the whole record).
    """

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            **getattr(record, "fields", {}),
        }
        return json.dumps(entry, default=str)


def configure_json_logging() -> None:
    """Send this package's service logs to stderr as JSON, once."""
    service_logger = logging.getLogger(__name__.rpartition(".")[0])
    if not service_logger.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(JsonFormatter())
        service_logger.addHandler(handler)
        service_logger.setLevel(logging.INFO)
        service_logger.propagate = False


class RequestMetrics:
    """Prometheus series in the app's own registry, so that several apps can coexist."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.requests = Counter(
            "http_requests_total",
            "HTTP requests by method, route template and status.",
            ["method", "route", "status"],
            registry=self.registry,
        )
        self.duration = Histogram(
            "http_request_duration_seconds",
            "Time from request to the end of the response body.",
            ["method", "route"],
            buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5),
            registry=self.registry,
        )
        self.model_loaded = Gauge(
            "model_loaded", "1 once the model is loaded, else 0.", registry=self.registry
        )


class ObservabilityMiddleware:
    """Pure ASGI (no BaseHTTPMiddleware task hop): times each request, counts it in Prometheus
    and writes one structured log line.
    """

    def __init__(self, app: ASGIApp, metrics: RequestMetrics) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500

        async def send_with_status(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, send_with_status)
        finally:
            elapsed = time.perf_counter() - started
            route = getattr(scope.get("route"), "path", "unmatched")
            method = scope["method"]
            self.metrics.requests.labels(method, route, str(status)).inc()
            self.metrics.duration.labels(method, route).observe(elapsed)
            fields = {
                "method": method,
                "path": scope["path"],
                "route": route,
                "status": status,
                "duration_ms": round(elapsed * 1000, 3),
            }
            logger.info("request", extra={"fields": fields})


def build_lifespan(
    state: ServingState, loader: ModelLoader, metrics: RequestMetrics
) -> Callable[[FastAPI], Any]:
    settings = state.settings

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        try:
            model = loader(settings)
        except ProjectError as error:
            state.load_error = str(error)
            logger.error("model not loaded", extra={"fields": {"reason": str(error)}})
        else:
            log_path = settings.serving.prediction_log
            prediction_log = (
                PredictionLog(settings.paths.under_root(log_path)) if log_path else None
            )
            state.ready = Serving(model, settings, prediction_log)
            metrics.model_loaded.set(1)
            logger.info("model loaded", extra={"fields": {"model_version": model.version}})
        yield
        if state.ready is not None and state.ready.prediction_log is not None:
            state.ready.prediction_log.close()
        state.ready = None
        metrics.model_loaded.set(0)

    @asynccontextmanager
    async def limited(app: FastAPI) -> AsyncIterator[None]:
        # Before the model loads: OpenMP reads its limit for every thread when it first loads.
        with limited_threads(settings.compute):
            async with lifespan(app):
                yield

    return limited


def add_shared_routes(app: FastAPI, metrics: RequestMetrics) -> None:
    @app.get("/health", tags=["service"])
    async def health() -> dict[str, str]:
        """Liveness: the process answers."""
        return {"status": "ok"}

    @app.get("/ready", tags=["service"], responses={503: {"description": "Model not loaded"}})
    async def ready(request: Request) -> JSONResponse:
        """Readiness: 200 once the model is loaded, 503 before (or when loading failed)."""
        state = serving_state(request)
        if state.ready is None:
            reason = state.load_error or "loading"
            return JSONResponse({"status": "not ready", "reason": reason}, status_code=503)
        return JSONResponse({"status": "ready", "model_version": state.ready.model.version})

    @app.get("/model-info", tags=["service"])
    async def model_info(serving: ServingDep) -> dict[str, Any]:
        """The metadata saved with the model, and the version responses carry."""
        return {"model_version": serving.model.version, **serving.model.metadata}

    @app.get("/metrics", tags=["service"], include_in_schema=False)
    async def prometheus_metrics() -> Response:
        return Response(generate_latest(metrics.registry), media_type=CONTENT_TYPE_LATEST)


def create_app(
    project: Project[Any],
    settings: ProjectSettings | None = None,
    loader: ModelLoader | None = None,
) -> FastAPI:
    """The project's service; the model loads when the app starts (lifespan), not here."""
    state = ServingState(settings=settings or load_settings(project.settings))
    metrics = RequestMetrics()
    configure_json_logging()
    serving = project.serving()
    router = serving.router
    app = FastAPI(
        title=project.name,
        lifespan=build_lifespan(state, loader or serving.load_model, metrics),
    )
    app.state.serving = state
    add_shared_routes(app, metrics)
    app.include_router(router)
    add_demo_routes(app, serving.demos, router.routes)
    limits = state.settings.serving
    batch_limits = dict.fromkeys(batch_paths(router.routes), limits.max_batch_body_bytes)
    app.add_middleware(
        RequestGuard,
        limits=batch_limits,
        default_limit=limits.max_body_bytes,
        uploads=upload_paths(router.routes),
    )
    app.add_middleware(ObservabilityMiddleware, metrics=metrics)  # outermost: sees every status
    app.add_exception_handler(RequestValidationError, refuse_invalid_request)
    return app
