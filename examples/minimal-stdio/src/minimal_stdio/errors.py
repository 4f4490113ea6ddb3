"""What a failed tool call may tell the client: no secrets and no internal exception chain.

Unexpected exceptions already reach the client as a generic message (``mask_error_details``);
this middleware scrubs the errors that do carry text (``ToolError``, argument validation) of
every known secret and drops the chained exception, so its text reaches neither the client
nor a trace.
"""

from __future__ import annotations

from fastmcp.exceptions import FastMCPError
from fastmcp.server.middleware import CallNext, Middleware, MiddlewareContext
from fastmcp.tools import ToolResult
from mcp.types import CallToolRequestParams

from minimal_stdio.redaction import Redactor


class ErrorHygieneMiddleware(Middleware):
    """Redacts the text of tool errors and cuts their exception chain."""

    def __init__(self, redactor: Redactor) -> None:
        super().__init__()
        self.redactor = redactor

    async def on_call_tool(
        self,
        context: MiddlewareContext[CallToolRequestParams],
        call_next: CallNext[CallToolRequestParams, ToolResult],
    ) -> ToolResult:
        """Pass results through; rewrite errors that would leak."""
        try:
            return await call_next(context)
        except FastMCPError as exc:
            text = self.redactor.text(str(exc))
            if text != str(exc):
                raise type(exc)(text) from None
            raise exc from None
