import CCurl
import CShims
import Threading

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

// The C callbacks of a `Transfer`. curl calls them on the loop thread, inside `curl_multi_perform`, with the
// transfer as userdata (set unretained: the loop's `active` list keeps it alive while curl can call back).

/// CURLOPT_WRITEFUNCTION: keeps the first `captureLimit` body bytes, counts all of them, and always accepts the
/// chunk, so a body larger than the limit is still read to the end and its connection can be reused.
let receiveBody: curl_write_callback = { data, size, count, userdata in
    let transfer = Unmanaged<Transfer>.fromOpaque(userdata!).takeUnretainedValue()
    let length = size * count
    let keep = min(length, transfer.captureLimit - transfer.body.count)
    if keep > 0, let data {
        data.withMemoryRebound(to: UInt8.self, capacity: keep) { bytes in
            transfer.body.append(contentsOf: UnsafeBufferPointer(start: bytes, count: keep))
        }
    }
    transfer.bodyLength += length
    return length
}

/// CURLOPT_HEADERFUNCTION: collects the raw header lines; a new status line (after a 1xx) starts over, so only
/// the final response's fields remain.
let receiveHeader: curl_write_callback = { data, size, count, userdata in
    let transfer = Unmanaged<Transfer>.fromOpaque(userdata!).takeUnretainedValue()
    let length = size * count
    guard let data else { return length }
    data.withMemoryRebound(to: UInt8.self, capacity: length) { bytes in
        let line = UnsafeBufferPointer(start: bytes, count: length)
        if line.starts(with: "HTTP/".utf8) {
            transfer.headerBytes.removeAll(keepingCapacity: true)
            transfer.headerBytes.reserveCapacity(512)  // one allocation for a typical header block, not several
        }
        transfer.headerBytes.append(contentsOf: line)
    }
    return length
}

/// CURLOPT_OPENSOCKETFUNCTION: the address guard. curl calls it with each resolved address right before it
/// creates the socket; returning CURL_SOCKET_BAD refuses that address before a single packet is sent to it.
let openGuardedSocket: curl_opensocket_callback = { userdata, _, address in
    let transfer = Unmanaged<Transfer>.fromOpaque(userdata!).takeUnretainedValue()
    guard let address else { return CURL_SOCKET_BAD }
    var raw = [UInt8](repeating: 0, count: 16)
    let length = raw.withUnsafeMutableBufferPointer { evm_curl_sockaddr_bytes(address, $0.baseAddress) }
    // Anything but IPv4/IPv6 (a Unix socket) has no place in webhook delivery: refuse it too.
    guard let target = IPAddress(bytes: raw.prefix(Int(length))) else { return CURL_SOCKET_BAD }
    if let category = transfer.addressGuard.refusal(for: target) {
        if transfer.refusal == nil { transfer.refusal = (target, category) }
        return CURL_SOCKET_BAD
    }
    transfer.openedSocket = true
    return socket(address.pointee.family, address.pointee.socktype, address.pointee.protocol)
}
