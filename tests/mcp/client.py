"""A client of `workflow mcp`, on the Model Context Protocol's official Python SDK (`mcp`,
pinned in tools/mcp/requirements.txt), for tests/mcp.rs.

Reads a program from standard input, {"server": [COMMAND, ARG...], "steps": [STEP...]}, runs
its steps in one session with the server it starts, and prints one JSON object: the client's
version, the negotiated protocol version, the server's name and version, and each step's
result. A step is one of:

    {"list_tools": {}}                      -> {"tools": [{"name", "description", "inputSchema"}]}
    {"call": NAME, "arguments": {...}}      -> {"isError", "text": [...], "structured"}
                                               or {"protocol_error": {"code", "message"}}
    {"list_resources": {}}                  -> {"resources": [{"uri", "name", "mimeType"}]}
    {"read_resource": URI}                  -> {"contents": [{"uri", "mimeType", "text"}]}
                                               or {"protocol_error": {...}}
    {"ping": {}}                            -> {"pong": true}
    {"time": STEP, "repeat": N}             -> STEP's result, with "seconds": the best of N
"""

import asyncio
import json
import sys
import time
from importlib.metadata import version

from mcp import ClientSession, StdioServerParameters
from mcp.client.stdio import stdio_client
from mcp.shared.exceptions import MCPError


def error_of(e):
    data = getattr(e, "error", None)
    if data is not None:
        return {"code": data.code, "message": data.message}
    return {"code": None, "message": str(e)}


async def step(session, s):
    if "list_tools" in s:
        tools = await session.list_tools()
        return {"tools": [t.model_dump(by_alias=True, exclude_none=True, mode="json") for t in tools.tools]}
    if "call" in s:
        try:
            r = await session.call_tool(s["call"], s.get("arguments", {}))
        except MCPError as e:
            return {"protocol_error": error_of(e)}
        d = r.model_dump(by_alias=True, mode="json")
        return {
            "isError": bool(d.get("isError")),
            "text": [c["text"] for c in d.get("content", []) if c.get("type") == "text"],
            "structured": d.get("structuredContent"),
        }
    if "list_resources" in s:
        r = await session.list_resources()
        return {"resources": [x.model_dump(by_alias=True, exclude_none=True, mode="json") for x in r.resources]}
    if "read_resource" in s:
        try:
            r = await session.read_resource(s["read_resource"])
        except MCPError as e:
            return {"protocol_error": error_of(e)}
        return {"contents": [c.model_dump(by_alias=True, exclude_none=True, mode="json") for c in r.contents]}
    if "ping" in s:
        await session.send_ping()
        return {"pong": True}
    if "time" in s:
        best = None
        result = None
        for _ in range(max(1, s.get("repeat", 1))):
            start = time.perf_counter()
            result = await step(session, s["time"])
            elapsed = time.perf_counter() - start
            best = elapsed if best is None else min(best, elapsed)
        result["seconds"] = best
        return result
    raise ValueError(f"unknown step {s!r}")


async def main():
    program = json.load(sys.stdin)
    command, *args = program["server"]
    params = StdioServerParameters(command=command, args=args, env=program.get("env"))
    async with stdio_client(params) as (read, write):
        async with ClientSession(read, write) as session:
            init = await session.initialize()
            results = [await step(session, s) for s in program["steps"]]
    init = init.model_dump(by_alias=True, exclude_none=True, mode="json")
    print(json.dumps({
        "client": {"name": "mcp", "version": version("mcp")},
        "protocolVersion": init["protocolVersion"],
        "server": {"name": init["serverInfo"]["name"], "version": init["serverInfo"]["version"]},
        "instructions": init.get("instructions"),
        "capabilities": init["capabilities"],
        "results": results,
    }))


asyncio.run(main())
