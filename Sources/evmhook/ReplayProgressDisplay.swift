import Foundation
import Ingestor
import Reconcile
import Threading

/// A walk over a block range whose progress `ReplayProgressDisplay` shows (`replay`, `reconcile`).
protocol BlockRangeProgress: Sendable {
    var blocksDone: UInt64 { get }
    var blocksTotal: UInt64 { get }
    /// Blocks an earlier run had done when this one started (not part of this run's rate).
    var blocksResumed: UInt64 { get }
    var logs: UInt64 { get }
    var elapsed: Duration { get }
    var isComplete: Bool { get }
}

extension Replayer.Progress: BlockRangeProgress {}

extension Reconciler.Progress: BlockRangeProgress {
    var blocksResumed: UInt64 { 0 }
}

/// Shows a replay's (or reconciliation's) progress on standard error: a redrawn bar on a terminal (blocks
/// done/total, logs/s, ETA), else one plain line at most every two seconds, so logs stay readable.
final class ReplayProgressDisplay: Sendable {
    private let interactive: Bool
    /// What the plain lines start with: the command's name.
    private let label: String
    private let lastLine = Guarded<ContinuousClock.Instant?>(nil)

    init(interactive: Bool, label: String = "replay") {
        self.interactive = interactive
        self.label = label
    }

    func show(_ progress: some BlockRangeProgress) {
        let now = ContinuousClock.now
        let due = lastLine.withLock { last in
            let wait: Duration = interactive ? .milliseconds(100) : .seconds(2)
            guard progress.isComplete || last.map({ now - $0 >= wait }) ?? true else { return false }
            last = now
            return true
        }
        guard due else { return }
        let text = interactive ? bar(progress) : plain(progress)
        FileHandle.standardError.write(Data((interactive ? "\r\u{1B}[2K" + text : text + "\n").utf8))
    }

    func finish() {
        if interactive { FileHandle.standardError.write(Data("\n".utf8)) }
    }

    private func plain(_ progress: some BlockRangeProgress) -> String {
        "\(label): \(progress.blocksDone)/\(progress.blocksTotal) blocks, \(rate(progress)) logs/s, ETA \(eta(progress))"
    }

    private func bar(_ progress: some BlockRangeProgress) -> String {
        let width = 30
        let fraction = progress.blocksTotal == 0 ? 1 : Double(progress.blocksDone) / Double(progress.blocksTotal)
        let filled = Int(fraction * Double(width))
        return "[" + String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled) + "] "
            + "\(progress.blocksDone)/\(progress.blocksTotal) blocks  \(rate(progress)) logs/s  ETA \(eta(progress))"
    }

    private func rate(_ progress: some BlockRangeProgress) -> Int {
        let seconds = progress.elapsed.seconds
        return seconds > 0 ? Int(Double(progress.logs) / seconds) : 0
    }

    private func eta(_ progress: some BlockRangeProgress) -> String {
        let remaining = progress.blocksTotal - progress.blocksDone
        guard remaining > 0 else { return "0s" }
        // Blocks per second of this run; the blocks an earlier run did are not part of it.
        let seconds = progress.elapsed.seconds
        let done = Double(progress.blocksDone - progress.blocksResumed)
        guard seconds > 0, done > 0 else { return "?" }
        return "\(Int((Double(remaining) * seconds / done).rounded()))s"
    }
}

extension Duration {
    fileprivate var seconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}
