import Admin
import Foundation
import OpenAPIRuntime

extension EndpointInput {
    /// The fields of a create request, for the checks the CLI's `endpoint add` also passes.
    init(_ body: Components.Schemas.EndpointCreate) throws {
        self.init()
        url = body.url
        chainID = String(body.chainId)
        addresses = body.addresses
        topics = body.topics
        events = try body.events?.map(Self.eventText)
        secret = body.secret
        rateLimitPerSecond = body.rateLimitPerSecond.map { .value(String($0)) }
        maxAttempts = body.maxAttempts.map { .value(String($0)) }
        timeoutMilliseconds = body.timeoutMs.map { String($0) }
        description = body.description
    }

    /// The fields of an update request, for the checks the CLI's `endpoint update` also passes.
    init(_ body: Components.Schemas.EndpointUpdate) throws {
        self.init()
        url = body.url
        chainID = body.chainId.map { String($0) }
        addresses = body.addresses
        topics = body.topics
        events = try body.events?.map(Self.eventText)
        switch body.rateLimitPerSecond {
        case nil: break
        case .case1(let value): rateLimitPerSecond = .value(String(value))
        case .case2: rateLimitPerSecond = .clear
        }
        switch body.maxAttempts {
        case nil: break
        case .case1(let value): maxAttempts = .value(String(value))
        case .case2: maxAttempts = .clear
        }
        timeoutMilliseconds = body.timeoutMs.map { String($0) }
        description = body.description
    }

    /// A signature as given; a JSON fragment as its text (which `EndpointInput` parses).
    static func eventText(_ event: Components.Schemas.Event) throws -> String {
        switch event {
        case .case1(let signature): return signature
        case .case2(let fragment):
            return String(decoding: try JSONEncoder().encode(fragment.additionalProperties), as: UTF8.self)
        }
    }
}
