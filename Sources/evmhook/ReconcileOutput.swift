import Foundation
import Reconcile
import Threading

/// Prints a reconciliation's findings: a line each as the chunks come (text), or one JSON object at the end
/// (`--json`, snake_case keys like every other `--json`), which then holds the findings (never the chain).
final class ReconcileOutput: Sendable {
    private let json: Bool
    /// Whether a progress bar is being redrawn on the terminal: a finding line first clears it.
    private let clearingProgressLine: Bool
    private let missing = Guarded<[MissingDelivery]>([])
    private let orphans = Guarded<[OrphanDelivery]>([])

    init(json: Bool, clearingProgressLine: Bool) {
        self.json = json
        self.clearingProgressLine = clearingProgressLine
    }

    func report(_ chunk: Reconciler.Chunk) {
        if json {
            missing.withLock { $0 += chunk.missing }
            orphans.withLock { $0 += chunk.orphans }
            return
        }
        if clearingProgressLine && !(chunk.missing.isEmpty && chunk.orphans.isEmpty) {
            FileHandle.standardError.write(Data("\r\u{1B}[2K".utf8))
        }
        for item in chunk.missing {
            print(
                "missing  \(item.endpointID.uuidString.lowercased())  \(item.webhookID)  block \(item.blockNumber) "
                    + "\(item.blockHash) log \(item.logIndex)  \(item.state.rawValue)"
                    + (item.enqueued ? "  enqueued" : ""))
        }
        for item in chunk.orphans {
            let fix =
                item.enqueued
                ? "  removal enqueued (\(item.removalWebhookID))" : item.fixProblem.map { "  cannot fix: \($0)" } ?? ""
            print(
                "not canonical  \(item.endpointID.uuidString.lowercased())  \(item.webhookID)  block "
                    + "\(item.blockNumber) \(item.blockHash) log \(item.logIndex) (canonical \(item.canonicalHash)); "
                    + "no evm.log.removed delivered" + fix)
        }
    }

    func finish(_ summary: Reconciler.Summary, configuration: Reconciler.Configuration) {
        let counts = MissingDelivery.State.allCases.map { "\(summary.missing[$0] ?? 0) \($0.rawValue)" }
        let range = "\(configuration.range.lowerBound)…\(configuration.range.upperBound)"
        guard json else {
            let total = summary.missing.values.reduce(0, +)
            print(
                (summary.progress.isComplete ? "reconciled" : "interrupted: reconciled part of")
                    + " chain \(configuration.chainID) blocks \(range): \(summary.endpoints) endpoints, "
                    + "\(summary.progress.logs) logs, \(summary.due) deliveries due; missing \(total) "
                    + "(\(counts.joined(separator: ", "))); not canonical \(summary.orphans)"
                    + (configuration.fix ? "; enqueued \(summary.enqueued), unresolved \(summary.unresolved)" : ""))
            return
        }
        var object: [String: Any] = [
            "chain": configuration.chainID, "from": configuration.range.lowerBound,
            "to": configuration.range.upperBound, "complete": summary.progress.isComplete,
            "blocks_done": summary.progress.blocksDone, "endpoints": summary.endpoints, "logs": summary.progress.logs,
            "due": summary.due, "missing": missing.withLock { $0 }.map(Self.object),
            "not_canonical": orphans.withLock { $0 }.map(Self.object),
        ]
        if configuration.fix {
            object["enqueued"] = summary.enqueued
            object["unresolved"] = summary.unresolved
        }
        if let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]) {
            print(String(decoding: data, as: UTF8.self))
        }
    }

    private static func object(_ item: MissingDelivery) -> [String: Any] {
        [
            "endpoint_id": item.endpointID.uuidString.lowercased(), "webhook_id": item.webhookID,
            "block_number": item.blockNumber, "block_hash": item.blockHash, "log_index": item.logIndex,
            "state": item.state.rawValue, "enqueued": item.enqueued,
        ]
    }

    private static func object(_ item: OrphanDelivery) -> [String: Any] {
        var object: [String: Any] = [
            "endpoint_id": item.endpointID.uuidString.lowercased(), "webhook_id": item.webhookID,
            "block_number": item.blockNumber, "block_hash": item.blockHash, "canonical_hash": item.canonicalHash,
            "log_index": item.logIndex, "removal_webhook_id": item.removalWebhookID, "enqueued": item.enqueued,
        ]
        if let problem = item.fixProblem { object["fix_problem"] = problem }
        return object
    }
}
