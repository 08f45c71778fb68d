"""`kommunrapport hämta-kolada` against a real local HTTP server serving recorded Kolada v3 responses.

The server (stdlib ThreadingHTTPServer on 127.0.0.1, port 0) answers each request path from a script of replies:
a list per path, taken in order, the last one repeated. The live API is never contacted.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from pipeline.kolada import client, fetch
from pipeline.config.problems import Problems
from pipeline.read.discover import RawInputs, _read_kolada_json

ROOT = Path(__file__).resolve().parents[1]
from exempel import EXEMPELKOMMUN as EXAMPLE  # noqa: E402
RESPONSES = ROOT / "tests" / "data" / "kolada_responses"
KOMMUNRAPPORT = Path(sys.executable).parent / "kommunrapport"
YEARS = [2020, 2021, 2022, 2023, 2024, 2025]
METADATA = {"källa", "api_version", "hämtad", "bas_url", "år", "kpi", "borttagna_rader", "utelämnade_områden"}


@dataclass
class Reply:
    status: int = 200
    body: str | None = None          # a file in RESPONSES, or None for a short JSON error body
    headers: dict = field(default_factory=dict)
    delay: float = 0.0


class KoladaStub:
    """A local Kolada: `script[path] = [Reply, …]`; `requests` lists the paths asked for, in order."""

    def __init__(self):
        self.script: dict[str, list[Reply]] = {}
        self.requests: list[str] = []
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                stub.requests.append(self.path)
                replies = stub.script.get(self.path)
                reply = (replies.pop(0) if len(replies) > 1 else replies[0]) if replies else Reply(404)
                time.sleep(reply.delay)
                if reply.body:
                    body = (RESPONSES / reply.body).read_text(encoding="utf-8").replace("__BASE__", stub.url)
                else:
                    body = json.dumps({"error": f"HTTP {reply.status}", "path": self.path})
                data = body.encode("utf-8")
                self.send_response(reply.status)
                for key, value in {"Content-Type": "application/json", **reply.headers}.items():
                    self.send_header(key, value)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.server.handle_error = lambda request, address: None   # a client that timed out hung up: fine
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    def first_page(self, ids: list[str]) -> str:
        return client.data_url("", ids, YEARS)


@pytest.fixture
def kolada():
    stub = KoladaStub()
    stub.thread.start()
    yield stub
    stub.server.shutdown()
    stub.server.server_close()


@pytest.fixture
def fast(monkeypatch):
    """No waiting between requests or retries, so the tests stay quick."""
    monkeypatch.setattr(client, "REQUESTS_PER_SECOND", 0.0)
    monkeypatch.setattr(client, "BACKOFF_S", 0.01)


def write_mal_workbook(path: Path, kolada_ids: list[str], egna: tuple[str, ...] = ("EGEN1",),
                       kalla: str = "Kolada") -> None:
    """A minimal mål- och indikatorbok: one KF-mål, the given Kolada indicators and own ones."""
    wb = openpyxl.Workbook()
    mal = wb.active
    mal.title = "Mål"
    mal.append(["Mål-id", "Nivå", "Överordnat mål", "Nämnd", "Målformulering", "Målområde"])
    mal.append(["KF1", "KF", None, None, "Invånarna har ett gott liv", "Välfärd"])
    ind = wb.create_sheet("Indikatorer")
    ind.append(["Indikator-id", "Namn", "Mål-id", "Källa", "Riktning"])
    for kpi in kolada_ids:
        ind.append([kpi, f"Nyckeltal {kpi}", "KF1", kalla, "Högre är bättre"])
    for own in egna:
        ind.append([own, "Egen mätning", "KF1", "Egen", "Högre är bättre"])
    wb.save(path)


@pytest.fixture
def inputs(tmp_path) -> Path:
    """tmp inputs/2026 with a mål-bok naming N15419 and U28532 (Kolada) and EGEN1 (own)."""
    folder = tmp_path / "inputs" / "2026"
    folder.mkdir(parents=True)
    write_mal_workbook(folder / "Mål och indikatorer 2026.xlsx", ["U28532", "N15419"])
    return tmp_path / "inputs"


def read_back(path: Path) -> tuple[dict, RawInputs]:
    """The written file through the project's own Kolada JSON reader: (document, raw) with no problems."""
    raw, problems = RawInputs(), Problems()
    _read_kolada_json(path, raw, problems)
    assert not problems, problems.items
    return json.loads(path.read_text(encoding="utf-8")), raw


def run_cli(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "COLUMNS": "200", "NO_COLOR": "1"}
    return subprocess.run([str(KOMMUNRAPPORT), *args], cwd=EXAMPLE, capture_output=True, text=True, env=env, timeout=60)


@dataclass
class Invoked:
    exit_code: int
    stdout: str
    stderr: str         # whitespace collapsed: rich wraps long lines at the runner's width


def invoke(*args: str) -> Invoked:
    from pipeline.cli import app

    result = CliRunner().invoke(app, list(args))
    return Invoked(result.exit_code, " ".join(result.stdout.split()), " ".join(result.stderr.split()))


def test_success_follows_paging_drops_deleted_rows_and_replaces_the_file(kolada, inputs):
    kolada.script[kolada.first_page(["N15419", "U28532"])] = [Reply(body="paging_page1.json")]
    kolada.script["/v3/data/kpi/N15419,U28532/year/2020,2021,2022,2023,2024,2025?page=2&per_page=5000"] = [
        Reply(body="paging_page2.json")]
    target = inputs / "2026" / "Kolada 2026.json"
    target.write_text('{"values": []}', encoding="utf-8")

    done = run_cli("hämta-kolada", "--indata", str(inputs), "--bas-url", kolada.url, "2026")

    assert done.returncode == 0, done.stdout + done.stderr
    assert len(kolada.requests) == 2 and "EGEN1" not in "".join(kolada.requests)
    doc, raw = read_back(target)
    assert METADATA <= doc.keys()
    assert doc["källa"] == "Kolada (RKA), https://api.kolada.se" and doc["api_version"] == "v3"
    assert doc["hämtad"].endswith("+00:00") and doc["år"] == YEARS and doc["kpi"] == ["N15419", "U28532"]
    assert doc["borttagna_rader"] == {"U28532": 2} and doc["utelämnade_områden"] == 1
    frame = raw.kolada[0].frame
    assert len(frame) == 17                                     # 12 on page 1, 3 + 1 + 1 kept on page 2
    assert frame["varde"].isna().sum() == 3                     # Missing stays missing
    assert 57.0 not in set(frame["varde"]) and 60.0 not in set(frame["varde"])   # deleted rows are gone
    assert "0001" not in set(frame["kommun"])
    assert "Skrev" in done.stdout and "17 värden" in done.stdout
    assert "Borttagna rader (markerade som raderade i Kolada): 2 (U28532 2)" in done.stdout
    assert "Inga värden för kommunens egen kod 0999" in done.stdout
    assert not [p for p in target.parent.iterdir() if p.name.startswith(".")]   # no temporary file left


def test_offline_fails_in_swedish_and_writes_nothing(inputs):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    done = run_cli("hämta-kolada", "--indata", str(inputs), "--bas-url", f"http://127.0.0.1:{port}", "2026")
    assert done.returncode == 1
    assert "går inte att nå (anslutningen nekades)" in done.stderr and "Kontrollera nätverksanslutningen" in done.stderr
    assert "Ingen fil skrevs" in done.stderr
    assert not (inputs / "2026" / "Kolada 2026.json").exists()


def test_next_page_spelling_is_followed_too(kolada, inputs, fast):
    kolada.script[kolada.first_page(["N15419", "U28532"])] = [Reply(body="paging_page1_next_page.json")]
    kolada.script["/v3/data/kpi/N15419,U28532/year/2020,2021,2022,2023,2024,2025?page=2&per_page=5000"] = [
        Reply(body="paging_page2.json")]
    result = invoke("hämta-kolada", "--indata", str(inputs), "--bas-url", kolada.url, "2026")
    assert result.exit_code == 0, result.stdout + result.stderr
    assert len(read_back(inputs / "2026" / "Kolada 2026.json")[1].kolada[0].frame) == 17


@pytest.mark.parametrize("first", [Reply(429, headers={"Retry-After": "0"}), Reply(500), Reply(503)],
                         ids=["429-retry-after-0", "500", "503"])
def test_retried_after_429_or_5xx_then_succeeds(kolada, tmp_path, fast, first):
    folder = tmp_path / "inputs" / "2026"
    folder.mkdir(parents=True)
    write_mal_workbook(folder / "mal.xlsx", ["N15505"])
    path = kolada.first_page(["N15505"])
    kolada.script[path] = [first, Reply(body="one_page.json")]
    result = invoke("hämta-kolada", "--indata", str(tmp_path / "inputs"), "--bas-url", kolada.url, "2026")
    assert result.exit_code == 0, result.stdout + result.stderr
    assert kolada.requests == [path, path]
    assert len(read_back(folder / "Kolada 2026.json")[1].kolada[0].frame) == 2


def test_more_ids_than_a_batch_are_split(kolada, tmp_path, fast, monkeypatch):
    monkeypatch.setattr(fetch, "BATCH_SIZE", 2)
    folder = tmp_path / "inputs" / "2026"
    folder.mkdir(parents=True)
    write_mal_workbook(folder / "mal.xlsx", ["N15505", "N15419", "U28532"])
    kolada.script[kolada.first_page(["N15419", "N15505"])] = [Reply(body="paging_page1.json")]
    kolada.script["/v3/data/kpi/N15419,U28532/year/2020,2021,2022,2023,2024,2025?page=2&per_page=5000"] = [
        Reply(body="paging_page2.json")]
    kolada.script[kolada.first_page(["U28532"])] = [Reply(body="one_page.json")]
    result = invoke("hämta-kolada", "--indata", str(tmp_path / "inputs"), "--bas-url", kolada.url, "2026")
    assert result.exit_code == 0, result.stdout + result.stderr
    assert kolada.requests[0] == kolada.first_page(["N15419", "N15505"])
    assert kolada.requests[2] == kolada.first_page(["U28532"])
    assert len(read_back(folder / "Kolada 2026.json")[1].kolada[0].frame) == 17 + 2


def test_a_batch_failing_after_retries_fails_all_and_writes_nothing(kolada, tmp_path, fast, monkeypatch):
    monkeypatch.setattr(fetch, "BATCH_SIZE", 1)
    monkeypatch.setattr(client, "MAX_RETRIES", 2)
    folder = tmp_path / "inputs" / "2026"
    folder.mkdir(parents=True)
    write_mal_workbook(folder / "mal.xlsx", ["N15505", "U28532"])
    kolada.script[kolada.first_page(["N15505"])] = [Reply(body="one_page.json")]
    kolada.script[kolada.first_page(["U28532"])] = [Reply(502)]
    result = invoke("hämta-kolada", "--indata", str(tmp_path / "inputs"), "--bas-url", kolada.url, "2026")
    assert result.exit_code == 1
    assert "Hämtningen av nyckeltalen U28532" in result.stderr and "HTTP 502 (försökt 3 gånger)" in result.stderr
    assert "Ingen fil skrevs" in result.stderr
    assert sorted(p.name for p in folder.iterdir()) == ["mal.xlsx"]


def test_timeout_fails_and_leaves_an_existing_file_untouched(kolada, inputs, fast, monkeypatch):
    monkeypatch.setattr(client, "TIMEOUT_S", 0.2)
    monkeypatch.setattr(client, "MAX_RETRIES", 1)
    kolada.script[kolada.first_page(["N15419", "U28532"])] = [Reply(body="paging_page1.json", delay=1.0)]
    existing = inputs / "2026" / "Kolada 2026.json"
    existing.write_text('{"values": [], "hämtad": "förra gången"}', encoding="utf-8")
    before = existing.read_bytes()
    result = invoke("hämta-kolada", "--indata", str(inputs), "--bas-url", kolada.url, "2026")
    assert result.exit_code == 1
    assert "N15419, U28532" in result.stderr and "inget svar inom 0.2 s (försökt 2 gånger)" in result.stderr
    assert existing.read_bytes() == before
    assert sorted(p.name for p in existing.parent.iterdir()) == ["Kolada 2026.json", "Mål och indikatorer 2026.xlsx"]


def test_problems_in_the_indikatorer_sheet_are_reported_like_validera(kolada, tmp_path):
    folder = tmp_path / "inputs" / "2026"
    folder.mkdir(parents=True)
    write_mal_workbook(folder / "mal.xlsx", ["N1541"], kalla="Kolada")
    result = invoke("hämta-kolada", "--indata", str(tmp_path / "inputs"), "--bas-url", kolada.url, "2026")
    assert result.exit_code == 1
    assert "fel i indata" in result.stderr and "blad Indikatorer, rad 2" in result.stderr
    assert "N1541 har Källa Kolada men är inget Kolada-id" in result.stderr
    assert kolada.requests == []


def test_no_indikatorer_workbook_and_bad_url(tmp_path):
    (tmp_path / "inputs" / "2026").mkdir(parents=True)
    result = invoke("hämta-kolada", "--indata", str(tmp_path / "inputs"), "2026")
    assert result.exit_code == 1 and "Ingen arbetsbok med bladet Indikatorer" in result.stderr
    result = invoke("hämta-kolada", "--indata", str(tmp_path / "inputs"), "--bas-url", "api.kolada.se", "2026")
    assert result.exit_code == 2 and "--bas-url" in result.stderr


def test_retry_delay_honours_retry_after_and_backs_off():
    import httpx

    assert client.retry_delay(httpx.Response(429, headers={"Retry-After": "3"}), 0) == 3.0
    assert client.retry_delay(httpx.Response(429, headers={"Retry-After": "Wed, 21 Oct 2015 07:28:00 GMT"}), 0) == 0.0
    assert [client.retry_delay(httpx.Response(500), n) for n in range(3)] == [1.0, 2.0, 4.0]
    assert client.retry_delay(None, 10) == client.MAX_WAIT_S


def test_connection_problems_are_explained_in_swedish():
    assert client.connect_problem(OSError("[Errno -2] Name or service not known")).startswith("adressen kunde inte slås upp")
    assert client.connect_problem(OSError("[Errno 111] Connection refused")) == "anslutningen nekades"


def test_rate_limiter_spaces_requests():
    limiter = client.RateLimiter(20.0)
    started = time.monotonic()
    for _ in range(5):
        limiter.wait()
    assert time.monotonic() - started >= 4 * 0.05 * 0.95
