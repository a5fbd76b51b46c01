import ArgumentParser

/// An error a subcommand throws when the user's input is wrong: exit 2 with one line naming the field.
struct InputError: Error, CustomStringConvertible {
    let description: String
}

/// Maps any error to the process exit code of CONTRACT.md.
enum ExitStatus {
    static func code(for error: any Error) -> Int32 {
        if error is InputError { return 2 }
        let parserCode = Evmhook.exitCode(for: error)
        switch parserCode {
        case .success: return 0
        case .validationFailure: return 2
        default: return 1
        }
    }
}
