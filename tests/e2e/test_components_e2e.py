"""Integrations through the real ``mcpgen`` command: installed, checked, and called by a client.

Each kind alone (added with ``add-tool``), all three together (``new --with``) plus a second
PostgreSQL instance: every project passes its own pytest (the PostgreSQL tests against a real
server, required, never skipped), ruff, ruff format and mypy --strict. Then a separate MCP
client process starts the server over stdio and calls each integration's tool: weather against
a local stand-in for the upstream API, SQLite on the bundled demo data, PostgreSQL as the
read-only role that the compose init script creates.
"""

from __future__ import annotations

import json
import secrets
import shutil
import subprocess
import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from e2e.postgres import find_binaries, postgres_dsn
from support import Generated, mcpgen, uv_bin

pytestmark = pytest.mark.e2e
__all__ = ["postgres_dsn"]  # the fixture, imported for this module

COMBINATIONS: dict[str, tuple[tuple[str, ...], list[list[str]]]] = {
    "weather": (("--transport", "stdio", "--no-docker"), [["weather"]]),
    "sqlite": (("--transport", "stdio", "--no-docker"), [["sqlite"]]),
    "postgres": (("--transport", "http", "--docker"), [["postgres"]]),
    "all": (
        ("--transport", "http", "--docker", "--with", "weather,sqlite,postgres"),
        [["postgres", "--name", "analytics_db"]],
    ),
}
WEATHER_KEY = "e2e-weather-key-0123456789"
# A function that runs SQL given as text: refused by name by every PostgreSQL instance.
READ_AROUND = "SELECT query_to_xml('SELECT * FROM pg_authid', true, true, '')"
# 50 rows of about 1 KB (as JSON) against a 4 KiB byte cap: four rows fit.
BIG_RESULT = "SELECT repeat('x', 1000) AS x FROM generate_series(1, 50)"
OSLO = {
    "name": "Oslo",
    "main": {"temp": -2.5, "humidity": 71},
    "weather": [{"main": "Snow", "description": "snow"}],
}

CLIENT_SCRIPT = """
import asyncio, json, os, sys
from fastmcp import Client
from fastmcp.client.transports import StdioTransport

async def main() -> None:
    calls = json.loads(sys.argv[2])
    transport = StdioTransport(
        command=sys.argv[1], args=["--transport", "stdio"], env=dict(os.environ), cwd=os.getcwd()
    )
    results = {}
    async with Client(transport) as client:
        results["tools"] = sorted(tool.name for tool in await client.list_tools())
        for name, arguments, *label in calls:
            result = await client.call_tool(name, arguments, raise_on_error=False)
            results[label[0] if label else name] = {
                "error": result.is_error, "data": result.structured_content,
                "text": [getattr(part, "text", "") for part in result.content]}
    print(json.dumps(results))

asyncio.run(main())
"""


@pytest.fixture(scope="module", params=sorted(COMBINATIONS))
def project(
    request: pytest.FixtureRequest, generate_project: Callable[..., Generated]
) -> Generated:
    options, add_tools = COMBINATIONS[request.param]
    return generate_project(f"e2e-with-{request.param}", *options, add_tools=add_tools)


def test_generated_project_passes_its_own_checks(project: Generated, postgres_dsn: str) -> None:
    required = {"POSTGRES_TEST_DSN": postgres_dsn, "POSTGRES_TEST_REQUIRED": "1"}
    done = project.run(uv_bin(), "run", "pytest", "-q", "-p", "no:cacheprovider", env=required)
    # Skips for a missing server would fail the run (POSTGRES_TEST_REQUIRED); check the hint
    # never shows. (Under trust auth, as in .ci/run, the wrong-password test skips itself.)
    assert "needs PostgreSQL" not in done.stdout, done.stdout
    project.uv("run", "ruff", "check", ".")
    project.uv("run", "ruff", "format", "--check", ".")
    project.uv("run", "mypy")


class _Weather(BaseHTTPRequestHandler):
    """A stand-in for OpenWeatherMap's current-weather endpoint."""

    def do_GET(self) -> None:
        query = parse_qs(urlsplit(self.path).query)
        if query.get("appid") != [WEATHER_KEY]:
            self._send(401, {"cod": 401, "message": "Invalid API key"})
        elif urlsplit(self.path).path != "/data/2.5/weather" or query.get("q") != ["Oslo"]:
            self._send(404, {"cod": "404", "message": "city not found"})
        else:
            self._send(200, OSLO)

    def _send(self, status: int, body: dict[str, object]) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args: object) -> None:
        """Quiet."""


@pytest.fixture(scope="module")
def weather_api() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Weather)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/data/2.5"
    server.shutdown()


def _psql() -> str:
    found = shutil.which("psql") or (str(find_binaries() / "psql") if find_binaries() else None)
    if found is None or not Path(found).exists():
        pytest.fail("psql is needed to run the compose init script: install postgresql-client")
    return found


@pytest.fixture(scope="module")
def reader_dsn(postgres_dsn: str, tmp_path_factory: pytest.TempPathFactory) -> str:
    """A fresh database set up by the generated compose init script, as its read-only role.

    The script is rendered by the postgres component; running it here proves it works
    without Docker: the same psql commands the postgres image would run at first start.
    """
    admin = urlsplit(postgres_dsn)
    database, password = f"e2e_{secrets.token_hex(4)}", secrets.token_urlsafe(12)
    env = {
        "PGHOST": admin.hostname or "127.0.0.1",
        "PGPORT": str(admin.port or 5432),
        "PGPASSWORD": admin.password or "",
        "POSTGRES_USER": admin.username or "postgres",
        "POSTGRES_DB": database,
        "READER_ROLE": f"{database}_reader",
        "READER_PASSWORD": password,
        "PATH": f"{Path(_psql()).parent}:/usr/bin:/bin",
    }
    psql = [_psql(), "-v", "ON_ERROR_STOP=1", "-U", env["POSTGRES_USER"]]

    def run(*args: str, stdin: str | None = None) -> None:
        done = subprocess.run(
            [*psql, *args], input=stdin, env=env, capture_output=True, text=True, check=False
        )
        assert done.returncode == 0, done.stdout + done.stderr

    run("-d", "postgres", "-c", f"CREATE DATABASE {database}")
    probe = tmp_path_factory.mktemp("initdb")
    made = mcpgen("new", "probe", "--yes", "--no-git", "--docker", "--with", "postgres", cwd=probe)
    assert made.returncode == 0, made.stdout + made.stderr
    init = probe / "probe" / "docker" / "postgres-initdb.sh"
    done = subprocess.run(["sh", str(init)], env=env, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    run("-d", database, stdin="CREATE TABLE gauges (id int PRIMARY KEY, name text, level numeric);"
        "INSERT INTO gauges VALUES (1, 'north', 2.50), (2, 'south', 3.75);")  # fmt: skip
    host = f"{env['PGHOST']}:{env['PGPORT']}"
    return f"postgresql://{env['READER_ROLE']}:{password}@{host}/{database}"


def _client(project: Generated, calls: list[list[object]], env: dict[str, str]) -> dict[str, dict]:  # type: ignore[type-arg]
    script = project.root / "e2e_components_client.py"
    script.write_text(CLIENT_SCRIPT)
    try:
        done = project.run(
            str(project.python), str(script), str(project.executable), json.dumps(calls),
            env=env, timeout=180,
        )  # fmt: skip
    finally:
        script.unlink()
    return json.loads(done.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def test_a_real_client_calls_every_integration(
    project: Generated, weather_api: str, reader_dsn: str
) -> None:
    names = sorted(
        path.name.removeprefix(".copier-answers.component-").removesuffix(".yml")
        for path in project.root.glob(".copier-answers.component-*.yml")
    )
    calls: list[list[object]] = []
    env: dict[str, str] = {}
    for name in names:
        prefix = name.upper() + "_"
        if name == "weather":
            calls.append([f"{name}_current", {"city": "Oslo"}])
            env |= {f"{prefix}API_KEY": WEATHER_KEY, f"{prefix}BASE_URL": weather_api}
        elif name == "sqlite":
            calls.append([f"{name}_query", {"table": "products", "where": {"category": "audio"}}])
            calls.append([f"{name}_query", {"table": "sqlite_master"}, f"{name}:internal"])
        else:
            calls.append([f"{name}_query", {"sql": "SELECT name, level FROM gauges ORDER BY id"}])
            calls.append([f"{name}_list_tables", {}])
            calls.append([f"{name}_query", {"sql": READ_AROUND}, f"{name}:around"])
            calls.append([f"{name}_query", {"sql": BIG_RESULT}, f"{name}:big"])
            env |= {f"{prefix}DSN": reader_dsn, f"{prefix}MAX_BYTES": "4096"}
    results = _client(project, calls, env)
    for name in names:
        if name == "weather":
            assert results["weather_current"]["data"]["temperature_c"] == -2.5
            assert results["weather_current"]["data"]["condition"] == "Snow"
        elif name == "sqlite":
            rows = results["sqlite_query"]["data"]["rows"]
            assert {row["name"] for row in rows} == {
                "Noise-cancelling headphones",
                "Desk microphone",
            }
            assert results["sqlite:internal"]["error"]
        else:
            query = results[f"{name}_query"]
            assert not query["error"], query["text"]
            assert query["data"]["rows"] == [{"name": "north", "level": "2.50"},
                                             {"name": "south", "level": "3.75"}]  # fmt: skip
            assert results[f"{name}_list_tables"]["data"]["result"][0]["table"] == "gauges"
            around = results[f"{name}:around"]
            assert around["error"] and "query_to_xml" in around["text"][0], around
            big = results[f"{name}:big"]["data"]
            assert (big["truncated_by"], big["row_count"]) == ("max_bytes", 4), big
    assert {call[0] for call in calls} <= set(results["tools"])
