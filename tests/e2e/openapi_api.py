"""A small real HTTP API for the OpenAPI end-to-end test, serving its own OpenAPI document.

Run as ``python openapi_api.py PORT TOKEN``: a Starlette app on 127.0.0.1:PORT whose
``/openapi.json`` (``tests/fixtures/openapi/shop.json``: 3.1, one operation without an
operationId, ``$ref``s, a circular schema, tags) describes it and whose ``/api/*`` routes want
``Authorization: Bearer TOKEN``.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

ITEMS: dict[int, dict[str, Any]] = {1: {"id": 1, "name": "kettle", "tags": ["kitchen"]}}
# The document is a fixture of its own: the docs' commands run against it too.
DOCUMENT: dict[str, Any] = json.loads(
    (Path(__file__).parent.parent / "fixtures" / "openapi" / "shop.json").read_text()
)


def _authorised(request: Request) -> bool:
    return request.headers.get("authorization") == f"Bearer {sys.argv[2]}"


async def openapi(_: Request) -> JSONResponse:
    return JSONResponse(DOCUMENT)


async def items(request: Request) -> Response:
    if not _authorised(request):
        return JSONResponse({"detail": "missing or wrong token"}, status_code=401)
    if request.method == "POST":
        body = await request.json()
        item = {"id": max(ITEMS, default=0) + 1, **body}
        ITEMS[item["id"]] = item
        return JSONResponse(item, status_code=201)
    tag = request.query_params.get("tag")
    return JSONResponse([item for item in ITEMS.values() if not tag or tag in item["tags"]])


async def item(request: Request) -> Response:
    if not _authorised(request):
        return JSONResponse({"detail": "missing or wrong token"}, status_code=401)
    item_id = int(request.path_params["item_id"])
    if item_id not in ITEMS:
        return JSONResponse({"detail": f"no item {item_id}"}, status_code=404)
    if request.method == "DELETE":
        del ITEMS[item_id]
        return Response(status_code=204)
    return JSONResponse(ITEMS[item_id])


app = Starlette(
    routes=[
        Route("/openapi.json", openapi),
        Route("/api/items", items, methods=["GET", "POST"]),
        Route("/api/items/{item_id:int}", item, methods=["GET", "DELETE"]),
    ]
)

if __name__ == "__main__":
    uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[1]), log_level="warning")
