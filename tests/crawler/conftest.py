import shutil

import pytest

from crawler import distributed
from tests import processes


@pytest.fixture
def redis_url(start_process, tmp_path):
    """A real redis-server of its own on a free loopback port, without persistence,
    stopped by its PID at teardown; its URL."""
    if shutil.which("redis-server") is None:
        pytest.skip("redis-server is not installed (Debian: apt-get install redis-server; .ci/run installs it)")
    port = processes.free_port()
    start_process(["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                          "--appendonly", "no", "--dir", str(tmp_path)], log=tmp_path / "redis.log")
    url = f"redis://127.0.0.1:{port}/0"
    assert processes.wait_until(lambda: distributed.answers(url), 20), (tmp_path / "redis.log").read_text()
    return url
