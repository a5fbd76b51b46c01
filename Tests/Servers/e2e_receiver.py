#!/usr/bin/env python3
"""The receiver of the end-to-end test: a flaky HTTP endpoint that still checks everything it is sent.

Usage: e2e_receiver.py CONFIG.json LOG.jsonl PORT
CONFIG: {"secrets": {"/path": "whsec_…"}, "fail_ratio": 0.3, "timeout_ratio": 0.02, "timeout_ms": 2500, "seed": 1}
Every POST is verified with the PyPI `standardwebhooks` library against its path's secret, its body parsed, and the
`decoded` arguments of ERC-20/721 `Transfer` logs recomputed here from the topics and data (independently of
evmhook's ABI decoder). Then it answers 500 (fail_ratio), or after timeout_ms (timeout_ratio: the endpoint's
timeout should be shorter), or 204. It listens on 127.0.0.1:PORT. One JSON line per request goes to LOG:
  {"path", "id", "attempt", "status", "verified", "type", "block_hash", "log_index", "removed", "decoded_ok"}
where decoded_ok is true/false for Transfer logs and null for others. Prints "LISTENING port=N" when ready;
GET /_count answers {"requests": N}.
"""
import asyncio
import json
import random
import sys

from keepalive_server import connection_handler
from standardwebhooks.webhooks import Webhook

TRANSFER = "0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef"

config = json.load(open(sys.argv[1]))
log_file = open(sys.argv[2], "a", buffering=1)
hooks = {path: Webhook(secret) for path, secret in config["secrets"].items()}
chance = random.Random(config.get("seed", 1))
requests = 0


def address_of(topic):
    return "0x" + topic[-40:]


def check_decoded(data):
    """True/False when the log is a Transfer we can recompute, None otherwise."""
    topics = data.get("topics", [])
    if not topics or topics[0] != TRANSFER:
        return None
    decoded = data.get("decoded")
    if decoded is None or decoded.get("name") != "Transfer":
        return False
    args = decoded.get("args", {})
    if len(topics) == 3:  # ERC-20: value in data
        return (args.get("from") == address_of(topics[1]) and args.get("to") == address_of(topics[2])
                and args.get("value") == str(int(data["data"], 16)))
    if len(topics) == 4:  # ERC-721: tokenId indexed
        return (args.get("from") == address_of(topics[1]) and args.get("to") == address_of(topics[2])
                and args.get("tokenId") == str(int(topics[3], 16)))
    return None


async def deliver(path, headers, body):
    verified = False
    hook = hooks.get(path)
    if hook is not None:
        try:
            hook.verify(body, headers)
            verified = True
        except Exception:  # any failure of the library is a failed verification
            verified = False
    entry = {"path": path, "id": headers.get("webhook-id"), "attempt": headers.get("evmhook-attempt"),
             "verified": verified}
    try:
        payload = json.loads(body)
        data = payload["data"]
        entry.update(type=payload.get("type"), block_hash=data.get("blockHash"), log_index=data.get("logIndex"),
                     removed=data.get("removed"), decoded_ok=check_decoded(data))
    except Exception as error:
        entry.update(type=None, error=str(error))
    roll = chance.random()
    if roll < config.get("fail_ratio", 0):
        status = 500
    elif roll < config.get("fail_ratio", 0) + config.get("timeout_ratio", 0):
        await asyncio.sleep(config.get("timeout_ms", 2500) / 1000)
        status = 204  # too late: the sender gave up and counts it as a timeout
    else:
        status = 204
    entry["status"] = status
    log_file.write(json.dumps(entry) + "\n")
    return status


async def handle(method, target, headers, body):
    global requests
    if target == "/_count":
        return 200, [], json.dumps({"requests": requests}).encode()
    requests += 1
    return await deliver(target, headers, body), [], b""


async def main():
    server = await asyncio.start_server(connection_handler(handle), "127.0.0.1", int(sys.argv[3]), backlog=4096)
    print(f"LISTENING port={server.sockets[0].getsockname()[1]}", flush=True)
    await server.serve_forever()


if __name__ == "__main__":
    asyncio.run(main())
