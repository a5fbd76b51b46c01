/// What an admin API key may do: `read` keys only read, `write` keys also change things.
public enum APIKeyScope: String, Sendable, CaseIterable {
    case read
    case write
}
