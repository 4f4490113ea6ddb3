"""HTTP load generator, run with the generated project's Python (it needs httpx).

N concurrent MCP clients (one connection and session each) call one tool in a loop for a fixed
time after a warm-up; prints calls/s, latency percentiles and errors as JSON. Loopback only.

    python load.py URL --clients 4 --seconds 3 [--header 'Authorization: Bearer KEY']
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import time
from typing import Any

try:
    import httpx
except ImportError:  # pragma: no cover - FastMCP 4 environments may only ship httpx2
    import httpx2 as httpx  # type: ignore[no-redef]

ACCEPT = "application/json, text/event-stream"


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("url")
    parser.add_argument("--clients", type=int, default=1)
    parser.add_argument("--seconds", type=float, default=3.0)
    parser.add_argument("--warmup", type=int, default=5, help="untimed calls per client")
    parser.add_argument("--max-calls", type=int, default=20000, help="per client, a hard bound")
    parser.add_argument(
        "--calls", type=int, help="make exactly this many calls per client, whatever the time"
    )
    parser.add_argument("--header", action="append", default=[])
    parser.add_argument("--tool", default="hello")
    parser.add_argument("--arguments", default='{"name": "bench"}')
    return parser.parse_args()


def message_of(response: httpx.Response, request_id: int) -> dict[str, Any]:
    """The JSON-RPC answer, from a JSON body or from the SSE stream."""
    response.raise_for_status()
    if response.headers.get("content-type", "").startswith("application/json"):
        return dict(response.json())
    for line in response.text.splitlines():
        if line.startswith("data:"):
            message = json.loads(line[5:])
            if message.get("id") == request_id:
                return dict(message)
    raise ValueError(f"no answer to request {request_id} in {response.text[:200]!r}")


class Client:
    """One MCP session over Streamable HTTP."""

    def __init__(self, http: httpx.AsyncClient, url: str, headers: dict[str, str]) -> None:
        self.http, self.url = http, url
        self.headers = {"accept": ACCEPT, **headers}
        self.next_id = 0

    async def request(self, method: str, params: dict[str, Any]) -> dict[str, Any]:
        self.next_id += 1
        body = {"jsonrpc": "2.0", "id": self.next_id, "method": method, "params": params}
        response = await self.http.post(self.url, json=body, headers=self.headers)
        return message_of(response, self.next_id)

    async def open(self) -> None:
        info = {"name": "mcpgen-bench", "version": "1"}
        params = {"protocolVersion": "2025-06-18", "capabilities": {}, "clientInfo": info}
        self.next_id += 1
        body = {"jsonrpc": "2.0", "id": self.next_id, "method": "initialize", "params": params}
        response = await self.http.post(self.url, json=body, headers=self.headers)
        answer = message_of(response, self.next_id)
        if "mcp-session-id" in response.headers:
            self.headers["mcp-session-id"] = response.headers["mcp-session-id"]
        self.headers["mcp-protocol-version"] = answer["result"]["protocolVersion"]
        note = {"jsonrpc": "2.0", "method": "notifications/initialized"}
        (await self.http.post(self.url, json=note, headers=self.headers)).raise_for_status()

    async def close(self) -> None:
        """End the session (as a well-behaved client does), so it holds no server state."""
        if "mcp-session-id" in self.headers:
            await self.http.delete(self.url, headers=self.headers)

    async def call(self, tool: str, arguments: dict[str, Any]) -> bool:
        """Call ``tool``; True when it answered without error."""
        try:
            answer = await self.request("tools/call", {"name": tool, "arguments": arguments})
        except (httpx.HTTPError, ValueError):
            return False
        return "result" in answer and not answer["result"].get("isError")


async def worker(args: argparse.Namespace, headers: dict[str, str], state: dict[str, Any]) -> int:
    """Warm up, wait for the common start, then call until the deadline; return the errors."""
    start: asyncio.Event = state["start"]
    latencies: list[float] = state["latencies"]
    arguments = json.loads(args.arguments)
    async with httpx.AsyncClient(timeout=30) as http:
        client = Client(http, args.url, headers)
        await client.open()
        for _ in range(args.warmup):
            await client.call(args.tool, arguments)
        state["ready"] += 1
        await start.wait()
        errors = 0
        for _ in range(args.calls or args.max_calls):
            if not args.calls and time.perf_counter() >= state["deadline"]:
                break
            began = time.perf_counter()
            ok = await client.call(args.tool, arguments)
            latencies.append(time.perf_counter() - began)
            errors += not ok
        await client.close()
        return errors


async def main() -> None:
    args = parse_args()
    headers = dict(header.split(": ", 1) for header in args.header)
    state: dict[str, Any] = {"start": asyncio.Event(), "ready": 0, "latencies": []}
    tasks = [asyncio.create_task(worker(args, headers, state)) for _ in range(args.clients)]
    while state["ready"] < len(tasks) and not any(task.done() for task in tasks):
        await asyncio.sleep(0.02)
    began = time.perf_counter()
    state["deadline"] = began + args.seconds
    state["start"].set()
    errors = sum(await asyncio.gather(*tasks))
    latencies: list[float] = state["latencies"]
    elapsed = time.perf_counter() - began
    ordered = sorted(latencies)
    print(
        json.dumps(
            {
                "clients": args.clients,
                "calls": len(ordered),
                "errors": errors,
                "seconds": elapsed,
                "calls_per_s": len(ordered) / elapsed,
                "p50_ms": 1000 * statistics.median(ordered),
                "p99_ms": 1000 * ordered[min(len(ordered) - 1, int(0.99 * len(ordered)))],
            }
        )
    )


if __name__ == "__main__":
    asyncio.run(main())
