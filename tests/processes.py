"""The processes tests start, seen through Linux's /proc: which descend from
which, which still run, who listens on a port; and stopping one by its PID."""
from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path
from typing import Callable

PROC = Path("/proc")
SESSION_MARK = "ANTQ_TEST_SESSION"  # in the environment of every process the suite starts: pytest's PID


def _stat(pid: int) -> tuple[str, int] | None:
    """(state, parent PID), or None once the process is gone."""
    try:
        fields = (PROC / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None
    return fields[0], int(fields[1])


def running(pid: int) -> bool:
    """Alive and not a zombie waiting to be reaped."""
    stat = _stat(pid)
    return stat is not None and stat[0] not in ("Z", "X")


def pids() -> list[int]:
    if not PROC.is_dir():  # not Linux: nothing to see
        return []
    return [int(p.name) for p in PROC.iterdir() if p.name.isdigit()]


def descendants(pid: int) -> list[int]:
    parents = {p: s[1] for p in pids() if (s := _stat(p))}
    found, frontier = [], [pid]
    while frontier:
        kids = [p for p, parent in parents.items() if parent in frontier]
        found += kids
        frontier = kids
    return found


def cmdline(pid: int) -> str:
    try:
        return (PROC / str(pid) / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace").strip()
    except OSError:
        return ""


def carrying(mark: str) -> list[int]:
    """Running processes whose environment holds SESSION_MARK=mark, wherever
    they were re-parented to (an orphan goes to PID 1, out of pytest's tree)."""
    needle = f"{SESSION_MARK}={mark}".encode()
    found = []
    for pid in pids():
        try:
            environ = (PROC / str(pid) / "environ").read_bytes().split(b"\0")
        except OSError:  # gone, or not ours
            continue
        if needle in environ and running(pid):
            found.append(pid)
    return found


def leftovers(mark: str, *, grace: float) -> list[int]:
    """Processes started under the session `mark` (its pytest's PID: those
    carrying the mark, and pytest's descendants, whatever their environment)
    still running after `grace` seconds, but for pytest itself and
    multiprocessing's resource tracker, which pytest started and which exits
    with it."""
    pytest = int(mark)

    def tracker(pid: int) -> bool:
        stat = _stat(pid)
        return stat is not None and stat[1] == pytest and "multiprocessing.resource_tracker" in cmdline(pid)

    def left() -> list[int]:
        found = set(carrying(mark)) | {p for p in descendants(pytest) if running(p)}
        return sorted(p for p in found if p != pytest and not tracker(p))
    wait_until(lambda: not left(), grace)
    return left()


def listening(port: int) -> bool:
    """Some socket on this machine listens on TCP `port` (any address)."""
    for table in ("tcp", "tcp6"):
        try:
            lines = (PROC / "net" / table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            local, state = line.split()[1], line.split()[3]
            if state == "0A" and int(local.rsplit(":", 1)[1], 16) == port:
                return True
    return False


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until(condition: Callable[[], bool], timeout: float, every: float = 0.1) -> bool:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(every)
    return True


def answers(url: str, proc: subprocess.Popen, timeout: float) -> bool:
    """Waits until url answers 200; False if it does not in time or proc exits first."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            if urllib.request.urlopen(url, timeout=2).status == 200:
                return True
        except OSError:
            pass
        time.sleep(0.5)
    return False


def stop(proc: subprocess.Popen, grace: float = 10) -> None:
    """Stops proc by its PID (SIGTERM, then SIGKILL after `grace` s) and then
    any of its descendants still running, so that nothing outlives a test."""
    kids = descendants(proc.pid)
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    wait_until(lambda: not any(running(k) for k in kids), grace)
    for kid in kids:
        if running(kid):
            with contextlib.suppress(ProcessLookupError):
                os.kill(kid, signal.SIGKILL)
