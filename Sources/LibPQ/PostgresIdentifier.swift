/// SQL identifiers (schema, table, column, channel names) that cannot be passed as parameters.
public enum PostgresIdentifier {
    /// `"name"` with embedded quotes doubled: an identifier that can never break out of its place in SQL.
    public static func quote(_ name: String) -> String {
        "\"" + name.replacing("\"", with: "\"\"") + "\""
    }
}
