"""Prompts: reusable instruction templates that users or agents invoke by name."""

from __future__ import annotations

from typing import Annotated

from fastmcp.prompts import prompt
from pydantic import Field


@prompt
def analyze_code_prompt(
    language: Annotated[
        str,
        Field(
            min_length=1,
            max_length=40,
            pattern=r"^[A-Za-z0-9+#.\- ]+$",
            description="Programming language of the snippet, e.g. 'python'.",
        ),
    ],
    code: Annotated[str, Field(min_length=1, max_length=20_000, description="The code.")],
) -> str:
    """Ask for a security, performance and maintainability review of a code snippet."""
    fence = "~~~~" if "```" in code else "```"
    return (
        f"Review this {language} code for:\n"
        "1. Security vulnerabilities\n"
        "2. Performance issues\n"
        "3. Style and maintainability\n\n"
        f"{fence}{language.lower()}\n{code}\n{fence}\n\n"
        "Give specific line references for each issue found."
    )
