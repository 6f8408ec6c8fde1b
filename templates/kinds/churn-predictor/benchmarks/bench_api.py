"""Throughput and latency of the HTTP service, on loopback. Prints figures; asserts nothing.

`python benchmarks/bench_api.py` (or `make bench`, after `make train`) starts the real app with
its model in a uvicorn subprocess (one worker, a free 127.0.0.1 port), plus POST /bench/empty: the
same request model as /predict, validated, answered with a constant. The same small keep-alive
client then measures both routes at 1 and 16 concurrent connections, and a 1,000-row
/predict/batch. Every phase is bounded in requests and seconds. Figures are medians over --runs.
Run it from the project root; it reads configs/ and models/ there.
"""

import argparse
import asyncio
import json
import logging
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HOST = "127.0.0.1"
WARMUP_REQUESTS = 300
MAX_REQUESTS = 4000
MAX_SECONDS = 4.0
BATCH_ROWS = 1000
BATCH_REQUESTS = 20
GOALS = (
    "goals: /predict >= 60% of empty req/s and p99 <= 2x empty p99 at 16 concurrent; "
    "p50 <= 3 ms at 1 concurrent; 1,000-row batch <= 50 ms"
)


# The server side, run in the subprocess: the real app plus the empty endpoint.


def serve(port: int) -> None:
    import uvicorn
    from fastapi import APIRouter

    from {{ package_name }}.api.main import create_app
    from {{ package_name }}.schemas import CustomerRecord

    bench = APIRouter()

    @bench.post("/bench/empty")
    async def empty(record: CustomerRecord) -> dict[str, bool]:
        return {"ok": True}

    app = create_app()
    app.include_router(bench)
    uvicorn.run(app, host=HOST, port=port, workers=1, access_log=False, log_level="warning")


# The client side: a minimal HTTP/1.1 keep-alive client, so the client costs little.


def request_bytes(path: str, body: bytes) -> bytes:
    head = (
        f"POST {path} HTTP/1.1\r\nHost: {HOST}\r\nContent-Type: application/json\r\n"
        f"Content-Length: {len(body)}\r\n\r\n"
    )
    return head.encode() + body


async def exchange(
    reader: asyncio.StreamReader, writer: asyncio.StreamWriter, request: bytes
) -> int:
    writer.write(request)
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    length = next(
        int(line.split(":", 1)[1]) for line in lines if line.lower().startswith("content-length:")
    )
    await reader.readexactly(length)
    return int(lines[0].split(" ", 2)[1])


async def load(
    port: int, requests: list[bytes], clients: int, max_requests: int, max_seconds: float
) -> dict[str, float]:
    """`clients` connections send back to back until `max_requests` or `max_seconds`."""
    latencies: list[float] = []
    failures = 0
    sent = 0
    deadline = time.perf_counter() + max_seconds

    async def client() -> None:
        nonlocal sent, failures
        reader, writer = await asyncio.open_connection(HOST, port)
        try:
            while sent < max_requests and time.perf_counter() < deadline:
                request = requests[sent % len(requests)]
                sent += 1
                started = time.perf_counter()
                status = await exchange(reader, writer, request)
                latencies.append(time.perf_counter() - started)
                failures += status != 200
        finally:
            writer.close()

    started = time.perf_counter()
    await asyncio.gather(*(client() for _ in range(clients)))
    elapsed = time.perf_counter() - started
    latencies.sort()
    return {
        "requests": len(latencies),
        "failures": failures,
        "rps": len(latencies) / elapsed,
        "p50_ms": 1000 * latencies[len(latencies) // 2],
        "p99_ms": 1000 * latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))],
    }


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])


def wait_until_ready(port: int, server: subprocess.Popen[bytes], timeout: float = 90.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"server exited with code {server.returncode}")
        try:
            with socket.create_connection((HOST, port), timeout=1) as connection:
                connection.sendall(f"GET /ready HTTP/1.1\r\nHost: {HOST}\r\n\r\n".encode())
                if b" 200 " in connection.recv(1024).split(b"\r\n", 1)[0]:
                    return
        except OSError:
            pass
        time.sleep(0.3)
    raise SystemExit("server not ready in time")


def sample_records(rows: int) -> list[dict[str, Any]]:
    from {{ package_name }}.synthetic import generate_customers

    frame = generate_customers(rows, seed=2025).drop(columns=["Churn"])
    return [{str(key): value for key, value in row.items()} for row in frame.to_dict("records")]


def middleware_cost(calls: int = 20_000) -> tuple[float, float]:
    """Microseconds the middleware adds to one request, in process: all of it, then without
    the log line (metrics and timing only).
    """
    from {{ package_name }}.api.main import JsonFormatter, ObservabilityMiddleware, RequestMetrics

    async def endpoint(scope: Any, receive: Any, send: Any) -> None:
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"{}"})

    async def discard(message: Any) -> None:
        return None

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b""}

    wrapped = ObservabilityMiddleware(endpoint, RequestMetrics())
    scope = {"type": "http", "method": "POST", "path": "/predict"}
    logger = logging.getLogger("{{ package_name }}.api")
    with Path(os.devnull).open("w") as sink:
        handler = logging.StreamHandler(sink)
        handler.setFormatter(JsonFormatter())
        logger.handlers = [handler]
        logger.setLevel(logging.INFO)
        logger.propagate = False

        async def timed(app: Any) -> float:
            started = time.perf_counter()
            for _ in range(calls):
                await app(scope, receive, discard)
            return time.perf_counter() - started

        bare = asyncio.run(timed(endpoint))
        observed = asyncio.run(timed(wrapped))
        logger.setLevel(logging.WARNING)
        unlogged = asyncio.run(timed(wrapped))
    return (observed - bare) / calls * 1e6, (unlogged - bare) / calls * 1e6


async def run_once(port: int, single: list[bytes], empty: list[bytes], batch: bytes) -> dict:
    figures: dict[str, Any] = {}
    for clients in (1, 16):
        for name, requests in (("predict", single), ("empty", empty)):
            figures[f"{name}@{clients}"] = await load(
                port, requests, clients, MAX_REQUESTS, MAX_SECONDS
            )
    batch_result = await load(port, [batch], 1, BATCH_REQUESTS, 30.0)
    figures["batch"] = batch_result
    return figures


def median_of(runs: list[dict], key: str, field: str) -> float:
    return statistics.median(run[key][field] for run in runs)


def report(runs: list[dict], middleware_us: tuple[float, float]) -> None:
    print(f"\nmedians of {len(runs)} runs ({MAX_REQUESTS} requests or {MAX_SECONDS:.0f} s each)")
    print(f"{'route':<18}{'req/s':>9}{'p50 ms':>9}{'p99 ms':>9}{'failed':>8}")
    for key in ("predict@1", "empty@1", "predict@16", "empty@16"):
        failed = sum(run[key]["failures"] for run in runs)
        print(
            f"{key:<18}{median_of(runs, key, 'rps'):>9.0f}{median_of(runs, key, 'p50_ms'):>9.2f}"
            f"{median_of(runs, key, 'p99_ms'):>9.2f}{failed:>8}"
        )
    batch_p50 = median_of(runs, "batch", "p50_ms")
    print(f"{'batch of ' + str(BATCH_ROWS):<18}{'':>9}{batch_p50:>9.2f}")
    share = median_of(runs, "predict@16", "rps") / median_of(runs, "empty@16", "rps")
    p99_ratio = median_of(runs, "predict@16", "p99_ms") / median_of(runs, "empty@16", "p99_ms")
    print(f"\n/predict vs empty at 16: {share:.0%} of the throughput, p99 x{p99_ratio:.2f}")
    print(f"/predict p50 at 1: {median_of(runs, 'predict@1', 'p50_ms'):.2f} ms")
    print(
        f"middleware per request (in process): {middleware_us[0]:.1f} us, of which metrics "
        f"and timing {middleware_us[1]:.1f} us and the JSON log line the rest"
    )
    print(GOALS)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--serve", type=int, help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.serve:
        serve(arguments.serve)
        return
    try:
        import uvloop

        uvloop.install()
    except ImportError:
        pass
    records = sample_records(BATCH_ROWS)
    single = [request_bytes("/predict", json.dumps(row).encode()) for row in records[:200]]
    empty = [request_bytes("/bench/empty", json.dumps(row).encode()) for row in records[:200]]
    batch = request_bytes("/predict/batch", json.dumps(records).encode())
    port = free_port()
    with tempfile.TemporaryFile() as server_log:
        server = subprocess.Popen(
            [sys.executable, __file__, "--serve", str(port)],
            stdout=server_log,
            stderr=server_log,
        )
        try:
            wait_until_ready(port, server)
            asyncio.run(load(port, single + empty, 4, WARMUP_REQUESTS, 10.0))
            asyncio.run(load(port, [batch], 1, 3, 10.0))
            runs = []
            for number in range(arguments.runs):
                runs.append(asyncio.run(run_once(port, single, empty, batch)))
                print(f"run {number + 1}: " + json.dumps(runs[-1], default=lambda v: round(v, 2)))
        finally:
            server.terminate()
            server.wait(timeout=30)
    report(runs, middleware_cost())


if __name__ == "__main__":
    main()
