"""Exact versions of the npm programs mcpgen writes into client configs or prints as commands.

``npx -y PACKAGE`` without a version runs whatever the registry serves that day, on every
client start. Each pin is a release with no known advisory; the advisories it must stay above:

- mcp-remote: CVE-2025-6514, OS command injection from a server's OAuth metadata (< 0.1.16).
- @modelcontextprotocol/inspector: CVE-2025-49596, unauthenticated proxy leading to code
  execution (< 0.14.1); CVE-2025-58444, XSS leading to command execution (< 0.16.6).
  2.x needs Node.js >= 22.19.
"""

from __future__ import annotations

MCP_REMOTE = "mcp-remote@0.15.1"
INSPECTOR = "@modelcontextprotocol/inspector@2.12.0"

# The first release free of each advisory above, checked by the tests against the pins.
FIRST_SAFE = {"mcp-remote": "0.1.16", "@modelcontextprotocol/inspector": "0.16.6"}

# The MCPB CLI that validates and cross-checks every bundle ('mcpgen bundle'); 2.x validates
# manifest 0.4, the first with the "uv" server type.
MCPB = "@anthropic-ai/mcpb@2.1.2"

# The MCP registry's publisher, as the generated release workflow downloads it (linux amd64),
# checked against this SHA-256 before it runs; the render tests keep the template in step.
MCP_PUBLISHER = "1.7.9"
MCP_PUBLISHER_SHA256 = "ab128162b0616090b47cf245afe0a23f3ef08936fdce19074f5ba0a4469281ac"
