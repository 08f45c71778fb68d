"""Prefect's local server shared by the runs on a machine (pipeline.flows.local_server, issue "Speed"): the first run
starts it, later runs use it, it stops itself when idle, `server status|stoppa` show and stop it, and a stale or
foreign record never leads to signalling a process that is not the server."""

from __future__ import annotations

import fcntl
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pipeline.flows.lifeline import gone

from pipeline.flows import local_server

pytestmark = pytest.mark.long

CLI = [sys.executable, "-m", "pipeline.cli"]


def _env(home: Path, idle: str = "60") -> dict:
    env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}
    return {**env, "COLUMNS": "400", "PREFECT_HOME": str(home), "KOMMUNRAPPORT_PREFECT_VILOTID": idle}


def _record(home: Path) -> dict:
    return json.loads((home / "kommunrapport-server.json").read_text(encoding="utf-8"))


def _alive(pid: int) -> bool:
    return not gone(pid)   # a zombie counts as ended


def _wait_gone(pid: int, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and _alive(pid):
        time.sleep(0.2)
    return not _alive(pid)


@pytest.fixture
def home(tmp_path):
    folder = tmp_path / "prefect"
    yield folder
    local_server.stop_local_server(folder)


def test_the_first_run_starts_the_server_and_the_next_uses_it(kommun_copy, home):
    # tidplan: the quickest command that runs the flow (one document)
    cmd = [*CLI, "tidplan", "2026", "--utdata", "utdata"]
    first = subprocess.run(cmd, env=_env(home), capture_output=True, text=True, timeout=300)
    assert first.returncode == 0, first.stderr
    started = _record(home)
    assert _alive(started["pid"]) and started["prefect"] == local_server.version("prefect")
    # not a child of the run that started it: its parent is init (or a subreaper), and it has its own session
    assert os.getsid(started["pid"]) == started["pid"]

    second = subprocess.run([*cmd[:-1], "utdata2"], env=_env(home), capture_output=True, text=True, timeout=300)
    assert second.returncode == 0, second.stderr
    assert (kommun_copy / "utdata2" / "2026-tidplan").is_dir()
    # the record of an unchanged rerun (pipeline.write.up_to_date) is kept at reporting points only
    assert not (kommun_copy / "utdata2" / ".2026-tidplan.indata.json").exists()
    assert _record(home) == started   # the same server served the second run

    status = subprocess.run([*CLI, "server", "status"], env=_env(home), capture_output=True, text=True, timeout=60)
    assert status.returncode == 0
    assert (f"Prefects lokala server är igång på http://127.0.0.1:{started['port']}/api (pid {started['pid']}, "
            f"startad {started['startad']}") in status.stdout
    assert "Den stänger av sig själv när ingen körning har använt den på 60 s." in status.stdout

    stop = subprocess.run([*CLI, "server", "stoppa"], env=_env(home), capture_output=True, text=True, timeout=60)
    assert stop.returncode == 0
    assert stop.stdout.strip() == f"Prefects lokala server (pid {started['pid']}, startad {started['startad']}) är stoppad."
    assert _wait_gone(started["pid"], 5)
    status = subprocess.run([*CLI, "server", "status"], env=_env(home), capture_output=True, text=True, timeout=60)
    assert status.returncode == 1
    assert status.stdout.strip() == f"Prefects lokala server är inte igång (PREFECT_HOME {home}). Nästa körning startar den."


def test_the_server_stops_itself_when_idle_and_not_while_a_run_uses_it(home):
    env = _env(home, idle="1")
    script = ("import os, time; os.environ.pop('PREFECT_API_URL', None); from pipeline.flows import local_server; "
              "print(local_server.ensure_local_server(), flush=True); time.sleep(float(os.environ['HOLD']))")
    run = subprocess.Popen([sys.executable, "-c", script], env={**env, "HOLD": "6"}, stdout=subprocess.PIPE, text=True)
    url = run.stdout.readline().strip()
    pid = _record(home)["pid"]
    assert url == f"http://127.0.0.1:{_record(home)['port']}/api"
    # The run holds the usage lock: `server stoppa` refuses, and the idle watchdog leaves the server alone.
    stop = subprocess.run([*CLI, "server", "stoppa"], env=env, capture_output=True, text=True, timeout=60)
    assert stop.returncode == 1
    assert stop.stdout.strip() == "En körning använder Prefects lokala server just nu. Stoppa den när körningen är klar."
    time.sleep(4)   # more than the idle time and two watchdog rounds
    assert _alive(pid)
    run.wait(timeout=30)
    run.stdout.close()
    # The run has ended: the server stops itself and forgets its record.
    assert _wait_gone(pid, 30)
    assert not (home / "kommunrapport-server.json").exists()


def test_a_stale_record_never_signals_another_process(home, monkeypatch):
    """A record left from before a reboot may name a pid that another program has now; it is never signalled, and a
    new server is started. A server of another Prefect version (an upgrade) is stopped and replaced."""
    bystander = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)"])
    try:
        home.mkdir(parents=True)
        (home / "kommunrapport-server.json").write_text(json.dumps(
            {"pid": bystander.pid, "port": 9, "prefect": "0.0", "python": sys.executable, "startad": "2026-01-01T00:00:00"}))
        monkeypatch.setenv("PREFECT_HOME", str(home))
        monkeypatch.delenv("PREFECT_API_URL", raising=False)
        url = local_server.ensure_local_server()
        first = _record(home)
        assert first["pid"] != bystander.pid and url == f"http://127.0.0.1:{first['port']}/api"
        assert bystander.poll() is None   # untouched

        # The running server recorded as another Prefect version: stopped and replaced.
        (home / "kommunrapport-server.json").write_text(json.dumps({**first, "prefect": "0.0"}))
        local_server.ensure_local_server()
        second = _record(home)
        assert second["pid"] != first["pid"] and _wait_gone(first["pid"], 15)
        assert local_server.running_server(home) == local_server.ServerState(**second)
    finally:
        bystander.kill()
        bystander.wait()


def test_a_run_that_uses_the_server_holds_its_usage_lock(monkeypatch):
    """The session's own server (tests/conftest.py), used by this process like any run."""
    monkeypatch.delenv("PREFECT_API_URL", raising=False)
    home = local_server.prefect_home()
    local_server.ensure_local_server()
    fd = os.open(home / "kommunrapport-server.användning", os.O_RDWR)
    try:
        # this process holds it shared: another shared lock is granted, another process's exclusive one is not
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
        probe = subprocess.run([sys.executable, "-c", "import fcntl, os, sys; fd = os.open(sys.argv[1], os.O_RDWR)\n"
                                "try:\n    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB); print('fri')\n"
                                "except BlockingIOError:\n    print('upptagen')",
                                str(home / "kommunrapport-server.användning")], capture_output=True, text=True)
        assert probe.stdout.strip() == "upptagen"
    finally:
        os.close(fd)
