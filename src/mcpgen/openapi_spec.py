"""Reading an OpenAPI document for ``add-tool openapi``: fetch, validate, select, store.

The stored copy is normalised JSON that the generated module reads at run time. It differs
from the source in three ways, all of them safe to re-derive on refresh: every ``servers``
entry is dropped except the first one's URL (made absolute, credentials and query removed),
and every selected operation carries ``x-mcpgen-tool``, the name of the tool it becomes.
Tool names are computed here once so the module, the answers file and the user agree.
"""

from __future__ import annotations

import copy
import ipaddress
import json
import re
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from mcpgen.errors import ComponentError

METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
MAX_SPEC_BYTES = 10 * 1024 * 1024
FETCH_TIMEOUT_SECONDS = 15.0
TOOL_EXTENSION = "x-mcpgen-tool"
# mcpgen check's limits (check.rules): clients refuse longer names and more tools.
MAX_TOOL_NAME = 64
MAX_TOOLS = 100
_LOOPBACK_NAMES = {"localhost", "localhost.localdomain"}
_HINT_SOURCE = "Pass --spec a local OpenAPI 3.0/3.1 file (JSON or YAML) or its https:// URL."


@dataclass(frozen=True)
class Operation:
    """One operation of the document and the tool it would become."""

    method: str
    path: str
    operation_id: str
    tags: tuple[str, ...]
    tool: str


@dataclass
class Spec:
    """A validated document, the operations selected from it, and the bytes to store."""

    source: str
    version: str
    base_url: str
    operations: list[Operation]
    selected: list[Operation] = field(default_factory=list)
    stored: bytes = b""

    @property
    def tools(self) -> tuple[str, ...]:
        """The tool names the selected operations become."""
        return tuple(operation.tool for operation in self.selected)


def prepare(
    source: str,
    instance: str,
    *,
    include_tags: Sequence[str] = (),
    include_operations: Sequence[str] = (),
    cwd: Path | None = None,
) -> Spec:
    """Read ``source`` (a path or URL), validate it and select the operations to serve."""
    raw, origin = _read_source(source, cwd or Path.cwd())
    document = _parse(raw, source)
    version = _check_document(document, source)
    operations = list(_operations(document, f"{instance}_"))
    if not operations:
        raise ComponentError(
            f"{source} describes no operations (its 'paths' is empty).",
            hint="Point --spec at the API's full OpenAPI document.",
        )
    spec = Spec(
        source=source,
        version=version,
        base_url=_base_url(document, origin),
        operations=operations,
    )
    spec.selected = select(operations, include_tags, include_operations)
    if len(spec.selected) > MAX_TOOLS:
        raise ComponentError(
            f"{source} has {len(spec.selected)} operations; clients accept at most {MAX_TOOLS} "
            "tools (and choose worse with many).",
            hint="Choose some with --include-tags or --include-operations.",
        )
    spec.stored = _stored_copy(document, spec)
    return spec


def _read_source(source: str, cwd: Path) -> tuple[bytes, str]:
    """The document's bytes and the URL it came from ("" for a file)."""
    scheme = urllib.parse.urlsplit(source).scheme.lower()
    if scheme in ("http", "https"):
        return _fetch(source), source
    if scheme and len(scheme) > 1:
        raise ComponentError(
            f"Cannot read {source!r}: only https:// (or http:// to this machine) URLs and "
            "files are supported.",
            hint=_HINT_SOURCE,
        )
    path = (cwd / source).expanduser()
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_SPEC_BYTES + 1)
    except OSError as exc:
        raise ComponentError(
            f"Cannot read {source}: {exc.strerror or exc}.", hint=_HINT_SOURCE
        ) from None
    if len(data) > MAX_SPEC_BYTES:
        raise _too_large(source)
    return data, ""


def check_url(url: str) -> None:
    """Refuse URLs that are not https, or plain http to somewhere other than this machine."""
    parts = urllib.parse.urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme == "https" and parts.hostname:
        return
    if scheme == "http" and parts.hostname and _is_loopback(parts.hostname):
        return
    raise ComponentError(
        f"Refusing to fetch {_without_credentials(url)}: only https:// URLs (or http:// to "
        "this machine) are fetched.",
        hint="Use the https:// URL, or download the document and pass the file.",
    )


def _is_loopback(host: str) -> bool:
    if host.lower() in _LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class _CheckedRedirects(urllib.request.HTTPRedirectHandler):
    """Follow a redirect only to a URL the same policy allows."""

    def redirect_request(
        self,
        req: urllib.request.Request,
        fp: Any,
        code: int,
        msg: str,
        headers: Any,
        newurl: str,
    ) -> urllib.request.Request | None:
        check_url(newurl)
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def _fetch(url: str) -> bytes:
    check_url(url)
    shown = _without_credentials(url)
    opener = urllib.request.build_opener(_CheckedRedirects())
    request = urllib.request.Request(
        url, headers={"Accept": "application/json, application/yaml;q=0.9, */*;q=0.5"}
    )
    try:
        with opener.open(request, timeout=FETCH_TIMEOUT_SECONDS) as response:
            data: bytes = response.read(MAX_SPEC_BYTES + 1)
    except urllib.error.HTTPError as exc:
        raise ComponentError(
            f"Cannot fetch {shown}: the server answered HTTP {exc.code}.",
            hint="Check the URL in a browser or with curl.",
        ) from None
    except (urllib.error.URLError, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", exc)
        raise ComponentError(
            f"Cannot fetch {shown}: {reason}.",
            hint="Check the URL and that the server is running; or pass a downloaded file.",
        ) from None
    if len(data) > MAX_SPEC_BYTES:
        raise _too_large(shown)
    return data


def _too_large(source: str) -> ComponentError:
    return ComponentError(
        f"{source} is larger than {MAX_SPEC_BYTES // (1024 * 1024)} MiB.",
        hint="Select a smaller document (e.g. one service's), or trim it first.",
    )


def _without_credentials(url: str) -> str:
    parts = urllib.parse.urlsplit(url)
    host = parts.hostname or ""
    if ":" in host:
        host = f"[{host}]"
    netloc = host + (f":{parts.port}" if parts.port else "")
    return urllib.parse.urlunsplit((parts.scheme, netloc, parts.path, "", ""))


def _parse(raw: bytes, source: str) -> Any:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ComponentError(f"{source} is not UTF-8 text.", hint=_HINT_SOURCE) from None
    try:
        return json.loads(text)
    except ValueError:
        pass
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError:
        raise ComponentError(f"{source} is neither JSON nor YAML.", hint=_HINT_SOURCE) from None


def _check_document(document: Any, source: str) -> str:
    if not isinstance(document, dict):
        raise ComponentError(f"{source} is not an OpenAPI document.", hint=_HINT_SOURCE)
    if "swagger" in document:
        raise ComponentError(
            f"{source} is Swagger {document['swagger']} (OpenAPI 2); OpenAPI 3.0 or 3.1 is needed.",
            hint="Convert it first, e.g. npx swagger2openapi spec.json -o openapi.json",
        )
    version = document.get("openapi")
    if not isinstance(version, str) or not re.match(r"3\.[01]\.\d+", version):
        raise ComponentError(
            f"{source} is not an OpenAPI 3.0/3.1 document (no 'openapi: 3.x' field).",
            hint=_HINT_SOURCE,
        )
    paths = document.get("paths")
    if paths is not None and not isinstance(paths, dict):
        raise ComponentError(f"{source}: 'paths' is not a mapping.", hint=_HINT_SOURCE)
    for ref in sorted(set(_refs(document))):
        if not ref.startswith("#/"):
            raise ComponentError(
                f"{source} refers to another document ($ref {ref!r}); only local refs work.",
                hint="Bundle it into one document first, e.g. npx @redocly/cli bundle",
            )
        if _resolve(document, ref) is None:
            raise ComponentError(
                f"{source} has a $ref to nothing: {ref!r}.",
                hint="Fix the reference in the document, then run the command again.",
            )
    return version


def _refs(node: Any) -> Iterator[str]:
    stack = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, dict):
            ref = current.get("$ref")
            if isinstance(ref, str):
                yield ref
            stack.extend(current.values())
        elif isinstance(current, list):
            stack.extend(current)


def _resolve(document: Any, ref: str) -> Any:
    node = document
    for part in ref[2:].split("/"):
        key = urllib.parse.unquote(part).replace("~1", "/").replace("~0", "~")
        if isinstance(node, dict) and key in node:
            node = node[key]
        elif isinstance(node, list) and key.isdigit() and int(key) < len(node):
            node = node[int(key)]
        else:
            return None
    return node


def _path_operations(
    document: dict[str, Any],
) -> Iterator[tuple[str, dict[str, Any], str, dict[str, Any]]]:
    """(path, path item, method, operation) for every well-formed operation, in order."""
    for path, item in (document.get("paths") or {}).items():
        if not isinstance(item, dict):
            continue
        for method in METHODS:
            operation = item.get(method)
            if isinstance(operation, dict):
                yield str(path), item, method, operation


def _operations(document: dict[str, Any], prefix: str) -> Iterator[Operation]:
    taken: set[str] = set()
    for path, _, method, operation in _path_operations(document):
        operation_id = operation.get("operationId")
        if not isinstance(operation_id, str) or not operation_id.strip():
            operation_id = derived_operation_id(method, path)
        tags = tuple(str(tag) for tag in operation.get("tags") or () if isinstance(tag, str))
        tool = unique(tool_name(prefix, operation_id), taken)
        yield Operation(method, path, operation_id, tags, tool)


def derived_operation_id(method: str, path: str) -> str:
    """An id for an operation that has none: ``get /users/{id}`` gives ``get_users_id``."""
    words = re.findall(r"[A-Za-z0-9]+", path)
    return "_".join([method.lower(), *words]) if words else f"{method.lower()}_root"


def tool_name(prefix: str, operation_id: str) -> str:
    """``prefix`` plus the operation id in snake case, cut to the clients' length limit."""
    snake = re.sub(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])", "_", operation_id)
    snake = re.sub(r"[^a-z0-9]+", "_", snake.lower()).strip("_") or "operation"
    return (prefix + snake)[:MAX_TOOL_NAME].rstrip("_")


def unique(name: str, taken: set[str]) -> str:
    """``name``, or ``name_2``, ``name_3``... (still within the length limit) if taken."""
    candidate, number = name, 1
    while candidate in taken:
        number += 1
        suffix = f"_{number}"
        candidate = name[: MAX_TOOL_NAME - len(suffix)] + suffix
    taken.add(candidate)
    return candidate


def select(
    operations: Sequence[Operation], tags: Sequence[str], operation_ids: Sequence[str]
) -> list[Operation]:
    """The operations with any of ``tags`` or one of ``operation_ids``; all when both empty."""
    known_tags = {tag for operation in operations for tag in operation.tags}
    unknown = [tag for tag in tags if tag not in known_tags]
    if unknown:
        raise ComponentError(
            f"No operation has the tag(s) {', '.join(map(repr, unknown))}.",
            hint=f"Tags in the document: {', '.join(sorted(known_tags)) or 'none'}.",
        )
    ids = {operation.operation_id for operation in operations}
    names = {operation.tool for operation in operations}
    missing = [wanted for wanted in operation_ids if wanted not in ids | names]
    if missing:
        shown = sorted(ids)
        listed = ", ".join(shown[:20]) + (" ..." if len(shown) > 20 else "")
        raise ComponentError(
            f"No operation called {', '.join(map(repr, missing))}.",
            hint=f"Operation ids in the document: {listed}.",
        )
    if not tags and not operation_ids:
        return list(operations)
    wanted_tags, wanted_ids = set(tags), set(operation_ids)
    return [
        operation
        for operation in operations
        if wanted_tags & set(operation.tags)
        or operation.operation_id in wanted_ids
        or operation.tool in wanted_ids
    ]


def _base_url(document: dict[str, Any], origin: str) -> str:
    """The first server's URL, absolute (relative to ``origin``), without credentials."""
    servers = document.get("servers")
    url = ""
    if isinstance(servers, list) and servers and isinstance(servers[0], dict):
        url = str(servers[0].get("url") or "")
        variables = servers[0].get("variables")
        for name, variable in (variables if isinstance(variables, dict) else {}).items():
            default = variable.get("default", "") if isinstance(variable, dict) else ""
            url = url.replace(f"{{{name}}}", str(default))
    if origin:
        url = urllib.parse.urljoin(origin, url or "/")
    if urllib.parse.urlsplit(url).scheme not in ("http", "https"):
        return ""
    return _without_credentials(url).rstrip("/")


def _stored_copy(document: dict[str, Any], spec: Spec) -> bytes:
    stored = copy.deepcopy(document)
    _drop_servers(stored)
    if spec.base_url:
        # After "info", where a reader looks for it.
        position = list(stored).index("info") + 1 if "info" in stored else 0
        items = list(stored.items())
        items.insert(position, ("servers", [{"url": spec.base_url}]))
        stored = dict(items)
    selected = {(operation.method, operation.path): operation for operation in spec.selected}
    for path, item, method, operation in _path_operations(stored):
        operation.pop(TOOL_EXTENSION, None)
        _declare_path_parameters(stored, path, item, operation)
        chosen = selected.get((method, path))
        if chosen is not None:
            operation[TOOL_EXTENSION] = chosen.tool
    return (json.dumps(stored, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def _drop_servers(document: dict[str, Any]) -> None:
    """Remove the ``servers`` lists (root, path items, operations): URLs may carry credentials."""
    document.pop("servers", None)
    for item in (document.get("paths") or {}).values():
        if not isinstance(item, dict):
            continue
        item.pop("servers", None)
        for method in METHODS:
            operation = item.get(method)
            if isinstance(operation, dict):
                operation.pop("servers", None)


def _declare_path_parameters(
    document: dict[str, Any], path: str, item: dict[str, Any], operation: dict[str, Any]
) -> None:
    """Declare ``{name}`` path segments the document forgot, as required strings.

    Without a declaration the tool has no argument for the segment and could never build
    its URL; real documents often declare a path's parameters on one operation only.
    """
    declared = set()
    for given in [*(item.get("parameters") or []), *(operation.get("parameters") or [])]:
        ref = given.get("$ref") if isinstance(given, dict) else None
        parameter = _resolve(document, ref) if isinstance(ref, str) else given
        if isinstance(parameter, dict) and parameter.get("in") == "path":
            declared.add(parameter.get("name"))
    for name in re.findall(r"{([^{}]+)}", path):
        if name not in declared:
            operation.setdefault("parameters", []).append(
                {"name": name, "in": "path", "required": True, "schema": {"type": "string"}}
            )
