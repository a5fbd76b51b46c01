import Foundation

/// `perf record --control fifo:PATH -D -1` profiles only what runs between `enable()` and `disable()` when
/// `EVMHOOK_BENCH_PERF_FIFO` names that fifo (the timed Processor run, not the filling of the stream).
enum PerfControl {
    static func enable() { write("enable\n") }
    static func disable() { write("disable\n") }

    private static func write(_ command: String) {
        guard let path = ProcessInfo.processInfo.environment["EVMHOOK_BENCH_PERF_FIFO"],
            let handle = FileHandle(forWritingAtPath: path)
        else { return }
        handle.write(Data(command.utf8))
        try? handle.close()
    }
}
