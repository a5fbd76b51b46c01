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
