import Foundation
import Testing

@testable import ChainKit

/// The error answers of real nodes and providers: JSON ones decode to the same values, the rest are refused as
/// not JSON (never a crash, never a made-up response).
@Suite struct RPCErrorFixtureTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let id: String
        let body: String
        let isJSON: Bool
        var testDescription: String { id }
    }

    static func cases() throws -> [Case] {
        let gathered = ["rpc/errors/index.json", "rpc/errors/getlogs-limits.json", "rpc/errors/transport.json"]
        return try FixtureLoading.files(in: "rpc/errors", withExtension: "json")
            .filter { !gathered.contains($0) }
            .map { file in
                let fixture = try FixtureLoading.object(file)
                return Case(
                    id: try #require(fixture["id"] as? String),
                    body: try #require(fixture["body"] as? String),
                    isJSON: !(fixture["body_json"] is NSNull)
                )
            }
    }

    @Test func thereAreThirtyThreeCases() throws {
        #expect(try Self.cases().count == 33)
    }

    @Test(arguments: try cases())
    func bodiesDecodeToTheSameValuesOrAreRefused(errorCase: Case) throws {
        let bytes = Array(errorCase.body.utf8)
        guard errorCase.isJSON else {
            #expect {
                try RPCIncomingMessage.decode(bytes)
            } throws: { error in
                (error as? RPCDecodingError)?.code == .invalidJSON
            }
            #expect(throws: RPCDecodingError.self) { try Log.decodeGetLogsResponse(bytes) }
            return
        }
        let message = try RPCIncomingMessage.decode(bytes)
        #expect(try RecordedExchange.sameValues(message.json.serialized(), errorCase.body))
    }

    @Test func codesAndDataSurvive() throws {
        func error(_ id: String) throws -> RPCErrorObject? {
            let body = try #require(try Self.cases().first { $0.id == id }).body
            let response = try Log.decodeGetLogsResponse(Array(body.utf8))
            guard case .failure(let error) = response.result else { return nil }
            return error
        }
        #expect(try error("history-pruned-geth")?.code == 4444)
        #expect(try error("ratelimit-alchemy-429")?.code == 429)
        let parity = try #require(try error("block-not-found-parity-filter"))
        #expect(parity.data == .string("0x1363019"))
        let tenderly = try #require(try error("getlogs-tenderly-data-payload"))
        #expect(tenderly.data?["payload"] == .string("range 9009594 is bigger than range limit 2000"))
        let scroll = try #require(try Self.cases().first { $0.id == "getlogs-scroll-max-block-range" })
        guard case .response(let response) = try RPCIncomingMessage.decode(Array(scroll.body.utf8)) else {
            Issue.record("expected a response")
            return
        }
        #expect(response.id == .string("id"))
    }

    @Test func batchesKeepTheServersOrder() throws {
        let body = try #require(try Self.cases().first { $0.id == "batch-out-of-order" }).body
        guard case .batch(let responses) = try RPCIncomingMessage.decode(Array(body.utf8)) else {
            Issue.record("expected a batch")
            return
        }
        #expect(responses.map(\.id) == [1, 3, 2])
    }
}
