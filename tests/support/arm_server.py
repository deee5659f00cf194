"""A local HTTP server that answers like ARM, for the real azure-mgmt clients in tests.

Routes are keyed by path; a path may hold several routes, told apart by method, by a
substring of the decoded query (`query`), and by how many times they answer (`times`:
e.g. one 429 with Retry-After, then the real answer).
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import unquote_plus

from azure.core.pipeline import PipelineRequest
from azure.core.pipeline.policies import SansIOHTTPPolicy


class StaticToken(SansIOHTTPPolicy):  # type: ignore[type-arg]
    """Sets a fixed bearer token: the SDK's own policy refuses plain-HTTP endpoints."""

    def __init__(self, token: str) -> None:
        self.token = token

    def on_request(self, request: PipelineRequest) -> None:  # type: ignore[type-arg]
        request.http_request.headers["Authorization"] = f"Bearer {self.token}"


@dataclass
class Route:
    status: int
    body: Any
    headers: dict[str, str] = field(default_factory=dict)
    method: str = "GET"
    query: str = ""
    """Answer only when the decoded query string contains this."""
    times: int | None = None
    """Answer this many times, then let the next route for the path answer."""


NOT_FOUND = Route(404, {"error": {"code": "NotFound", "message": "The resource was not found."}})


@dataclass
class ArmServer:
    routes: dict[str, Route | list[Route]] = field(default_factory=dict)
    requests: list[dict[str, Any]] = field(default_factory=list)
    url: str = ""
    delay: float = 0.0
    """Seconds each answer waits, to stand in for ARM's latency (benchmarks)."""

    def pick(self, method: str, path: str, query: str) -> Route:
        found = self.routes.get(path)
        if found is None:
            # ARM treats paths case-insensitively.
            found = next((r for p, r in self.routes.items() if p.lower() == path.lower()), None)
        candidates = found if isinstance(found, list) else [found] if found else []
        decoded = unquote_plus(query)
        for route in candidates:
            if route.method != method or route.query not in decoded:
                continue
            if route.times is not None:
                if route.times <= 0:
                    continue
                route.times -= 1
            return route
        return NOT_FOUND

    def calls(self, fragment: str = "") -> int:
        return sum(fragment in r["path"] for r in self.requests)


@contextmanager
def arm_server(routes: dict[str, Any]) -> Iterator[ArmServer]:
    state = ArmServer(routes=routes)
    lock = threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        def _answer(self, method: str) -> None:
            path, _, query = self.path.partition("?")
            length = int(self.headers.get("Content-Length") or 0)
            if length:
                self.rfile.read(length)
            with lock:
                state.requests.append(
                    {"method": method, "path": path, "query": query, "headers": dict(self.headers)}
                )
                route = state.pick(method, path, query)
            if state.delay:
                time.sleep(state.delay)
            payload = json.dumps(route.body).encode()
            self.send_response(route.status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            for key, value in route.headers.items():
                self.send_header(key, value)
            self.end_headers()
            self.wfile.write(payload)

        def do_GET(self) -> None:
            self._answer("GET")

        def do_POST(self) -> None:
            self._answer("POST")

        def log_message(self, format: str, *args: Any) -> None:
            return

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()
