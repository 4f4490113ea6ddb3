"""Project and component name validation."""

from __future__ import annotations

import json

import pytest

from mcpgen import names
from mcpgen.errors import InvalidNameError
from mcpgen.names import component_name, project_name

RESERVED = json.loads(names.RESERVED_FILE.read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    ("typed", "dist", "package"),
    [
        ("weather-server", "weather-server", "weather_server"),
        ("Weather_Server", "weather-server", "weather_server"),
        ("my.tool.v2", "my-tool-v2", "my_tool_v2"),
        ("x", "x", "x"),
    ],
)
def test_valid_names_derive_dist_and_package(typed: str, dist: str, package: str) -> None:
    names = project_name(typed)
    assert (names.dist, names.package) == (dist, package)


@pytest.mark.parametrize(
    ("typed", "reason"),
    [
        ("", "empty"),
        ("   ", "empty"),
        ("a/b", "path separator"),
        ("a\\b", "path separator"),
        ("..", "path separator"),
        ("../evil", "path separator"),
        ("-leading", "distribution name"),
        ("trailing-", "distribution name"),
        ("has space", "distribution name"),
        ("9lives", "start with a letter"),
        ("class", "keyword"),
        ("match", "keyword"),
        ("json", "shadow"),
        ("fastmcp", "shadow"),
        ("Pydantic-Settings", "shadow"),
        ("tests", "shadow"),
        ("x" * 41, "longer than"),
        ("café", "distribution name"),
    ],
)
def test_invalid_names_are_rejected_with_a_reason(typed: str, reason: str) -> None:
    with pytest.raises(InvalidNameError, match=reason) as caught:
        project_name(typed)
    assert caught.value.hint
    assert caught.value.exit_code == 2


@pytest.mark.parametrize("bad", ["Analytics", "1db", "a-b", "os", "import", ""])
def test_component_names_must_be_safe_identifiers(bad: str) -> None:
    with pytest.raises(InvalidNameError):
        component_name(bad)


def test_component_name_accepts_identifiers() -> None:
    assert component_name("analytics_db") == "analytics_db"


@pytest.mark.parametrize(
    ("typed", "reason"),
    [
        ("fastMCP", "shadow"),
        ("Fast_MCP", "differs from 'fastmcp'.*only by separators"),
        ("fast.mcp", "differs from 'fastmcp'.*only by separators"),
        ("Pytest_Asyncio", "shadow"),
        ("pytestasyncio", "differs from 'pytest-asyncio'"),
        ("\uff46\uff41\uff53\uff54\uff4d\uff43\uff50", "fastmcp"),  # full-width letters
        ("typing-extensions", "shadow"),
        ("Typing_Extensions", "shadow"),
        ("annotated-types", "shadow"),
        ("pytest-asyncio", "shadow"),
        ("coverage", "shadow"),
        ("mcp", "shadow"),
        ("pydantic", "shadow"),
        ("uvicorn", "shadow"),
        ("starlette", "shadow"),
        ("httpx", "shadow"),
        ("python", "command 'python'"),
        ("python3", "command 'python3'"),
        ("py.test", "command 'py-test'"),
        ("activate", "command 'activate'"),
        ("uvx", "command 'uvx'"),
        ("sitecustomize", "shadow"),
        ("usercustomize", "shadow"),
        ("tomllib", "shadow"),
        ("CON", "device name"),
        ("nul", "device name"),
        ("Aux", "device name"),
        ("prn", "device name"),
        ("com1", "device name"),
        ("LPT9", "device name"),
        ("COM\u00b9", "device name"),  # superscript one: NFKC makes it COM1
        ("nul.server", "device name"),
        ("con.txt", "device name"),
        ("caf\u00e9", "distribution name"),
    ],
)
def test_names_that_shadow_or_cannot_install_are_refused(typed: str, reason: str) -> None:
    with pytest.raises(InvalidNameError, match=reason) as caught:
        project_name(typed)
    assert "\n" not in caught.value.message
    assert caught.value.hint and "\n" not in caught.value.hint


def test_unicode_is_normalised_before_it_is_validated() -> None:
    full_width = "\uff57\uff45\uff41\uff54\uff48\uff45\uff52-server"
    assert project_name(full_width) == names.ProjectName("weather-server", "weather_server")
    assert project_name("\ufb01le-server").dist == "file-server"  # the fi ligature
    assert project_name("\u017ferver-x").dist == "server-x"  # long s


@pytest.mark.parametrize("dependency", RESERVED["distributions"])
def test_every_package_of_the_generated_lock_is_refused(dependency: str) -> None:
    with pytest.raises(InvalidNameError):
        project_name(dependency)


@pytest.mark.parametrize("command", RESERVED["commands"])
def test_every_command_of_the_generated_environment_is_refused(command: str) -> None:
    with pytest.raises(InvalidNameError):
        project_name(command)


def test_the_hint_suggests_a_name_that_is_accepted() -> None:
    with pytest.raises(InvalidNameError) as caught:
        project_name("FastMCP")
    assert caught.value.hint == "Choose a name of its own, e.g. 'fastmcp-server'."
    assert project_name("fastmcp-server").dist == "fastmcp-server"


@pytest.mark.parametrize(
    ("typed", "reason"),
    [
        ("con", "device name"),
        ("nul", "device name"),
        ("com7", "device name"),
        ("lpt1", "device name"),
        ("sitecustomize", "shadow"),
        ("\uff41nalytics", "analytics"),  # full-width a: accepted once normalised
    ],
)
def test_component_names_follow_the_same_rules(typed: str, reason: str) -> None:
    if reason == "analytics":
        assert component_name(typed) == "analytics"
        return
    with pytest.raises(InvalidNameError, match=reason):
        component_name(typed)
