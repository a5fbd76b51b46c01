#!/usr/bin/env python3
"""Runs `swift test ARGS` so that a hung or crashed test run ends, says where it stopped, and leaves nothing behind.

    guarded_swift_test.py MINUTES ARGS...

`swift test` runs in a session of its own. When it has not finished after MINUTES, the tests that started and did not
end (from Swift Testing's event stream) and every thread's backtrace in the test process are printed, then the whole
session is killed and the exit status is 124. A test process that crashed can leave children (servers, `evmhook`
processes) holding its output pipes, on which `swift test` would wait forever: once the test process is gone for
`ORPHAN_GRACE` seconds while `swift test` still waits, the session is killed as well. In every case, whatever the
tests started and did not stop is killed when `swift test` ends. The unfinished tests are printed last, as CI shows
the tail of the output.
"""

import json
import os
import signal
import subprocess
import sys
import tempfile
import time

ORPHAN_GRACE = 60
POLL = 2


def session_processes(sid):
    """(pid, command line) of every process in session `sid`."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            if os.getsid(int(entry)) != sid:
                continue
            with open(f"/proc/{entry}/cmdline", "rb") as f:
                found.append((int(entry), f.read().replace(b"\0", b" ").decode(errors="replace").strip()))
        except (ProcessLookupError, PermissionError, FileNotFoundError):
            continue
    return found


def test_process(sid):
    """The pid of the test binary SwiftPM runs (`…PackageTests.xctest`), if it is running."""
    for pid, command in session_processes(sid):
        if ".xctest" in command.split(" ")[0]:
            return pid
    return None


def unfinished_tests(events_path):
    """Names of the tests that started and did not end, innermost first (a suite is listed only if nothing inside
    it is)."""
    started, ended = {}, set()
    try:
        with open(events_path, encoding="utf-8", errors="replace") as f:
            for line in f:
                try:
                    event = json.loads(line)
                except ValueError:
                    continue  # a line still being written
                payload = event.get("payload", {})
                kind, test_id = payload.get("kind"), payload.get("testID")
                if test_id is None:
                    continue
                if kind == "testStarted":
                    started[test_id] = payload.get("instant", {}).get("since1970")
                elif kind in ("testEnded", "testSkipped"):
                    ended.add(test_id)
    except FileNotFoundError:
        return []
    open_ids = [test_id for test_id in started if test_id not in ended]
    innermost = [t for t in open_ids if not any(o != t and o.startswith(t + "/") for o in open_ids)]
    now = time.time()
    return [f"{t} (running for {now - started[t]:.0f} s)" if started[t] else t for t in innermost]


def print_backtraces(pid):
    print(f"\n=== backtraces of the test process ({pid}) ===", flush=True)
    try:
        traces = subprocess.run(
            ["gdb", "-p", str(pid), "-batch", "-nx", "-iex", "set complaints 0", "-ex", "set pagination off",
             "-ex", "thread apply all bt 40"],
            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, timeout=120, check=False)
        frames = b"\n".join(line for line in traces.stdout.splitlines() if line.startswith((b"Thread", b"#")))
        # gdb does not know Swift's mangling. (Tasks suspended in an await are on no thread: the unfinished tests
        # below say more about those.)
        subprocess.run(["swift", "demangle", "--simplified"], input=frames + b"\n", timeout=60, check=False)
    except (OSError, subprocess.TimeoutExpired) as error:
        print(f"(no backtraces: {error})", flush=True)


def kill_session(sid):
    try:
        os.killpg(sid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    # Children that made sessions of their own are not in the group; those still in the session are.
    for pid, _ in session_processes(sid):
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


def main():
    minutes = float(sys.argv[1])
    events = tempfile.NamedTemporaryFile(prefix="swift-test-events.", suffix=".jsonl", delete=False).name
    command = ["swift", "test", *sys.argv[2:], "--event-stream-output-path", events, "--event-stream-version", "0"]
    child = subprocess.Popen(command, start_new_session=True)
    sid = child.pid
    deadline = time.monotonic() + minutes * 60
    test_pid_seen, test_gone_since = False, None

    def forward(signum, _frame):
        kill_session(sid)
        sys.exit(128 + signum)

    signal.signal(signal.SIGTERM, forward)
    signal.signal(signal.SIGINT, forward)

    status = None
    while status is None:
        try:
            status = child.wait(timeout=POLL)
            break
        except subprocess.TimeoutExpired:
            pass
        pid = test_process(sid)
        if pid is not None:
            test_pid_seen, test_gone_since = True, None
        elif test_pid_seen and test_gone_since is None:
            test_gone_since = time.monotonic()
        if test_gone_since is not None and time.monotonic() - test_gone_since > ORPHAN_GRACE:
            leftovers = [command for p, command in session_processes(sid) if p != child.pid]
            print(f"\n=== the test process is gone but `swift test` still waits; killing what it left running ===",
                  *leftovers, sep="\n", flush=True)
            kill_session(sid)
            status = 1
        elif time.monotonic() > deadline:
            print(f"\n=== `swift test` did not finish within {minutes:g} minutes ===", flush=True)
            if pid is not None:
                print_backtraces(pid)
            kill_session(sid)
            print("\n=== tests that started and did not end ===", *unfinished_tests(events), sep="\n", flush=True)
            status = 124

    kill_session(sid)
    os.unlink(events)
    sys.exit(status if status >= 0 else 128 - status)


if __name__ == "__main__":
    main()
