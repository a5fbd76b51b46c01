import Admin
import OpenAPIRuntime

extension HTTPBody {
    /// The whole body for a middleware that must read it before the generated decoding does; more than `limit` bytes
    /// is the client's error (a 400 naming `body`), not the server's.
    func bytes(upTo limit: Int) async throws -> [UInt8] {
        do {
            return try await [UInt8](collecting: self, upTo: limit)
        } catch {
            throw FieldError("body", "larger than \(limit) bytes")
        }
    }
}
