"""A stopped antq leaves nothing running: signalled as a service manager or a
terminal would (SIGTERM, SIGINT, SIGHUP) or SIGKILLed, `antq dashboard`,
`antq demo` and `antq mirror` take their servers with them. Real processes,
real ports, read from /proc."""
import os
import re
import signal
import sys

import pytest

from tests import processes

STOPPED_WITHIN = 5  # seconds, as a service manager waits before it kills


def assert_all_gone(port: int, streamlit: list[int]) -> None:
    assert processes.wait_until(lambda: not processes.listening(port)
                                and not any(processes.running(p) for p in streamlit), STOPPED_WITHIN), \
        f"still listening on {port}: {processes.listening(port)}; " \
        f"still running: {[processes.cmdline(p) for p in streamlit if processes.running(p)]}"


def streamlit_under(pid: int) -> list[int]:
    found = [p for p in processes.descendants(pid) if "streamlit" in processes.cmdline(p)]
    assert found, f"no Streamlit process under antq ({pid})"
    return found


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT, signal.SIGHUP, signal.SIGKILL],
                         ids=lambda s: s.name)
def test_a_stopped_dashboard_takes_its_server_with_it(seeds_db, serve_dashboard, sig):
    served = serve_dashboard(seeds_db)
    antq = served.process
    streamlit = streamlit_under(antq.pid)
    antq.send_signal(sig)
    antq.wait(timeout=STOPPED_WITHIN)
    assert antq.returncode == -sig  # it ends by the signal it was sent, once its server has stopped
    assert_all_gone(served.port, streamlit)
    if sig in (signal.SIGTERM, signal.SIGINT):  # passed on: Streamlit stopped itself, it was not killed
        assert "Stopping..." in served.log.read_text()


def test_ctrl_c_in_its_terminal_stops_the_dashboard(seeds_db, serve_dashboard):
    # a terminal's Ctrl-C goes to its whole foreground process group: antq and its server
    served = serve_dashboard(seeds_db, launcher=("setsid",))
    streamlit = streamlit_under(served.process.pid)
    os.killpg(served.process.pid, signal.SIGINT)
    served.process.wait(timeout=STOPPED_WITHIN)
    assert served.process.returncode == -signal.SIGINT
    assert_all_gone(served.port, streamlit)
    assert "Stopping..." in served.log.read_text()


def test_a_dashboard_run_with_nohup_outlives_a_hangup(seeds_db, serve_dashboard):
    served = serve_dashboard(seeds_db, launcher=("nohup",))
    served.process.send_signal(signal.SIGHUP)
    assert not processes.wait_until(lambda: served.process.poll() is not None, 3)
    assert processes.answers(served.url + "_stcore/health", served.process, timeout=5)
    served.process.send_signal(signal.SIGTERM)  # the hangup it ignored is not what ends it
    served.process.wait(timeout=STOPPED_WITHIN)
    assert served.process.returncode == -signal.SIGTERM


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGKILL], ids=lambda s: s.name)
def test_a_stopped_demo_takes_its_dashboard_with_it(start_process, tmp_path, sig):
    port = processes.free_port()
    log = tmp_path / "demo.log"
    antq = start_process([sys.executable, "-m", "antq", "demo", "--db", str(tmp_path / "demo.duckdb"),
                          "--articles", "10", "--port", str(port)], log=log)
    assert processes.answers(f"http://127.0.0.1:{port}/_stcore/health", antq, timeout=300), log.read_text()
    streamlit = streamlit_under(antq.pid)
    antq.send_signal(sig)
    antq.wait(timeout=STOPPED_WITHIN)
    assert antq.returncode == -sig
    assert_all_gone(port, streamlit)
    if sig == signal.SIGTERM:
        assert "Stopping..." in log.read_text()


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT, signal.SIGHUP], ids=lambda s: s.name)
def test_a_demo_stopped_while_crawling_takes_the_engine_with_it(start_process, tmp_path, sig):
    log = tmp_path / "demo.log"
    antq = start_process([sys.executable, "-m", "antq", "demo", "--db", str(tmp_path / "demo.duckdb"),
                          "--articles", "150", "--no-dashboard"], log=log)

    def engine() -> list[int]:
        return [p for p in processes.descendants(antq.pid) if "multiprocessing.spawn" in processes.cmdline(p)]
    assert processes.wait_until(lambda: engine() or antq.poll() is not None, 120) and engine(), log.read_text()
    started = processes.descendants(antq.pid)
    antq.send_signal(sig)
    antq.wait(timeout=STOPPED_WITHIN)
    assert processes.wait_until(lambda: not any(processes.running(p) for p in started), STOPPED_WITHIN), \
        [processes.cmdline(p) for p in started if processes.running(p)]


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT, signal.SIGHUP, signal.SIGKILL],
                         ids=lambda s: s.name)
def test_a_stopped_mirror_frees_its_ports(start_process, tmp_path, sig):
    log = tmp_path / "mirror.log"
    antq = start_process([sys.executable, "-m", "antq", "mirror", "--articles", "5"], log=log)
    assert processes.wait_until(lambda: "serving" in log.read_text() or antq.poll() is not None, 60), log.read_text()
    ports = [int(p) for p in re.findall(r"http://127\.0\.0\.\d+:(\d+)/", log.read_text())]
    assert len(ports) == 5 and all(processes.listening(p) for p in ports), log.read_text()
    antq.send_signal(sig)
    antq.wait(timeout=STOPPED_WITHIN)
    assert processes.wait_until(lambda: not any(processes.listening(p) for p in ports), STOPPED_WITHIN)
