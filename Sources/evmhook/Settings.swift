/// What the environment configures (CONTRACT.md, "Configuration"): every variable is read here and only here,
/// from a dictionary, so tests pass one instead of calling `setenv`. Subcommands apply their flags on top.
/// Values are checked where they are used (the command that needs them), naming the variable in the error.
struct Settings: Sendable {
    /// `EVMHOOK_REDIS_URL`.
    var redisURL = "redis://127.0.0.1:6379/0"
    /// `EVMHOOK_DATABASE_URL`: the PostgreSQL database.
    var databaseURL = "postgres://127.0.0.1:5432/evmhook"
    /// `EVMHOOK_MIGRATIONS_DIR`: where `migrate` finds its `NNNN_description.sql` files; nil: the ones built in.
    var migrationsDirectory: String?
    /// `EVMHOOK_RPC_URL`: the node (`ws://`, `wss://`, or `http(s)://` polled); required by `ingest` and `replay`.
    var rpcURL: String?
    /// `EVMHOOK_CHAIN_ID`: the chain the node must report; nil = whatever it reports.
    var chainID: String?
    /// `EVMHOOK_CONFIRMATIONS`: blocks to wait before a log is emitted.
    var confirmations = "0"
    /// `EVMHOOK_ALLOW_PRIVATE_TARGETS=1`: endpoints may resolve to loopback/private addresses.
    var allowPrivateTargets = false
    /// `EVMHOOK_LOG_FORMAT`: `text` or `json`.
    var logFormat = "text"
    /// `EVMHOOK_RETRY_SCHEDULE`: delays between attempts; nil = the contract's default.
    var retrySchedule: String?
    /// `EVMHOOK_API_ADDR`.
    var apiAddress = "127.0.0.1:8080"
    /// `EVMHOOK_METRICS_ADDR`: nil = off.
    var metricsAddress: String?
    /// `EVMHOOK_OPERATOR_WEBHOOK_URL`: nil = off.
    var operatorWebhookURL: String?
    /// `EVMHOOK_OPERATOR_WEBHOOK_SECRET`: `whsec_…`, signs the operator events; required with the URL.
    var operatorWebhookSecret: String?
    /// `EVMHOOK_REDIS_PREFIX`: the prefix of every Redis key, so several installations (or tests) share a server.
    var redisPrefix = "evmhook"

    /// Every variable `init(environment:)` reads.
    static let variables: Set<String> = [
        "EVMHOOK_REDIS_URL", "EVMHOOK_DATABASE_URL", "EVMHOOK_MIGRATIONS_DIR", "EVMHOOK_RPC_URL", "EVMHOOK_CHAIN_ID",
        "EVMHOOK_CONFIRMATIONS", "EVMHOOK_ALLOW_PRIVATE_TARGETS", "EVMHOOK_LOG_FORMAT", "EVMHOOK_RETRY_SCHEDULE",
        "EVMHOOK_API_ADDR", "EVMHOOK_METRICS_ADDR", "EVMHOOK_OPERATOR_WEBHOOK_URL", "EVMHOOK_OPERATOR_WEBHOOK_SECRET",
        "EVMHOOK_REDIS_PREFIX",
    ]

    /// `EVMHOOK_*` variables set in `environment` that evmhook does not read: most likely a typo, which would
    /// otherwise silently leave a default in place. (`EVMHOOK_TEST_*` belong to the test scripts.)
    static func unknownVariables(in environment: [String: String]) -> [String] {
        environment.keys.filter { name in
            name.hasPrefix("EVMHOOK_") && !name.hasPrefix("EVMHOOK_TEST_") && !variables.contains(name)
        }.sorted()
    }

    /// Refuses a flag variable that is neither `0` nor `1` (unset or empty is `0`): `yes` or `true` would otherwise
    /// read as `0` without a word.
    static func checkFlags(in environment: [String: String]) throws {
        for name in ["EVMHOOK_ALLOW_PRIVATE_TARGETS"] {
            if let value = environment[name], !["", "0", "1"].contains(value) {
                throw InputError(description: "\(name) must be 0 or 1, got '\(value.prefix(20))'")
            }
        }
    }

    /// The defaults above, overridden by the variables set (and non-empty) in `environment`.
    init(environment: [String: String]) {
        func value(_ name: String) -> String? { environment[name].flatMap { $0.isEmpty ? nil : $0 } }
        if let url = value("EVMHOOK_REDIS_URL") { redisURL = url }
        if let url = value("EVMHOOK_DATABASE_URL") { databaseURL = url }
        if let directory = value("EVMHOOK_MIGRATIONS_DIR") { migrationsDirectory = directory }
        rpcURL = value("EVMHOOK_RPC_URL")
        chainID = value("EVMHOOK_CHAIN_ID")
        if let count = value("EVMHOOK_CONFIRMATIONS") { confirmations = count }
        allowPrivateTargets = value("EVMHOOK_ALLOW_PRIVATE_TARGETS") == "1"
        if let format = value("EVMHOOK_LOG_FORMAT") { logFormat = format }
        retrySchedule = value("EVMHOOK_RETRY_SCHEDULE")
        if let address = value("EVMHOOK_API_ADDR") { apiAddress = address }
        metricsAddress = value("EVMHOOK_METRICS_ADDR")
        operatorWebhookURL = value("EVMHOOK_OPERATOR_WEBHOOK_URL")
        operatorWebhookSecret = value("EVMHOOK_OPERATOR_WEBHOOK_SECRET")
        if let prefix = value("EVMHOOK_REDIS_PREFIX") { redisPrefix = prefix }
    }
}
