"""The end-of-run check (tests/conftest.py) finds what the tests leave running:
a child of pytest, and an orphan that its parent left to PID 1."""
import os
import signal
import subprocess
import sys

from tests import processes


def test_the_end_of_run_check_finds_leaked_processes_and_their_orphans():
    mark = os.environ[processes.SESSION_MARK]
    child = subprocess.Popen(["sleep", "60"], env={"PATH": os.environ["PATH"]})  # without the mark: pytest's child
    # the shell exits at once: its sleep is re-parented out of pytest's process tree
    orphan = int(subprocess.run(["sh", "-c", "sleep 60 >/dev/null 2>&1 & echo $!"],
                                capture_output=True, text=True, check=True).stdout)
    try:
        assert processes._stat(orphan)[1] != os.getpid()
        assert {child.pid, orphan} <= set(processes.leftovers(mark, grace=0.5))
    finally:
        child.kill()
        child.wait()
        os.kill(orphan, signal.SIGKILL)
    assert not {child.pid, orphan} & set(processes.leftovers(mark, grace=5))


def test_a_run_that_leaves_a_process_fails_and_names_it(tmp_path):
    (tmp_path / "test_leaky.py").write_text(
        "import subprocess\n\n"
        "def test_leaks():\n"
        "    subprocess.Popen(['sleep', '120'])\n")
    env = {k: v for k, v in os.environ.items() if k != processes.SESSION_MARK}  # a run of its own
    run = subprocess.run([sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q",
                          "--rootdir", str(tmp_path), "-c", os.devnull, "-p", "tests.conftest", str(tmp_path)],
                         capture_output=True, text=True, env=env, timeout=120)
    assert run.returncode == 1, run.stdout[-2000:]
    assert "1 passed" in run.stdout
    assert "process(es) started by the tests still running" in run.stdout and "sleep 120" in run.stdout
