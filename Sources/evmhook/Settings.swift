/// What the environment configures (CONTRACT.md, "Configuration"): every variable is read here and only here,
/// from a dictionary, so tests pass one instead of calling `setenv`. Subcommands apply their flags on top.
struct Settings: Sendable {
    /// `EVMHOOK_DATABASE_URL`: the PostgreSQL database.
    var databaseURL = "postgres://127.0.0.1:5432/evmhook"
    /// `EVMHOOK_MIGRATIONS_DIR`: where `migrate` finds its `NNNN_description.sql` files.
    var migrationsDirectory = "migrations"

    /// The defaults above, overridden by the variables set (and non-empty) in `environment`.
    init(environment: [String: String]) {
        func value(_ name: String) -> String? { environment[name].flatMap { $0.isEmpty ? nil : $0 } }
        if let url = value("EVMHOOK_DATABASE_URL") { databaseURL = url }
        if let directory = value("EVMHOOK_MIGRATIONS_DIR") { migrationsDirectory = directory }
    }
}
