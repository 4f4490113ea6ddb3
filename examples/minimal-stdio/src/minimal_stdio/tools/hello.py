"""Your first tool: copy this module, rename the function, and the server serves it."""

from typing import Annotated

from fastmcp.exceptions import ToolError
from fastmcp.tools import tool
from pydantic import Field


@tool(title="Say hello", annotations={"readOnlyHint": True, "openWorldHint": False})
async def hello(name: Annotated[str, Field(min_length=1, max_length=100)]) -> str:
    """Greet someone by name. Use it to check that the server is reachable.

    Args:
        name: The person's name, 1-100 characters.
    """
    if not name.strip():
        raise ToolError("name must contain at least one non-space character.")
    return f"Hello, {name.strip()}!"
