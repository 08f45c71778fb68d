"""Server mode (issue "Run it as a service"): a real PostgreSQL, Prefect's server on it and two process workers,
started by `kommunrapport server starta` and stopped by `server stoppa`; reporting points run through the server
with `kör --server` write the same bytes as the embedded run; bad input fails with the Swedish problems and writes
nothing; two runs of one reporting point never write at once; a worker killed mid-run does not stop the run, and a
run whose own process is killed is run again by the service; the run history survives a restart of the service.
Several machines: tests/test_flera_datorer.py."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import threading
import time
from pathlib import Path

import pytest

from exempel import KOLADA_DDF
from service_helpers import api as _api, cli as _cli, cli_started as _cli_started, files as _files, \
    flow_runs as _flow_runs, kommun as _kommun, needs_postgres, record as _record
from pipeline.flows.lifeline import gone

pytestmark = [needs_postgres, pytest.mark.long]


@pytest.fixture(scope="module")
def service(tmp_path_factory):
    """The service in a drift folder of its own: (folder, API URL). Stopped at the end, and nothing of it left
    running; its PostgreSQL data directory is removed."""
    folder = tmp_path_factory.mktemp("drift")
    started = _cli("server", "starta", "--mapp", str(folder), "--arbetare", "2")
    assert started.returncode == 0, started.stdout + started.stderr
    record = _record(folder)
    url = f"http://{record['host']}:{record['port']}/api"
    assert f"Tjänsten är igång: Prefects server {url}" in started.stdout
    assert "2 arbetare i arbetspoolen kommunrapport" in started.stdout
    try:
        yield folder, url
    finally:
        record = _record(folder)
        stopped = _cli("server", "stoppa", "--mapp", str(folder), "--radera")
        pids = [record["server"]["pid"], *(w["pid"] for w in record["workers"])]
        data = Path(record["postgres_data"])
        # what `stoppa --radera` reports and leaves: every process ended, the database and the record gone
        assert f"Tjänsten i {folder} är stoppad och raderad" in stopped.stdout, stopped.stdout + stopped.stderr
        assert all(gone(pid) for pid in pids)
        assert not data.exists() and not (folder / "drift.json").exists()


def test_status_names_every_part(service):
    folder, url = service
    status = _cli("server", "status", "--mapp", str(folder))
    assert status.returncode == 0
    assert f"Prefects server {url} igång, PostgreSQL igång" in status.stdout
    assert "2 av 2 arbetare igång" in status.stdout
    assert 'Automationen "kommunrapport: gör om kraschade körningar" är på.' in status.stdout.splitlines()
    # the database is PostgreSQL with pg_trgm, and Prefect's schema lives in it
    record = _record(folder)
    from pipeline.drift import postgres

    cluster = postgres.Cluster(data=Path(record["postgres_data"]), port=record["postgres_port"],
                               password=record["postgres_password"], os_user=record["postgres_user"])
    assert postgres._psql(cluster, "prefect", "SELECT extname FROM pg_extension WHERE extname = 'pg_trgm'") == "pg_trgm"
    assert int(postgres._psql(cluster, "prefect", "SELECT count(*) FROM deployment")) == 9
    assert oct((folder / "drift.json").stat().st_mode & 0o777) == "0o600"   # it holds the database password


def test_a_tertial_through_the_server_writes_what_the_embedded_run_writes_and_one_writer_at_a_time(
        service, demo_runs, tmp_path):
    """Two runs of the same reporting point submitted at once: the workers ask for runs every 2 s and a run takes
    about 10 s, so both start while the other runs. One writes (the same bytes as the embedded run), the other is
    refused at the output folder's lock with the first one named. The one that writes renders its documents in two
    parts, runs of the deployment rendera that the workers take (--fördela 2)."""
    _, url = service
    kommun = _kommun(tmp_path)
    results: list[subprocess.CompletedProcess] = []
    threads = [threading.Thread(target=lambda: results.append(
        _cli("kör", "2026", "tertial", "--tillåt-saknade", "--server", url, "--fördela", "2", cwd=kommun)))
        for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(r.returncode for r in results) == [0, 1], [r.stdout + r.stderr for r in results]
    run = next(r for r in results if r.returncode == 0)
    refused = next(r for r in results if r.returncode == 1)
    assert "En annan körning (pid" in refused.stderr and "skriver redan till" in refused.stderr, refused.stderr
    lines = run.stdout.splitlines()
    assert lines[0].startswith("Körningen ") and f"är lagd i kö på {url}" in lines[0]
    assert "  Läser indata" in lines and any(line.startswith("  Renderar dokument: 18/18") for line in lines)
    assert "Exempelkommun – Tertialrapport 1 2026 (januari–april 2026)" in run.stdout   # the summary, from the artifact
    assert "Beginning flow run" not in run.stdout                                       # Prefect's own lines are not shown
    assert _files(kommun / "outputs" / "2026-tertial") == _files(demo_runs[0])
    _assert_complete(kommun / "outputs" / "2026-tertial")
    parts = [r for r in _flow_runs(url) if "uppdrag" in r["parameters"]]
    assert len(parts) == 2 and all(r["state_type"] == "COMPLETED" for r in parts)
    assert not (kommun / "outputs" / ".2026-tertial.rendering").exists()   # the parts' folder is removed


def _children(pid: int) -> list[int]:
    """The processes whose parent is `pid` (started by any of its threads: the worker starts flow runs from one)."""
    out = []
    for task in Path(f"/proc/{pid}/task").glob("*/children"):
        try:
            out += [int(c) for c in task.read_text().split()]
        except OSError:
            continue
    return out


def _running_flow(folder: Path) -> tuple[int, int] | None:
    """(worker pid, pid of the flow-run process it started) for a worker running a flow, or None."""
    for worker in _record(folder)["workers"]:
        children = _children(worker["pid"])
        if children:
            return worker["pid"], children[0]
    return None


def test_a_run_whose_process_is_killed_is_run_again_and_writes_what_the_embedded_run_writes(
        service, demo_runs, tmp_path):
    """The flow-run process (not its worker) is SIGKILLed while the tertial runs: the worker reports the run Crashed,
    the service's automation schedules it again, a worker runs it from the start, and the output folder is the
    embedded run's, byte for byte, with nothing left half-written beside it."""
    folder, url = service
    kommun = _kommun(tmp_path)
    follow = _cli_started("kör", "2026", "tertial", "--tillåt-saknade", "--server", url, cwd=kommun)
    deadline = time.monotonic() + 120
    victim = None
    while victim is None and time.monotonic() < deadline:
        if any(r["state_type"] == "RUNNING" and r["parameters"].get("mapp") == str(kommun) for r in _flow_runs(url)):
            victim = (_running_flow(folder) or (None, None))[1]
        time.sleep(0.2)
    assert victim is not None, "ingen arbetare körde tertialen"
    time.sleep(2)   # mid-run: reading, modelling or rendering
    os.kill(victim, signal.SIGKILL)
    out, err = follow.communicate(timeout=300)
    assert follow.returncode == 0, out + err
    assert "Körningens process dog; tjänsten gör om körningen." in err
    assert "  Körningen kraschade och görs om (försök 2 av 3)." in out.splitlines()
    run = next(r for r in _flow_runs(url) if r["parameters"].get("mapp") == str(kommun))
    assert run["state_type"] == "COMPLETED" and run["run_count"] == 2
    target = kommun / "outputs" / "2026-tertial"
    assert _files(target) == _files(demo_runs[0])
    _assert_complete(target)
    assert sorted(p.name for p in target.parent.iterdir()) == ["2026-tertial"]   # no .tmp-, .old- or lock left


def test_bad_input_through_the_server_names_the_problem_and_writes_nothing(service, tmp_path):
    _, url = service
    kommun = _kommun(tmp_path)
    (kommun / "inputs" / "2026" / "tertial" / "Rapportunderlag KFN T1 2026.xlsx").write_text("inte excel")
    run = _cli("kör", "2026", "tertial", "--server", url, cwd=kommun)
    assert run.returncode == 1
    assert "1 fel i indata (1 filer). Inga dokument skrevs." in run.stderr
    assert ("inputs/2026/tertial/Rapportunderlag KFN T1 2026.xlsx: Filen är trasig och går inte att öppna som "
            "Excel-arbetsbok") in run.stderr
    assert "slutade som Failed" in run.stderr
    assert not (kommun / "outputs").exists()


def _assert_complete(target: Path) -> None:
    """The output folder holds exactly its manifest's files, each with the manifest's sha256: no partial or
    duplicate document."""
    import hashlib

    manifest = json.loads((target / "manifest.json").read_text(encoding="utf-8"))
    files = _files(target)
    assert set(files) - {"manifest.json"} == {entry["fil"] for entry in manifest["utdata"]}
    for entry in manifest["utdata"]:
        assert hashlib.sha256(files[entry["fil"]]).hexdigest() == entry["sha256"], entry["fil"]


def test_the_inkorg_through_the_server_reviews_copies_and_shows_the_status(service, tmp_path):
    _, url = service
    kommun = _kommun(tmp_path)
    inbox = kommun / "inkorg" / "2026" / "tertial"
    inbox.mkdir(parents=True)
    (kommun / "inputs" / "2026" / "tertial" / "Rapportunderlag SN T1 2026.xlsx").rename(
        inbox / "Rapportunderlag SN T1 2026.xlsx")
    (inbox / "Rapportunderlag KFN T1 2026.xlsx").write_text("inte en arbetsbok")
    past = time.time() - 60
    for f in inbox.iterdir():
        os.utime(f, (past, past))
    once = _cli("bevaka", "2026", "tertial", "--en-gång", "--server", url, cwd=kommun)
    assert once.returncode == 0, once.stdout + once.stderr
    assert "Rapportunderlag KFN T1 2026.xlsx: 1 fel." in once.stdout
    assert "Rapportunderlag SN T1 2026.xlsx: Godkänd. Filen är kopierad till indata" in once.stdout
    assert (inbox / "Rapportunderlag KFN T1 2026 – granskning.html").is_file()
    assert (kommun / "inputs" / "2026" / "tertial" / "Rapportunderlag SN T1 2026.xlsx").is_file()
    # the inlämningsstatus is a table on the server
    tables = _api(url, "/artifacts/filter", {"artifacts": {"key": {"any_": ["inlamning-2026-tertial"]}},
                                             "limit": 5, "offset": 0, "sort": "CREATED_DESC"})
    rows = json.loads(tables[0]["data"]) if isinstance(tables[0]["data"], str) else tables[0]["data"]
    sn = next(r for r in rows if r["Nämnd"] == "SN")
    assert sn["Status"] == "Godkänt" and sn["Fil"] == "Rapportunderlag SN T1 2026.xlsx"
    assert next(r for r in rows if r["Nämnd"] == "KFN")["Status"] == "Saknas"
    # every 300 s from now on: a schedule of the inkorg deployment with this point's parameters
    scheduled = _cli("bevaka", "2026", "tertial", "--intervall", "300", "--server", url, cwd=kommun)
    assert scheduled.returncode == 0, scheduled.stderr
    deployment = _api(url, "/deployments/filter", {"deployments": {"name": {"any_": ["kommunrapport"]}},
                                                   "flows": {"name": {"any_": ["inkorg"]}}, "limit": 5, "offset": 0})
    schedules = [x for x in deployment[0]["schedules"] if x["slug"] == "inkorg-2026-tertial"]
    assert len(schedules) == 1 and schedules[0]["schedule"]["interval"] == 300.0
    assert schedules[0]["parameters"]["mapp"] == str(kommun)


def _kill_a_worker_running_a_flow(folder: Path) -> int | None:
    """SIGKILL (no goodbye) to a worker whose flow-run process is running; its pid, or None."""
    running = _running_flow(folder)
    if running is not None:
        os.kill(running[0], signal.SIGKILL)
    return None if running is None else running[0]


def test_the_national_batch_fans_out_and_survives_a_worker_killed_mid_render(service, national_batch, tmp_path):
    """Ten kommuner in chunks of five: two runs of jamforelse-del, one per worker. A worker is killed while a chunk
    renders; the run completes anyway and the folder is the local batch's (a separate run), byte for byte."""
    folder, url = service
    dump = KOLADA_DDF
    follow = _cli_started("jämförelse", "2022", "--data", str(dump), "--kommuner",
                          "0114,0115,0117,0120,0123,0125,0126,0127,0128,0580", "--datum", "2026-12-05", "--utdata",
                          str(tmp_path), "--server", url, "--delstorlek", "5")
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if any(r["parameters"].get("delmapp") and r["state_type"] == "RUNNING" for r in _flow_runs(url)):
            break
        time.sleep(0.2)
    killed = _kill_a_worker_running_a_flow(folder)
    assert killed is not None, "ingen arbetare körde en del"
    out, err = follow.communicate(timeout=300)
    assert follow.returncode == 0, out + err
    assert "10 kommuner i 2 delar om högst 5" in out and "Renderar jämförelserapporter: 2/2 delar" in out
    assert "Jämförelserapporter 2022: 10 kommuner" in out
    assert _files(tmp_path / "jamforelse-2022") == _files(national_batch[0])
    assert not (tmp_path / ".jamforelse-2022.delar").exists()   # the chunks are gathered and removed
    status = _cli("server", "status", "--mapp", str(folder))
    assert "1 av 2 arbetare igång" in status.stdout


def test_the_run_history_survives_a_restart(service):
    folder, url = service
    before = {r["id"] for r in _flow_runs(url)}
    assert before
    assert _cli("server", "stoppa", "--mapp", str(folder)).returncode == 0
    again = _cli("server", "starta", "--mapp", str(folder), "--arbetare", "2")
    assert again.returncode == 0, again.stdout + again.stderr
    assert f"Prefects server {url}" in again.stdout   # the same address as before
    assert before <= {r["id"] for r in _flow_runs(url)}


def test_a_database_whose_record_is_gone_is_named_and_left_alone(tmp_path):
    """The drift folder emptied (drift.json held the database's password) but the database is still there: `server
    starta` says where it is and what to do, and neither opens nor overwrites it."""
    from pipeline.drift import postgres

    folder = tmp_path / "drift"
    data = postgres.data_directory(folder, postgres.system_user())
    data.mkdir(parents=True)
    (data / "PG_VERSION").write_text("15\n")
    try:
        started = _cli("server", "starta", "--mapp", str(folder))
        assert started.returncode == 1
        assert (f"Det finns redan en databas för {folder} i {data}, men ingen drift.json med dess lösenord (mappen "
                "har tömts eller flyttats).") in started.stderr, started.stderr
        assert sorted(p.name for p in data.iterdir()) == ["PG_VERSION"]
        assert not (folder / "drift.json").exists()
    finally:
        shutil.rmtree(data)
