/// Who the current task acts for, recorded in the audit log: the API binds the key's name around each request;
/// everything else (the CLI) is `cli`.
public enum AuditActor {
    @TaskLocal public static var name = "cli"
}
