"""HTTP access to Kolada's v3 data endpoint: rate limit, retries with backoff, per-request timeout, paging.

`GET {bas}/v3/data/kpi/{ids}/year/{years}` (ids and years comma-separated, at most 25 of each) answers

    {"values": [{"kpi": "N15419", "municipality": "0180", "period": 2024,
                 "values": [{"gender": "T", "value": 78.1, "count": 1, "status": ""}, …]}, …],
     "count": …, "next_url": "<full URL of the next page>" or null}

What the sources say (looked up 2026; Kolada's own OpenAPI text at https://api.kolada.se/v3/docs was not
reachable from here):
- rKolada 0.3.0 (github.com/LCHansson/rKolada, commit a9fcb5a "Migrate to Kolada API v3", R/data.R, NEWS.md):
  v3 replaces v2 (shut down 2026-03-31); pages are followed through the field `next_url` until it is null or
  empty; up to 5000 rows a page (`per_page`); at most 25 elements per path segment; rows whose `isdeleted` is
  true are deleted rows and are dropped by default (`keep_deleted = FALSE`).
- Two independent v3 fetchers in public repositories also follow `next_url`; the Kolada-MCP server
  (github.com/isakskogstad/Kolada-MCP, src/config/types.ts) types the same link as `next_page`. We follow
  whichever of the two is present (`next_url` first).
- Whether `isdeleted` sits on the record or on each gender value is not documented in what we found (rKolada
  filters after unnesting, which covers both): `pipeline.kolada.fetch` honours it on either level.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from urllib.parse import urljoin

import httpx

from pipeline.read.kolada import strict_json

TIMEOUT_S = 30.0            # per request (connect, read, write each)
MAX_RETRIES = 4             # after the first attempt: 5 attempts in all
BACKOFF_S = 1.0             # 1, 2, 4, 8 s between attempts unless the server sends Retry-After
MAX_WAIT_S = 60.0           # never wait longer than this for one retry
REQUESTS_PER_SECOND = 5.0   # Kolada asks clients to be gentle; about five requests a second
PER_PAGE = 5000             # the largest page v3 serves
USER_AGENT = "kommunrapport (hamta-kolada)"


class KoladaError(Exception):
    """A fetch that failed; the message is Swedish and meant for the user."""


class Offline(KoladaError):
    """Kolada could not be reached at all (no network, DNS failure, connection refused)."""


class RequestFailed(KoladaError):
    """A request still failed after every retry; `status` is the last HTTP status (None after a timeout)."""

    def __init__(self, message: str, status: int | None):
        super().__init__(message)
        self.status = status


class RateLimiter:
    """Spaces request starts at least 1/per_second apart (one client, one thread)."""

    def __init__(self, per_second: float):
        self.interval = 1.0 / per_second if per_second > 0 else 0.0
        self._next = 0.0

    def wait(self) -> None:
        now = time.monotonic()
        if now < self._next:
            time.sleep(self._next - now)
        self._next = max(now, self._next) + self.interval


def http_client() -> httpx.Client:
    """An httpx client with the per-request timeout and a User-Agent naming us."""
    return httpx.Client(timeout=httpx.Timeout(TIMEOUT_S), follow_redirects=True,
                        headers={"User-Agent": USER_AGENT, "Accept": "application/json"})


def retry_delay(response: httpx.Response | None, attempt: int) -> float:
    """Seconds to wait before attempt `attempt + 1`: the server's Retry-After if given, else exponential backoff."""
    header = response.headers.get("Retry-After") if response is not None else None
    if header:
        header = header.strip()
        if header.isdigit():
            return min(float(header), MAX_WAIT_S)
        try:
            when = parsedate_to_datetime(header)
            return min(max((when - datetime.now(timezone.utc)).total_seconds(), 0.0), MAX_WAIT_S)
        except (TypeError, ValueError):
            pass
    return min(BACKOFF_S * 2 ** attempt, MAX_WAIT_S)


def connect_problem(exc: Exception) -> str:
    """A Swedish reason for a failed connection (httpx passes the operating system's English text)."""
    text = str(exc)
    if "refused" in text.lower():
        return "anslutningen nekades"
    if any(s in text for s in ("Name or service not known", "name resolution", "nodename nor servname", "getaddrinfo")):
        return "adressen kunde inte slås upp; datorn verkar sakna internetanslutning"
    if "unreachable" in text.lower():
        return "nätverket går inte att nå"
    return text or type(exc).__name__


def page_json(http: httpx.Client, url: str, limiter: RateLimiter) -> dict:
    """The JSON object at `url`, retried on 429, 5xx, timeouts and dropped connections; raises KoladaError."""
    status: int | None = None
    for attempt in range(MAX_RETRIES + 1):
        limiter.wait()
        response = None
        try:
            response = http.get(url, timeout=TIMEOUT_S)
        except httpx.ConnectError as exc:
            raise Offline(f"går inte att nå ({connect_problem(exc)})") from exc
        except httpx.ConnectTimeout as exc:
            raise Offline(f"svarar inte: ingen anslutning inom {TIMEOUT_S:g} s") from exc
        except (httpx.TimeoutException, httpx.RemoteProtocolError, httpx.ReadError):
            status = None
        else:
            status = response.status_code
            if status == 200:
                try:
                    doc = strict_json(response.content)
                except (ValueError, RecursionError) as exc:  # not JSON, NaN/huge numbers, or absurdly nested
                    raise RequestFailed("svaret var inte giltig JSON från Kolada", status) from exc
                if not isinstance(doc, dict) or not isinstance(doc.get("values"), list):
                    raise RequestFailed('svaret saknar listan "values"', status)
                return doc
            if status != 429 and status < 500:
                raise RequestFailed(f"Kolada svarade HTTP {status}", status)
        if attempt < MAX_RETRIES:
            time.sleep(retry_delay(response, attempt))
    attempts = MAX_RETRIES + 1
    if status is None:
        raise RequestFailed(f"inget svar inom {TIMEOUT_S:g} s (försökt {attempts} gånger)", None)
    raise RequestFailed(f"Kolada svarade HTTP {status} (försökt {attempts} gånger)", status)


def data_url(base_url: str, kpi_ids: list[str], years: list[int]) -> str:
    """First page of the v3 data endpoint for these KPIs and years, all kommuner."""
    return (f"{base_url.rstrip('/')}/v3/data/kpi/{','.join(kpi_ids)}/year/{','.join(str(y) for y in years)}"
            f"?per_page={PER_PAGE}")


def batch_records(http: httpx.Client, base_url: str, kpi_ids: list[str], years: list[int], limiter: RateLimiter,
                  on_page: Callable[[int], None] | None = None) -> list[dict]:
    """Every record (kpi, municipality, period, values) for one batch, following the next-page link to its end."""
    url: str | None = data_url(base_url, kpi_ids, years)
    records: list[dict] = []
    seen: set[str] = set()
    while url:
        if url in seen:
            raise RequestFailed("Kolada pekade tillbaka på en sida som redan hämtats", None)
        seen.add(url)
        doc = page_json(http, url, limiter)
        records.extend(doc["values"])
        if on_page is not None:
            on_page(len(seen))
        following = doc.get("next_url") or doc.get("next_page")
        url = urljoin(url, following) if following else None
    return records
