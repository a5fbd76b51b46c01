import Hiredis
import Testing

@Suite struct RedisReplyTests {
    @Test func accessorsReadTheMatchingCases() {
        #expect(RedisReply.bulk(Array("héllo".utf8)).string == "héllo")
        #expect(RedisReply.status("OK").string == "OK")
        #expect(RedisReply.bulk([0xFF, 0xFE]).string == nil)
        #expect(RedisReply.bulk([0xFF, 0xFE]).bytes == [0xFF, 0xFE])
        #expect(RedisReply.integer(-7).int == -7)
        #expect(RedisReply.bulk(Array("42".utf8)).int == 42)
        #expect(RedisReply.status("42").int == nil)
        #expect(RedisReply.array([.null]).array == [.null])
        #expect(RedisReply.null.array == nil)
        #expect(RedisReply.null.isNull)
        #expect(RedisReply.error("ERR x").errorMessage == "ERR x")
    }
}
