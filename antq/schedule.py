"""Installs the weekly run for the current user: a systemd user timer where
systemd runs, otherwise a crontab line. Both name the project folder and its
.venv, and log to data/logs/. The paths are quoted for the shell (shlex), then
escaped for cron (%) or for systemd's own quoting, specifiers and variables."""
from __future__ import annotations

import re
import shlex
import shutil
import subprocess
from pathlib import Path

TAG = "# antq-weekly"
DAYS = {"mon": 1, "tue": 2, "wed": 3, "thu": 4, "fri": 5, "sat": 6, "sun": 0}
SYSTEMD_DAYS = {"mon": "Mon", "tue": "Tue", "wed": "Wed", "thu": "Thu", "fri": "Fri", "sat": "Sat", "sun": "Sun"}


class ScheduleError(Exception):
    pass


def parse_weekly(spec: str) -> tuple[str, int, int]:
    """'mon 03:00' -> ('mon', 3, 0)."""
    m = re.fullmatch(r"\s*(mon|tue|wed|thu|fri|sat|sun)\w*\s+(\d{1,2}):(\d{2})\s*", spec.lower())
    if not m or int(m[2]) > 23 or int(m[3]) > 59:
        raise ScheduleError(f"cannot read {spec!r}: write a day and a time, e.g. \"mon 03:00\"")
    return m[1], int(m[2]), int(m[3])


def command(project: Path) -> str:
    """The shell command of the weekly run, each path quoted for /bin/sh."""
    if "\n" in str(project) or "\r" in str(project):
        raise ScheduleError(f"{project!r} holds a line break, which neither cron nor systemd can run; move the project")
    q = shlex.quote
    return (f"cd {q(str(project))} && {q(str(project / '.venv' / 'bin' / 'antq'))} run "
            f">> {q(str(project / 'data' / 'logs' / 'scheduled.log'))} 2>&1")


def cron_line(spec: str, project: Path) -> str:
    day, hour, minute = parse_weekly(spec)
    run = command(project).replace("%", r"\%")  # cron turns an unescaped % into a line break
    return f"{minute} {hour} * * {DAYS[day]} {run} {TAG}"


def systemd_argument(arg: str) -> str:
    """One argument of ExecStart= as systemd.service(5) reads it: in double quotes with
    backslashes and quotes escaped, % doubled (specifiers) and $ doubled (variables)."""
    return '"' + arg.replace("\\", "\\\\").replace('"', '\\"').replace("%", "%%").replace("$", "$$") + '"'


def systemd_units(spec: str, project: Path) -> dict[str, str]:
    day, hour, minute = parse_weekly(spec)
    service = ("[Unit]\nDescription=antq weekly crawl, extraction and load\n\n[Service]\nType=oneshot\n"
               f"WorkingDirectory={str(project).replace('%', '%%')}\n"
               f"ExecStart=/bin/sh -c {systemd_argument(command(project))}\n")
    timer = ("[Unit]\nDescription=Run antq every week\n\n[Timer]\n"
             f"OnCalendar={SYSTEMD_DAYS[day]} *-*-* {hour:02d}:{minute:02d}:00\nPersistent=true\n\n"
             "[Install]\nWantedBy=timers.target\n")
    return {"antq-weekly.service": service, "antq-weekly.timer": timer}


def systemd_available() -> bool:
    if not shutil.which("systemctl"):
        return False
    return subprocess.run(["systemctl", "--user", "show-environment"], capture_output=True).returncode == 0


def _read_crontab(crontab_file: Path | None) -> str:
    if crontab_file:
        return crontab_file.read_text() if crontab_file.exists() else ""
    if not shutil.which("crontab"):
        raise ScheduleError("neither systemd nor crontab is available; run `antq run` from your own scheduler")
    got = subprocess.run(["crontab", "-l"], capture_output=True, text=True)
    return got.stdout if got.returncode == 0 else ""


def _write_crontab(text: str, crontab_file: Path | None) -> None:
    if crontab_file:
        crontab_file.write_text(text)
        return
    done = subprocess.run(["crontab", "-"], input=text, capture_output=True, text=True)
    if done.returncode:
        raise ScheduleError(f"crontab refused the new table: {done.stderr.strip()}")


def install(spec: str, project: Path, *, unit_dir: Path | None = None, crontab_file: Path | None = None) -> str:
    """Install (or replace) the weekly run; returns what was written and where."""
    if unit_dir or (not crontab_file and systemd_available()):
        target = unit_dir or Path.home() / ".config" / "systemd" / "user"
        target.mkdir(parents=True, exist_ok=True)
        for name, text in systemd_units(spec, project).items():
            (target / name).write_text(text)
        if not unit_dir:
            subprocess.run(["systemctl", "--user", "daemon-reload"], check=False)
            subprocess.run(["systemctl", "--user", "enable", "--now", "antq-weekly.timer"], check=False)
        return f"systemd user timer antq-weekly.timer in {target}"
    lines = [ln for ln in _read_crontab(crontab_file).splitlines() if TAG not in ln]
    _write_crontab("\n".join([*lines, cron_line(spec, project)]) + "\n", crontab_file)
    return f"crontab line: {cron_line(spec, project)}"


def show(*, unit_dir: Path | None = None, crontab_file: Path | None = None) -> str | None:
    target = unit_dir or Path.home() / ".config" / "systemd" / "user"
    timer = target / "antq-weekly.timer"
    if timer.exists():
        return f"{timer}:\n{timer.read_text()}"
    try:
        found = [ln for ln in _read_crontab(crontab_file).splitlines() if TAG in ln]
    except ScheduleError:
        return None
    return found[0] if found else None


def remove(*, unit_dir: Path | None = None, crontab_file: Path | None = None) -> bool:
    target = unit_dir or Path.home() / ".config" / "systemd" / "user"
    removed = False
    for name in ("antq-weekly.timer", "antq-weekly.service"):
        if (target / name).exists():
            if not unit_dir and name.endswith(".timer"):
                subprocess.run(["systemctl", "--user", "disable", "--now", name], check=False)
            (target / name).unlink()
            removed = True
    try:
        lines = _read_crontab(crontab_file).splitlines()
    except ScheduleError:
        return removed
    if any(TAG in ln for ln in lines):
        _write_crontab("\n".join(ln for ln in lines if TAG not in ln) + "\n", crontab_file)
        removed = True
    return removed
