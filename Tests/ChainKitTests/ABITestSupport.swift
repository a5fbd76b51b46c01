import ChainKit
import Foundation
import TestSupport

/// Fixture access and conversions shared by the ABI tests.
enum ABIFixtures {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// Parses a fixture file (path relative to Tests/Fixtures).
    static func json(_ relative: String) throws -> JSONValue {
        let data = try Data(contentsOf: TestEnvironment.fixture(relative))
        return try JSONValue.parse(Array(data))
    }

    static func string(_ json: JSONValue?) throws -> String {
        guard case .string(let text) = json else {
            throw Failure(description: "expected a string, got \(String(describing: json))")
        }
        return text
    }

    static func array(_ json: JSONValue?) throws -> [JSONValue] {
        guard case .array(let items) = json else {
            throw Failure(description: "expected an array, got \(String(describing: json))")
        }
        return items
    }

    /// A fixture value (vectors.json / events.json conventions: integers as decimal strings, bytes and addresses
    /// as hex, tuples and arrays as JSON arrays) as the ABIValue of a type.
    static func value(_ json: JSONValue, as type: ABIType) throws -> ABIValue {
        switch type {
        case .uint:
            guard let number = UInt256(decimal: try string(json)) else { throw Failure(description: "uint \(json)") }
            return .uint(number)
        case .int:
            guard let number = Int256(decimal: try string(json)) else { throw Failure(description: "int \(json)") }
            return .int(number)
        case .address:
            return .address(try Address(hex: try string(json)))
        case .bool:
            guard case .bool(let flag) = json else { throw Failure(description: "bool \(json)") }
            return .bool(flag)
        case .fixedBytes:
            return .fixedBytes(try Hex.decode(try string(json)))
        case .bytes:
            return .bytes(try Hex.decode(try string(json)))
        case .string:
            return .string(try string(json))
        case .array(let element), .fixedArray(let element, _):
            return .array(try array(json).map { try value($0, as: element) })
        case .tuple(let members):
            let items = try array(json)
            guard items.count == members.count else { throw Failure(description: "tuple \(json)") }
            return .tuple(try zip(items, members).map { try value($0, as: $1) })
        }
    }

    /// Values of several types, one fixture value each.
    static func values(_ json: [JSONValue], as types: [ABIType]) throws -> [ABIValue] {
        guard json.count == types.count else {
            throw Failure(description: "\(json.count) values for \(types.count) types")
        }
        return try zip(json, types).map { try value($0, as: $1) }
    }

    /// Decodes, keeping the typed error for assertions on its code.
    static func decoding(_ types: [ABIType], _ data: [UInt8]) -> Result<[ABIValue], ABIDecodingError> {
        do {
            return .success(try ABIDecoder.decode(types, from: data))
        } catch {
            return .failure(error)
        }
    }

    /// Bytes from a hex string written in a test, spaces and newlines allowed for readability.
    static func bytes(_ hex: String) throws -> [UInt8] {
        var digits = hex.filter { !$0.isWhitespace }
        if digits.hasPrefix("0x") { digits.removeFirst(2) }
        return try Hex.decode("0x" + digits)
    }
}

extension Result where Failure == ABIDecodingError {
    /// The error's code, or nil on success.
    var failureCode: ABIDecodingError.Code? {
        if case .failure(let error) = self { error.code } else { nil }
    }
}
