import Foundation
import Testing

@testable import AdminAPI

@Suite("TimestampTranscoder")
struct TimestampTranscoderTests {
    @Test func readsWhatItWrites() throws {
        let date = Date(timeIntervalSince1970: 1_764_494_324.123)
        let text = try TimestampTranscoder().encode(date)
        #expect(text == "2025-11-30T09:18:44.123Z")
        #expect(abs(try TimestampTranscoder().decode(text).timeIntervalSince(date)) < 0.001)
    }
}
