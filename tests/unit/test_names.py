"""Project and component name validation."""

from __future__ import annotations

import pytest

from mcpgen.errors import InvalidNameError
from mcpgen.names import component_name, project_name


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
