public import ChainKit
import Curl
public import Logging
import Threading

/// JSON-RPC over HTTP POST (`http://`, `https://`): no notifications, so the follower polls `eth_blockNumber`.
///
/// A node is operator configuration, not user input, so the client may reach loopback and private addresses.
public final class HTTPNodeConnection: NodeConnection {
    public let notifications: AsyncStream<RPCSubscriptionNotification>? = nil
    private let url: String
    private let client: HTTPClient
    private let ids = IDCounter()

    public init(url: String, logger: Logger) throws(NodeError) {
        self.url = url
        do {
            client = try HTTPClient(
                configuration: HTTPClient.Configuration(
                    maxConnectionsPerHost: 16, bodyCaptureLimit: 64 * 1024 * 1024,
                    addressGuard: .allowingEverything),
                logger: logger)
        } catch {
            throw NodeError(.disconnected, method: "connect", detail: "\(error)")
        }
    }

    public func call(_ method: String, params: JSONValue, timeout: Duration) async throws(NodeError) -> [UInt8] {
        let body = RPCRequest(id: .number(ids.next()), method: method, params: params).json.serializedBytes()
        let response: HTTPResponse
        do {
            response = try await client.send(
                HTTPRequest(
                    method: .post, url: url, headers: [HTTPHeader("content-type", "application/json")],
                    body: body, timeout: timeout))
        } catch let error as HTTPClientError where error.code == .timeout {
            throw NodeError(.timeout, method: method, detail: error.message)
        } catch {
            throw NodeError(.disconnected, method: method, detail: "\(error)")
        }
        // A JSON-RPC error body under a 4xx/5xx (QuickNode's 413, Infura's 429) is the node's answer: hand it on.
        guard response.status == 200 || response.body.first == UInt8(ascii: "{") else {
            throw NodeError.malformed(
                method: method, body: response.body, problem: "HTTP \(response.status)", status: response.status)
        }
        return response.body
    }

    public func close() async {
        await client.shutdown()
    }
}

/// Request ids for a connection shared by concurrent callers.
final class IDCounter: Sendable {
    private let value = Guarded<Int64>(0)
    func next() -> Int64 {
        value.withLock {
            $0 += 1; return $0
        }
    }
}
