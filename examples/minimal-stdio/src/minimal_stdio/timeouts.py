"""How long a tool call may run: ``MCP_TOOL_TIMEOUT_SECONDS`` for every tool, or less per tool.

A tool can set its own, shorter limit where it is declared, with FastMCP's own option:
``@tool(timeout=5)``. Either way the caller gets a ``ToolError`` the model can read and act
on (FastMCP's own timeout would only say "Error calling tool").
"""

from __future__ import annotations

import anyio
from fastmcp.exceptions import ToolError
from fastmcp.server.middleware import CallNext, Middleware, MiddlewareContext
from fastmcp.tools import ToolResult
from mcp.shared.exceptions import MCPError
from mcp.types import CallToolRequestParams


class ToolTimeout(ToolError):
    """The call ran past its time limit and was cancelled."""

    audit_outcome = "timeout"


class TimeoutMiddleware(Middleware):
    """Cancels tool calls that run longer than ``seconds``."""

    def __init__(self, seconds: float) -> None:
        super().__init__()
        self.seconds = seconds

    async def on_call_tool(
        self,
        context: MiddlewareContext[CallToolRequestParams],
        call_next: CallNext[CallToolRequestParams, ToolResult],
    ) -> ToolResult:
        """Run the call under the server-wide limit."""
        name = context.message.name
        try:
            with anyio.fail_after(self.seconds):
                return await call_next(context)
        except TimeoutError:
            raise ToolTimeout(timed_out(name, self.seconds)) from None
        except ToolError as exc:
            # FastMCP masks its own per-tool timeout (an MCPError) as "Error calling tool".
            cause = exc.__cause__
            if isinstance(cause, MCPError) and "timed out" in cause.message:
                raise ToolTimeout(f"Tool {name!r} timed out; try a smaller request.") from None
            raise


def timed_out(name: str, seconds: float) -> str:
    """The message a caller gets when ``name`` ran past ``seconds``."""
    return f"Tool {name!r} timed out after {seconds:g} s; try a smaller request."
