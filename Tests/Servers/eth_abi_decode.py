#!/usr/bin/env python3
"""Decodes event logs with PyPI eth-abi, independently of evmhook, in the webhook's JSON conventions.

stdin: a JSON array of {"name", "inputs": [{"type", "indexed"}], "topics": ["0x…"], "data": "0x…"}
stdout: a JSON array of {"signature": "Name(type,…)", "values": [...]} in declaration order, where integers are
decimal strings, addresses lowercase hex, bytes 0x-hex, and indexed dynamic values {"hash": topic}.
"""
import json
import sys

from eth_abi import decode

DYNAMIC = ("string", "bytes")


def convert(abi_type, value):
    if abi_type.endswith("]"):
        element = abi_type[: abi_type.rindex("[")]
        return [convert(element, item) for item in value]
    if abi_type.startswith(("uint", "int")):
        return str(value)
    if abi_type == "address":
        return value.lower()
    if abi_type.startswith("bytes"):
        return "0x" + value.hex()
    return value


def decode_log(log):
    inputs = log["inputs"]
    data_types = [i["type"] for i in inputs if not i["indexed"]]
    data_values = list(decode(data_types, bytes.fromhex(log["data"][2:])))
    topics = log["topics"][1:]
    values = []
    for item in inputs:
        if not item["indexed"]:
            values.append(convert(item["type"], data_values.pop(0)))
            continue
        topic = topics.pop(0)
        if item["type"] in DYNAMIC or item["type"].endswith("]"):
            values.append({"hash": topic})
        else:
            (value,) = decode([item["type"]], bytes.fromhex(topic[2:]))
            values.append(convert(item["type"], value))
    signature = log["name"] + "(" + ",".join(i["type"] for i in inputs) + ")"
    return {"signature": signature, "values": values}


json.dump([decode_log(log) for log in json.load(sys.stdin)], sys.stdout)
