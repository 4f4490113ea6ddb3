"""server.json as the registry validates it, the README marker, and the release checks.

The registry's own rules are pydantic models in tests/registry_schema.py.
"""

from __future__ import annotations

import hashlib
import json
import zipfile
from pathlib import Path

import pytest
from pydantic import ValidationError
from registry_schema import ServerJson

from mcpgen import registry
from mcpgen.bundle import settings
from mcpgen.check import release
from mcpgen.errors import UsageError

ENV_EXAMPLE = """\
# Default transport when started without --transport: stdio, http or sse.
MCP_TRANSPORT=http
# DEBUG, INFO, WARNING or ERROR. Logs go to stderr.
MCP_LOG_LEVEL=INFO
# HTTP authentication.
MCP_AUTH=api-key
MCP_API_KEY=
# OpenWeatherMap API key. Never commit it.
WEATHER_API_KEY=
# Timeout for each upstream request, in seconds.
WEATHER_TIMEOUT_SECONDS=10
# Redis for counters shared by every replica.
# MCP_REDIS_URL=redis://redis:6379/0
"""


def make_project(root: Path, version: str = "1.2.3", readme: str = "# Demo\n") -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "pyproject.toml").write_text(
        f'[project]\nname = "demo"\nversion = "{version}"\ndescription = "A demo server."\n',
        encoding="utf-8",
    )
    (root / ".env.example").write_text(ENV_EXAMPLE, encoding="utf-8")
    (root / "README.md").write_text(readme, encoding="utf-8")
    return root


def test_settings_for_a_stdio_host_skip_http_and_commented_ones() -> None:
    found = {s.name: s for s in settings.parse(ENV_EXAMPLE) if not s.http_only}
    assert list(found) == ["MCP_LOG_LEVEL", "WEATHER_API_KEY", "WEATHER_TIMEOUT_SECONDS"]
    assert found["WEATHER_API_KEY"].sensitive and found["WEATHER_API_KEY"].required
    assert found["WEATHER_TIMEOUT_SECONDS"].kind == "number"
    assert not found["MCP_LOG_LEVEL"].sensitive


@pytest.mark.parametrize(
    ("options", "kinds", "remote"),
    [
        ({}, ["pypi"], False),
        ({"image": "ghcr.io/alice/demo"}, ["pypi", "oci"], False),
        ({"remote_url": "https://mcp.alice.github.io/mcp"}, ["pypi"], True),
    ],
)
def test_server_json_is_valid_for_the_registry(
    tmp_path: Path, options: dict[str, str], kinds: list[str], remote: bool
) -> None:
    server = registry.build(
        make_project(tmp_path), {"auth": "api-key"}, name="io.github.alice/demo", **options
    )
    parsed = ServerJson.model_validate(json.loads(registry.dumps(server)))
    assert [p.registryType for p in parsed.packages or []] == kinds
    env = {v.name: v for v in (parsed.packages or [])[0].environmentVariables or []}
    assert env["WEATHER_API_KEY"].isSecret and env["WEATHER_API_KEY"].isRequired
    assert "MCP_API_KEY" not in env and "MCP_REDIS_URL" not in env
    if remote:
        header = (parsed.remotes or [])[0].headers[0]  # type: ignore[index]
        assert (header.name, header.isSecret) == ("Authorization", True)


def test_the_schema_models_reject_what_the_registry_rejects() -> None:
    good = {
        "$schema": registry.SCHEMA,
        "name": "io.github.alice/demo",
        "description": "d",
        "version": "1.0.0",
    }
    ServerJson.model_validate(good)
    for bad in (
        {"name": "no-slash"},
        {"description": "x" * 101},
        {
            "packages": [
                {
                    "registryType": "pypi",
                    "identifier": "demo",
                    "version": ">=1",
                    "transport": {"type": "stdio"},
                }
            ]
        },
        {
            "packages": [
                {
                    "registryType": "oci",
                    "identifier": "ghcr.io/a/b",
                    "version": "1",
                    "transport": {"type": "stdio"},
                }
            ]
        },
        {"remotes": [{"type": "streamable-http", "url": "https://evil.example.com/mcp"}]},
    ):
        with pytest.raises(ValidationError):
            ServerJson.model_validate({**good, **bad})


@pytest.mark.parametrize(
    ("url", "name"),
    [
        ("http://alice.github.io/mcp", "io.github.alice/demo"),
        ("https://mcp.example.com/mcp", "io.github.alice/demo"),
        ("https://example.com.evil.org/mcp", "com.example/demo"),
    ],
)
def test_remotes_off_the_namespace_domain_are_refused(url: str, name: str) -> None:
    with pytest.raises(UsageError):
        registry.check_remote(url, name)


@pytest.mark.parametrize("name", ["demo", "a/b/c", "io.github.alice/", "-x/y", "a b/c"])
def test_names_outside_the_registry_grammar_are_refused(name: str) -> None:
    with pytest.raises(UsageError):
        registry.check_name(name)


def test_marker_is_appended_once_then_replaced_in_place() -> None:
    first = registry.with_marker("# Demo\n\nText.\n", "io.github.alice/demo")
    assert first.endswith("\n\n<!-- mcp-name: io.github.alice/demo -->\n")
    second = registry.with_marker(first, "io.github.bob/demo")
    assert registry.readme_names(second) == ["io.github.bob/demo"]
    assert second.count("mcp-name") == 1


def write_server(root: Path, **overrides: object) -> None:
    server = registry.build(root, {}, name="io.github.alice/demo", image="ghcr.io/alice/demo")
    server.update(overrides)
    (root / "server.json").write_text(registry.dumps(server), encoding="utf-8")


def test_consistent_release_files_have_no_findings(tmp_path: Path) -> None:
    root = make_project(tmp_path, readme=registry.marker("io.github.alice/demo") + "\n")
    write_server(root)
    assert release.findings(root) == []


def test_every_disagreement_is_an_error(tmp_path: Path) -> None:
    root = make_project(tmp_path, version="2.0.0", readme="mcp-name: io.github.alice/other\n")
    write_server(root)  # built from 2.0.0, then pyproject moves on
    (root / "pyproject.toml").write_text(
        '[project]\nname = "renamed"\nversion = "2.1.0"\n', encoding="utf-8"
    )
    (root / "dist").mkdir()
    with zipfile.ZipFile(root / "dist" / "demo-2.0.0.mcpb", "w") as bundle:
        bundle.writestr("manifest.json", json.dumps({"name": "demo", "version": "2.0.0"}))
    found = release.findings(root)
    assert {f.where for f in found} == {
        "server.json",
        "README.md",
        "dist/demo-2.0.0.mcpb",
    }
    assert all(f.severity == "error" and f.rule == "release-consistency" for f in found)
    messages = " ".join(f.message for f in found)
    assert "PyPI package demo but pyproject.toml renamed" in messages
    assert "not tagged 2.1.0" in messages


def test_a_listed_bundle_must_be_this_releases_asset(tmp_path: Path) -> None:
    root = make_project(tmp_path, readme=registry.marker("io.github.alice/demo") + "\n")
    (root / "dist").mkdir()
    bundle = root / "dist" / "demo-1.2.3.mcpb"
    with zipfile.ZipFile(bundle, "w") as archive:
        archive.writestr("manifest.json", json.dumps({"name": "demo", "version": "1.2.3"}))
    url = registry.release_asset_url(registry.Origin("alice", "demo"), "1.2.3", bundle.name)
    digest = hashlib.sha256(bundle.read_bytes()).hexdigest()
    server = registry.build(root, {}, name="io.github.alice/demo", bundle=(url, digest))
    listed = ServerJson.model_validate(server).packages or []
    assert listed[-1].identifier.endswith("/releases/download/v1.2.3/demo-1.2.3.mcpb")
    (root / "server.json").write_text(registry.dumps(server), encoding="utf-8")
    assert release.findings(root) == []
    bundle.write_bytes(bundle.read_bytes() + b"\0")  # rebuilt since: another hash
    assert [f.message for f in release.findings(root)] == [
        "fileSha256 of the bundle is not that of dist/demo-1.2.3.mcpb"
    ]
    with pytest.raises(ValidationError):
        ServerJson.model_validate({**server, "packages": [{**server["packages"][-1],
                                                           "fileSha256": None}]})  # fmt: skip
