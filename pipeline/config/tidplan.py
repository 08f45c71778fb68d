"""The planning process's tidplan: delprocesser and aktiviteter (pipeline/resources/config/tidplan_motala.toml, the
default: Motala kommun's riktlinjer Bilaga 1 and 2, docs/kallor/004_92936331c7f76c27.txt), dated for a year, with
the election-year variant.

An aktivitet's time is one of: an ISO week or a range of weeks (`vecka`, `till_vecka`: Monday of the first to Friday
of the last, "v 48-49", "v 6–9"), ongoing until a week (`lopande`, `till_vecka`: the text's "v ...-5", dated as that
week), a month or months (`manad`, `till_manad`: first to last day), a quarter (`kvartal`), or a day (`dag`:
"valdagen", the second Sunday of September, vallagen 2005:837, 1 kap. 3 §; "efter valdagen", from the Monday after
it, where the text says only "efter valutgången"). A range whose end comes before its start ("v 48-5", "november–
april") runs into the next year only with `over_arsskiftet = true`; without it it is an error ("v 9-6" is a typo far
more often than a 49-week period), and so is the key on a range within one year.

`load_tidplan(path)` reads and checks the file (ConfigError listing every problem); `dated(tidplan, year, valar)`
returns the year's aktiviteter with their first and last day and the time as the text gives it, in date order.
Election years (`is_valar`) are every fourth year from 2022; config can override.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from pipeline.config.error import ConfigError, read_toml

from pipeline.resources import DEFAULTS

DEFAULT_PATH = DEFAULTS / "tidplan_motala.toml"
VALAR_VARIANTS = ("båda", "normalår", "valår")
DAGAR = ("valdagen", "efter valdagen")   # the days an aktivitet can be placed on instead of a week (key `dag`)
MANADER = ("januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september", "oktober",
           "november", "december")
FIRST_ELECTION = 2022   # Swedish general elections: every fourth year
AKTIVITET_KEYS = {"delprocess", "namn", "vecka", "till_vecka", "lopande", "manad", "till_manad", "kvartal", "dag",
                  "over_arsskiftet", "ar_offset", "ansvarig", "deltagare", "valar", "beslut", "beskrivning"}
DELPROCESS_KEYS = {"id", "namn", "veckor", "valar", "beskrivning", "objekt_in", "objekt_ut"}


@dataclass(frozen=True)
class Delprocess:
    id: str
    namn: str
    veckor: str = ""                 # the delprocess's weeks as the text gives them ("v 48-5")
    valar: str = "båda"
    beskrivning: str = ""
    objekt_in: tuple[str, ...] = ()
    objekt_ut: tuple[str, ...] = ()


@dataclass(frozen=True)
class Aktivitet:
    delprocess: str
    namn: str
    vecka: int | None   # first ISO week (None: not placed on weeks, or ongoing until `till_vecka`)
    ar_offset: int
    ansvarig: str
    deltagare: str      # as the text gives them ("Verksamhetschefer, stödfunktioner HR, ekonomi, controller")
    valar: str          # "båda", "normalår" or "valår"
    beslut: str
    dag: str = ""       # "valdagen" / "efter valdagen"
    till_vecka: int | None = None
    lopande: bool = False
    manad: int | None = None        # 1–12
    till_manad: int | None = None
    kvartal: int | None = None
    beskrivning: str = ""
    over_arsskiftet: bool = False   # the range ends in the next year ("v 48-5", "november–april")

    @property
    def tid(self) -> str:
        """The time as the source writes it: "v 48–49", "v 4", "löpande t.o.m. v 5", "juni", "november–april",
        "kvartal 1", "valdagen"."""
        if self.dag:
            return self.dag
        if self.kvartal:
            return f"kvartal {self.kvartal}"
        if self.manad:
            return MANADER[self.manad - 1] + (f"–{MANADER[self.till_manad - 1]}" if self.till_manad else "")
        if self.lopande:
            return f"löpande t.o.m. v {self.till_vecka}"
        return f"v {self.vecka}" + (f"–{self.till_vecka}" if self.till_vecka else "")


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
    ar: int             # the ISO year of the first week (of `start`)
    vecka: int          # the ISO week of `start`
    start: date         # Monday of the first week, the first day of the month or quarter, or the day
    slut: date          # Friday of the last week, the last day of the month or quarter, or the day

    @property
    def tid(self) -> str:
        """The source's time with the year(s): "v 48–49 2025", "juni 2026", "november 2026–april 2027"."""
        a = self.aktivitet
        if a.dag:
            return f"{a.dag} {self.start.year}"
        if a.manad and a.till_manad and self.slut.year != self.start.year:
            return f"{MANADER[a.manad - 1]} {self.start.year}–{MANADER[a.till_manad - 1]} {self.slut.year}"
        if a.till_vecka and a.vecka and self.slut.isocalendar().year != self.ar:
            return f"v {a.vecka} {self.ar}–v {a.till_vecka} {self.slut.isocalendar().year}"
        return f"{a.tid} {self.ar if a.vecka or a.lopande else self.start.year}"


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


def _int(value, low: int, high: int) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and low <= value <= high


def _texts(value) -> tuple[str, ...] | None:
    """A list of texts as a tuple; None when it is not one."""
    if isinstance(value, list) and all(isinstance(x, str) for x in value):
        return tuple(value)
    return None


def _time_problems(a: dict) -> list[str]:
    """What is wrong with an aktivitet's time keys (exactly one kind of time, each value in range)."""
    kinds = [k for k, keys in (("vecka", ("vecka", "lopande")), ("manad", ("manad",)), ("kvartal", ("kvartal",)),
                               ("dag", ("dag",))) if any(x in a for x in keys)]
    if not kinds and "till_vecka" not in a:
        return ["ange tiden med vecka, manad, kvartal eller dag"]
    if len(kinds) > 1:
        return [f"ange bara ett av vecka, manad, kvartal och dag (här: {', '.join(kinds)})"]
    out = []
    for key in ("vecka", "till_vecka"):
        if key in a and not _int(a[key], 1, 53):
            out.append(f"{key} ska vara ett heltal 1–53, inte {a[key]!r}")
    if a.get("lopande") not in (None, True, False):
        out.append(f"lopande ska vara true eller false, inte {a['lopande']!r}")
    if a.get("lopande") is True and "till_vecka" not in a:
        out.append("lopande = true kräver till_vecka (veckan då det ska vara klart)")
    if a.get("lopande") is True and "vecka" in a:
        out.append("lopande = true har ingen första vecka: ta bort vecka")
    if not a.get("lopande") and "till_vecka" in a and "vecka" not in a:
        out.append("till_vecka kräver vecka (eller lopande = true)")
    if _int(a.get("vecka"), 1, 53) and _int(a.get("till_vecka"), 1, 53) and a["till_vecka"] == a["vecka"]:
        out.append(f"till_vecka är samma vecka som vecka ({a['vecka']}): ta bort till_vecka")
    for key in ("manad", "till_manad"):
        if key in a and a[key] not in MANADER:
            out.append(f"{key} ska vara ett av {', '.join(MANADER)}, inte {a[key]!r}")
    if "till_manad" in a and "manad" not in a:
        out.append("till_manad kräver manad")
    out += _range_problems(a)
    if "kvartal" in a and not _int(a["kvartal"], 1, 4):
        out.append(f"kvartal ska vara 1, 2, 3 eller 4, inte {a['kvartal']!r}")
    if "dag" in a and a["dag"] not in DAGAR:
        out.append(f"dag ska vara ett av {', '.join(DAGAR)}, inte {a['dag']!r}")
    return out


def _range_problems(a: dict) -> list[str]:
    """A range of weeks or months that runs backwards without `over_arsskiftet = true` ("v 9–6"), a range that ends
    where it starts, or the key on a range within one year."""
    wrap = a.get("over_arsskiftet", False)
    if wrap not in (True, False):
        return [f"over_arsskiftet ska vara true eller false, inte {wrap!r}"]
    if _int(a.get("vecka"), 1, 53) and _int(a.get("till_vecka"), 1, 53):
        first, last = a["vecka"], a["till_vecka"]
        label, swapped = f"v {first}–{last}", f"v {last}–{first}: skriv vecka = {last} och till_vecka = {first}"
        keys = f"till_vecka = {last} kommer före vecka = {first}"
    elif a.get("manad") in MANADER and a.get("till_manad") in MANADER:
        first, last = MANADER.index(a["manad"]), MANADER.index(a["till_manad"])
        if first == last:
            return [f"till_manad är samma månad som manad ({a['manad']}): ta bort till_manad"]
        label = f"{a['manad']}–{a['till_manad']}"
        swapped = f"{a['till_manad']}–{a['manad']}: skriv manad = \"{a['till_manad']}\" och till_manad = \"{a['manad']}\""
        keys = f"till_manad = \"{a['till_manad']}\" kommer före manad = \"{a['manad']}\""
    else:
        if wrap:
            return ["over_arsskiftet = true gäller bara ett intervall (vecka och till_vecka, eller manad och "
                    "till_manad): ta bort over_arsskiftet"]
        return []
    if last < first and not wrap:
        return [f"intervallet {label} går bakåt ({keys}). Menas {swapped}. Går perioden över årsskiftet (som "
                f"Bilaga 1:s \"v 48-5\"), lägg till over_arsskiftet = true"]
    if last > first and wrap:
        return [f"over_arsskiftet = true, men intervallet {label} ligger inom ett och samma år: ta bort over_arsskiftet"]
    return []


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
        where = f"'delprocess' nr {i} ({d.get('namn', '?')})"
        unknown = set(d) - DELPROCESS_KEYS
        if unknown:
            problems.append(f"{where}: okända nycklar {', '.join(sorted(unknown))}")
        if not isinstance(d.get("id"), str) or not isinstance(d.get("namn"), str):
            problems.append(f"'delprocess' nr {i} ska ha id och namn (texter)")
            continue
        if d.get("valar", "båda") not in VALAR_VARIANTS:
            problems.append(f"{where}: valar ska vara ett av {', '.join(VALAR_VARIANTS)}, inte {d.get('valar')!r}")
        objekt = {k: _texts(d.get(k, [])) for k in ("objekt_in", "objekt_ut")}
        for k, v in objekt.items():
            if v is None:
                problems.append(f"{where}: {k} ska vara en lista med texter")
        delprocesser.append(Delprocess(d["id"], d["namn"], str(d.get("veckor", "")), str(d.get("valar", "båda")),
                                       str(d.get("beskrivning", "")), objekt["objekt_in"] or (),
                                       objekt["objekt_ut"] or ()))
    ids = {d.id for d in delprocesser}
    aktiviteter = []
    for i, a in enumerate(raw.get("aktivitet", []), start=1):
        where = f"'aktivitet' nr {i} ({a.get('namn', '?')})"
        unknown = set(a) - AKTIVITET_KEYS
        if unknown:
            problems.append(f"{where}: okända nycklar {', '.join(sorted(unknown))}")
        if a.get("delprocess") not in ids:
            problems.append(f"{where}: delprocess {a.get('delprocess')!r} finns inte bland [[delprocess]]")
        time_problems = _time_problems(a)
        problems += [f"{where}: {p}" for p in time_problems]
        offset = a.get("ar_offset", 0)
        if not _int(offset, -1, 2):
            problems.append(f"{where}: ar_offset ska vara -1, 0, 1 eller 2, inte {offset!r}")
        if a.get("valar", "båda") not in VALAR_VARIANTS:
            problems.append(f"{where}: valar ska vara ett av {', '.join(VALAR_VARIANTS)}, inte {a.get('valar')!r}")
        deltagare = a.get("deltagare", "")
        if isinstance(deltagare, list) and _texts(deltagare) is not None:
            deltagare = ", ".join(deltagare)   # older files: a list of names
        if not isinstance(deltagare, str):
            problems.append(f"{where}: deltagare ska vara en text (eller en lista med texter)")
            deltagare = ""
        texts = [k for k in ("namn", "ansvarig", "beslut", "beskrivning")
                 if not isinstance(a.get(k, "" if k != "namn" else None), str)]
        if texts:
            problems.append(f"{where}: {', '.join(texts)} ska vara text")
            continue
        if time_problems or not _int(offset, -1, 2):
            continue
        aktiviteter.append(Aktivitet(
            a.get("delprocess", ""), a["namn"], a.get("vecka"), offset, a.get("ansvarig", ""), deltagare,
            a.get("valar", "båda"), a.get("beslut", ""), a.get("dag", ""), a.get("till_vecka"),
            bool(a.get("lopande", False)), MANADER.index(a["manad"]) + 1 if "manad" in a else None,
            MANADER.index(a["till_manad"]) + 1 if "till_manad" in a else None, a.get("kvartal"),
            a.get("beskrivning", ""), a.get("over_arsskiftet", False)))
    if problems:
        raise ConfigError(path, problems)
    return Tidplan(path.resolve(), kalla["namn"].strip(), str(kalla.get("beskrivning", "")), tuple(delprocesser),
                   tuple(aktiviteter))


def valar_for(year: int, configured: tuple[int, ...] | None) -> bool:
    """Whether `year` is a valår: the configured election years, else the election calendar."""
    return year in configured if configured is not None else is_valar(year)


def iso_day(iso_year: int, week: int, day: int) -> date:
    """Day `day` (1 = Monday) of ISO week `week`; week 53 in a year without one is the year's last week."""
    return date.fromisocalendar(iso_year, min(week, _weeks_in(iso_year)), day)


def _span(a: Aktivitet, year: int) -> tuple[date, date]:
    """The first and last day of aktivitet `a` in the process run in `year`."""
    y = year + a.ar_offset
    if a.dag == "valdagen":
        return valdag(y), valdag(y)
    if a.dag == "efter valdagen":
        day = valdag(y) + timedelta(days=1)
        return day, day
    if a.kvartal:
        first = 3 * a.kvartal - 2
        return date(y, first, 1), date(y, first + 2, calendar.monthrange(y, first + 2)[1])
    if a.manad:
        last_month = a.till_manad or a.manad
        last_year = y + 1 if a.over_arsskiftet else y
        return date(y, a.manad, 1), date(last_year, last_month, calendar.monthrange(last_year, last_month)[1])
    if a.lopande:
        return iso_day(y, a.till_vecka, 1), iso_day(y, a.till_vecka, 5)
    last = a.till_vecka or a.vecka
    return iso_day(y, a.vecka, 1), iso_day(y + 1 if a.over_arsskiftet else y, last, 5)


def dated(tidplan: Tidplan, year: int, valar: bool | None = None) -> list[DatedAktivitet]:
    """The aktiviteter of the process run in `year` (the year the MoR is decided; ar_offset -1 = the year
    before) with their first and last day; the valår variant (Bilaga 2) when `valar` (None: from the election
    calendar). Sorted by first day, then the file's order."""
    election = is_valar(year) if valar is None else valar
    variant = "valår" if election else "normalår"
    delprocesser = {d.id: d for d in tidplan.delprocesser}
    out = []
    for order, a in enumerate(tidplan.aktiviteter):
        if a.valar not in ("båda", variant) or delprocesser[a.delprocess].valar not in ("båda", variant):
            continue
        start, slut = _span(a, year)
        iso = start.isocalendar()
        out.append((start, order, DatedAktivitet(a, delprocesser[a.delprocess], iso.year, iso.week, start, slut)))
    return [d for _start, _order, d in sorted(out, key=lambda t: (t[0], t[1]))]
