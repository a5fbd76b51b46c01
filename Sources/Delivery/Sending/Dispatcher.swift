import Foundation
import Logging
import Store
import Threading

/// The thin shell around `DispatchState`: a lock instead of an actor, so the taker and every finished send decide
/// without an executor hop, and the orders out through `orders`.
final class Dispatcher: Sendable {
    let orders: AsyncStream<DispatchOrder>
    private let output: AsyncStream<DispatchOrder>.Continuation
    private let state: Guarded<DispatchState>
    private let observer: DeliveryObserver
    private let logger: Logger

    init(configuration: DeliveryService.Configuration, observer: DeliveryObserver, logger: Logger) {
        state = Guarded(DispatchState(configuration: configuration))
        self.observer = observer
        self.logger = logger
        (orders, output) = AsyncStream.makeStream(bufferingPolicy: .unbounded)
    }

    var room: Int { state.withLock { $0.room } }

    /// Takes over jobs from the taker; returns how many were deferred because their endpoint's line was full.
    func admit(_ admissions: [Admission]) -> Int {
        let effects = state.withLock { $0.admit(admissions, now: .now) }
        carry(effects)
        return effects.overflowed
    }

    /// A send ended. With `continuing`, the first job the dispatcher now sends is returned instead of ordered: the
    /// task that finished sends it next, which costs no new task and no hop through `orders` (both were a tenth of
    /// a delivery's work on the cooperative pool).
    func finished(
        _ endpoint: UUID, countsAgainstEndpoint: Bool?, disablesEndpoint: Bool = false, continuing: Bool = false
    ) -> TakenJob? {
        carry(
            state.withLock {
                $0.finished(
                    endpoint, countsAgainstEndpoint: countsAgainstEndpoint, disablesEndpoint: disablesEndpoint,
                    now: .now)
            },
            keepingOneSend: continuing)
    }

    func released(_ count: Int) {
        state.withLock { $0.released(count) }
    }

    func apply(_ change: EndpointCatalog.Change) {
        state.withLock { $0.apply(change) }
    }

    /// Stops sending and ends `orders` (orders already emitted are still consumed).
    func stop() {
        state.withLock { $0.stop() }
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
                carry(state.withLock { $0.wake(endpoint, scheduledAt: at, now: .now) })
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
