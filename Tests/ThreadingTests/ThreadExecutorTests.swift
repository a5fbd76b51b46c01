import Foundation
import Testing
import Threading

/// An actor pinned to its own thread, as every wrapper connection is.
private actor Pinned {
    private let executor: ThreadExecutor
    nonisolated var unownedExecutor: UnownedSerialExecutor { executor.asUnownedSerialExecutor() }
    private var counter = 0

    init(name: String) { executor = ThreadExecutor(name: name) }
    deinit { executor.shutdown() }

    func runsOnOwnedThread() -> Bool { executor.isCurrent }
    nonisolated func callerRunsOnOwnedThread() -> Bool { executor.isCurrent }
    func increment() -> Int {
        counter += 1
        return counter
    }
    /// Blocks its thread like `BRPOP` would, until `gate` opens; says so on `entered` first.
    func block(on gate: DispatchSemaphore, entered: AsyncStream<Void>.Continuation) {
        entered.yield()
        gate.wait()
    }
}

@Suite struct ThreadExecutorTests {
    @Test func actorMethodsRunOnTheOwnedThread() async {
        let pinned = Pinned(name: "pinned-test")
        #expect(await pinned.runsOnOwnedThread())
        #expect(!pinned.callerRunsOnOwnedThread())
    }

    @Test func jobsRunSeriallyWithoutLosingUpdates() async {
        let pinned = Pinned(name: "serial-test")
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<1_000 { group.addTask { _ = await pinned.increment() } }
        }
        #expect(await pinned.increment() == 1_001)
    }

    /// The reason this type exists: two actors blocked in C calls must not stall the cooperative pool.
    @Test func blockedOwnedThreadsDoNotStallOtherTasks() async {
        let gate = DispatchSemaphore(value: 0)
        let first = Pinned(name: "blocked-1")
        let second = Pinned(name: "blocked-2")
        let (entered, continuation) = AsyncStream<Void>.makeStream()
        let blockers = [first, second].map { pinned in
            Task { await pinned.block(on: gate, entered: continuation) }
        }
        var blocked = 0
        for await _ in entered {
            blocked += 1
            if blocked == 2 { break }
        }
        // Runs on the cooperative pool; if the blockers held pool threads it could not finish.
        let result = await Task.detached { (1...100).reduce(0, +) }.value
        #expect(result == 5_050)
        gate.signal()
        gate.signal()
        for blocker in blockers { await blocker.value }
    }
}
