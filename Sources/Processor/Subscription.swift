import ChainKit
public import Foundation
import Store

/// What the Processor keeps of an enabled endpoint besides its filter: where it belongs and how to decode for it.
struct Subscription: Sendable {
    let id: UUID
    let chainID: UInt64
    /// The endpoint's own events, tried before the built-in ABIs; nil when it named none.
    let registry: ABIRegistry?

    init(_ endpoint: Endpoint) {
        id = endpoint.id
        chainID = endpoint.chainID
        registry = endpoint.events.isEmpty ? nil : ABIRegistry(endpoint.events.map(\.event))
    }
}
