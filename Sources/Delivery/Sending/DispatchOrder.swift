/// What the dispatcher asks the sending loop to do.
enum DispatchOrder: Sendable {
    /// Send this job now (it has a slot, a rate-limit token, and its breaker lets it through).
    case send(TakenJob)
    /// This job is done here without a send (deferred, or a dead letter): record and release it.
    case finish(Finisher.Entry)
}

/// A job as the taker hands it over, after parsing it and looking up its endpoint.
enum Admission: Sendable {
    case ready(TakenJob)
    /// It cannot be sent (poison, endpoint missing or disabled): a dead letter.
    case reject(Finisher.Entry)
}
