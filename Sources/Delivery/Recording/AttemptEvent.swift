/// Which chain event an attempt delivered (chain, block number and hash, log index), read from the webhook body so
/// `delivery_attempts` can be queried by block range (`evmhook reconcile` looks there for orphans never retracted).
///
/// The Processor renders the body with a fixed key order (`chainId`, `blockNumber`, `blockHash`, …, `logIndex`,
/// then `address`, `topics`, `data`, `decoded`), so a forward scan for each key in turn finds the value before any
/// contract-controlled text could imitate a key: this costs a few hundred byte compares per attempt, not a JSON
/// parse. A body of another shape gives nil (the attempt is recorded without its event, never refused).
struct AttemptEvent: Sendable, Hashable {
    var chainID: UInt64
    var blockNumber: UInt64
    var blockHash: String
    var logIndex: UInt64

    init?(body: String) {
        var utf8 = body
        let parsed = utf8.withUTF8 { bytes -> AttemptEvent? in
            var scanner = Scanner(bytes: bytes)
            guard let chainID = scanner.number(after: #""chainId":"#),
                let blockNumber = scanner.number(after: #""blockNumber":"#),
                let blockHash = scanner.string(after: #""blockHash":"#),
                let logIndex = scanner.number(after: #""logIndex":"#)
            else { return nil }
            return AttemptEvent(chainID: chainID, blockNumber: blockNumber, blockHash: blockHash, logIndex: logIndex)
        }
        guard let parsed else { return nil }
        self = parsed
    }

    private init(chainID: UInt64, blockNumber: UInt64, blockHash: String, logIndex: UInt64) {
        self.chainID = chainID
        self.blockNumber = blockNumber
        self.blockHash = blockHash
        self.logIndex = logIndex
    }

    /// Moves forward through the body, key by key.
    private struct Scanner {
        let bytes: UnsafeBufferPointer<UInt8>
        var position = 0

        /// Moves past the next occurrence of `key`; false (and no move) when there is none.
        mutating func skip(past key: StaticString) -> Bool {
            let pattern = UnsafeBufferPointer(start: key.utf8Start, count: key.utf8CodeUnitCount)
            guard pattern.count <= bytes.count else { return false }
            var start = position
            while start + pattern.count <= bytes.count {
                if bytes[start] == pattern[0], bytes[start..<start + pattern.count].elementsEqual(pattern) {
                    position = start + pattern.count
                    return true
                }
                start += 1
            }
            return false
        }

        /// Moves past spaces (a body pretty-printed elsewhere than in the Processor, as in the benchmarks).
        mutating func skipSpaces() {
            while position < bytes.count, bytes[position] == UInt8(ascii: " ") { position += 1 }
        }

        /// The number after `key`: plain digits, or digits in quotes (above 2^53 the body writes a string).
        mutating func number(after key: StaticString) -> UInt64? {
            guard skip(past: key) else { return nil }
            skipSpaces()
            let quoted = position < bytes.count && bytes[position] == UInt8(ascii: "\"")
            if quoted { position += 1 }
            var value: UInt64 = 0
            let start = position
            while position < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[position]) {
                let (times10, overflow1) = value.multipliedReportingOverflow(by: 10)
                let (sum, overflow2) = times10.addingReportingOverflow(UInt64(bytes[position] - UInt8(ascii: "0")))
                guard !overflow1, !overflow2 else { return nil }
                value = sum
                position += 1
            }
            return position > start ? value : nil
        }

        /// The quoted string after `key` (hex here: no escapes to decode).
        mutating func string(after key: StaticString) -> String? {
            guard skip(past: key) else { return nil }
            skipSpaces()
            guard position < bytes.count, bytes[position] == UInt8(ascii: "\"") else { return nil }
            let start = position + 1
            guard let end = bytes[start...].firstIndex(of: UInt8(ascii: "\"")) else { return nil }
            position = end + 1
            return String(decoding: bytes[start..<end], as: UTF8.self)
        }
    }
}
