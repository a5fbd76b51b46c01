import Foundation
import Logging
import Store
import Threading

/// The thin shell around `DispatchState`: a lock instead of an actor, so the taker and every finished send decide
/// without an executor hop, and the orders out through `orders`.
final class Dispatcher: Sendable {
    let orders: AsyncStream<DispatchOrder>
    private let output: AsyncStream<DispatchOrder>.Continuation
    private let state: Guarded<Shell>
    private let observer: DeliveryObserver
    private let logger: Logger

    /// The state, and who waits for the last send to end (behind the same lock, so no end is missed).
    private struct Shell {
        var decisions: DispatchState
        var waitingForSendsToEnd: [Waiter] = []
    }

    private typealias Waiter = CheckedContinuation<Void, Never>

    init(configuration: DeliveryService.Configuration, observer: DeliveryObserver, logger: Logger) {
        state = Guarded(Shell(decisions: DispatchState(configuration: configuration)))
        self.observer = observer
        self.logger = logger
        (orders, output) = AsyncStream.makeStream(bufferingPolicy: .unbounded)
    }

    var room: Int { state.withLock { $0.decisions.room } }

    /// Jobs taken and not yet released from the processing list.
    var held: Int { state.withLock { $0.decisions.held } }

    /// Takes over jobs from the taker; returns how many were deferred because their endpoint's line was full.
    func admit(_ admissions: [Admission]) -> Int {
        let effects = state.withLock { $0.decisions.admit(admissions, now: .now) }
        carry(effects)
        return effects.overflowed
    }

    /// A send ended. With `continuing`, the first job the dispatcher now sends is returned instead of ordered: the
    /// settlement that called sends it next on its own thread, with no hop through `orders`.
    func finished(
        _ endpoint: UUID, countsAgainstEndpoint: Bool?, disablesEndpoint: Bool = false, continuing: Bool = false
    ) -> TakenJob? {
        let (effects, waiters) = state.withLock { shell -> (DispatchState.Effects, [Waiter]) in
            let effects = shell.decisions.finished(
                endpoint, countsAgainstEndpoint: countsAgainstEndpoint, disablesEndpoint: disablesEndpoint, now: .now)
            guard shell.decisions.inFlight == 0 else { return (effects, []) }
            defer { shell.waitingForSendsToEnd = [] }
            return (effects, shell.waitingForSendsToEnd)
        }
        for waiter in waiters { waiter.resume() }
        return carry(effects, keepingOneSend: continuing)
    }

    /// Returns once no send is in flight; after `stop()`, none starts again.
    func sendsEnded() async {
        await withCheckedContinuation { continuation in
            let ended = state.withLock { shell in
                guard shell.decisions.inFlight > 0 else { return true }
                shell.waitingForSendsToEnd.append(continuation)
                return false
            }
            if ended { continuation.resume() }
        }
    }

    func released(_ count: Int) {
        state.withLock { $0.decisions.released(count) }
    }

    func apply(_ change: EndpointCatalog.Change) {
        state.withLock { $0.decisions.apply(change) }
    }

    /// Stops sending and ends `orders` (orders already emitted are still consumed).
    func stop() {
        state.withLock { $0.decisions.stop() }
        output.finish()
    }

    /// Carries out `effects`; with `keepingOneSend`, returns the first `.send` instead of ordering it.
    @discardableResult
    private func carry(_ effects: DispatchState.Effects, keepingOneSend: Bool = false) -> TakenJob? {
        var kept: TakenJob?
        for order in effects.orders {
            if keepingOneSend, kept == nil, case .send(let taken) = order {
                kept = taken
            } else {
                output.yield(order)
            }
        }
        for (endpoint, at) in effects.wakes {
            Task { [weak self] in
                try? await Task.sleep(until: at, clock: .continuous)
                guard let self else { return }
                carry(state.withLock { $0.decisions.wake(endpoint, scheduledAt: at, now: .now) })
            }
        }
        for (endpoint, change) in effects.transitions {
            observer.breaker(endpoint, change)
            let metadata: Logger.Metadata = ["endpoint.id": "\(endpoint.uuidString.lowercased())"]
            switch change {
            case .opened(let coolDown):
                logger.warning(
                    "circuit breaker opened: deferring the endpoint's jobs for \(coolDown)", metadata: metadata)
            case .reopened(let coolDown):
                logger.warning("circuit breaker probe failed: deferring for \(coolDown)", metadata: metadata)
            case .closed:
                logger.notice("circuit breaker closed: the endpoint recovered", metadata: metadata)
            }
        }
        return kept
    }
}
