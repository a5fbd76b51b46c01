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

    init(parsing text: String) async throws {
        let run = try await ProgramRun.python("prometheus_parse.py", input: Array(text.utf8))
        guard run.status == 0 else {
            let kept = FileManager.default.temporaryDirectory.appendingPathComponent(
                TestEnvironment.uniqueName("metrics"))
            try? Data(text.utf8).write(to: kept)
            throw Failure(
                description: "prometheus-client could not parse /metrics (kept in \(kept.path)): \(run.stderr)")
        }
        samples = try JSONDecoder().decode([String: [Sample]].self, from: Data(run.stdout.utf8))
    }

    /// The sum of `name`'s samples whose labels include `labels`.
    func value(_ name: String, _ labels: [String: String] = [:]) -> Double {
        (samples[name] ?? []).filter { sample in labels.allSatisfy { sample.labels[$0.key] == $0.value } }
            .compactMap(\.value).reduce(0, +)
    }

    func has(_ name: String) -> Bool { samples[name] != nil }

    /// Whether `name` has a sample whose labels include `labels`.
    func has(_ name: String, _ labels: [String: String]) -> Bool {
        (samples[name] ?? []).contains { sample in labels.allSatisfy { sample.labels[$0.key] == $0.value } }
    }
}
