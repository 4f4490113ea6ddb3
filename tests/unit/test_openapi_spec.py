"""Reading OpenAPI documents for ``add-tool openapi``: sloppy ones work, bad ones are clear."""

from __future__ import annotations

import json
import re
import tempfile
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar

import pytest

from mcpgen import openapi_spec
from mcpgen.errors import ComponentError

FIXTURES = Path(__file__).parent.parent / "fixtures" / "openapi"
SLOPPY = str(FIXTURES / "sloppy-3.0.yaml")
CIRCULAR = str(FIXTURES / "circular-3.1.json")


def stored(spec: openapi_spec.Spec) -> dict[str, Any]:
    document: dict[str, Any] = json.loads(spec.stored)
    return document


def test_operations_without_ids_get_names_from_method_and_path() -> None:
    spec = openapi_spec.prepare(SLOPPY, "notes")
    assert spec.tools == (
        "notes_get_notes",
        "notes_post_notes",
        "notes_get_notes_id",
        "notes_delete_notes_id",
    )
    assert spec.version == "3.0.3"


def test_operation_ids_become_snake_case_tool_names() -> None:
    spec = openapi_spec.prepare(CIRCULAR, "trees")
    assert spec.tools == ("trees_get_tree", "trees_replace_tree")
    assert spec.version == "3.1.0"


def test_the_stored_copy_keeps_no_credentials_and_one_base_url() -> None:
    spec = openapi_spec.prepare(SLOPPY, "notes")
    text = spec.stored.decode()
    assert "secret-password" not in text
    assert "abc123" not in text
    assert "backup.example.com" not in text
    assert stored(spec)["servers"] == [{"url": "https://notes.example.com/api"}]
    assert list(stored(spec))[:3] == ["openapi", "info", "servers"]


def test_the_stored_copy_marks_the_selected_operations() -> None:
    spec = openapi_spec.prepare(SLOPPY, "notes", include_tags=["write"])
    paths = stored(spec)["paths"]
    marked = {
        (method, path): operation.get(openapi_spec.TOOL_EXTENSION)
        for path, item in paths.items()
        for method, operation in item.items()
        if isinstance(operation, dict) and method in openapi_spec.METHODS
    }
    assert marked == {
        ("get", "/notes"): None,
        ("post", "/notes"): "notes_post_notes",
        ("get", "/notes/{id}"): None,
        ("delete", "/notes/{id}"): "notes_delete_notes_id",
    }


def test_a_property_called_servers_is_kept() -> None:
    document = {
        "openapi": "3.1.0",
        "info": {"title": "t", "version": "1"},
        "paths": {"/a": {"get": {"responses": {"200": {"description": "ok"}}}}},
        "components": {"schemas": {"Config": {"properties": {"servers": {"type": "array"}}}}},
    }
    spec = prepare_document(document)
    assert "servers" in stored(spec)["components"]["schemas"]["Config"]["properties"]


def test_undeclared_path_parameters_are_declared() -> None:
    spec = openapi_spec.prepare(CIRCULAR, "trees")
    put = stored(spec)["paths"]["/trees/{treeId}"]["put"]
    assert put["parameters"] == [
        {"name": "treeId", "in": "path", "required": True, "schema": {"type": "string"}}
    ]


@pytest.mark.parametrize(
    ("tags", "operations", "tools"),
    [
        (["notes"], [], ("notes_get_notes", "notes_post_notes", "notes_get_notes_id")),
        ([], ["get_notes_id"], ("notes_get_notes_id",)),
        ([], ["notes_delete_notes_id"], ("notes_delete_notes_id",)),
        (
            ["write"],
            ["get_notes"],
            ("notes_get_notes", "notes_post_notes", "notes_delete_notes_id"),
        ),
    ],
)
def test_selection_by_tag_and_operation(
    tags: list[str], operations: list[str], tools: tuple[str, ...]
) -> None:
    spec = openapi_spec.prepare(SLOPPY, "notes", include_tags=tags, include_operations=operations)
    assert spec.tools == tools


@pytest.mark.parametrize(
    ("tags", "operations", "message"),
    [
        (["nope"], [], "No operation has the tag(s) 'nope'"),
        ([], ["nope"], "No operation called 'nope'"),
    ],
)
def test_unknown_selections_are_refused(
    tags: list[str], operations: list[str], message: str
) -> None:
    with pytest.raises(ComponentError, match=re.escape(message)) as refused:
        openapi_spec.prepare(SLOPPY, "notes", include_tags=tags, include_operations=operations)
    assert refused.value.hint


def test_too_many_operations_are_refused_with_a_hint() -> None:
    paths = {f"/r{i}": {"get": {"responses": {"200": {"description": "ok"}}}} for i in range(101)}
    document = {"openapi": "3.0.0", "info": {"title": "t", "version": "1"}, "paths": paths}
    with pytest.raises(ComponentError, match="101 operations") as refused:
        prepare_document(document)
    assert "--include-tags" in (refused.value.hint or "")


def test_long_and_clashing_names_fit_the_clients_limits() -> None:
    long_id = "get" + "VeryLongOperationName" * 5
    paths = {
        "/a": {"get": {"operationId": long_id, "responses": {}}},
        "/b": {"get": {"operationId": long_id + "2", "responses": {}}},
        "/c": {"get": {"operationId": "getUser", "responses": {}}},
        "/d": {"get": {"operationId": "get_user", "responses": {}}},
    }
    document = {"openapi": "3.0.0", "info": {"title": "t", "version": "1"}, "paths": paths}
    tools = prepare_document(document).tools
    assert all(len(name) <= openapi_spec.MAX_TOOL_NAME for name in tools)
    assert len(set(tools)) == 4
    assert tools[2:] == ("api_get_user", "api_get_user_2")


def prepare_document(document: dict[str, Any]) -> openapi_spec.Spec:
    """The document, as a file, prepared for an instance called 'api'."""
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "openapi.json"
        path.write_text(json.dumps(document))
        return openapi_spec.prepare(str(path), "api")


@pytest.mark.parametrize(
    ("fixture", "message"),
    [
        ("swagger-2.json", "Swagger 2.0"),
        ("dangling-ref.json", "$ref to nothing"),
        ("external-ref.json", "refers to another document"),
        ("missing.json", "Cannot read"),
    ],
)
def test_bad_documents_are_one_clear_error(fixture: str, message: str) -> None:
    with pytest.raises(ComponentError, match=re.escape(message)) as refused:
        openapi_spec.prepare(str(FIXTURES / fixture), "api")
    assert "\n" not in refused.value.message
    assert refused.value.hint


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\xff\xfe\x00garbage", "not UTF-8"),
        (b"{not json: [", "neither JSON nor YAML"),
        (b"- just\n- a list\n", "not an OpenAPI document"),
        (b'{"openapi": "2.9", "paths": {}}', "not an OpenAPI 3.0/3.1"),
        (b'{"openapi": "3.1.0", "paths": {}}', "describes no operations"),
        (b'{"openapi": "3.1.0", "paths": []}', "'paths' is not a mapping"),
    ],
)
def test_unreadable_documents_are_refused(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "spec"
    path.write_bytes(content)
    with pytest.raises(ComponentError, match=message):
        openapi_spec.prepare(str(path), "api")


@pytest.mark.parametrize(
    "url",
    [
        "http://example.com/openapi.json",
        "http://10.0.0.1/openapi.json",
        "ftp://example.com/openapi.json",
        "file:///etc/passwd",
        "https:///no-host",
    ],
)
def test_only_https_or_loopback_http_urls_are_fetched(url: str) -> None:
    with pytest.raises(ComponentError, match=r"Refusing to fetch|only https://"):
        openapi_spec.prepare(url, "api")


class _Api(BaseHTTPRequestHandler):
    routes: ClassVar[dict[str, tuple[int, dict[str, str], bytes]]] = {}

    def do_GET(self) -> None:
        status, headers, body = self.routes.get(self.path, (404, {}, b"not found"))
        self.send_response(status)
        for key, value in headers.items():
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        """Quiet."""


@pytest.fixture
def local_api() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Api)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_a_loopback_url_is_fetched_and_relative_servers_resolved(local_api: str) -> None:
    document = json.loads((FIXTURES / "circular-3.1.json").read_text())
    document["servers"] = [{"url": "/v2"}]
    _Api.routes = {"/openapi.json": (200, {}, json.dumps(document).encode())}
    spec = openapi_spec.prepare(f"{local_api}/openapi.json", "trees")
    assert spec.base_url == f"{local_api}/v2"


def test_a_document_without_servers_from_a_url_uses_its_origin(local_api: str) -> None:
    _Api.routes = {"/docs/openapi.json": (200, {}, (FIXTURES / "circular-3.1.json").read_bytes())}
    spec = openapi_spec.prepare(f"{local_api}/docs/openapi.json", "trees")
    assert spec.base_url == local_api


def test_redirects_elsewhere_are_refused(local_api: str) -> None:
    _Api.routes = {"/openapi.json": (302, {"Location": "http://example.com/x"}, b"")}
    with pytest.raises(ComponentError, match=re.escape("Refusing to fetch http://example.com/x")):
        openapi_spec.prepare(f"{local_api}/openapi.json", "api")


@pytest.mark.parametrize(
    ("route", "message"),
    [
        ("/missing", "answered HTTP 404"),
        ("/huge", "larger than"),
    ],
)
def test_fetch_failures_are_clear(
    local_api: str, monkeypatch: pytest.MonkeyPatch, route: str, message: str
) -> None:
    monkeypatch.setattr(openapi_spec, "MAX_SPEC_BYTES", 1000)
    _Api.routes = {"/huge": (200, {}, b" " * 2000)}
    with pytest.raises(ComponentError, match=message):
        openapi_spec.prepare(f"{local_api}{route}", "api")


def test_an_unreachable_url_is_clear_and_hides_credentials() -> None:
    with pytest.raises(ComponentError, match="Cannot fetch") as refused:
        openapi_spec.prepare("http://user:pw-secret@127.0.0.1:9/openapi.json", "api")
    assert "pw-secret" not in refused.value.message
