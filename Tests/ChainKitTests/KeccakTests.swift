import Foundation
import Testing

@testable import ChainKit

@Suite struct KeccakTests {
    struct Vector: CustomTestStringConvertible, Sendable {
        let name: String
        let input: String
        let digest: String
        var testDescription: String { name }
    }

    static func vectors() throws -> [Vector] {
        let fixture = try FixtureLoading.object("keccak/vectors.json")
        let entries = try #require(fixture["vectors"] as? [[String: Any]])
        return try entries.map {
            Vector(
                name: try #require($0["name"] as? String),
                input: try #require($0["input_hex"] as? String),
                digest: try #require($0["keccak256"] as? String)
            )
        }
    }

    @Test func fixtureHasEveryLength() throws {
        let vectors = try Self.vectors()
        #expect(vectors.count == 14)
        #expect(vectors.contains { $0.name == "pattern(65536)" })
    }

    @Test(arguments: try vectors())
    func oneShotMatchesFixture(vector: Vector) throws {
        let input = try Hex.decode(vector.input)
        #expect(Keccak256.hash(input).description == vector.digest)
        #expect(input.withUnsafeBytes { Keccak256.hash($0) }.description == vector.digest)
        var hasher = Keccak256()
        input.withUnsafeBytes { hasher.update($0) }
        #expect(hasher.finalize().description == vector.digest)
    }

    @Test(arguments: try vectors())
    func incrementalInRandomPiecesMatchesFixture(vector: Vector) throws {
        let input = try Hex.decode(vector.input)
        var random = SeededGenerator(seed: UInt64(input.count))
        for _ in 0..<5 {
            var hasher = Keccak256()
            var offset = 0
            while offset < input.count {
                let piece = Int.random(in: 0...300, using: &random)
                let end = min(input.count, offset + piece)
                hasher.update(input[offset..<end])
                offset = end
            }
            #expect(hasher.finalize().description == vector.digest)
        }
    }

    @Test func eventTopicsMatchFixture() throws {
        let fixture = try FixtureLoading.object("keccak/vectors.json")
        let topics = try #require(fixture["topics"] as? [String: String])
        #expect(topics.count == 28)
        for (signature, topic) in topics {
            #expect(Keccak256.hash(Array(signature.utf8)).description == topic, "\(signature)")
        }
        #expect(
            Keccak256.hash(Array("Transfer(address,address,uint256)".utf8)).description
                == "0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef"
        )
    }

    @Test func isNotNISTSHA3() throws {
        let fixture = try FixtureLoading.object("keccak/vectors.json")
        let wrong = try #require(fixture["WRONG_nist_sha3_256"] as? [String: Any])
        let vectors = try #require(wrong["vectors"] as? [[String: String]])
        for vector in vectors {
            let digest = Keccak256.hash(try Hex.decode(try #require(vector["input_hex"])))
            #expect(digest.description != vector["nist_sha3_256"])
            #expect(digest.description == vector["keccak256_for_comparison"])
        }
    }

    @Test func hashesNonContiguousCollections() throws {
        let bytes = (0..<300).map { UInt8($0 % 251) }
        let lazy = bytes.lazy.map { $0 }
        #expect(Keccak256.hash(lazy) == Keccak256.hash(bytes))
        #expect(Keccak256.hash(Data(bytes)) == Keccak256.hash(bytes))
    }
}
