import Testing

@testable import Hiredis

@Suite struct CommandBlockTimeTests {
    @Test func nonBlockingCommandsHaveNoBlockTime() {
        #expect(CommandBlockTime.of(["GET", "k"]) == nil)
        #expect(CommandBlockTime.of(["BITCOUNT", "k"]) == nil)
        #expect(CommandBlockTime.of(["XREAD", "COUNT", "1", "STREAMS", "s", "0"]) == nil)
        #expect(CommandBlockTime.of(["XREADGROUP", "GROUP", "g", "c", "STREAMS", "BLOCK", ">"]) == nil)
    }

    @Test func listPopsReadTheirLastArgumentInSeconds() {
        #expect(CommandBlockTime.of(["BRPOP", "a", "b", "2"]) == .upTo(.seconds(2)))
        #expect(CommandBlockTime.of(["blmove", "a", "b", "LEFT", "RIGHT", "0.25"]) == .upTo(.milliseconds(250)))
        #expect(CommandBlockTime.of(["BLPOP", "a", "0"]) == .forever)
    }

    @Test func multiPopsReadTheirFirstArgument() {
        #expect(CommandBlockTime.of(["BLMPOP", "1.5", "1", "a", "LEFT"]) == .upTo(.milliseconds(1500)))
        #expect(CommandBlockTime.of(["BZMPOP", "0", "1", "z", "MIN"]) == .forever)
    }

    @Test func streamReadsUseTheBlockOptionInMilliseconds() {
        let read: [RedisArgument] = [
            "XREADGROUP", "GROUP", "g", "c", "COUNT", "10", "BLOCK", "750", "STREAMS", "s", ">",
        ]
        #expect(CommandBlockTime.of(read) == .upTo(.milliseconds(750)))
        #expect(CommandBlockTime.of(["XREAD", "block", "0", "STREAMS", "s", "$"]) == .forever)
    }

    @Test func unreadableOrHugeBlockTimesCountAsForever() {
        #expect(CommandBlockTime.of(["BRPOP", "a", "soon"]) == .forever)
        #expect(CommandBlockTime.of(["BRPOP", "a", "1e300"]) == .forever)
    }

    @Test func readTimeoutAddsTheLongestBlockToTheCommandTimeout() {
        let commands: [[RedisArgument]] = [["LPUSH", "a", "x"], ["BRPOP", "a", "2"], ["BRPOP", "a", "5"]]
        #expect(CommandBlockTime.readTimeout(for: commands, commandTimeout: .seconds(1)) == .seconds(6))
        #expect(CommandBlockTime.readTimeout(for: [["PING"]], commandTimeout: .seconds(1)) == .seconds(1))
    }

    @Test func readTimeoutIsNoneForAnEndlessBlockOrNoCommandTimeout() {
        let forever: [[RedisArgument]] = [["PING"], ["BLPOP", "a", "0"]]
        #expect(CommandBlockTime.readTimeout(for: forever, commandTimeout: .seconds(1)) == nil)
        #expect(CommandBlockTime.readTimeout(for: [["PING"]], commandTimeout: nil) == nil)
    }
}
