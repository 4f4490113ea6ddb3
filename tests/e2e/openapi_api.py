"""A small real HTTP API for the OpenAPI end-to-end test, serving its own OpenAPI document.

Run as ``python openapi_api.py PORT TOKEN``: a Starlette app on 127.0.0.1:PORT whose
``/openapi.json`` describes it (3.1, one operation without an operationId, a ``$ref``, a
circular schema, tags) and whose ``/api/*`` routes want ``Authorization: Bearer TOKEN``.
"""

from __future__ import annotations

import sys
from typing import Any

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

ITEMS: dict[int, dict[str, Any]] = {1: {"id": 1, "name": "kettle", "tags": ["kitchen"]}}
ITEM = {"$ref": "#/components/schemas/Item"}
JSON_ITEM = {"application/json": {"schema": ITEM}}
ITEM_ID = {"name": "item_id", "in": "path", "required": True, "schema": {"type": "integer"}}
DOCUMENT: dict[str, Any] = {
    "openapi": "3.1.0",
    "info": {"title": "Shop API", "version": "1.0"},
    "servers": [{"url": "/api"}],
    "paths": {
        "/items": {
            "get": {
                "operationId": "listItems",
                "summary": "List the shop's items",
                "description": "List every item of the shop with its id, name and tags.",
                "tags": ["items"],
                "parameters": [{"name": "tag", "in": "query", "schema": {"type": "string"}}],
                "responses": {
                    "200": {
                        "description": "The items",
                        "content": {
                            "application/json": {"schema": {"type": "array", "items": ITEM}}
                        },
                    }
                },
            },
            "post": {
                "operationId": "createItem",
                "summary": "Create an item",
                "tags": ["items", "write"],
                "requestBody": {"required": True, "content": JSON_ITEM},
                "responses": {"201": {"description": "Created", "content": JSON_ITEM}},
            },
        },
        "/items/{item_id}": {
            "parameters": [ITEM_ID],
            "get": {
                "summary": "Get one item by its id",
                "tags": ["items"],
                "responses": {"200": {"description": "The item", "content": JSON_ITEM}},
            },
            "delete": {
                "operationId": "deleteItem",
                "summary": "Delete an item",
                "tags": ["write"],
                "responses": {"204": {"description": "Deleted"}},
            },
        },
        "/admin/reset": {
            "post": {
                "operationId": "resetShop",
                "tags": ["admin"],
                "responses": {"204": {"description": "Reset"}},
            }
        },
    },
    "components": {
        "schemas": {
            "Item": {
                "type": "object",
                "required": ["name"],
                "properties": {
                    "id": {"type": "integer"},
                    "name": {"type": "string"},
                    "tags": {"type": "array", "items": {"type": "string"}},
                    "parts": {"type": "array", "items": ITEM},
                },
            }
        }
    },
}


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
