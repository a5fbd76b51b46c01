import CCurl
import CShims
import Glibc

/// The loop thread's readiness source: an epoll set of the sockets curl asks to watch, plus an eventfd that other
/// threads write to wake the loop.
///
/// With `curl_multi_poll`, every wait handed the kernel every open connection and curl looked at every transfer
/// again; with epoll, a wait costs what is ready, not what is open (hundreds of kept-alive connections under load).
final class EventPoller: @unchecked Sendable {
    // `@unchecked`: `wake()` only writes to the eventfd (thread-safe); everything else runs on the loop thread.
    private let epoll: Int32
    private let wakeEvent: Int32
    private var events: [epoll_event]

    /// A socket and what curl is told happened on it (`CURL_CSELECT_*` bits).
    struct Readiness {
        var socket: curl_socket_t
        var flags: Int32
    }

    init() throws(HTTPClientError) {
        epoll = epoll_create1(Int32(EPOLL_CLOEXEC))
        wakeEvent = eventfd(0, Int32(EFD_NONBLOCK | EFD_CLOEXEC))
        events = Array(repeating: epoll_event(), count: 256)
        guard epoll >= 0, wakeEvent >= 0 else {
            if epoll >= 0 { close(epoll) }
            if wakeEvent >= 0 { close(wakeEvent) }
            throw HTTPClientError(code: .transferFailed, message: "epoll or eventfd could not be created")
        }
        var event = epoll_event(events: EPOLLIN.rawValue, data: epoll_data_t(fd: wakeEvent))
        _ = epoll_ctl(epoll, EPOLL_CTL_ADD, wakeEvent, &event)
    }

    deinit {
        close(epoll)
        close(wakeEvent)
    }

    /// Wakes the loop from any thread.
    func wake() {
        var one: UInt64 = 1
        _ = write(wakeEvent, &one, MemoryLayout<UInt64>.size)
    }

    /// What curl's socket callback asked for: watch `socket` for `what` (`CURL_POLL_*`), or stop watching it.
    func watch(_ socket: curl_socket_t, _ what: Int32) {
        guard what != CURL_POLL_REMOVE else {
            // curl says so before it closes the socket; an error here means it is already gone from the set.
            _ = epoll_ctl(epoll, EPOLL_CTL_DEL, socket, nil)
            return
        }
        var interest: UInt32 = 0
        if what & CURL_POLL_IN != 0 { interest |= EPOLLIN.rawValue }
        if what & CURL_POLL_OUT != 0 { interest |= EPOLLOUT.rawValue }
        var event = epoll_event(events: interest, data: epoll_data_t(fd: socket))
        if epoll_ctl(epoll, EPOLL_CTL_MOD, socket, &event) != 0, errno == ENOENT {
            _ = epoll_ctl(epoll, EPOLL_CTL_ADD, socket, &event)
        }
    }

    /// Waits up to `timeout` milliseconds (-1: until something happens) and calls `body` with each ready socket;
    /// a wakeup is consumed here and only ends the wait.
    func wait(timeout: Int32, _ body: (Readiness) -> Void) {
        let count = events.withUnsafeMutableBufferPointer { buffer in
            epoll_wait(epoll, buffer.baseAddress, Int32(buffer.count), timeout)
        }
        guard count > 0 else { return }
        for index in 0..<Int(count) {
            let event = events[index]
            let socket = event.data.fd
            if socket == wakeEvent {
                var value: UInt64 = 0
                _ = read(wakeEvent, &value, MemoryLayout<UInt64>.size)
                continue
            }
            var flags: Int32 = 0
            if event.events & EPOLLIN.rawValue != 0 { flags |= CURL_CSELECT_IN }
            if event.events & EPOLLOUT.rawValue != 0 { flags |= CURL_CSELECT_OUT }
            if event.events & (EPOLLERR.rawValue | EPOLLHUP.rawValue) != 0 { flags |= CURL_CSELECT_ERR }
            body(Readiness(socket: socket, flags: flags))
        }
    }
}
