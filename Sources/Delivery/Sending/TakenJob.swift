import Pipeline
import Store

/// A job taken from the queue that parsed and whose endpoint is known and enabled: ready to be sent.
struct TakenJob: Sendable {
    /// The bytes as taken, which finishing removes from the processing list.
    var raw: [UInt8]
    var job: DeliveryJob
    /// The endpoint as it was when the job was taken.
    var endpoint: Endpoint
}
