import Foundation
import TestSupport

/// Fixture files read with Foundation's own JSON parser, so the expected values never pass through the
/// ChainKit code under test.
enum FixtureLoading {
    struct Malformed: Error, CustomStringConvertible {
        let description: String
    }

    /// The bytes of `Tests/Fixtures/<relative>`.
    static func data(_ relative: String) throws -> Data {
        try Data(contentsOf: TestEnvironment.fixture(relative))
    }

    /// `Tests/Fixtures/<relative>` parsed by `JSONSerialization` as a dictionary.
    static func object(_ relative: String) throws -> [String: Any] {
        guard let object = try JSONSerialization.jsonObject(with: data(relative)) as? [String: Any] else {
            throw Malformed(description: "\(relative) is not a JSON object")
        }
        return object
    }

    /// The names of the files in the fixture folder `relative`, sorted.
    static func files(in relative: String, withExtension fileExtension: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: TestEnvironment.fixture(relative).path)
            .filter { $0.hasSuffix("." + fileExtension) }
            .sorted()
            .map { relative + "/" + $0 }
    }
}
