import Foundation
import OpenAPIRuntime
import Store

/// The API's dates: RFC 3339 in UTC with milliseconds (`2026-11-30T09:18:44.123Z`), as OpenAPIRuntime's
/// `.iso8601WithFractionalSeconds` writes them and as the CLI and the audit's snapshots do (`Endpoint.timestamp`),
/// but without its formatter: that one formats through ICU behind a lock shared by every request, and dates were a
/// quarter of the JSON encoding in the profile of `GET /v1/endpoints/{id}` under load. Decoding (no request carries
/// a date today) keeps the standard parser.
struct TimestampTranscoder: DateTranscoder {
    private static let parser = Date.ISO8601FormatStyle(includingFractionalSeconds: true)

    func encode(_ date: Date) throws -> String {
        Endpoint.timestamp(date)
    }

    func decode(_ text: String) throws -> Date {
        try Self.parser.parse(text)
    }
}
