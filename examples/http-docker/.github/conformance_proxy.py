"""CI only: the MCP conformance suite's way in to a server that requires an API key.

The suite (0.1.16) cannot send credentials, so this forwards each request to the server with
``Authorization: Bearer $MCP_API_KEY`` added and everything else unchanged, Host and Origin
included: what the suite checks is still the server's own answer.

    python .github/conformance_proxy.py UPSTREAM_URL PORT
"""

from __future__ import annotations

import os
import sys

import httpx2
import uvicorn
from starlette.applications import Starlette
from starlette.background import BackgroundTask
from starlette.requests import Request
from starlette.responses import StreamingResponse
from starlette.routing import Route

HOP_BY_HOP = {b"authorization", b"connection", b"content-length", b"transfer-encoding"}


def create_app(upstream: str, key: str) -> Starlette:
    """An app that forwards every request under ``/`` to ``upstream`` with the key added."""
    client = httpx2.AsyncClient(base_url=upstream, timeout=60)

    async def forward(request: Request) -> StreamingResponse:
        headers = [(k, v) for k, v in request.headers.raw if k.lower() not in HOP_BY_HOP]
        headers.append((b"authorization", f"Bearer {key}".encode()))
        sent = client.build_request(
            request.method,
            request.url.path,
            params=request.url.query,
            headers=headers,
            content=await request.body(),
        )
        answer = await client.send(sent, stream=True)
        kept = {k: v for k, v in answer.headers.items() if k.encode() not in HOP_BY_HOP}
        return StreamingResponse(
            answer.aiter_raw(),
            status_code=answer.status_code,
            headers=kept,
            background=BackgroundTask(answer.aclose),
        )

    methods = ["GET", "POST", "DELETE", "OPTIONS"]
    return Starlette(routes=[Route("/{path:path}", forward, methods=methods)])


if __name__ == "__main__":
    app = create_app(sys.argv[1], os.environ["MCP_API_KEY"])
    uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[2]), log_level="warning")
