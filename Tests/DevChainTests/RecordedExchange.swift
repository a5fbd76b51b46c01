import ChainKit
import Foundation
import TestSupport
import Testing

/// One `.io` file of `Tests/Fixtures/rpc/execution-apis`: a request and geth's recorded response.
struct RecordedExchange: CustomTestStringConvertible {
    let name: String
    let request: JSONValue
    let response: JSONValue

    var testDescription: String { name }

    /// Every exchange recorded for `method`.
    static func all(_ method: String) throws -> [RecordedExchange] {
        let folder = TestEnvironment.fixture("rpc/execution-apis/\(method)")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".io") }
        return try names.sorted().map { name in
            let lines = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
                .split(separator: "\n")
            func message(_ prefix: String) throws -> JSONValue {
                let line = lines.first { $0.hasPrefix(prefix) }!
                return try JSONValue.parse(Array(line.dropFirst(prefix.count).utf8))
            }
            return RecordedExchange(
                name: "\(method)/\(name)", request: try message(">> "), response: try message("<< "))
        }
    }

    /// The frames of a `Tests/Fixtures/rpc/ws/*.json` session: (direction, exact text).
    static func frames(_ file: String) throws -> [(direction: String, text: String)] {
        let data = try Data(contentsOf: TestEnvironment.fixture("rpc/ws/\(file)"))
        let session = try JSONValue.parse(Array(data))
        guard case .array(let frames) = session["frames"] ?? .null else { return [] }
        return frames.compactMap { frame in
            guard case .string(let direction) = frame["dir"] ?? .null, case .string(let text) = frame["text"] ?? .null
            else { return nil }
            return (direction, text)
        }
    }

    /// The single case of `Tests/Fixtures/rpc/errors/<file>` (one file per case).
    static func errorCase(_ file: String) throws -> JSONValue {
        try JSONValue.parse(Array(try Data(contentsOf: TestEnvironment.fixture("rpc/errors/\(file)"))))
    }

    /// The cases gathered in `Tests/Fixtures/rpc/errors/<file>`.
    static func errorCases(_ file: String) throws -> [JSONValue] {
        let data = try Data(contentsOf: TestEnvironment.fixture("rpc/errors/\(file)"))
        guard case .array(let cases) = try JSONValue.parse(Array(data))["cases"] ?? .null else { return [] }
        return cases
    }
}
