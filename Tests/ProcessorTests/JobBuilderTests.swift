import ChainKit
import Foundation
import Pipeline
import Store
import Testing

@testable import Processor

/// The Processor pushes jobs encoded straight from bytes; they must be, byte for byte, the jobs `jobs(for:)` builds
/// (what reconciliation compares against) in their queue encoding.
@Suite struct JobBuilderTests {
    static func builder() throws -> (JobBuilder, plain: Endpoint, withEvents: Endpoint) {
        let plain = Endpoint(url: "https://a.invalid/", chainID: 1, secret: "whsec_x")
        let withEvents = Endpoint(
            url: "https://b.invalid/", chainID: 1,
            events: [
                try EndpointEvent(signature: "Transfer(address indexed from, address indexed to, uint256 amount)")
            ],
            secret: "whsec_x")
        var index = SubscriptionIndex()
        index.upsert(plain)
        index.upsert(withEvents)
        return (JobBuilder(index: index, enqueuedAt: 1_764_000_000_123), plain, withEvents)
    }

    @Test(arguments: [StreamEntry.Kind.log, .removed, .replay])
    func encodedJobsAreTheJobsEncodings(kind: StreamEntry.Kind) throws {
        let (builder, _, withEvents) = try Self.builder()
        let replay = kind == .replay ? StreamEntry.Replay(id: "rpl_1", endpoint: nil) : nil
        let entry = StreamEntries.entry(try ProcessorPathTests.transferLog(), kind: kind, replay: replay)
        let jobs = builder.jobs(for: entry)
        #expect(jobs.count == 2)
        // The endpoint's own event names the amount differently: its body is its own, not the shared one.
        #expect(Set(jobs.map(\.body)).count == 2)
        #expect(jobs.first { $0.endpointID == withEvents.id }?.body.contains(#""amount":"1000000""#) == true)
        #expect(builder.encodedJobs(for: entry) == jobs.map { Array($0.encoded.utf8) })
        #expect(try jobs.map { try DeliveryJob(encoded: $0.encoded) } == jobs)
    }

    @Test func aReplayAimedAtOneEndpointBuildsOnlyItsJob() throws {
        let (builder, plain, _) = try Self.builder()
        let entry = StreamEntries.entry(
            try ProcessorPathTests.transferLog(), kind: .replay, replay: StreamEntry.Replay(id: "r", endpoint: plain.id)
        )
        let encoded = try builder.encodedJobs(for: entry).map {
            try DeliveryJob(encoded: String(decoding: $0, as: UTF8.self))
        }
        #expect(encoded == builder.jobs(for: entry))
        #expect(encoded.map(\.endpointID) == [plain.id])
    }

    /// Written digit by digit: it must agree with Foundation's ISO 8601 across leap days, year ends and epochs.
    @Test(arguments: [0, 951_782_400, 951_868_799, 1_696_800_000, 4_107_542_399, 253_402_300_799] as [UInt64])
    func blockTimestampsAreISO8601(seconds: UInt64) {
        var out: [UInt8] = []
        BlockTimestamp.appendISO8601(seconds, to: &out)
        #expect(String(decoding: out, as: UTF8.self) == Date(timeIntervalSince1970: Double(seconds)).ISO8601Format())
    }

    @Test func yearsPastNineThousandNineHundredNinetyNineKeepAllTheirDigits() {
        var out: [UInt8] = []
        BlockTimestamp.appendISO8601(253_402_300_800, to: &out)
        #expect(String(decoding: out, as: UTF8.self) == "10000-01-01T00:00:00Z")
    }
}
