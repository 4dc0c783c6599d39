import contextlib
import os
import signal
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

import nlp
from crawler.mirror import MirrorServer, build_sites, registry_toml
from tests import processes
from warehouse import loader, store

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
LEFTOVER_GRACE = 10  # seconds processes get to exit at the end of the run


def pytest_configure(config):
    # every process the suite starts inherits the mark, so the end-of-run check
    # finds it even once it has been re-parented out of pytest's tree
    os.environ.setdefault(processes.SESSION_MARK, str(os.getpid()))


def pytest_sessionfinish(session, exitstatus):
    """Fails the run if a process the tests started still runs: it is named, then killed."""
    mark = os.environ[processes.SESSION_MARK]
    if mark != str(os.getpid()):  # a pytest run by a test: the outer run checks
        return
    left = processes.leftovers(mark, grace=LEFTOVER_GRACE)
    if not left:
        return
    report = session.config.pluginmanager.get_plugin("terminalreporter")
    if report:
        report.ensure_newline()
        report.write_sep("=", f"{len(left)} process(es) started by the tests still running; killed now", red=True)
        for pid in left:
            report.write_line(f"{pid}: {processes.cmdline(pid)}")
    for pid in left:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    session.exitstatus = pytest.ExitCode.TESTS_FAILED


@pytest.fixture
def start_process():
    """Starts processes for one test (subprocess.Popen's arguments; `log`: a
    file for their output) and stops each by its PID, with its descendants, at
    teardown, passed or failed."""
    started: list[subprocess.Popen] = []

    def start(cmd: list[str], *, log: Path | None = None, **popen) -> subprocess.Popen:
        if log:  # a file, not a pipe: an unread pipe fills and stalls the process
            with log.open("w") as out:
                started.append(subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, **popen))
        else:
            started.append(subprocess.Popen(cmd, **popen))
        return started[-1]

    yield start
    for proc in started:
        processes.stop(proc)


@dataclass
class Dashboard:
    """An `antq dashboard` a test started."""
    process: subprocess.Popen
    port: int
    log: Path  # its output and Streamlit's

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"


@pytest.fixture
def serve_dashboard(start_process, tmp_path):
    """Starts `antq dashboard` (or another Streamlit `command`: review) over a warehouse
    on a free port (behind a `launcher` such as nohup) and returns it once it answers
    (stopped at teardown)."""
    def serve(db: Path, launcher: tuple[str, ...] = (), command: str = "dashboard", **popen) -> Dashboard:
        port = processes.free_port()
        log = tmp_path / f"{command}-{port}.log"
        proc = start_process([*launcher, sys.executable, "-m", "antq", command, "--db", str(db),
                              "--port", str(port)], log=log, **popen)
        assert processes.answers(f"http://127.0.0.1:{port}/_stcore/health", proc, timeout=60), log.read_text()
        return Dashboard(proc, port, log)

    return serve


@pytest.fixture(scope="session")
def shared() -> Path:
    """../shared as CI places it beside the checkout (read-only, never needed by the product)."""
    if not (SHARED / "corpus" / "gold").is_dir():
        pytest.skip("../shared is not beside this checkout")
    return SHARED


@pytest.fixture(scope="session")
def seeds_db(shared, tmp_path_factory):
    """A warehouse built from the gold seeds through the real extraction and loader."""
    path = tmp_path_factory.mktemp("wh") / "seeds.duckdb"
    records = []
    for f in sorted((shared / "corpus" / "seeds").glob("*.txt")):
        text = f.read_text(encoding="utf-8")
        rec = nlp.extract(text, doc_id=f.stem).to_contract()
        rec["text"] = text
        records.append(rec)
    with store.writer(path) as con:
        loader.load(con, records)
    return path


@pytest.fixture
def mirror(tmp_path):
    """The packaged mirror (60 generated articles over five CMS families) served on
    127.0.0.x, with its registry at tmp_path/mirror.toml."""
    sites = build_sites(60)
    with MirrorServer(sites) as m:
        (tmp_path / "mirror.toml").write_text(registry_toml(sites), encoding="utf-8")
        yield m
