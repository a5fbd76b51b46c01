"""An independent client of the dev chain: web3.py over WebSocket, as a user's indexer would use it.

Run by DevChainWeb3Tests with the dev chain's ws:// URL. It subscribes to newHeads and logs, mines three blocks,
triggers a reorg of depth 2 through devchain_reorg, reads a block, its logs and a receipt, and prints one line
`RESULT {json}` with what it saw; the Swift test checks it against the chain.
"""
import asyncio
import json
import sys

from web3 import AsyncWeb3, WebSocketProvider


def hexed(value):
    return value.hex() if isinstance(value, (bytes, bytearray)) else value


async def main(url):
    async with AsyncWeb3(WebSocketProvider(url)) as w3:
        chain_id = await w3.eth.chain_id
        heads_id = await w3.eth.subscribe("newHeads")
        logs_id = await w3.eth.subscribe("logs", {})
        await w3.provider.make_request("devchain_mine", [3])
        heads, logs, removed = [], [], []
        async for message in w3.socket.process_subscriptions():
            result = message["result"]
            if message["subscription"] == heads_id:
                heads.append({"number": result["number"], "hash": "0x" + hexed(result["hash"]).removeprefix("0x"),
                              "parentHash": "0x" + hexed(result["parentHash"]).removeprefix("0x")})
                if len(heads) == 3:
                    await w3.provider.make_request("devchain_reorg", [2])
                if len(heads) == 4:
                    break
            elif message["subscription"] == logs_id:
                entry = {"blockHash": "0x" + hexed(result["blockHash"]).removeprefix("0x"),
                         "logIndex": result["logIndex"]}
                (removed if result["removed"] else logs).append(entry)
        head = heads[-1]
        block = await w3.eth.get_block(head["number"], full_transactions=True)
        block_logs = await w3.eth.get_logs({"fromBlock": head["number"], "toBlock": head["number"]})
        receipt = await w3.eth.get_transaction_receipt(block["transactions"][0]["hash"])
        print("RESULT " + json.dumps({
            "chainId": chain_id,
            "heads": heads,
            "logs": len(logs),
            "removed": removed,
            "block": {"hash": "0x" + hexed(block["hash"]).removeprefix("0x"), "transactions": len(block["transactions"])},
            "blockLogs": len(block_logs),
            "blockLogHashes": sorted({"0x" + hexed(log["blockHash"]).removeprefix("0x") for log in block_logs}),
            "receiptStatus": receipt["status"],
            "receiptLogs": len(receipt["logs"]),
        }), flush=True)


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1]))
