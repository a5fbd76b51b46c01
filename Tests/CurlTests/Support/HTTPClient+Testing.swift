import Curl
import Logging

extension HTTPClient {
    /// Runs `body` with a fresh client and shuts the client down afterwards, whether `body` threw or not.
    static func withTestClient<Result>(
        _ configuration: Configuration,
        _ body: (HTTPClient) async throws -> Result
    ) async throws -> Result {
        let client = try HTTPClient(configuration: configuration, logger: Logger(label: "curl-test"))
        do {
            let result = try await body(client)
            await client.shutdown()
            return result
        } catch {
            await client.shutdown()
            throw error
        }
    }

    /// The error `send` threw for `request`, or nil when it returned a response.
    func failure(of request: HTTPRequest) async -> (any Error)? {
        do {
            _ = try await send(request)
            return nil
        } catch {
            return error
        }
    }
}
