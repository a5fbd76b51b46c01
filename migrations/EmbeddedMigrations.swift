/// The `.sql` files of this folder, compiled into the binary (`Package.swift`'s `Migrations` target), so that
/// `evmhook migrate` needs no copy of the folder next to it.
///
/// A new migration goes in three places: the file here, its `.embedInCode` line in `Package.swift`, and a line
/// below. `MigrationLoadingTests` fails until this list holds exactly this folder's `.sql` files, byte for byte.
public enum EmbeddedMigrations {
    /// Each file's name and bytes.
    public static let files: [(name: String, sql: [UInt8])] = [
        ("0001_endpoints.sql", PackageResources._001_endpoints_sql),
        ("0002_deliveries.sql", PackageResources._002_deliveries_sql),
        ("0003_admin.sql", PackageResources._003_admin_sql),
        ("0004_attempt_events.sql", PackageResources._004_attempt_events_sql),
        ("0005_api_keys_notify.sql", PackageResources._005_api_keys_notify_sql),
    ]
}
