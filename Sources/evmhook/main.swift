import ArgumentParser
import Foundation
import Logging
import Observability

// Exit codes are decided here and only here (CONTRACT.md): 0 ok, 1 runtime failure, 2 bad usage or bad input.
// swift-argument-parser exits 64 on usage errors; those become 2.
do {
    let environment = ProcessInfo.processInfo.environment
    try LogSetup.bootstrap(format: Settings(environment: environment).logFormat)
    try Settings.checkFlags(in: environment)
    ProcessMetrics.bootstrap()
    for name in Settings.unknownVariables(in: environment) {
        Logger(label: "evmhook").warning("\(name) is not an evmhook setting; it is ignored (see README, Configuration)")
    }
    var command = try Evmhook.parseAsRoot()
    if var asyncCommand = command as? any AsyncParsableCommand {
        try await runAsync(&asyncCommand)
    } else {
        try command.run()
    }
} catch {
    let code = ExitStatus.code(for: error)
    let message = Evmhook.fullMessage(for: error)
    if !message.isEmpty {
        // `--help` and `--version` end here too, with status 0: their text belongs on stdout.
        (code == 0 ? FileHandle.standardOutput : FileHandle.standardError).write(Data((message + "\n").utf8))
    }
    exit(code)
}

/// Runs a command's async `run()`: called on the existential, `run()` resolves to the synchronous requirement
/// (whose default only prints help), so no async subcommand would ever run.
func runAsync(_ command: inout some AsyncParsableCommand) async throws {
    try await command.run()
}
