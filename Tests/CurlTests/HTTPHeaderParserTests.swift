import Testing

@testable import Curl

/// Raw header blocks as curl hands them over, split into fields.
@Suite struct HTTPHeaderParserTests {
    @Test func fieldsAreSplitTrimmedAndFoldedLinesJoined() {
        let raw = Array(
            "HTTP/1.1 429 Too Many Requests\r\nRetry-After:  120 \r\nX-Long: first\r\n\tsecond\r\nX-Empty:\r\n\r\n".utf8
        )
        let fields = HTTPHeaderParser.fields(in: raw)
        #expect(
            fields == [
                HTTPHeader("Retry-After", "120"), HTTPHeader("X-Long", "first second"), HTTPHeader("X-Empty", ""),
            ]
        )
    }

    @Test func aBlockWithOnlyAStatusLineHasNoFields() {
        #expect(HTTPHeaderParser.fields(in: Array("HTTP/2 204\r\n\r\n".utf8)).isEmpty)
        #expect(HTTPHeaderParser.fields(in: []).isEmpty)
    }
}

/// `HTTPResponse.headerValue` compares field names as HTTP does: ASCII letters in any case, everything else exactly.
@Suite struct HTTPHeaderLookupTests {
    private let response = HTTPResponse(
        status: 429, headers: [HTTPHeader("Retry-After", "120"), HTTPHeader("X-{Odd}", "1")], body: [], bodyLength: 0,
        timing: HTTPTiming(total: .zero, connect: .zero, firstByte: .zero))

    @Test func namesMatchInAnyLetterCase() {
        #expect(response.headerValue("retry-after") == "120")
        #expect(response.headerValue("RETRY-AFTER") == "120")
        #expect(response.headerValue("x-{odd}") == "1")
    }

    @Test func nonLettersAndPrefixesDoNotMatch() {
        // '[' and '{' differ only in the bit that case folding ignores, which only letters may ignore.
        #expect(response.headerValue("retry_after") == nil)
        #expect(response.headerValue("x-[odd]") == nil)
        #expect(response.headerValue("retry-afte") == nil)
        #expect(response.headerValue("retry-after ") == nil)
    }
}
