import CCurl

/// A transfer's request header lines, NUL-terminated in one buffer and linked as the `curl_slist` curl reads when
/// a transfer starts. Rewritten in place for each request: `curl_slist_append` allocates twice per line, and a
/// webhook's headers change on every request.
///
/// Owned by one `Transfer` and confined to the loop thread; rewritten only while its transfer is idle (curl reads
/// the list during a transfer and keeps no copy).
final class HeaderLines {
    private var nodes: UnsafeMutableBufferPointer<curl_slist>
    private var text: UnsafeMutableRawBufferPointer

    init() {
        nodes = .allocate(capacity: 8)
        text = .allocate(byteCount: 512, alignment: 1)
    }

    deinit {
        nodes.deallocate()
        text.deallocate()
    }

    /// Writes `headers` (and `Expect:` unless one of them is an `Expect`) and returns the head of the list.
    func write(_ headers: [HTTPHeader]) -> UnsafeMutablePointer<curl_slist> {
        let sendsExpect = headers.contains { $0.name.equalsIgnoringASCIICase("expect") }
        // Without an `Expect:` line, curl sends "Expect: 100-continue" for bodies over 1 KiB and waits a round trip.
        let count = headers.count + (sendsExpect ? 0 : 1)
        let length = headers.reduce(sendsExpect ? 0 : 8) { $0 + $1.name.utf8.count + $1.value.utf8.count + 3 }
        reserve(lines: count, bytes: length)
        var offset = 0
        for (index, header) in headers.enumerated() {
            let start = offset
            append(header.name.utf8, at: &offset)
            // curl drops "Name:" (no value) from the request; "Name;" is how it sends an empty value.
            if header.value.isEmpty {
                append(";".utf8, at: &offset)
            } else {
                append(": ".utf8, at: &offset)
                append(header.value.utf8, at: &offset)
            }
            link(index, start: start, end: &offset, last: index == count - 1)
        }
        if !sendsExpect {
            let start = offset
            append("Expect:".utf8, at: &offset)
            link(count - 1, start: start, end: &offset, last: true)
        }
        return nodes.baseAddress!
    }

    private func append(_ bytes: String.UTF8View, at offset: inout Int) {
        UnsafeMutableRawBufferPointer(rebasing: text[offset...]).copyBytes(from: bytes)
        offset += bytes.count
    }

    /// Ends the line begun at `start` with a NUL and makes it line `index` of the list.
    private func link(_ index: Int, start: Int, end offset: inout Int, last: Bool) {
        text[offset] = 0
        offset += 1
        nodes[index] = curl_slist(
            data: (text.baseAddress! + start).assumingMemoryBound(to: CChar.self),
            next: last ? nil : nodes.baseAddress! + index + 1)
    }

    private func reserve(lines: Int, bytes: Int) {
        if lines > nodes.count {
            nodes.deallocate()
            nodes = .allocate(capacity: lines)
        }
        if bytes > text.count {
            text.deallocate()
            text = .allocate(byteCount: bytes, alignment: 1)
        }
    }
}
