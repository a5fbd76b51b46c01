import Curl
import Foundation
import Logging
import Pipeline

/// Sends jobs and settles their attempts.
///
/// Settling runs in the HTTP client's completion, on the client thread that carried the request, and sends the
/// job the dispatcher hands on next from there: in steady state a delivery never leaves that thread, where a task
/// per send cost two thread hand-offs (the send and its resumption) and most of the cooperative pool's time.
struct Sender: Sendable {
    let client: HTTPClient
    let dispatcher: Dispatcher
    let finisher: Finisher
    let observer: DeliveryObserver
    let configuration: DeliveryService.Configuration
    let logger: Logger
    let signingKeys = SigningKeys()

    /// Sends `first`; each job's settlement sends whatever the dispatcher hands on next.
    func deliver(_ first: TakenJob) {
        var next: TakenJob? = first
        while let taken = next { next = start(taken) }
    }

    /// Starts the send of `taken`; returns a job to send next only when this one ended at once.
    private func start(_ taken: TakenJob) -> TakenJob? {
        let job = taken.job
        let request: HTTPRequest
        do {
            request = try WebhookRequest.make(
                job, to: taken.endpoint, userAgent: configuration.userAgent,
                timestamp: Int64(Date().timeIntervalSince1970), keys: signingKeys)
        } catch {
            logger.error(
                "dead letter: the endpoint's secret does not parse",
                metadata: ["endpoint.id": "\(job.endpointID.uuidString.lowercased())", "error": "\(error)"])
            finisher.submit(DispatchState.rejection(of: taken, reason: .invalidSecret))
            observer.rejected(.invalidSecret)
            return dispatcher.finished(job.endpointID, countsAgainstEndpoint: nil, continuing: true)
        }
        let started = ContinuousClock.now
        client.send(request) { outcome in
            if let next = settle(taken, outcome: outcome, duration: started.duration(to: .now)) { deliver(next) }
        }
        return nil
    }

    /// Settles the attempt; returns the job to send next, if the dispatcher has one for this thread.
    private func settle(
        _ taken: TakenJob, outcome: Result<HTTPResponse, any Error>, duration: Duration
    ) -> TakenJob? {
        let job = taken.job
        let result: AttemptSettlement.Result
        switch outcome {
        case .success(let response):
            result = .init(
                status: response.status, retryAfter: response.headerValue("retry-after"), error: nil,
                duration: duration, body: response.body)
        case .failure(let error as HTTPClientError) where error.code == .shutdown:
            // Shutting down: the job stays taken and is handed back.
            return dispatcher.finished(job.endpointID, countsAgainstEndpoint: nil)
        case .failure(let error):
            let code = (error as? HTTPClientError)?.code
            result = .init(
                status: nil, retryAfter: nil, error: "\(error)", duration: duration, body: [],
                isPermanent: code == .invalidURL || code == .invalidRequest)
        }
        var random = SystemRandomNumberGenerator()
        let now = Date()
        let settlement = AttemptSettlement(
            taken, result: result, schedule: configuration.retrySchedule, now: now, using: &random)
        observer.settled(taken, result: result, settlement: settlement, now: now)
        if logger.logLevel <= .debug {
            logger.debug(
                "attempt settled",
                metadata: [
                    "endpoint.id": "\(job.endpointID.uuidString.lowercased())", "webhook.id": "\(job.webhookID)",
                    "attempt": "\(job.attempt)", "status": "\(result.status.map(String.init) ?? "none")",
                ])
        }
        if settlement.disablesEndpoint {
            logger.warning(
                "the endpoint answered 410 Gone: disabling it",
                metadata: ["endpoint.id": "\(job.endpointID.uuidString.lowercased())"])
        }
        finisher.submit(settlement.entry)
        return dispatcher.finished(
            job.endpointID, countsAgainstEndpoint: settlement.countsAgainstEndpoint,
            disablesEndpoint: settlement.disablesEndpoint, continuing: true)
    }
}
