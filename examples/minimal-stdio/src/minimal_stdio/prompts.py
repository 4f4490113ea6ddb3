"""Prompts: reusable instruction templates that users or agents invoke by name."""

from typing import Annotated

from fastmcp.prompts import prompt
from pydantic import Field

Language = Annotated[str, Field(min_length=1, max_length=40, pattern=r"^[A-Za-z0-9+#.\- ]+$")]


@prompt
def analyze_code_prompt(
    language: Language, code: Annotated[str, Field(min_length=1, max_length=20_000)]
) -> str:
    """Ask for a security, performance and maintainability review of a code snippet.

    Args:
        language: Programming language of the snippet, e.g. 'python'.
        code: The code.
    """
    fence = "~~~~" if "```" in code else "```"
    return (
        f"Review this {language} code for:\n"
        "1. Security vulnerabilities\n2. Performance issues\n3. Style and maintainability\n\n"
        f"{fence}{language.lower()}\n{code}\n{fence}\n\n"
        "Give specific line references for each issue found."
    )
