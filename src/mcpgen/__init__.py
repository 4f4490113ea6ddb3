"""mcpgen: generate FastMCP servers, add integrations, and connect them to MCP clients."""

__version__ = "0.4.0"
