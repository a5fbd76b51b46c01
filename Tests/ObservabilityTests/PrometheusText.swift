import Foundation
import TestSupport

/// `/metrics` text parsed by PyPI `prometheus-client` (Tests/Servers/prometheus_parse.py): the samples by name.
struct PrometheusText {
    struct Sample: Decodable {
        let labels: [String: String]
        let value: Double?
        let type: String
    }

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    let samples: [String: [Sample]]

    init(parsing text: String) throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            TestEnvironment.uniqueName("prom"))
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let input = directory.appendingPathComponent("metrics.txt")
        let output = directory.appendingPathComponent("samples.json")
        try Data(text.utf8).write(to: input)
        _ = FileManager.default.createFile(atPath: output.path, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "python3", TestEnvironment.repositoryRoot.appendingPathComponent("Tests/Servers/prometheus_parse.py").path,
        ]
        process.standardInput = try FileHandle(forReadingFrom: input)
        process.standardOutput = try FileHandle(forWritingTo: output)
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let kept = FileManager.default.temporaryDirectory.appendingPathComponent(
                TestEnvironment.uniqueName("metrics"))
            try? Data(text.utf8).write(to: kept)
            throw Failure(description: "prometheus-client could not parse /metrics (kept in \(kept.path))")
        }
        samples = try JSONDecoder().decode([String: [Sample]].self, from: Data(contentsOf: output))
    }

    /// The sum of `name`'s samples whose labels include `labels`.
    func value(_ name: String, _ labels: [String: String] = [:]) -> Double {
        (samples[name] ?? []).filter { sample in labels.allSatisfy { sample.labels[$0.key] == $0.value } }
            .compactMap(\.value).reduce(0, +)
    }

    func has(_ name: String) -> Bool { samples[name] != nil }
}
