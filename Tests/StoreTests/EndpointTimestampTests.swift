import Foundation
import Store
import Testing

/// The CLI, the audit's snapshots and the API show a date with the same text: rounded to the millisecond, as the API's
/// formatter (Foundation's `ISO8601DateFormatter`) rounds. `Date.ISO8601FormatStyle` truncates.
@Suite struct EndpointTimestampTests {
    @Test func aDateIsRoundedToTheMillisecondAsTheAPIShowsIt() {
        let date = Date(timeIntervalSince1970: 1_764_494_324.9116)
        #expect(Endpoint.timestamp(date) == "2025-11-30T09:18:44.912Z")
        let api = ISO8601DateFormatter()
        api.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        #expect(Endpoint.timestamp(date) == api.string(from: date))
    }
}
