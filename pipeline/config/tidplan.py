"""The budget process's tidplan: delprocesser and aktiviteter with ISO weeks (pipeline/resources/config/tidplan_motala.toml, the
default after Motala kommun's riktlinjer Bilaga 1 and 2), dated for a year, with the election-year variant.

`load_tidplan(path)` reads and checks the file (ConfigError listing every problem); `dated(tidplan, year, valar)`
returns the year's aktiviteter with Monday and Friday of their ISO week, in date order. Election years
(`is_valar`) are every fourth year from 2022; config can override. An aktivitet with `dag = "valdagen"` falls on the
election day itself (`valdag`: the second Sunday of September, vallagen 2005:837, 1 kap. 3 §), not on a week.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from pipeline.config.error import ConfigError, read_toml

from pipeline.resources import DEFAULTS

DEFAULT_PATH = DEFAULTS / "tidplan_motala.toml"
VALAR_VARIANTS = ("båda", "normalår", "valår")
DAGAR = ("valdagen",)   # the days an aktivitet can be placed on instead of a week (key `dag`)
FIRST_ELECTION = 2022   # Swedish general elections: every fourth year


@dataclass(frozen=True)
class Delprocess:
    id: str
    namn: str


@dataclass(frozen=True)
class Aktivitet:
    delprocess: str
    namn: str
    vecka: int | None   # ISO week; None for an aktivitet placed on a day (`dag`)
    ar_offset: int
    ansvarig: str
    deltagare: tuple[str, ...]
    valar: str          # "båda", "normalår" or "valår"
    beslut: str
    dag: str = ""       # "valdagen": on that day (the week follows from it); "" = Monday–Friday of `vecka`


@dataclass(frozen=True)
class Tidplan:
    path: Path
    kalla: str
    beskrivning: str
    delprocesser: tuple[Delprocess, ...]
    aktiviteter: tuple[Aktivitet, ...]


@dataclass(frozen=True)
class DatedAktivitet:
    aktivitet: Aktivitet
    delprocess: Delprocess
    ar: int             # the ISO year of the week
    vecka: int
    start: date         # Monday of the week
    slut: date          # Friday of the week (the day itself for an aktivitet with `dag`)


def is_valar(year: int) -> bool:
    """True for the years of the general elections (2022, 2026, 2030, …)."""
    return year >= FIRST_ELECTION and (year - FIRST_ELECTION) % 4 == 0


def valdag(year: int) -> date:
    """The day of the ordinary general elections in `year`: the second Sunday of September (vallagen 2005:837,
    1 kap. 3 §)."""
    first = date(year, 9, 1)
    return first + timedelta(days=(6 - first.weekday()) % 7 + 7)


def _weeks_in(year: int) -> int:
    return date(year, 12, 28).isocalendar()[1]


def load_tidplan(path: Path | str | None = None) -> Tidplan:
    """Read and check a tidplan file; raise ConfigError listing every problem."""
    path = Path(path) if path is not None else DEFAULT_PATH
    raw = read_toml(path, "tidplanen")
    problems: list[str] = []
    for key in raw:
        if key not in ("kalla", "delprocess", "aktivitet"):
            problems.append(f"okänd tabell '{key}' (tillåtna: kalla, delprocess, aktivitet)")
    kalla = raw.get("kalla", {})
    if not isinstance(kalla.get("namn"), str) or not kalla["namn"].strip():
        problems.append("'kalla.namn' ska ange tidplanens källa")
    delprocesser = []
    for i, d in enumerate(raw.get("delprocess", []), start=1):
        if not isinstance(d.get("id"), str) or not isinstance(d.get("namn"), str):
            problems.append(f"'delprocess' nr {i} ska ha id och namn (texter)")
            continue
        delprocesser.append(Delprocess(d["id"], d["namn"]))
    ids = {d.id for d in delprocesser}
    aktiviteter = []
    for i, a in enumerate(raw.get("aktivitet", []), start=1):
        where = f"'aktivitet' nr {i} ({a.get('namn', '?')})"
        unknown = set(a) - {"delprocess", "namn", "vecka", "dag", "ar_offset", "ansvarig", "deltagare", "valar",
                            "beslut"}
        if unknown:
            problems.append(f"{where}: okända nycklar {', '.join(sorted(unknown))}")
        if a.get("delprocess") not in ids:
            problems.append(f"{where}: delprocess {a.get('delprocess')!r} finns inte bland [[delprocess]]")
        dag = a.get("dag", "")
        if "dag" in a and dag not in DAGAR:
            problems.append(f"{where}: dag ska vara ett av {', '.join(DAGAR)}, inte {dag!r}")
        if "dag" in a and "vecka" in a:
            problems.append(f"{where}: ange antingen vecka eller dag, inte båda")
        vecka = a.get("vecka")
        if "dag" not in a and (not isinstance(vecka, int) or isinstance(vecka, bool) or not 1 <= vecka <= 53):
            problems.append(f"{where}: vecka ska vara ett heltal 1–53, inte {vecka!r}")
        offset = a.get("ar_offset", 0)
        if not isinstance(offset, int) or not -1 <= offset <= 2:
            problems.append(f"{where}: ar_offset ska vara -1, 0, 1 eller 2, inte {offset!r}")
        if a.get("valar", "båda") not in VALAR_VARIANTS:
            problems.append(f"{where}: valar ska vara ett av {', '.join(VALAR_VARIANTS)}, inte {a.get('valar')!r}")
        deltagare = a.get("deltagare", [])
        if not isinstance(deltagare, list) or not all(isinstance(x, str) for x in deltagare):
            problems.append(f"{where}: deltagare ska vara en lista med texter")
            deltagare = []
        if not isinstance(a.get("namn"), str) or not isinstance(a.get("ansvarig", ""), str):
            problems.append(f"{where}: namn och ansvarig ska vara texter")
            continue
        aktiviteter.append(Aktivitet(a.get("delprocess", ""), a["namn"],
                                     None if "dag" in a else vecka if isinstance(vecka, int) else 1,
                                     offset if isinstance(offset, int) else 0, a.get("ansvarig", ""),
                                     tuple(deltagare), a.get("valar", "båda"), a.get("beslut", "") or "",
                                     dag if dag in DAGAR else ""))
    if problems:
        raise ConfigError(path, problems)
    return Tidplan(path.resolve(), kalla["namn"].strip(), str(kalla.get("beskrivning", "")), tuple(delprocesser),
                   tuple(aktiviteter))


def valar_for(year: int, configured: tuple[int, ...] | None) -> bool:
    """Whether `year` is a valår: the configured election years, else the election calendar."""
    return year in configured if configured is not None else is_valar(year)


def dated(tidplan: Tidplan, year: int, valar: bool | None = None) -> list[DatedAktivitet]:
    """The aktiviteter of the process run in `year` (the year the MoR is decided; ar_offset -1 = the year
    before), dated by ISO week, or on its day (`dag = "valdagen"`: the election day of that year); `valar` None
    derives it from the election calendar. Week 53 in a year without one is the year's last week. Sorted by date,
    then the file's order."""
    election = is_valar(year) if valar is None else valar
    variant = "valår" if election else "normalår"
    delprocesser = {d.id: d for d in tidplan.delprocesser}
    out = []
    for order, a in enumerate(tidplan.aktiviteter):
        if a.valar not in ("båda", variant):
            continue
        if a.dag == "valdagen":
            day = valdag(year + a.ar_offset)
            iso = day.isocalendar()
            out.append((day, order, DatedAktivitet(a, delprocesser[a.delprocess], iso.year, iso.week, day, day)))
            continue
        iso_year = year + a.ar_offset
        week = min(a.vecka, _weeks_in(iso_year))
        out.append((date.fromisocalendar(iso_year, week, 1), order,
                    DatedAktivitet(a, delprocesser[a.delprocess], iso_year, week, date.fromisocalendar(iso_year, week, 1),
                                   date.fromisocalendar(iso_year, week, 5))))
    return [d for _start, _order, d in sorted(out, key=lambda t: (t[0], t[1]))]
