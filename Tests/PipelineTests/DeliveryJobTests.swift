import Foundation
import Pipeline
import Testing

@Suite struct DeliveryJobTests {
    static let job = DeliveryJob(
        endpointID: UUID(), webhookID: "msg_0123", type: .logRemoved, attempt: 3, enqueuedAt: 1_700_000_000_123,
        body: "{\"type\":\"evm.log.removed\",\n \"data\": {\"a b\": \"c\\nd\"}}"
    )

    @Test func encodingRoundTripsBodiesWithNewlinesAndSpaces() throws {
        #expect(try DeliveryJob(encoded: Self.job.encoded) == Self.job)
    }

    @Test func theHeaderIsOneReadableLine() {
        let header = Self.job.encoded.split(separator: "\n", maxSplits: 1)[0]
        #expect(
            header
                == "evmhook-job/1 \(Self.job.endpointID.uuidString.lowercased()) msg_0123 evm.log.removed 3 1700000000123"
        )
    }

    @Test(arguments: [
        "", "no newline", "evmhook-job/2 x y z 1 2\n{}", "evmhook-job/1 not-a-uuid msg evm.log 1 2\n{}",
        "evmhook-job/1 \(UUID().uuidString) msg evm.other 1 2\n{}",
        "evmhook-job/1 \(UUID().uuidString) msg evm.log 0 2\n{}",
        "evmhook-job/1 \(UUID().uuidString) msg evm.log 1 -2\n{}",
        "evmhook-job/1 \(UUID().uuidString)  evm.log 1 2\n{}",
        "evmhook-job/1 \(UUID().uuidString) msg evm.log 1\n{}",
        "evmhook-job/1 \(UUID().uuidString) msg evm.log +1 2\n{}",
        "evmhook-job/1 \(UUID().uuidString) msg evm.log 1 99999999999999999999\n{}",
        "evmhook-job/1 \(UUID().uuidString) msg evm.log 1 2 3\n{}",
    ])
    func malformedJobsThrow(text: String) {
        #expect(throws: DeliveryJobError.self) { try DeliveryJob(encoded: text) }
    }

    @Test func jobsAreReadFromTheirBytesWithAnEndpointInEitherCase() throws {
        let upper = Self.job.encoded.replacingOccurrences(
            of: Self.job.endpointID.uuidString.lowercased(), with: Self.job.endpointID.uuidString)
        #expect(try DeliveryJob(encoded: Array(upper.utf8)) == Self.job)
    }

    @Test(arguments: [
        Array("evmhook-job/1 \(UUID().uuidString) msg evm.log 1 2\n{\"a\":\"".utf8) + [0xFF, 0x22, 0x7D],
        Array("evmhook-job/1 \(UUID().uuidString) m".utf8) + [0xC3] + Array("g evm.log 1 2\n{}".utf8),
    ])
    func bytesThatAreNotUTF8Throw(bytes: [UInt8]) {
        #expect(throws: DeliveryJobError.self) { try DeliveryJob(encoded: bytes) }
    }
}
