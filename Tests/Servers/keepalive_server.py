"""The HTTP/1.1 keep-alive loop the test receivers share (stdlib asyncio): requests in, `handle`'s answers out.

`handle(method, target, headers, body)` is a coroutine returning (status, [(name, value)], payload); header names
arrive lowercased.
"""
import asyncio


def connection_handler(handle):
    """An `asyncio.start_server` callback serving every request of a connection with `handle`."""

    async def serve(reader, writer):
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                lines = head.decode("latin-1").split("\r\n")
                method, target, _ = lines[0].split(" ", 2)
                headers = {}
                for line in lines[1:]:
                    if line:
                        name, _, value = line.partition(":")
                        headers[name.strip().lower()] = value.strip()
                body = await reader.readexactly(int(headers.get("content-length", "0")))
                status, extra, payload = await handle(method, target, headers, body)
                reply = [f"HTTP/1.1 {status} Status"] + [f"{name}: {value}" for name, value in extra]
                reply.append(f"Content-Length: {len(payload)}")
                writer.write(("\r\n".join(reply) + "\r\n\r\n").encode("latin-1") + payload)
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        finally:
            writer.close()

    return serve
