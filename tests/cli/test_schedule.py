"""`antq schedule install` in a project folder whose path holds quotes, spaces,
`$()` and `%`: the crontab line and the systemd unit run the project's own antq
there, and nothing in the path is run as code."""
import re
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest

from antq import schedule

HOSTILE = "Bob's \"exports\" $(touch PWNED) `touch PWNED2` 100%d; echo x"


@pytest.fixture
def project(tmp_path) -> Path:
    """A project folder with a stand-in for its .venv/bin/antq that records where it ran and with what."""
    folder = tmp_path / HOSTILE
    (folder / ".venv" / "bin").mkdir(parents=True)
    (folder / "data" / "logs").mkdir(parents=True)
    fake = folder / ".venv" / "bin" / "antq"
    fake.write_text('#!/bin/sh\npwd > "$HOME/ran"; echo "$@" >> "$HOME/ran"\n')
    fake.chmod(0o755)
    return folder


def run_shell(command: str, home: Path) -> None:
    subprocess.run(["/bin/sh", "-c", command], check=True, env={"HOME": str(home), "PATH": "/usr/bin:/bin"},
                   cwd=home, timeout=30)


def assert_ran_in(project: Path, home: Path) -> None:
    assert (home / "ran").read_text().splitlines() == [str(project), "run"]
    assert not list(home.rglob("PWNED*")) and not list(project.parent.rglob("PWNED*"))


def test_the_crontab_line_runs_antq_in_a_hostile_folder(project, tmp_path):
    line = schedule.cron_line("mon 03:00", project)
    fields = line.split(" ", 5)
    assert fields[:5] == ["0", "3", "*", "*", "1"] and fields[5].endswith(" " + schedule.TAG)
    command = fields[5][: -len(schedule.TAG) - 1]
    assert not re.search(r"(?<!\\)%", command)  # cron would cut the command at an unescaped %
    # what cron hands the shell (crontab(5): "\%" becomes "%")
    run_shell(command.replace("\\%", "%"), tmp_path)
    assert_ran_in(project, tmp_path)


def _exec_start_argv(service: str) -> list[str]:
    """ExecStart= read by systemd.service(5)'s rules for what we write: words in double
    quotes with \\" and \\\\ escaped, then %% -> % and $$ -> $."""
    (value,) = re.findall(r"^ExecStart=(.*)$", service, re.MULTILINE)
    lexer = shlex.shlex(value, posix=True, punctuation_chars=False)
    lexer.whitespace_split, lexer.quotes, lexer.escapedquotes = True, '"', '"'
    return [w.replace("%%", "%").replace("$$", "$") for w in lexer]


def test_the_systemd_unit_runs_antq_in_a_hostile_folder(project, tmp_path):
    units = schedule.systemd_units("sun 23:15", project)
    service = units["antq-weekly.service"]
    assert f"WorkingDirectory={str(project).replace('%', '%%')}\n" in service
    argv = _exec_start_argv(service)
    assert argv[:2] == ["/bin/sh", "-c"] and len(argv) == 3
    run_shell(argv[2], tmp_path)
    assert_ran_in(project, tmp_path)
    if shutil.which("systemd-analyze"):  # systemd's own parser accepts the unit
        unit_dir = tmp_path / "units"
        unit_dir.mkdir()
        (unit_dir / "antq-weekly.service").write_text(service)
        checked = subprocess.run(["systemd-analyze", "verify", "--man=no", str(unit_dir / "antq-weekly.service")],
                                 capture_output=True, text=True, timeout=60)
        assert checked.returncode == 0 and "quot" not in checked.stderr.lower(), checked.stderr


def test_a_line_break_in_the_path_is_refused(tmp_path):
    with pytest.raises(schedule.ScheduleError, match="line break"):
        schedule.cron_line("mon 03:00", tmp_path / "a\nb")
