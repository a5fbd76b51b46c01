import Foundation
import Hiredis
import Logging
import Pipeline
import Store
import UUIDText

extension DeliveryService {
    /// Takes jobs while there is room, until cancelled (shutdown). Redis outages are waited out.
    func take(on redis: RedisConnection, lookups: EndpointStore, dispatcher: Dispatcher) async {
        var failing = false
        var backoff = Duration.milliseconds(100)
        // A take that failed may have moved jobs whose replies were lost (Redis restarted, the connection dropped):
        // they are in the processing list, and this worker, alive, does not know them; no reaper would ever free
        // them. Once every job it does know is released, whatever the list still holds is such a job.
        var unknownJobsPossible = false
        while !Task.isCancelled {
            if unknownJobsPossible {
                guard dispatcher.held == 0 else {
                    try? await Task.sleep(for: .milliseconds(5))
                    continue
                }
                guard let returned = try? await queue.returnUnheld(on: redis) else {
                    try? await Task.sleep(for: backoff)
                    continue
                }
                if returned > 0 {
                    logger.notice(
                        "returned jobs a failed take left unseen to the queue", metadata: ["jobs": "\(returned)"])
                }
                unknownJobsPossible = false
            }
            let room = dispatcher.room
            guard room > 0 else {
                // Full: jobs in flight or being recorded free room within milliseconds, or PostgreSQL is down and
                // nothing more should be taken.
                try? await Task.sleep(for: .milliseconds(5))
                continue
            }
            let taken: [[UInt8]]
            do {
                taken = try await queue.take(
                    on: redis, block: configuration.takeBlock, limit: min(room, configuration.takeBatch))
            } catch {
                if Task.isCancelled { return }
                if !failing { logger.warning("cannot take jobs from Redis; retrying", metadata: ["error": "\(error)"]) }
                failing = true
                unknownJobsPossible = true
                try? await Task.sleep(for: backoff)
                backoff = min(backoff * 2, .seconds(2))
                continue
            }
            if failing { logger.info("taking jobs from Redis again") }
            failing = false
            backoff = .milliseconds(100)
            guard !taken.isEmpty else { continue }
            var admissions: [Admission] = []
            admissions.reserveCapacity(taken.count)
            for raw in taken { admissions.append(await admission(of: raw, lookups: lookups)) }
            let overflowed = dispatcher.admit(admissions)
            if overflowed * 2 > taken.count {
                // Mostly one endpoint's backlog: taking fast would only cycle its jobs through the retry set.
                try? await Task.sleep(for: configuration.overflowDelay / 10)
            }
        }
    }

    /// Parses a taken job and finds its endpoint: ready to send, or why not.
    func admission(of raw: [UInt8], lookups: EndpointStore) async -> Admission {
        func deadLetter(_ reason: DeadLetterReason, job: DeliveryJob?, error: String?) -> Admission {
            observer.rejected(reason)
            return .reject(
                Finisher.Entry(
                    deadLetter: DeadLetter(
                        job: String(decoding: raw, as: UTF8.self), endpointID: job?.endpointID,
                        webhookID: job?.webhookID, attempts: (job?.attempt ?? 1) - 1, lastStatus: nil,
                        lastError: error, reason: reason),
                    completion: QueueCompletion(taken: raw, next: nil)))
        }
        let job: DeliveryJob
        do {
            job = try DeliveryJob(encoded: raw)
        } catch {
            logger.error("dead letter: a job does not parse", metadata: ["error": "\(error)"])
            return deadLetter(.poison, job: nil, error: "\(error)")
        }
        var endpoint = catalog.endpoint(job.endpointID)
        if endpoint == nil {
            // The catalog hears of a new endpoint by NOTIFY, maybe after its first job: ask the table itself.
            do {
                endpoint = try await lookups.find(job.endpointID)
            } catch {
                logger.warning(
                    "cannot look an endpoint up; deferring its job", metadata: ["error": "\(error)"])
                return .reject(Finisher.Entry.deferral(of: raw, by: .seconds(1)))
            }
        }
        // Built only for a job that goes no further: formatting it for every job was a sixth of this function.
        func metadata() -> Logger.Metadata {
            ["endpoint.id": "\(job.endpointID.lowercased)", "webhook.id": "\(job.webhookID)"]
        }
        guard let endpoint else {
            logger.warning("dead letter: the job's endpoint does not exist", metadata: metadata())
            return deadLetter(.endpointMissing, job: job, error: nil)
        }
        guard endpoint.enabled else {
            logger.info("dead letter: the job's endpoint is disabled", metadata: metadata())
            return deadLetter(.endpointDisabled, job: job, error: endpoint.disabledReason)
        }
        return .ready(TakenJob(raw: raw, job: job, endpoint: endpoint))
    }

    /// The heartbeat, the reaper of dead workers and the mover of due retries, until cancelled.
    func maintain(on redis: RedisConnection) async {
        let clock = ContinuousClock()
        var lastBeat = clock.now
        var failing = false
        let timeout = Int64(configuration.workerTimeout.timeInterval * 1_000)
        while !Task.isCancelled {
            do { try await Task.sleep(for: configuration.moverInterval) } catch { return }
            let now = Date().unixMilliseconds
            do {
                // Bounded: each round moves at most 1,000, and only what is due now.
                while try await queue.moveDueRetries(on: redis, now: now, limit: 1_000) == 1_000 {}
                if lastBeat.duration(to: clock.now) >= configuration.heartbeatInterval {
                    try await queue.heartbeat(on: redis, now: now)
                    lastBeat = clock.now
                    let reaped = try await queue.reapDeadWorkers(on: redis, cutoff: now - timeout)
                    if reaped > 0 {
                        logger.notice("returned a dead worker's jobs to the queue", metadata: ["jobs": "\(reaped)"])
                    }
                }
                if failing { logger.info("queue maintenance works again") }
                failing = false
            } catch {
                if !failing { logger.warning("queue maintenance failed; retrying", metadata: ["error": "\(error)"]) }
                failing = true
            }
        }
    }
}
