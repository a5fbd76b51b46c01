import Foundation
import Pipeline
import Testing

@testable import Processor

/// How a batch is cut into script calls: whole entries, about `jobsPerCall` jobs each.
@Suite struct AcknowledgeScriptTests {
    static func outcome(_ jobs: Int) -> EntryOutcome {
        let job = DeliveryJob.encoded(
            endpointID: UUID(), webhookID: "msg_x", type: .log, enqueuedAt: 0, body: Array("{}".utf8))
        return .jobs(Array(repeating: job, count: jobs))
    }

    static func sizes(_ counts: [Int]) -> [[Int]] {
        let outcomes = counts.enumerated().map { (id: String($0.offset), outcome: outcome($0.element)) }
        return AcknowledgeScript.slices(outcomes).map { slice in
            slice.map { if case .jobs(let jobs) = $0.outcome { jobs.count } else { -1 } }
        }
    }

    @Test func smallBatchesAreOneCall() {
        #expect(Self.sizes([1, 0, 10, 3]) == [[1, 0, 10, 3]])
        #expect(Self.sizes([]) == [])
    }

    @Test func largeBatchesAreCutBetweenEntriesNeverInside() {
        let limit = AcknowledgeScript.jobsPerCall
        #expect(Self.sizes([limit - 1, 2, 1]) == [[limit - 1], [2, 1]])
        #expect(Self.sizes([3 * limit, 1]) == [[3 * limit], [1]])
        #expect(Self.sizes([1, 3 * limit]) == [[1], [3 * limit]])
    }
}
