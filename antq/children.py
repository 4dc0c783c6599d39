"""The processes antq starts go when antq goes. Each child asks Linux to kill
it when its parent dies (the parent-death signal), so even a SIGKILLed antq
leaves nothing running; and a child run in the foreground (the dashboard's
Streamlit server) is passed the SIGTERM, SIGINT or SIGHUP that a service
manager or a terminal sends to antq, and antq waits for it to stop."""
from __future__ import annotations

import ctypes
import os
import signal
import subprocess

FORWARDED = (signal.SIGTERM, signal.SIGINT, signal.SIGHUP)
_PR_SET_PDEATHSIG = 1

try:  # resolved here, not in the forked child, where only async-signal-safe work belongs
    _prctl = ctypes.CDLL(None, use_errno=True).prctl
except (OSError, AttributeError):  # not Linux: children outlive a killed parent there
    _prctl = None


def die_with_parent(parent: int) -> None:
    """Called in a child: the kernel sends it SIGKILL when `parent` dies. The
    signal follows the parent's thread that forked the child, so start
    children from the thread that lives as long as antq (the main one)."""
    if _prctl is None:
        return
    _prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # the parent died before prctl took effect
        os._exit(1)


def start(cmd: list[str], **popen) -> subprocess.Popen:
    """Starts cmd as a child that dies with this process (the death signal is kept across exec)."""
    parent = os.getpid()
    return subprocess.Popen(cmd, preexec_fn=lambda: die_with_parent(parent), **popen)


def run_in_foreground(cmd: list[str], **popen) -> int:
    """Runs cmd until it exits, as a child that dies with this process, passing
    on the FORWARDED signals this process receives. Returns its exit status;
    but once the child has exited after such a signal, this process ends by
    that signal too, as a service manager expects of a process it stopped."""
    child = start(cmd, **popen)
    received: list[int] = []

    def forward(signum, frame) -> None:
        received.append(signum)
        child.send_signal(signum)  # does nothing once the child has been reaped

    # a signal arriving before these handlers kills antq by default, and the child with it;
    # one that antq ignores (nohup, a shell's background job) the child ignores too
    previous = {s: signal.signal(s, forward) for s in FORWARDED if signal.getsignal(s) is not signal.SIG_IGN}
    try:
        status = child.wait()
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)
    if received:
        signal.signal(received[0], signal.SIG_DFL)
        os.kill(os.getpid(), received[0])
        raise SystemExit(128 + received[0])  # only if the signal could not end the process
    return status
