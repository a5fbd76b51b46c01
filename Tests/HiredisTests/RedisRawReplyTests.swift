import Hiredis
import TestSupport
import Testing

/// `send(_:decode:)`: replies read in place must say what the `RedisReply` of the same reply says.
@Suite struct RedisRawReplyTests {
    @Test func decodesNestedRepliesInPlaceAsTheTreeReadsThem() async throws {
        let redis = try await RedisTestSupport.connect()
        let stream = TestEnvironment.uniqueName("stream")
        for number in 1...3 {
            _ = try await redis.send(["XADD", stream, "*", "n", "\(number)", "empty", ""])
        }
        let range: [RedisArgument] = ["XRANGE", RedisArgument(stream), "-", "+"]
        let tree = try await redis.send(range)
        let copied = try await redis.send(range) { $0.reply }
        #expect(copied == tree)

        // Walked by hand: ids and field bytes read where hiredis left them.
        let walked = try await redis.send(range) { reply in
            (0..<(reply.count ?? 0)).map { index -> [String] in
                let entry = reply[index]
                let fields = entry[1]
                return [String(decoding: entry[0].bytes ?? UnsafeRawBufferPointer(start: nil, count: 0), as: UTF8.self)]
                    + (0..<(fields.count ?? 0)).map { String(decoding: fields[$0].bytes!, as: UTF8.self) }
            }
        }
        let expected = tree.array?.map { entry in
            [entry.array?[0].string ?? ""] + (entry.array?[1].array?.map { $0.string ?? "?" } ?? [])
        }
        #expect(walked == expected)
        #expect(walked.first?.dropFirst() == ["n", "1", "empty", ""])

        let missing = TestEnvironment.uniqueName("missing")
        let null = try await redis.send(["GET", RedisArgument(missing)]) {
            [$0.isNull, $0.count == nil, $0.bytes == nil]
        }
        #expect(null == [true, true, true])
        #expect(try await redis.send(["XLEN", RedisArgument(stream)]) { $0.reply } == .integer(3))
        #expect(try await redis.send(["PING"]) { $0.reply } == .status("PONG"))
        await redis.close()
    }

    @Test func errorRepliesThrowWithoutDecodingAndTheConnectionStaysUsable() async throws {
        let redis = try await RedisTestSupport.connect()
        let key = TestEnvironment.uniqueName("string")
        _ = try await redis.send(["SET", key, "x"])
        let error = await #expect(throws: RedisError.self) {
            try await redis.send(["LPUSH", RedisArgument(key), "y"]) { _ -> Int in
                Issue.record("decode was called for an error reply")
                return 0
            }
        }
        #expect(error?.code == .server)
        #expect(error?.serverErrorPrefix == "WRONGTYPE")
        #expect(try await redis.send(["GET", key]) == .bulk(Array("x".utf8)))
        await redis.close()
    }

    @Test func whatDecodeThrowsIsRethrownAndTheConnectionStaysUsable() async throws {
        struct Refused: Error, Equatable {}
        let redis = try await RedisTestSupport.connect()
        await #expect(throws: Refused()) {
            try await redis.send(["PING"]) { _ -> Int in throw Refused() }
        }
        #expect(try await redis.send(["ECHO", "still here"]) == .bulk(Array("still here".utf8)))
        await redis.close()
    }
}
