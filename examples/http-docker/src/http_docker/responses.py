"""One JSON body for a call that cannot stream; an SSE stream for one that can.

Streamable HTTP lets a server answer each POST either with a single JSON body or with an SSE
stream that carries the request's notifications (progress, log messages) and server-to-client
requests (sampling, elicitation) before the answer. The stream costs the server a task, a
channel and an event encoder per call. This module picks per request:

- SSE for ``initialize``, for any request carrying a progress token, for tools whose function
  takes a ``Context`` (they can log, report progress, sample or elicit), for resource reads and
  prompts (which may take one too), and for anything it cannot read;
- one JSON body for every other request: ``tools/list`` and friends, ``ping``, and calls to
  tools that take no ``Context`` (nothing can be sent to the client while they run).

A tool that reaches the client without a ``Context`` parameter (``get_context()`` inside
its body) must declare one to keep its notifications: without, they would be dropped.
"""

from __future__ import annotations

import contextlib
import json
from collections import deque
from collections.abc import AsyncIterator
from contextvars import ContextVar
from typing import Any

from fastmcp import Context, FastMCP
from fastmcp.server.http import FastMCPStreamableHTTPSessionManager, StreamableHTTPASGIApp
from fastmcp.utilities.types import find_kwarg_by_type
from mcp.server.streamable_http import StreamableHTTPServerTransport
from mcp.types import JSONRPCError, JSONRPCResponse
from starlette.applications import Starlette
from starlette.types import ASGIApp, Message, Receive, Scope, Send

# Bodies larger than this are not read ahead: they are answered over SSE.
PEEK_LIMIT = 64 * 1024
# Requests whose handling sends nothing to the client before the answer.
QUIET_METHODS = frozenset(
    {
        "ping",
        "tools/list",
        "resources/list",
        "resources/templates/list",
        "prompts/list",
        "completion/complete",
        "logging/setLevel",
    }
)

answer_as_json: ContextVar[bool] = ContextVar("answer_as_json", default=False)


class ResponseModeMiddleware:
    """Reads each MCP POST ahead (up to ``PEEK_LIMIT``) and picks JSON or SSE for its answer."""

    def __init__(self, app: ASGIApp, server: FastMCP, path: str) -> None:
        self.app = app
        self.server = server
        self.path = path.rstrip("/") or "/"
        self.streaming_tools: dict[str, bool] = {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] != "http"
            or scope["method"] != "POST"
            or (scope["path"].rstrip("/") or "/") != self.path
            or not getattr(scope.get("user"), "is_authenticated", True)
        ):
            await self.app(scope, receive, send)
            return
        pending: deque[Message] = deque()
        chunks, size, complete = [], 0, False
        while size <= PEEK_LIMIT:
            message = await receive()
            pending.append(message)
            if message["type"] != "http.request":
                break
            chunks.append(message.get("body", b""))
            size += len(chunks[-1])
            if not message.get("more_body", False):
                complete = True
                break

        async def replay() -> Message:
            return pending.popleft() if pending else await receive()

        as_json = complete and await self.quiet(b"".join(chunks))
        token = answer_as_json.set(as_json)
        try:
            await self.app(scope, replay, send)
        finally:
            answer_as_json.reset(token)

    async def quiet(self, body: bytes) -> bool:
        """True when answering ``body`` sends nothing to the client before the answer."""
        try:
            message = json.loads(body)
        except ValueError:
            return False
        if not isinstance(message, dict) or "id" not in message:
            return False
        method, params = message.get("method"), message.get("params") or {}
        if not isinstance(params, dict):
            return False
        meta = params.get("_meta")
        if isinstance(meta, dict) and meta.get("progressToken") is not None:
            return False
        if method == "tools/call":
            name = params.get("name")
            return isinstance(name, str) and not await self.streams(name)
        return method in QUIET_METHODS

    async def streams(self, name: str) -> bool:
        """True when tool ``name`` can send anything to the client while it runs."""
        if name not in self.streaming_tools:
            try:
                tool = await self.server.get_tool(name)
            except Exception:
                return True
            if tool is None:
                return False  # answered at once with an error
            function = getattr(tool, "fn", None)
            self.streaming_tools[name] = (
                function is None or find_kwarg_by_type(function, Context) is not None
            )
        return self.streaming_tools[name]


class _ResponsesOnly:
    """The sending end of a JSON-answered request's channel: only its answer goes through.

    A JSON body has no room for notifications; the MCP SDK drops them the same way when a
    whole server answers in JSON.
    """

    def __init__(self, stream: Any) -> None:
        self.stream = stream

    async def send(self, event: Any) -> None:
        if isinstance(event.message, JSONRPCResponse | JSONRPCError):
            await self.stream.send(event)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.stream, name)


class _RequestChannels(dict[Any, Any]):
    """A transport's per-request channels; those of JSON-answered requests are filtered."""

    def __setitem__(self, key: Any, value: Any) -> None:
        if answer_as_json.get():
            value = (_ResponsesOnly(value[0]), value[1])
        super().__setitem__(key, value)


class _MixedTransport(StreamableHTTPServerTransport):
    """A session's transport that answers in JSON the requests the middleware picked."""

    @property
    def is_json_response_enabled(self) -> bool:
        return bool(self.__dict__.get("is_json_response_enabled")) or answer_as_json.get()

    @is_json_response_enabled.setter
    def is_json_response_enabled(self, value: bool) -> None:
        self.__dict__["is_json_response_enabled"] = value


class _MixedSessionManager(FastMCPStreamableHTTPSessionManager):
    """Creates transports that answer each request the way the middleware picked."""

    @property
    def json_response(self) -> bool:
        return bool(self.__dict__.get("json_response")) or answer_as_json.get()

    @json_response.setter
    def json_response(self, value: bool) -> None:
        self.__dict__["json_response"] = value

    def _admit_session(self, *args: Any, **kwargs: Any) -> Any:
        transport = super()._admit_session(*args, **kwargs)
        if transport is not None:
            transport.__class__ = _MixedTransport
            transport._request_streams = _RequestChannels(transport._request_streams)
        return transport


def mixed_responses(app: Starlette) -> None:
    """Let ``app`` (FastMCP's Streamable HTTP app, with ``ResponseModeMiddleware`` among its
    middleware) answer each request the way the middleware picked."""
    endpoint = next(
        (
            found
            for route in app.routes
            if (found := _streamable_endpoint(getattr(route, "app", None))) is not None
        ),
        None,
    )
    if endpoint is None:
        return  # not a Streamable HTTP app (SSE): nothing to choose
    started = app.router.lifespan_context

    @contextlib.asynccontextmanager
    async def lifespan(running: Starlette) -> AsyncIterator[Any]:
        async with started(running) as state:
            # FastMCP creates the session manager as the app starts; from here on it creates
            # transports that answer each request as the middleware picked.
            endpoint.session_manager.__class__ = _MixedSessionManager
            yield state

    app.router.lifespan_context = lifespan


def _streamable_endpoint(app: Any) -> StreamableHTTPASGIApp | None:
    for _ in range(8):  # FastMCP wraps it in at most an auth check or two
        if isinstance(app, StreamableHTTPASGIApp):
            return app
        app = getattr(app, "app", None)
    return None
