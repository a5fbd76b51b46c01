#!/usr/bin/env python3
"""A webhook receiver for the Delivery tests: verifies every delivery with the PyPI `standardwebhooks` library (an
independent implementation of the Standard Webhooks specification) and answers as each path is configured.

Listens on 127.0.0.1 (port 0) and prints "LISTENING port=N" once ready. Routes:
  POST /_configure   JSON {"path": "/a", "secrets": ["whsec_…"], "statuses": [503, 429], "status": 204,
                     "delay_ms": 0, "retry_after": "2"}: the path answers the `statuses` in turn, then `status`
                     for ever (default 204), after `delay_ms`, with `Retry-After` on non-2xx when given. With
                     "hold": true, deliveries to the path are recorded but not answered until it is released.
  POST /_release     JSON {"path": "/a"}: the held deliveries to the path are answered; later ones are not held.
  GET  /_log         JSON list of every delivery seen: {"path", "id", "timestamp", "attempt", "user_agent",
                     "content_type", "verified": [true/false per configured secret], "error", "status",
                     "received": unix seconds (float), "body"}
  anything else      a delivery: recorded, then answered as its path is configured.
"""
import asyncio
import json
import time

from keepalive_server import connection_handler
from standardwebhooks.webhooks import Webhook

paths = {}
log = []


def configure(body):
    settings = json.loads(body)
    paths[settings["path"]] = {
        "secrets": settings.get("secrets", []),
        "statuses": list(settings.get("statuses", [])),
        "status": settings.get("status", 204),
        "delay_ms": settings.get("delay_ms", 0),
        "retry_after": settings.get("retry_after"),
        "released": asyncio.Event() if settings.get("hold") else None,
    }


def release(body):
    released = paths[json.loads(body)["path"]]["released"]
    if released is not None:
        released.set()


async def deliver(path, headers, body):
    settings = paths.setdefault(
        path, {"secrets": [], "statuses": [], "status": 204, "delay_ms": 0, "retry_after": None, "released": None})
    verified, errors = [], []
    for secret in settings["secrets"]:
        try:
            Webhook(secret).verify(body, headers)
            verified.append(True)
        except Exception as error:  # the library raises several kinds; any is a failed verification
            verified.append(False)
            errors.append(str(error))
    status = settings["statuses"].pop(0) if settings["statuses"] else settings["status"]
    log.append({
        "path": path, "id": headers.get("webhook-id"), "timestamp": headers.get("webhook-timestamp"),
        "attempt": headers.get("evmhook-attempt"), "user_agent": headers.get("user-agent"),
        "content_type": headers.get("content-type"), "verified": verified, "error": "; ".join(errors) or None,
        "status": status, "received": time.time(), "body": body.decode("utf-8", "replace"),
    })
    if settings["released"] is not None:
        await settings["released"].wait()
    if settings["delay_ms"]:
        await asyncio.sleep(settings["delay_ms"] / 1000)
    extra = []
    if settings["retry_after"] is not None and not 200 <= status < 300:
        extra.append(("Retry-After", str(settings["retry_after"])))
    return status, extra, b""


async def handle(method, target, headers, body):
    if target == "/_configure":
        configure(body)
        return 204, [], b""
    if target == "/_release":
        release(body)
        return 204, [], b""
    if target == "/_log":
        return 200, [("Content-Type", "application/json")], json.dumps(log).encode()
    return await deliver(target, headers, body)


async def main():
    server = await asyncio.start_server(connection_handler(handle), "127.0.0.1", 0, backlog=1024)
    print(f"LISTENING port={server.sockets[0].getsockname()[1]}", flush=True)
    await server.serve_forever()


if __name__ == "__main__":
    asyncio.run(main())
