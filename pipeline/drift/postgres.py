"""A PostgreSQL cluster of the program's own for Prefect's server: created with initdb, started and stopped with
pg_ctl, from the PostgreSQL that the machine has (Debian's package `postgresql`, 14 or newer, with pg_trgm).

The cluster listens on 127.0.0.1 (or the host given) with password authentication (scram-sha-256) for one role,
`kommunrapport`, its superuser; the password is generated once and kept in the drift folder's record (mode 0600).
PostgreSQL never runs as root: when the program does (a server's service account, CI), the cluster belongs to the
system user `postgres` and its data directory lies under that user's home (a root-owned folder is not theirs to
enter).
"""

from __future__ import annotations

import glob
import hashlib
import os
import re
import secrets
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

MIN_MAJOR = 14
ROLE = "kommunrapport"
DATABASE = "prefect"
START_TIMEOUT_S = 120


class PostgresError(RuntimeError):
    """PostgreSQL is missing, too old or failed; str() is the Swedish message."""


@dataclass(frozen=True)
class Cluster:
    data: Path                 # the data directory
    port: int
    password: str
    host: str = "127.0.0.1"
    os_user: str | None = None  # the system user that runs PostgreSQL, when this program runs as root

    @property
    def log(self) -> Path:
        return self.data.with_name(self.data.name + ".log")

    def url(self, database: str = DATABASE, host: str | None = None) -> str:
        """The SQLAlchemy URL Prefect's server takes (PREFECT_API_DATABASE_CONNECTION_URL)."""
        return f"postgresql+asyncpg://{ROLE}:{self.password}@{host or self.host}:{self.port}/{database}"


def binary(name: str) -> str:
    """A PostgreSQL program: on PATH, else the newest under /usr/lib/postgresql/N/bin (Debian keeps them there)."""
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"),
                        key=lambda p: int(re.search(r"/(\d+)/bin/", p).group(1)))
    if candidates:
        return candidates[-1]
    raise PostgresError(f"PostgreSQL saknas ({name} finns inte). Installera PostgreSQL {MIN_MAJOR} eller senare, "
                        "t.ex. Debians paket postgresql (apt-get install postgresql), och försök igen.")


def major_version() -> int:
    out = subprocess.run([binary("postgres"), "--version"], capture_output=True, text=True, check=True).stdout
    match = re.search(r"(\d+)(?:\.\d+)?", out)
    if match is None:
        raise PostgresError(f"Kunde inte läsa PostgreSQL:s version ur '{out.strip()}'.")
    major = int(match.group(1))
    if major < MIN_MAJOR:
        raise PostgresError(f"PostgreSQL {major} är för gammal: Prefects server behöver {MIN_MAJOR} eller senare.")
    return major


def system_user() -> str | None:
    """The user PostgreSQL runs as: this one, or `postgres` when this program runs as root."""
    if os.name == "nt" or os.geteuid() != 0:
        return None
    import pwd

    try:
        pwd.getpwnam("postgres")
    except KeyError:
        raise PostgresError("PostgreSQL kan inte köras som root, och systemanvändaren postgres finns inte. Kör som en "
                            "vanlig användare eller installera Debians paket postgresql.") from None
    return "postgres"


def data_directory(drift: Path, os_user: str | None) -> Path:
    """The data directory for the drift folder `drift`: inside it, or under postgres's home when run as root."""
    if os_user is None:
        return drift / "postgres"
    import pwd

    tag = hashlib.sha256(str(drift.resolve()).encode()).hexdigest()[:12]
    return Path(pwd.getpwnam(os_user).pw_dir) / "kommunrapport" / tag


def new_cluster(drift: Path, port: int, host: str = "127.0.0.1") -> Cluster:
    os_user = system_user()
    return Cluster(data=data_directory(drift, os_user), port=port, password=secrets.token_urlsafe(24), host=host,
                   os_user=os_user)


def _run(cluster: Cluster, args: list[str], **kwargs) -> subprocess.CompletedProcess:
    """A PostgreSQL program as the cluster's system user; its error output becomes a Swedish PostgresError."""
    env = {**os.environ, "PGPASSWORD": cluster.password, "LC_ALL": "C.UTF-8", "LANG": "C.UTF-8"}
    user = {"user": cluster.os_user, "group": _group(cluster.os_user)} if cluster.os_user else {}
    done = subprocess.run(args, capture_output=True, text=True, env=env, cwd=cluster.data.parent, **user, **kwargs)
    if done.returncode != 0 and kwargs.get("check", True) is not False:
        raise PostgresError(f"PostgreSQL: {Path(args[0]).name} misslyckades (kod {done.returncode}): "
                            f"{(done.stderr or done.stdout).strip()[-600:]} (logg: {cluster.log})")
    return done


def _group(user: str) -> int:
    import pwd

    return pwd.getpwnam(user).pw_gid


def _own(path: Path, cluster: Cluster) -> None:
    if cluster.os_user:
        import pwd

        entry = pwd.getpwnam(cluster.os_user)
        os.chown(path, entry.pw_uid, entry.pw_gid)


def initialise(cluster: Cluster) -> bool:
    """Create the cluster unless it exists (PG_VERSION in the data directory); whether it was created."""
    major_version()
    if (cluster.data / "PG_VERSION").is_file():
        return False
    cluster.data.parent.mkdir(parents=True, exist_ok=True)
    _own(cluster.data.parent, cluster)
    password_file = cluster.data.parent / f".{cluster.data.name}.lösenord"
    fd = os.open(password_file, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.write(cluster.password + "\n")
    _own(password_file, cluster)
    try:
        _run(cluster, [binary("initdb"), "-D", str(cluster.data), "-U", ROLE, "--auth=scram-sha-256",
                       f"--pwfile={password_file}", "-E", "UTF8", "--no-locale"])
    finally:
        password_file.unlink(missing_ok=True)
    return True


def running(cluster: Cluster) -> bool:
    if not (cluster.data / "PG_VERSION").is_file():
        return False
    return _run(cluster, [binary("pg_ctl"), "status", "-D", str(cluster.data)], check=False).returncode == 0


def start(cluster: Cluster) -> None:
    """Start the cluster (pg_ctl waits until it accepts connections) unless it runs; then the database `prefect`
    with pg_trgm, which Prefect's server needs."""
    if not running(cluster):
        options = f"-p {cluster.port} -c listen_addresses={cluster.host} -k {cluster.data}"
        _run(cluster, [binary("pg_ctl"), "start", "-D", str(cluster.data), "-l", str(cluster.log), "-w",
                       "-t", str(START_TIMEOUT_S), "-o", options], timeout=START_TIMEOUT_S + 30)
    _ensure_database(cluster)


def _psql(cluster: Cluster, database: str, sql: str) -> str:
    return _run(cluster, [binary("psql"), "-X", "-q", "-t", "-A", "-v", "ON_ERROR_STOP=1", "-h", cluster.host, "-p",
                          str(cluster.port), "-U", ROLE, "-d", database, "-c", sql], timeout=60).stdout.strip()


def _ensure_database(cluster: Cluster) -> None:
    if _psql(cluster, "postgres", f"SELECT 1 FROM pg_database WHERE datname = '{DATABASE}'") != "1":
        _psql(cluster, "postgres", f"CREATE DATABASE {DATABASE}")
    _psql(cluster, DATABASE, "CREATE EXTENSION IF NOT EXISTS pg_trgm")


def stop(cluster: Cluster) -> bool:
    """Stop the cluster (fast shutdown: open sessions are ended, nothing committed is lost); whether it ran."""
    if not running(cluster):
        return False
    _run(cluster, [binary("pg_ctl"), "stop", "-D", str(cluster.data), "-m", "fast", "-w", "-t", "60"], timeout=90)
    return True
