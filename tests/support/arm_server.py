"""A local HTTP server that answers like ARM, for the real azure-mgmt clients in tests."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

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
    body: dict[str, Any]


@dataclass
class ArmServer:
    routes: dict[str, Route] = field(default_factory=dict)
    requests: list[dict[str, Any]] = field(default_factory=list)
    url: str = ""


@contextmanager
def arm_server(routes: dict[str, Route]) -> Iterator[ArmServer]:
    state = ArmServer(routes=routes)

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            path, _, query = self.path.partition("?")
            state.requests.append(
                {"method": "GET", "path": path, "query": query, "headers": dict(self.headers)}
            )
            route = state.routes.get(path, Route(404, {"error": {"code": "NotFound"}}))
            payload = json.dumps(route.body).encode()
            self.send_response(route.status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

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
