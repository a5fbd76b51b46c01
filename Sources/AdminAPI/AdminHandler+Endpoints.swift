import Admin
import Foundation
import Store

/// `/v1/endpoints`.
extension AdminHandler {
    func listEndpoints(_ input: Operations.ListEndpoints.Input) async throws -> Operations.ListEndpoints.Output {
        let limit = try Self.limit(input.query.limit)
        let position = try input.query.cursor.map(Self.endpointPosition)
        if let chain = input.query.chainId, chain < 1 { throw FieldError("chain_id", "\(chain) is not a chain id") }
        let rows = try await endpoints.store.page(
            chainID: input.query.chainId.map { UInt64($0) }, enabled: input.query.enabled, after: position,
            limit: limit + 1)
        let page = rows.prefix(limit)
        let next = rows.count > limit ? page.last.map { Self.cursor($0.position) } : nil
        return .ok(.init(body: .json(.init(data: try page.map { try $0.endpoint.api() }, nextCursor: next))))
    }

    func createEndpoint(_ input: Operations.CreateEndpoint.Input) async throws -> Operations.CreateEndpoint.Output {
        guard case .json(let body) = input.body else { throw FieldError("body", "expected JSON") }
        let created = try await endpoints.create(try EndpointInput(body), enabled: body.enabled ?? true)
        return .created(.init(body: .json(try created.apiWithSecret())))
    }

    func getEndpoint(_ input: Operations.GetEndpoint.Input) async throws -> Operations.GetEndpoint.Output {
        .ok(.init(body: .json(try await endpoint(try Self.uuid(input.path.id)).api())))
    }

    func updateEndpoint(_ input: Operations.UpdateEndpoint.Input) async throws -> Operations.UpdateEndpoint.Output {
        let id = try Self.uuid(input.path.id)
        guard case .json(let body) = input.body else { throw FieldError("body", "expected JSON") }
        let changes = try EndpointInput(body)
        return .ok(.init(body: .json(try await changingEndpoint(id) { try await $0.update(id, changes) }.api())))
    }

    func deleteEndpoint(_ input: Operations.DeleteEndpoint.Input) async throws -> Operations.DeleteEndpoint.Output {
        let id = try Self.uuid(input.path.id)
        try await changingEndpoint(id) { try await $0.delete(id) }
        return .noContent(.init())
    }

    func enableEndpoint(_ input: Operations.EnableEndpoint.Input) async throws -> Operations.EnableEndpoint.Output {
        let id = try Self.uuid(input.path.id)
        return .ok(.init(body: .json(try await changingEndpoint(id) { try await $0.setEnabled(id, true) }.api())))
    }

    func disableEndpoint(_ input: Operations.DisableEndpoint.Input) async throws -> Operations.DisableEndpoint.Output {
        let id = try Self.uuid(input.path.id)
        return .ok(.init(body: .json(try await changingEndpoint(id) { try await $0.setEnabled(id, false) }.api())))
    }

    func rotateEndpointSecret(_ input: Operations.RotateEndpointSecret.Input) async throws
        -> Operations.RotateEndpointSecret.Output
    {
        let id = try Self.uuid(input.path.id)
        var rotation = Components.Schemas.SecretRotation()
        if case .json(let body) = input.body { rotation = body }
        let grace = rotation.graceSeconds ?? 86_400
        let rotated = try await changingEndpoint(id) {
            try await $0.rotateSecret(id, secret: rotation.secret, grace: .seconds(grace))
        }
        return .ok(.init(body: .json(try rotated.apiWithSecret())))
    }

    /// The endpoint with this id, from `caches` when it holds it (no database round trip); a `NotFoundError` when
    /// there is none.
    func endpoint(_ id: UUID) async throws -> Endpoint {
        let operations = endpoints
        guard
            let cached = try await caches.endpoints.value(
                for: id, load: { try await operations.store.find(id).map(CachedEndpoint.init) })
        else { throw NotFoundError("endpoint", id.uuidString.lowercased()) }
        return cached.endpoint
    }

    /// Runs `change` on endpoint `id`, then forgets the cached copy before the answer goes out, so the client's next
    /// GET reads what it wrote without waiting for the NOTIFY. It forgets it after a failure too: the change may have
    /// committed before a later step failed.
    func changingEndpoint<Result>(_ id: UUID, _ change: (EndpointOperations) async throws -> Result) async throws
        -> Result
    {
        defer { caches.endpoints.evict(id) }
        return try await change(endpoints)
    }

    static func cursor(_ position: EndpointStore.PagePosition) -> String {
        PageCursor.encode("\(position.createdAtMicroseconds) \(position.id.uuidString.lowercased())")
    }

    static func endpointPosition(_ cursor: String) throws -> EndpointStore.PagePosition {
        let parts = try PageCursor.decode(cursor).split(separator: " ")
        guard parts.count == 2, let micros = Int64(parts[0]), let id = UUID(uuidString: String(parts[1])) else {
            throw FieldError("cursor", "not a cursor this API returned")
        }
        return EndpointStore.PagePosition(createdAtMicroseconds: micros, id: id)
    }
}
