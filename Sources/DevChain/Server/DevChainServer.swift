import HTTPTypes
import Hummingbird
import HummingbirdWebSocket
import Logging
import NIOCore
import NIOWebSocket

/// HTTP and WebSocket JSON-RPC on one port, as geth serves them with `--http` and `--ws` on the same address.
enum DevChainServer {
    /// Largest request body or WebSocket message accepted (geth's default HTTP body limit is 5 MiB).
    static let maxMessageBytes = 16 << 20

    static func application(
        node: DevChainNode, configuration: DevChainConfiguration, logger: Logger,
        onRunning: @escaping @Sendable (Int) -> Void
    ) -> some ApplicationProtocol {
        let router = Router()
        router.post("/") { request, _ -> Response in
            let body = try await request.body.collect(upTo: maxMessageBytes)
            let reply = await node.handleHTTP(body: Array(buffer: body))
            return response(reply)
        }
        var server = WebSocketServerConfiguration(maxFrameSize: maxMessageBytes)
        server.validateUTF8 = true
        return Application(
            router: router,
            server: .http1WebSocketUpgrade(configuration: server) { _, _, _ in
                .upgrade([:]) { inbound, outbound, _ in
                    await serveSocket(node: node, inbound: inbound, outbound: outbound)
                }
            },
            configuration: .init(address: .hostname(configuration.host, port: configuration.port)),
            onServerRunning: { channel in onRunning(channel.localAddress?.port ?? configuration.port) },
            logger: logger
        )
    }

    private static func response(_ reply: HTTPReply) -> Response {
        var headers: HTTPFields = [.contentType: reply.contentType]
        for (name, value) in reply.headers {
            if let field = HTTPField.Name(name) { headers[field] = value }
        }
        return Response(
            status: .init(code: reply.status),
            headers: headers,
            body: .init(byteBuffer: ByteBuffer(string: reply.body))
        )
    }

    /// One connection: requests in, replies and notifications out through the node's ordered stream.
    private static func serveSocket(
        node: DevChainNode, inbound: WebSocketInboundStream, outbound: WebSocketOutboundWriter
    ) async {
        let (id, output) = await node.openSocket()
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                for await item in output {
                    switch item {
                    case .text(let text):
                        do { try await outbound.write(.text(text)) } catch { return }
                    case .close:
                        try? await outbound.close(.goingAway, reason: "devchain closed the connection")
                        return
                    }
                }
            }
            group.addTask {
                do {
                    for try await message in inbound.messages(maxSize: maxMessageBytes) {
                        // geth reads JSON-RPC from text and binary frames alike (web3.py sends binary by default).
                        switch message {
                        case .text(let text): await node.handleSocketMessage(id, text)
                        case .binary(let buffer): await node.handleSocketMessage(id, String(buffer: buffer))
                        }
                    }
                } catch {
                    return
                }
            }
            // Either side ending ends the connection.
            await group.next()
            group.cancelAll()
        }
        await node.closeSocket(id)
    }
}
