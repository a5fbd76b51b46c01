import Foundation
import LocalServers
import Testing

@Suite struct SpawnedProcessTests {
    /// Runs `sh -c script` with stdout into a file and returns what it printed and how it ended.
    static func shell(
        _ script: String, environment: [String: String]? = nil, directory: String? = nil
    ) async throws -> (output: String, ended: SpawnedProcess.Termination) {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("spawn-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: file) }
        let child = try SpawnedProcess(
            ["sh", "-c", script], environment: environment, directory: directory, stdout: .file(file))
        let ended = await child.waitForExit()
        return (try String(contentsOfFile: file, encoding: .utf8), ended)
    }

    @Test func theChildInheritsNoDescriptorAboveStderr() async throws {
        // A descriptor of this process without close-on-exec, as sockets of C libraries often are.
        let open = Glibc.open("/dev/null", O_RDONLY)
        try #require(open > 2)
        defer { close(open) }
        // `ls` itself holds one more: the directory it lists.
        let (output, ended) = try await Self.shell("ls /proc/self/fd")
        #expect(ended == .exited(0))
        #expect(output.split(separator: "\n").sorted() == ["0", "1", "2", "3"])
    }

    @Test func theChildGetsDefaultSignalDispositions() async throws {
        // Services ignore SIGPIPE (and the CLI ignores SIGTERM to handle it itself): a child must not inherit that.
        signal(SIGPIPE, SIG_IGN)
        let (output, _) = try await Self.shell("grep SigIgn /proc/self/status")
        // A hex mask, bit n-1 for signal n (glibc's two internal real-time signals cannot be reset: not checked).
        let ignored = try #require(
            UInt64(output.dropFirst("SigIgn:".count).trimmingCharacters(in: .whitespacesAndNewlines), radix: 16))
        #expect(ignored & (1 << (SIGPIPE - 1) | 1 << (SIGTERM - 1) | 1 << (SIGINT - 1)) == 0, "SigIgn \(output)")
    }

    @Test func exitCodesAndSignalsAreReportedApart() async throws {
        #expect(try await Self.shell("exit 7").ended == .exited(7))
        let sleeper = try SpawnedProcess(["sleep", "30"])
        #expect(sleeper.ended == nil)
        sleeper.send(SIGTERM)
        #expect(await sleeper.waitForExit() == .signalled(SIGTERM))
        #expect(sleeper.ended == .signalled(SIGTERM))
        // Signalling an ended child is a no-op, not a signal to whatever reused its pid.
        sleeper.send(SIGKILL)
        #expect(sleeper.waitForExitBlocking() == .signalled(SIGTERM))
    }

    @Test func environmentAndDirectoryAreTheGivenOnes() async throws {
        let (output, ended) = try await Self.shell(
            "pwd; echo \"$ONLY\"; echo \"${HOME:-unset}\"", environment: ["ONLY": "this"], directory: "/tmp")
        #expect(ended == .exited(0))
        #expect(output == "/tmp\nthis\nunset\n")
    }

    @Test func aPipedStdoutReachesItsEndWhenTheChildExits() async throws {
        let child = try SpawnedProcess(["sh", "-c", "echo one; echo two"], stdout: .pipe)
        let output = try #require(child.output)
        #expect(String(decoding: output.readDataToEndOfFile(), as: UTF8.self) == "one\ntwo\n")
        #expect(await child.waitForExit() == .exited(0))
    }

    @Test func aMissingProgramIsAClearError() {
        #expect(throws: LocalServerError.self) { try SpawnedProcess(["/nonexistent/program"]) }
    }
}
