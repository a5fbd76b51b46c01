import Curl
import Foundation
import Logging
import Pipeline

/// Sends one job and settles the attempt.
struct Sender: Sendable {
    let client: HTTPClient
    let dispatcher: Dispatcher
    let finisher: Finisher
    let observer: DeliveryObserver
    let configuration: DeliveryService.Configuration
    let logger: Logger
    let signingKeys = SigningKeys()

    /// Sends `first`, then whatever the dispatcher hands this task next, until it hands nothing.
    func deliver(_ first: TakenJob) async {
        var next: TakenJob? = first
        while let taken = next { next = await deliverOne(taken) }
    }

    /// Sends one job and settles it; returns the job to send next, if the dispatcher has one for this task.
    private func deliverOne(_ taken: TakenJob) async -> TakenJob? {
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
        let result: AttemptSettlement.Result
        do {
            let response = try await client.send(request)
            result = .init(
                status: response.status, retryAfter: response.headerValue("retry-after"), error: nil,
                duration: started.duration(to: .now), body: response.body)
        } catch let error as HTTPClientError where error.code == .shutdown {
            // Shutting down: the job stays taken and is handed back.
            return dispatcher.finished(job.endpointID, countsAgainstEndpoint: nil)
        } catch is CancellationError {
            return dispatcher.finished(job.endpointID, countsAgainstEndpoint: nil)
        } catch {
            let code = (error as? HTTPClientError)?.code
            result = .init(
                status: nil, retryAfter: nil, error: "\(error)", duration: started.duration(to: .now), body: [],
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
