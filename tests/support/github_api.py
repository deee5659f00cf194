"""A local HTTP server that answers like GitHub's REST API for pull-request comments.

What it mirrors (docs.github.com/rest/issues/comments, /rest/pulls/pulls): `GET
/repos/{o}/{r}/pulls/{n}` (404 for an unknown number), `GET .../issues/{n}/comments` with
`per_page` (default 30, at most 100) and `page`, and a `Link` header with `rel="next"` while
more pages follow; `POST .../issues/{n}/comments` (201) and `PATCH .../issues/comments/{id}`
(200; 404 when the comment is gone, 403 when the token's bot did not write it); bodies over
65,536 characters are refused with 422 like GitHub's "Body is too long". Every request needs
`Authorization: Bearer <token>`; a wrong token gets 401. Comments are written by `bot`.
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

MAX_BODY = 65_536


@dataclass
class GitHubState:
    repository: str = "octo/aks-platform"
    token: str = "ghs_test_token"
    bot: str = "github-actions[bot]"
    pulls: dict[int, dict[str, Any]] = field(default_factory=dict)
    comments: dict[int, list[dict[str, Any]]] = field(default_factory=dict)
    requests: list[tuple[str, str]] = field(default_factory=list)
    url: str = ""
    next_id: int = 1000

    def add_pull(self, number: int, head_sha: str) -> None:
        self.pulls[number] = {"number": number, "head": {"sha": head_sha}}
        self.comments.setdefault(number, [])

    def add_comment(self, number: int, body: str, login: str) -> dict[str, Any]:
        self.next_id += 1
        comment = {"id": self.next_id, "body": body, "user": {"login": login}}
        self.comments.setdefault(number, []).append(comment)
        return comment


def _utf16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


@contextmanager
def github_api(state: GitHubState | None = None) -> Iterator[GitHubState]:
    state = state if state is not None else GitHubState()
    _serve = _server(state)
    try:
        yield state
    finally:
        _serve.shutdown()
        _serve.server_close()


def _server(state: GitHubState) -> ThreadingHTTPServer:
    prefix = f"/repos/{state.repository}"

    class Handler(BaseHTTPRequestHandler):
        def _send(self, status: int, body: Any, headers: dict[str, str] | None = None) -> None:
            payload = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            for key, value in (headers or {}).items():
                self.send_header(key, value)
            self.end_headers()
            self.wfile.write(payload)

        def _authorized(self) -> bool:
            if self.headers.get("Authorization") != f"Bearer {state.token}":
                self._send(401, {"message": "Bad credentials"})
                return False
            return True

        def _body(self) -> dict[str, Any]:
            length = int(self.headers.get("Content-Length", "0"))
            data = json.loads(self.rfile.read(length) or b"{}")
            return data if isinstance(data, dict) else {}

        def do_GET(self) -> None:
            parts = urlsplit(self.path)
            state.requests.append(("GET", self.path))
            if not self._authorized():
                return
            route = parts.path.removeprefix(prefix)
            if match := re.fullmatch(r"/pulls/(\d+)", route):
                pull = state.pulls.get(int(match.group(1)))
                self._send(200, pull) if pull else self._send(404, {"message": "Not Found"})
                return
            if match := re.fullmatch(r"/issues/(\d+)/comments", route):
                number = int(match.group(1))
                if number not in state.pulls:
                    self._send(404, {"message": "Not Found"})
                    return
                query = parse_qs(parts.query)
                per_page = min(int(query.get("per_page", ["30"])[0]), 100)
                page = int(query.get("page", ["1"])[0])
                items = state.comments.get(number, [])
                chunk = items[(page - 1) * per_page : page * per_page]
                headers = {}
                if page * per_page < len(items):
                    base = f"{state.url}{prefix}/issues/{number}/comments"
                    headers["Link"] = (
                        f'<{base}?per_page={per_page}&page={page + 1}>; rel="next", '
                        f"<{base}?per_page={per_page}&page={-(-len(items) // per_page)}>; "
                        'rel="last"'
                    )
                self._send(200, chunk, headers)
                return
            self._send(404, {"message": "Not Found"})

        def do_POST(self) -> None:
            state.requests.append(("POST", self.path))
            if not self._authorized():
                return
            route = urlsplit(self.path).path.removeprefix(prefix)
            match = re.fullmatch(r"/issues/(\d+)/comments", route)
            if not match or int(match.group(1)) not in state.pulls:
                self._send(404, {"message": "Not Found"})
                return
            body = str(self._body().get("body", ""))
            if _utf16(body) > MAX_BODY:
                self._send(422, {"message": "Validation Failed: body is too long"})
                return
            self._send(201, state.add_comment(int(match.group(1)), body, state.bot))

        def do_PATCH(self) -> None:
            state.requests.append(("PATCH", self.path))
            if not self._authorized():
                return
            route = urlsplit(self.path).path.removeprefix(prefix)
            match = re.fullmatch(r"/issues/comments/(\d+)", route)
            found = None
            if match:
                wanted = int(match.group(1))
                for comments in state.comments.values():
                    found = next((c for c in comments if c["id"] == wanted), found)
            if found is None:
                self._send(404, {"message": "Not Found"})
                return
            if found["user"]["login"] != state.bot:
                self._send(403, {"message": "Resource not accessible by integration"})
                return
            body = str(self._body().get("body", ""))
            if _utf16(body) > MAX_BODY:
                self._send(422, {"message": "Validation Failed: body is too long"})
                return
            found["body"] = body
            self._send(200, found)

        def log_message(self, format: str, *args: Any) -> None:
            return

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state.url = f"http://127.0.0.1:{server.server_address[1]}"
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server
