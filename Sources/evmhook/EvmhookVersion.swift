/// The version printed by `--version` and sent in `user-agent: evmhook/<version>`.
enum EvmhookVersion {
    static let current = "0.1.0"
}
