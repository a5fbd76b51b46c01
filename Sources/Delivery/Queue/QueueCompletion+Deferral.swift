import Foundation

extension Finisher.Entry {
    /// The job back in the retry set after `delay`, unchanged (its attempt is not spent): a breaker, rate-limit or
    /// full-line deferral.
    static func deferral(of raw: [UInt8], by delay: Duration) -> Finisher.Entry {
        let due = Date().addingTimeInterval(max(delay, .milliseconds(1)).timeInterval)
        return Finisher.Entry(
            completion: QueueCompletion(
                taken: raw,
                next: .init(job: String(decoding: raw, as: UTF8.self), dueMilliseconds: due.unixMilliseconds)))
    }
}
