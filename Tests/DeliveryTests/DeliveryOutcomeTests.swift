import Delivery
import Foundation
import Testing

@Suite struct DeliveryOutcomeTests {
    @Test(arguments: [200, 201, 202, 204, 299])
    func anyTwoHundredIsDelivered(status: Int) { #expect(DeliveryOutcome(status: status) == .delivered) }

    @Test(arguments: [408, 425, 429, 500, 502, 503, 504, 599])
    func retryableStatusesAreRetried(status: Int) {
        #expect(DeliveryOutcome(status: status) == .retry(retryAfter: nil))
    }

    @Test(arguments: [300, 301, 302, 307, 308, 400, 401, 403, 404, 405, 409, 413, 422])
    func otherFourHundredsAndRedirectsAreDeadLetters(status: Int) {
        #expect(DeliveryOutcome(status: status) == .deadLetter)
    }

    @Test func goneDisablesTheEndpoint() { #expect(DeliveryOutcome(status: 410) == .disableEndpoint) }

    @Test func noResponseIsRetried() { #expect(DeliveryOutcome(status: nil) == .retry(retryAfter: nil)) }

    @Test func retryAfterSecondsAndHTTPDatesAreRead() {
        #expect(DeliveryOutcome(status: 429, retryAfter: "120") == .retry(retryAfter: .seconds(120)))
        let now = Date(timeIntervalSince1970: 1_700_000_000)  // Tue, 14 Nov 2023 22:13:20 GMT
        #expect(
            DeliveryOutcome(status: 503, retryAfter: "Tue, 14 Nov 2023 22:14:20 GMT", now: now)
                == .retry(retryAfter: .seconds(60))
        )
        #expect(DeliveryOutcome(status: 503, retryAfter: "soon") == .retry(retryAfter: nil))
        #expect(DeliveryOutcome(status: 503, retryAfter: "-3") == .retry(retryAfter: nil))
    }
}
