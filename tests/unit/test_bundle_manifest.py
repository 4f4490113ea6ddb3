"""The bundle's manifest and archive as pure functions: settings, secrets, bytes."""

from __future__ import annotations

import io
import zipfile

import pytest

from mcpgen.bundle import archive, manifest, settings

ENV = """\
# DEBUG, INFO, WARNING or ERROR.
MCP_LOG_LEVEL=INFO
# true: no MCP sessions (HTTP only).
MCP_STATELESS_HTTP=false
# Weather API key. Never commit it.
WEATHER_API_KEY=
# read-only role, e.g. postgresql://USER:PASSWORD@HOST/DB
ANALYTICS_DSN=
# SQLite file; empty: the bundled demo database.
SQLITE_PATH=
# Per-request timeout, seconds.
WEATHER_TIMEOUT_SECONDS=10
CACHE_ENABLED=true
"""
CATALOG = {
    "tools": [{"name": "hello", "description": "Greet."}, {"name": "bare", "description": None}],
    "prompts": [{"name": "review", "description": "Review code.", "arguments": [{"name": "code"}]}],
}


def made() -> dict[str, object]:
    documented = [s for s in settings.parse(ENV) if not s.http_only]
    return manifest.build(
        {"name": "demo", "version": "1.0.0", "authors": [{"name": "Ada", "email": "not-mail"}]},
        script="demo",
        package="demo",
        catalog=CATALOG,
        settings=documented,
        icon=None,
        locked=False,
    )


def test_user_config_types_secrets_and_defaults() -> None:
    config = made()["user_config"]
    assert isinstance(config, dict)
    assert set(config) == {
        "mcp_log_level", "weather_api_key", "analytics_dsn", "sqlite_path",
        "weather_timeout_seconds", "cache_enabled",
    }  # fmt: skip
    assert config["weather_api_key"] == {
        "type": "string", "title": "Weather api key",
        "description": "Weather API key. Never commit it.", "required": True, "sensitive": True,
    }  # fmt: skip
    assert config["analytics_dsn"]["sensitive"] and config["analytics_dsn"]["required"]
    assert config["sqlite_path"] == {**config["sqlite_path"], "required": False, "default": ""}
    assert config["weather_timeout_seconds"]["default"] == 10
    assert config["cache_enabled"] == {**config["cache_enabled"], "type": "boolean",
                                       "default": True}  # fmt: skip
    assert config["cache_enabled"]["description"] == "Per-request timeout, seconds."


def test_every_setting_reaches_the_server_as_its_variable() -> None:
    server = made()["server"]
    assert isinstance(server, dict)
    env = server["mcp_config"]["env"]
    assert env["WEATHER_API_KEY"] == "${user_config.weather_api_key}"
    assert "MCP_STATELESS_HTTP" not in env
    assert server["mcp_config"]["args"][:4] == ["run", "--directory", "${__dirname}", "--no-dev"]
    assert "--frozen" not in server["mcp_config"]["args"]  # no uv.lock in this bundle


def test_tools_prompts_and_author() -> None:
    built = made()
    assert built["tools"] == [{"name": "hello", "description": "Greet."}, {"name": "bare"}]
    assert built["prompts"] == [
        {"name": "review", "description": "Review code.", "arguments": ["code"],
         "text": "Review code."}
    ]  # fmt: skip
    assert built["author"] == {"name": "Ada"}  # an invalid e-mail would fail validation


def test_archive_depends_only_on_its_input(monkeypatch: pytest.MonkeyPatch) -> None:
    files = {"b.py": b"print(2)\n", "a/x.py": b"x = 1\n", "manifest.json": b"{}"}
    first = archive.write(files, executable=set())
    assert first == archive.write(dict(reversed(list(files.items()))), executable=set())
    with zipfile.ZipFile(io.BytesIO(first)) as opened:
        infos = opened.infolist()
    assert [i.filename for i in infos] == ["a/x.py", "b.py", "manifest.json"]
    assert {i.date_time for i in infos} == {(1980, 1, 1, 0, 0, 0)}
    assert {i.external_attr >> 16 for i in infos} == {0o100644}
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    stamped = archive.write(files, executable={"b.py"})
    with zipfile.ZipFile(io.BytesIO(stamped)) as opened:
        assert opened.getinfo("b.py").date_time == (2023, 11, 14, 22, 13, 20)
        assert opened.getinfo("b.py").external_attr >> 16 == 0o100755
