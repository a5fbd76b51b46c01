import Admin
import ArgumentParser
import ChainKit
import Foundation
import Store

/// `evmhook apikey`: the keys of the admin API. Every change is audited as `cli`.
struct ApiKeyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "apikey",
        abstract: "Create, list and revoke admin API keys.",
        subcommands: [Create.self, List.self, Revoke.self]
    )

    /// Runs `body` with the key operations; refusals are input errors (exit 2) naming the flag or the key.
    static func withOperations<Result>(
        _ connection: EndpointConnectionOptions, _ body: (APIKeyOperations) async throws -> Result
    ) async throws -> Result {
        do {
            return try await connection.withConnection { try await body(APIKeyOperations(connection: $0)) }
        } catch let error as FieldError {
            throw InputError(description: "--\(error.field): \(error.message)")
        } catch let error as NotFoundError {
            throw InputError(description: "\(error)")
        }
    }

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Make a key; prints it this once (only its SHA-256 is stored).")

        @OptionGroup var connection: EndpointConnectionOptions

        @Option(help: "A unique name; the audit log names changes made with the key by it.")
        var name: String

        @Option(help: "read (GET only) or write (every route).")
        var scope: String

        func run() async throws {
            let (name, scope) = (self.name, self.scope)
            let (key, secret) = try await ApiKeyCommand.withOperations(connection) {
                try await $0.create(name: name, scope: scope)
            }
            if connection.json {
                var members = APIKeyOperations.json(key).objectValue ?? []
                members.append(JSONMember("key", .string(secret)))
                print(JSONValue.object(members).serialized())
            } else {
                print("id: \(key.id.uuidString.lowercased())")
                print("key: \(secret)")
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the keys (never the keys themselves).")

        @OptionGroup var connection: EndpointConnectionOptions

        func run() async throws {
            let keys = try await ApiKeyCommand.withOperations(connection) { try await $0.list() }
            if connection.json {
                print(JSONValue.array(keys.map(APIKeyOperations.json)).serialized())
                return
            }
            for key in keys {
                let state = key.revokedAt.map { "revoked \(Endpoint.timestamp($0))" } ?? "active"
                print("\(key.id.uuidString.lowercased())  \(key.scope.rawValue)  \(state)  \(key.name)")
            }
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke a key: requests with it get 401 at once.")

        @OptionGroup var connection: EndpointConnectionOptions

        @Argument(help: "The key's name or id.")
        var key: String

        func run() async throws {
            let key = self.key
            let revoked = try await ApiKeyCommand.withOperations(connection) { try await $0.revoke(key) }
            if connection.json {
                print(APIKeyOperations.json(revoked).serialized())
            } else {
                print("revoked \(revoked.name) (\(revoked.id.uuidString.lowercased()))")
            }
        }
    }
}
