"""Variables are appended to .env.example; what is there is never rewritten."""

from __future__ import annotations

import pytest

from mcpgen.catalog import EnvVar
from mcpgen.edits.env import append_block, defined
from mcpgen.errors import ComponentError

VARIABLES = [EnvVar("API_KEY", "", "The key."), EnvVar("TIMEOUT", "10", "Seconds.")]


@pytest.mark.parametrize("original", ["", "A=1\n", "# only a comment", "A=1\n\n# my notes\n"])
def test_appends_a_commented_block_after_the_original(original: str) -> None:
    result = append_block(original, "weather 'w'", "W_", VARIABLES)
    assert result.startswith(original)
    assert result.endswith("# weather 'w'\n# The key.\nW_API_KEY=\n# Seconds.\nW_TIMEOUT=10\n")


def test_defined_ignores_comments() -> None:
    assert defined("A=1\n# B=2\nexport C = 3\n  D=\n") == {"A", "C", "D"}


def test_a_variable_already_defined_is_a_collision() -> None:
    with pytest.raises(ComponentError, match="W_TIMEOUT"):
        append_block("W_TIMEOUT=5\n", "x", "W_", VARIABLES)
