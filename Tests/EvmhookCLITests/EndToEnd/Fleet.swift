import Foundation
import TestSupport
import Threading

/// The evmhook processes of the end-to-end test, each restarted with the same arguments after it is killed.
final class Fleet: Sendable {
    private let commands: [[String]]
    private let environment: [String: String]
    private let children: Guarded<[ChildProcess]>
    private let kills = Guarded(0)

    init(commands: [[String]], environment: [String: String]) throws {
        self.commands = commands
        self.environment = environment
        let binary = try EvmhookBinary.executable().path
        children = Guarded(try commands.map { try ChildProcess(binary, $0, environment: environment) })
    }

    var killCount: Int { kills.withLock { $0 } }

    /// Every `interval`, SIGKILLs one process chosen at random and starts it again at once, until cancelled.
    func killRandomlyUntilCancelled(every interval: Duration) async {
        var generator = SystemRandomNumberGenerator()
        while !Task.isCancelled {
            do { try await Task.sleep(for: interval) } catch { return }
            let index = Int.random(in: 0..<commands.count, using: &generator)
            let victim = children.withLock { $0[index] }
            await victim.stop(signal: SIGKILL)
            guard let binary = try? EvmhookBinary.executable().path,
                let restarted = try? ChildProcess(binary, commands[index], environment: environment)
            else { continue }
            children.withLock { $0[index] = restarted }
            kills.withLock { $0 += 1 }
        }
    }

    func stopAll() async {
        for child in children.withLock({ $0 }) { await child.stop(signal: SIGTERM) }
    }
}
