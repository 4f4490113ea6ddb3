"""A cap on the MCP sessions each caller holds open, so one caller cannot crowd out the rest.

The MCP SDK's session manager keeps every Streamable HTTP session in one table, refuses new
sessions with HTTP 503 once 10,000 are open, and closes a session only after it has been idle
for ``session_idle_timeout``. Without a per-caller cap, one client could open thousands of
sessions and lock every other caller out until they expire. This middleware counts each
caller's open sessions (see ``identity``) and answers 429 to a caller at its cap, while other
callers keep being served. A session counts as open while a request of it is in flight or
until it has been idle for the same timeout the session manager applies; a DELETE or a 404
for its id ends it at once. Legacy SSE sessions are open exactly as long as their GET stream.
"""

from __future__ import annotations

import json
import time
import uuid
from collections import Counter
from dataclasses import dataclass

from starlette.datastructures import Headers
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from http_docker.identity import scope_identity

SESSION_HEADER = "mcp-session-id"
_SESSION_HEADER = SESSION_HEADER.encode()


def _session_id(scope: Scope) -> str | None:
    """The request's session id (ASGI header names are lower case)."""
    for name, value in scope["headers"]:
        if name == _SESSION_HEADER:
            return str(value.decode("latin-1"))
    return None


@dataclass
class _Session:
    caller: str
    last_active: float
    in_flight: int = 0


class SessionLimitMiddleware:
    """Answers 429 when a caller already holds ``limit`` open sessions on ``path``."""

    def __init__(
        self, app: ASGIApp, path: str, limit: int, idle_timeout: float, sse: bool = False
    ) -> None:
        self.app = app
        self.path = path.rstrip("/") or "/"
        self.limit = limit
        self.idle_timeout = idle_timeout
        self.sse = sse
        self.sessions: dict[str, _Session] = {}
        self.opening: Counter[str] = Counter()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or (scope["path"].rstrip("/") or "/") != self.path:
            await self.app(scope, receive, send)
            return
        session_id = _session_id(scope)
        if self.sse and scope["method"] == "GET":
            await self._stream(scope, receive, send)
        elif not self.sse and session_id is None and scope["method"] == "POST":
            await self._open(scope, receive, send)
        elif session_id is not None and session_id in self.sessions:
            await self._use(session_id, scope, receive, send)
        else:
            await self.app(scope, receive, send)

    def open_sessions(self, caller: str) -> int:
        """How many sessions ``caller`` holds (or is opening) now."""
        self._expire(time.monotonic())
        held = sum(1 for session in self.sessions.values() if session.caller == caller)
        return held + self.opening[caller]

    async def _open(self, scope: Scope, receive: Receive, send: Send) -> None:
        """A request without a session id: it opens a session if the caller has room."""
        caller = scope_identity(scope)
        if self.open_sessions(caller) >= self.limit:
            await self._refuse(send)
            return
        self.opening[caller] += 1
        pending, opened = True, ""

        async def watch(message: Message) -> None:
            nonlocal pending, opened
            if message["type"] == "http.response.start" and pending:
                pending = False
                self._done_opening(caller)
                session_id = Headers(raw=message.get("headers", [])).get(SESSION_HEADER)
                if message["status"] < 400 and session_id:
                    self.sessions[session_id] = _Session(caller, time.monotonic(), in_flight=1)
                    opened = session_id
            await send(message)

        try:
            await self.app(scope, receive, watch)
        finally:
            if pending:
                self._done_opening(caller)
            self._finish(opened, ended=False)

    async def _stream(self, scope: Scope, receive: Receive, send: Send) -> None:
        """A legacy SSE stream: one session for as long as the GET request lasts."""
        caller = scope_identity(scope)
        if self.open_sessions(caller) >= self.limit:
            await self._refuse(send)
            return
        key = f"sse-{uuid.uuid4().hex}"
        self.sessions[key] = _Session(caller, time.monotonic(), in_flight=1)
        try:
            await self.app(scope, receive, send)
        finally:
            del self.sessions[key]

    async def _use(self, session_id: str, scope: Scope, receive: Receive, send: Send) -> None:
        """A request of a known session: keeps it open; a 404 or a DELETE ends it."""
        self.sessions[session_id].in_flight += 1
        status: list[int] = []

        async def watch(message: Message) -> None:
            if message["type"] == "http.response.start":
                status.append(message["status"])
            await send(message)

        try:
            await self.app(scope, receive, watch)
        finally:
            code = status[0] if status else None
            ended = code == 404 or (scope["method"] == "DELETE" and code is not None and code < 400)
            self._finish(session_id, ended=ended)

    def _finish(self, session_id: str, ended: bool) -> None:
        session = self.sessions.get(session_id)
        if session is None:
            return
        session.in_flight -= 1
        session.last_active = time.monotonic()
        if ended:
            del self.sessions[session_id]

    def _done_opening(self, caller: str) -> None:
        self.opening[caller] -= 1
        if self.opening[caller] <= 0:
            del self.opening[caller]

    def _expire(self, now: float) -> None:
        idle = [
            session_id
            for session_id, session in self.sessions.items()
            if session.in_flight == 0 and now - session.last_active > self.idle_timeout
        ]
        for session_id in idle:
            del self.sessions[session_id]

    async def _refuse(self, send: Send) -> None:
        message = (
            f"Too many open MCP sessions for this caller (limit {self.limit}): end one with "
            "DELETE or let idle ones expire."
        )
        body = json.dumps(
            {"jsonrpc": "2.0", "id": None, "error": {"code": -32000, "message": message}}
        ).encode()
        headers = [
            (b"content-type", b"application/json"),
            (b"content-length", str(len(body)).encode()),
            (b"retry-after", str(max(1, round(self.idle_timeout))).encode()),
        ]
        await send({"type": "http.response.start", "status": 429, "headers": headers})
        await send({"type": "http.response.body", "body": body})
