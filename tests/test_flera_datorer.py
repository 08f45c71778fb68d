"""Several machines (README, "Drift", Flera datorer): the server on one machine, started with `--värd` and no
workers of its own, and a worker on another started with the README's command. The other machine is a network
namespace of its own (`ip netns`: its own interfaces and loopback, joined to this one by a virtual cable), so the
worker reaches the server over the network only; the kommun's folders are at the same paths on both, as the README
asks of a shared folder. A tertial submitted to the server is run by that worker and writes, byte for byte, what the
embedded run writes."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys

import pytest

from service_helpers import api, cli, files, flow_runs, kommun, needs_postgres, record

NAME = f"kr{os.getpid() % 100000}"                 # the namespace; its cable's ends are NAME-a and NAME-b
NET = f"10.213.{os.getpid() % 250 + 1}"           # the cable's /30: NET.1 this machine, NET.2 the other


def _namespaces_possible() -> bool:
    return os.geteuid() == 0 and shutil.which("ip") is not None


pytestmark = [needs_postgres, pytest.mark.long, pytest.mark.skipif(
    not _namespaces_possible() and not os.environ.get("CI"),
    reason="En andra dator efterliknas med ip netns, som kräver root (CI kör som root)")]


def _ip(*args: str, inside: bool = False) -> None:
    prefix = ["ip", "netns", "exec", NAME] if inside else []
    subprocess.run([*prefix, "ip", *args], check=True, capture_output=True, text=True)


def _reach(url: str) -> str:
    """What the other machine gets from `url` (Prefect's health check), or the error it meets."""
    probe = subprocess.run(["ip", "netns", "exec", NAME, sys.executable, "-c",
                            "import sys, urllib.request\ntry:\n"
                            f"    print(urllib.request.urlopen('{url}', timeout=5).read().decode())\n"
                            "except OSError as exc:\n    print(type(exc).__name__)"],
                           capture_output=True, text=True, timeout=60)
    return probe.stdout.strip()


@pytest.fixture(scope="module")
def two_machines(tmp_path_factory):
    """(the server's API URL, its address on this machine's loopback): the service in a folder of its own on this
    machine, listening on NET.1 only, and one worker on the other machine. Everything is stopped and removed at the
    end: the worker, the service with its database, the cable and the namespace."""
    _ip("netns", "add", NAME)
    worker = None
    folder = tmp_path_factory.mktemp("server")
    try:
        _ip("link", "add", f"{NAME}-a", "type", "veth", "peer", "name", f"{NAME}-b")
        _ip("link", "set", f"{NAME}-b", "netns", NAME)
        _ip("addr", "add", f"{NET}.1/30", "dev", f"{NAME}-a")
        _ip("link", "set", f"{NAME}-a", "up")
        _ip("addr", "add", f"{NET}.2/30", "dev", f"{NAME}-b", inside=True)
        _ip("link", "set", f"{NAME}-b", "up", inside=True)
        _ip("link", "set", "lo", "up", inside=True)
        started = cli("server", "starta", "--mapp", str(folder), "--arbetare", "0", "--värd", f"{NET}.1")
        assert started.returncode == 0, started.stdout + started.stderr
        assert "0 arbetare i arbetspoolen kommunrapport" in started.stdout
        port = record(folder)["port"]
        url = f"http://{NET}.1:{port}/api"
        # what to start on the other machines, with this server's address
        assert f"  PREFECT_API_URL={url} prefect worker start --pool kommunrapport --type process" in \
            started.stdout.splitlines()
        # the README's command on the other machine, in an environment of its own (a home of its own, none of this
        # machine's Prefect settings); the worker's query interval shortened, as the service's own workers'
        home = folder / "annan-dator"
        home.mkdir()
        env = {"PATH": os.environ["PATH"], "HOME": str(home), "LANG": "C.UTF-8", "PREFECT_API_URL": url,
               "PREFECT_WORKER_QUERY_SECONDS": "2"}
        with (home / "arbetare.log").open("w") as log:
            worker = subprocess.Popen(["ip", "netns", "exec", NAME, sys.executable, "-m", "prefect", "worker", "start",
                                       "--pool", "kommunrapport", "--type", "process", "--name", "annan-dator"],
                                      stdout=log, stderr=subprocess.STDOUT, env=env, start_new_session=True)
        yield url, f"http://127.0.0.1:{port}/api"
    finally:
        if worker is not None:
            os.killpg(worker.pid, signal.SIGTERM)
            try:
                worker.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(worker.pid, signal.SIGKILL)
                worker.wait()
        if (folder / "drift.json").exists():
            stopped = cli("server", "stoppa", "--mapp", str(folder), "--radera")
            assert stopped.returncode == 0, stopped.stdout + stopped.stderr
        subprocess.run(["ip", "link", "del", f"{NAME}-a"], capture_output=True)
        _ip("netns", "del", NAME)


def test_a_worker_on_another_machine_runs_the_tertial_the_server_was_given(two_machines, demo_runs, tmp_path):
    url, loopback = two_machines
    # the other machine reaches the server over the cable, and this machine's loopback is not its own
    assert _reach(f"{url}/health") == "true"
    assert _reach(f"{loopback}/health") == "URLError"
    folder = kommun(tmp_path)
    run = cli("kör", "2026", "tertial", "--tillåt-saknade", "--server", url, cwd=folder)
    assert run.returncode == 0, run.stdout + run.stderr
    assert any(line.startswith("  Renderar dokument: 18/18") for line in run.stdout.splitlines()), run.stdout
    assert files(folder / "outputs" / "2026-tertial") == files(demo_runs[0])
    # the server has no worker of its own: the run was the other machine's
    done = next(r for r in flow_runs(url) if r["parameters"].get("mapp") == str(folder))
    assert done["state_type"] == "COMPLETED" and done["work_pool_name"] == "kommunrapport"
    workers = api(url, "/work_pools/kommunrapport/workers/filter", {})
    assert [w["name"] for w in workers] == ["annan-dator"]
