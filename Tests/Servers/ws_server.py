#!/usr/bin/env python3
"""A real WebSocket server (Python `websockets`) for the LibWebSockets wrapper tests.

Listens on 127.0.0.1 on a port the kernel chooses and prints "listening on PORT" once ready.
Paths:
  /echo            sends every message back
  /close           closes at once with code 4001 and reason "closing for the test"
  /burst?n=N       sends "message 0" .. "message N-1", then waits for the client to close
  /big?bytes=N     sends one text message of N bytes: "abcdefghijklmnopqrstuvwxyz" repeated, cut to N
  /idle            sends nothing; prints "ping received" whenever the client pings
Options: --tls CERT KEY serves wss:// with that certificate.
"""
import argparse
import asyncio
import ctypes
import logging
import signal
import ssl
import sys
from urllib.parse import parse_qs, urlsplit

from websockets.asyncio.server import serve

ALPHABET = "abcdefghijklmnopqrstuvwxyz"


def pattern(size):
    return (ALPHABET * (size // len(ALPHABET) + 1))[:size]


class PingReporter(logging.Handler):
    """websockets logs every frame at DEBUG; a client ping shows as "< PING ..."."""

    def emit(self, record):
        if record.getMessage().startswith("< PING"):
            print("ping received", flush=True)


async def handle(websocket):
    url = urlsplit(websocket.request.path)
    query = parse_qs(url.query)
    if url.path == "/echo":
        async for message in websocket:
            await websocket.send(message)
    elif url.path == "/close":
        await websocket.close(4001, "closing for the test")
    elif url.path == "/burst":
        for index in range(int(query["n"][0])):
            await websocket.send(f"message {index}")
        await websocket.wait_closed()
    elif url.path == "/big":
        await websocket.send(pattern(int(query["bytes"][0])))
        await websocket.wait_closed()
    elif url.path == "/idle":
        await websocket.wait_closed()
    else:
        await websocket.close(4004, f"no such path {url.path}")


def exit_with_parent():
    """Ends this server when the test process dies (even by a crash): an orphan would keep its stderr open."""
    PR_SET_PDEATHSIG = 1
    ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)


async def main():
    exit_with_parent()
    parser = argparse.ArgumentParser()
    parser.add_argument("--tls", nargs=2, metavar=("CERT", "KEY"))
    arguments = parser.parse_args()
    context = None
    if arguments.tls:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(*arguments.tls)
    logger = logging.getLogger("websockets.server")
    logger.setLevel(logging.DEBUG)
    logger.addHandler(PingReporter())
    logger.propagate = False
    # No size limit and no server pings: the tests exercise the client's limit and the client's keepalive.
    async with serve(handle, "127.0.0.1", 0, ssl=context, max_size=None, ping_interval=None,
                     compression=None) as server:
        port = server.sockets[0].getsockname()[1]
        print(f"listening on {port}", flush=True)
        await server.serve_forever()


if __name__ == "__main__":
    try:
        asyncio.run(main())
    except KeyboardInterrupt:
        sys.exit(0)
