#!/usr/bin/env python3
"""A real HTTP/1.1 keep-alive receiver for the Curl tests (stdlib only, asyncio).

Listens on 127.0.0.1 and, when the machine has it, ::1 with the same port; prints
"LISTENING port=N ipv6=yes|no" once ready. Routes:
  /ok             204
  /status/N       status N, empty body
  /redirect       302 with Location: /ok
  /slow?ms=N      200 "slow" after N milliseconds
  /big?bytes=N    200 with N bytes, byte i being i % 251
  /echo           200 JSON {"method", "path", "headers": [[name, value], ...], "body"}
  /stats          200 JSON {"connections": accepted, "max_concurrent": most open at once, "open", "requests"}
Every response carries "X-Receiver: http_receiver". With --tls CERT KEY it speaks HTTPS instead.
"""
import argparse
import asyncio
import json
import socket
import ssl
from urllib.parse import parse_qs, urlsplit

stats = {"connections": 0, "max_concurrent": 0, "open": 0, "requests": 0}
REASONS = {200: "OK", 204: "No Content", 302: "Found"}


def big_body(length):
    pattern = bytes(i % 251 for i in range(251))
    return (pattern * (length // 251 + 1))[:length]


async def respond(method, target, headers, body):
    """Returns (status, extra headers, body) for one request."""
    url = urlsplit(target)
    query = parse_qs(url.query)
    path = url.path
    if path == "/ok":
        return 204, [], b""
    if path.startswith("/status/"):
        return int(path.split("/")[2]), [], b""
    if path == "/redirect":
        return 302, [("Location", "/ok")], b""
    if path == "/slow":
        await asyncio.sleep(int(query.get("ms", ["1000"])[0]) / 1000)
        return 200, [], b"slow"
    if path == "/big":
        return 200, [("Content-Type", "application/octet-stream")], big_body(int(query["bytes"][0]))
    if path == "/echo":
        echoed = {"method": method, "path": target, "headers": headers, "body": body.decode("utf-8", "replace")}
        return 200, [("Content-Type", "application/json")], json.dumps(echoed).encode()
    if path == "/stats":
        return 200, [("Content-Type", "application/json")], json.dumps(stats).encode()
    return 404, [], b"no such route"


async def serve(reader, writer):
    stats["connections"] += 1
    stats["open"] += 1
    stats["max_concurrent"] = max(stats["max_concurrent"], stats["open"])
    try:
        while True:
            head = await reader.readuntil(b"\r\n\r\n")
            lines = head.decode("latin-1").split("\r\n")
            method, target, _ = lines[0].split(" ", 2)
            headers = []
            for line in lines[1:]:
                if line:
                    name, _, value = line.partition(":")
                    headers.append([name, value.strip()])
            lowered = {name.lower(): value for name, value in headers}
            body = await reader.readexactly(int(lowered.get("content-length", "0")))
            stats["requests"] += 1
            status, extra, payload = await respond(method, target, headers, body)
            reply = [f"HTTP/1.1 {status} {REASONS.get(status, 'Status')}", "X-Receiver: http_receiver"]
            reply += [f"{name}: {value}" for name, value in extra]
            if status != 204:
                reply.append(f"Content-Length: {len(payload)}")
            writer.write(("\r\n".join(reply) + "\r\n\r\n").encode("latin-1") + payload)
            await writer.drain()
            if lowered.get("connection", "").lower() == "close":
                break
    except (asyncio.IncompleteReadError, ConnectionError, ssl.SSLError):
        pass
    finally:
        stats["open"] -= 1
        writer.close()


async def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--tls", nargs=2, metavar=("CERT", "KEY"))
    args = parser.parse_args()
    context = None
    if args.tls:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(*args.tls)
    v4 = await asyncio.start_server(serve, "127.0.0.1", 0, ssl=context, backlog=1024)
    port = v4.sockets[0].getsockname()[1]
    servers = [v4]
    try:
        servers.append(await asyncio.start_server(serve, "::1", port, ssl=context, backlog=1024))
    except OSError:
        pass  # No IPv6 loopback here; the tests that need it say so.
    print(f"LISTENING port={port} ipv6={'yes' if len(servers) == 2 else 'no'}", flush=True)
    await asyncio.gather(*(server.serve_forever() for server in servers))


if __name__ == "__main__":
    asyncio.run(main())
