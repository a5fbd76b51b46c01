import Foundation
import Ingestor
import Threading

/// Shows a replay's progress on standard error: a redrawn bar on a terminal (blocks done/total, logs/s, ETA),
/// else one plain line at most every two seconds, so logs stay readable.
final class ReplayProgressDisplay: Sendable {
    private let interactive: Bool
    private let lastLine = Guarded<ContinuousClock.Instant?>(nil)

    init(interactive: Bool) {
        self.interactive = interactive
    }

    func show(_ progress: Replayer.Progress) {
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

    private func plain(_ progress: Replayer.Progress) -> String {
        "replay: \(progress.blocksDone)/\(progress.blocksTotal) blocks, \(rate(progress)) logs/s, ETA \(eta(progress))"
    }

    private func bar(_ progress: Replayer.Progress) -> String {
        let width = 30
        let fraction = progress.blocksTotal == 0 ? 1 : Double(progress.blocksDone) / Double(progress.blocksTotal)
        let filled = Int(fraction * Double(width))
        return "[" + String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled) + "] "
            + "\(progress.blocksDone)/\(progress.blocksTotal) blocks  \(rate(progress)) logs/s  ETA \(eta(progress))"
    }

    private func rate(_ progress: Replayer.Progress) -> Int {
        let seconds = progress.elapsed.seconds
        return seconds > 0 ? Int(Double(progress.logs) / seconds) : 0
    }

    private func eta(_ progress: Replayer.Progress) -> String {
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
