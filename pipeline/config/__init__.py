"""Load `config/kommun.toml` into a frozen `Config` (the configuration and the domain types it holds).

Every key is declared in the pydantic schema `pipeline.config.schema.KommunToml`, with its default where it has
one; an unknown key, a missing key or a value of the wrong type is a `ConfigError` that names the key in Swedish
(e.g. `troskel.ekonomisk_avvikelse_tkr`). All problems are collected. Without `[[verksamhet]]` the verksamheter
are the Budget's (staging returns the config completed from the Budget's rows).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from pipeline.config.error import ConfigError
from pipeline.config.kontoplan import Kontoplan, load_kontoplan
from pipeline.config.schema import KommunToml, default_tillfalle_namn, swedish_problems

TILLFALLEN = ("tertial", "delar", "bokslut")


@dataclass(frozen=True)
class Namnd:
    id: str
    namn: str
    forvaltning: str


@dataclass(frozen=True)
class Verksamhet:
    kod: str
    namn: str
    namnd: str
    finans: bool = False   # finansförvaltning: skatter, generella statsbidrag, finansiella och centrala poster


@dataclass(frozen=True)
class Rapporttillfalle:
    id: str
    namn: str
    till_manad: int
    inlamning_vecka: int | None = None   # ISO week of the rapportunderlag's last delivery day (config)


@dataclass(frozen=True)
class Troskel:
    ekonomisk_avvikelse_andel: float
    ekonomisk_avvikelse_tkr: float
    prognos_skillnad_andel: float
    kon_gap_andel: float = 0.10   # |K − M| above this share of the total value is an avvikelse (docs/analys.md)
    budget_i_balans_kr: float = 500.0   # |årsbudget − helårsprognos| under this many kr reads "en budget i balans"
    atgarder_tolerans_kr: float = 500.0   # a deficit left after the åtgärder up to this many kr counts as closed


@dataclass(frozen=True)
class Malbedomning:
    """How a mål's status is computed from its indicators (docs/analys.md)."""

    uppfyllt_andel: float   # score at or above this -> Uppfyllt
    delvis_andel: float     # score at or above this -> Delvis uppfyllt, else Ej uppfyllt
    tolerans_andel: float = 0.0      # a value this close to målvärde (share of it) counts as reached
    framgang_marginal: float = 0.05  # beating målvärde by this share is a framgångsrikt resultat
    malbana: bool = False            # judge unreached values against the straight path basvärde -> målvärde


@dataclass(frozen=True)
class Dokumentstatus:
    """Whether the documents are a proposal or decided (printed on the cover and in the properties)."""

    status: str = "Förslag"       # "Förslag" or "Beslutad"
    datum: str = ""               # decision date, YYYY-MM-DD (Beslutad only)
    paragraf: str = ""            # the minutes' paragraph, e.g. "§ 45" (Beslutad only)
    instans: str = ""             # who decided, e.g. "Socialnämnden" (optional)


@dataclass(frozen=True)
class Arsredovisning:
    """Settings of the delårsrapport and årsredovisning (docs/konfiguration.md)."""

    kontoplan: Path | None = None        # konto → rad mapping (TOML); None: the project's Kommun-Bas default
    sjukfranvaro_dold_till_antal: int = 10   # sjukfrånvaro of a group with at most this many people is not shown
    nyckeltal_tolerans: float = 0.1      # own key figure vs Kolada (procentenheter) beyond this: a warning
    redovisningsprinciper: tuple[str, ...] = ()   # the section's opening text; () = the default (context.noter)
    rkr_avvikelser: tuple[str, ...] = ()          # deviations from RKR's recommendations, with the reason


# The perspektiv a konsekvensbeskrivning must describe on both kort and lång sikt (SKR, Planering, uppföljning,
# åtgärd – "Att göra en konsekvensbeskrivning" and "Effekt och omfattning"; docs/planering.md): the three basic
# ones (serviceperspektivet) always, the samhällsperspektiv too where the förslag's Omfattning is
# "Service och samhälle".
SERVICEPERSPEKTIV = ("Ekonomi", "Personal", "Brukare/medborgare")
SAMHALLSPERSPEKTIV = ("Social hållbarhet", "Miljö")


@dataclass(frozen=True)
class Planering:
    """Settings of the planning round (docs/konfiguration.md)."""

    tidplan: Path | None = None          # the tidplan file; None: the project's Motala default
    valar: tuple[int, ...] | None = None  # election years; None: every fourth year from 2022
    serviceperspektiv: tuple[str, ...] = SERVICEPERSPEKTIV    # required of every förslag
    samhallsperspektiv: tuple[str, ...] = SAMHALLSPERSPEKTIV  # required too where Omfattning is Service och samhälle


@dataclass(frozen=True)
class ExternRegi:
    """Verksamhet in extern regi (SKR steg 6, docs/kallor/002_…, "Åtgärder i verksamheten"): the steps of the
    kommun's sanktionstrappa, mildest first; empty: the Sanktionssteg column takes any text."""

    sanktionstrappa: tuple[str, ...] = ()


@dataclass(frozen=True)
class Webb:
    """The reporting point's website (`publicera`): who medborgare contact about it."""

    kontakt: str = "kommunens kontaktcenter"


@dataclass(frozen=True)
class KontrollUndantag:
    """A checklist item the kommun waives, with the reason printed in the checklist."""

    kontroll: str
    skal: str


@dataclass(frozen=True)
class Arende:
    """Diarienummer and dates for the tjänsteskrivelse of one instans at one reporting point."""

    tillfalle: str
    instans: str          # a nämnd id, "KS" or "KF"
    diarienummer: str = ""
    datum: str = ""       # YYYY-MM-DD, the tjänsteskrivelse's date
    handlaggare: str = ""


@dataclass(frozen=True)
class Bolag:
    """A kommunal koncernföretag in the sammanställda räkenskaper (LKBR 12 kap.)."""

    namn: str
    org_nr: str           # NNNNNN-NNNN
    agarandel: float      # the kommun's share in percent (0 < andel <= 100)


@dataclass(frozen=True)
class Config:
    kommun_namn: str
    kommun_kod: str
    jamforelsegrupp: tuple[str, ...]
    rapporttillfallen: dict[str, Rapporttillfalle]
    troskel: Troskel
    malbedomning: Malbedomning
    namnder: tuple[Namnd, ...]
    verksamheter: tuple[Verksamhet, ...]   # empty until staging completes it when verksamheter_fran_budget
    path: Path
    mallar: Path | None = None                      # the kommun's template folder (docx/ and html/)
    arkiv: Path | None = None                       # the archive folder; None: arkiv/ beside the outputs folder
    inkorg: Path | None = None                      # the förvaltningar's delivery folder; None: inkorg/ beside inputs/
    dokumentstatus: Dokumentstatus = Dokumentstatus()
    arsredovisning: Arsredovisning = Arsredovisning()
    kontroll_undantag: tuple[KontrollUndantag, ...] = ()
    arenden: tuple[Arende, ...] = ()
    bolag: tuple[Bolag, ...] = ()        # sammanställda räkenskaper; none: the part is not required
    kontoplan: Kontoplan | None = None   # konto → rad of the financial statements (pipeline.config.kontoplan)
    planering: Planering = Planering()
    extern_regi: ExternRegi = ExternRegi()
    webb: Webb = Webb()
    # no [[verksamhet]]: the Budget's rows say which nämnd owns a code; staging returns the config completed with
    # them (pipeline.staging.completed_config), the loaded one is never changed
    verksamheter_fran_budget: bool = False

    @property
    def files(self) -> tuple[Path, ...]:
        """The files this configuration points to (kontoplan, tidplan), as configured; every run archives them so
        that the configuration can be read again from the archive."""
        return tuple(p for p in (self.arsredovisning.kontoplan, self.planering.tidplan) if p is not None)

    @property
    def finans_koder(self) -> frozenset[str]:
        """The verksamhet codes of the finansförvaltning (left out of the nämnder's driftredovisning)."""
        return frozenset(v.kod for v in self.verksamheter if v.finans)

    def arende(self, tillfalle: str, instans: str) -> Arende:
        """The configured ärende of `instans` at `tillfalle`, or one with empty (to be filled in) fields."""
        for a in self.arenden:
            if a.tillfalle == tillfalle and a.instans == instans:
                return a
        return Arende(tillfalle, instans)

    def namnd(self, namnd_id: str) -> Namnd:
        for n in self.namnder:
            if n.id == namnd_id:
                return n
        raise KeyError(namnd_id)

    def verksamheter_for(self, namnd_id: str) -> tuple[Verksamhet, ...]:
        return tuple(v for v in self.verksamheter if v.namnd == namnd_id)

    def tillfalle(self, tillfalle_id: str) -> Rapporttillfalle:
        return self.rapporttillfallen[tillfalle_id]


def load_config(path: Path | str) -> Config:
    """Read and check a kommun.toml; raise ConfigError listing every problem (schema: pipeline.config.schema)."""
    path = Path(path)
    if not path.is_file():
        raise ConfigError(path, [f"konfigurationsfilen {path} finns inte"])
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(path, [f"filen är inte giltig TOML: {exc}"]) from None

    problems: list[str] = []
    try:
        toml = KommunToml.model_validate(raw)
    except ValidationError as exc:
        toml = None
        problems += swedish_problems(exc)
    # Checks between tables and against files, on what the file says (also when the schema found problems).
    templates, kontoplan, tidplan = _check_references(raw, path.parent, problems)
    _check_delar_period(raw, problems)
    konton = None
    try:
        if kontoplan is None or kontoplan.is_file():
            konton = load_kontoplan(kontoplan)
    except ConfigError as exc:
        problems += [f"kontoplanen {exc.path.name}: {p}" for p in exc.problems]
    if problems or toml is None:
        raise ConfigError(path, problems)
    rt = toml.rapporttillfalle
    ars = toml.arsredovisning
    plan = toml.planering
    return Config(
        kommun_namn=toml.kommun.namn,
        kommun_kod=toml.kommun.kod,
        jamforelsegrupp=tuple(toml.kommun.jamforelsegrupp),
        rapporttillfallen={key: Rapporttillfalle(key, t.namn if t.namn is not None else
                                                 default_tillfalle_namn(key, t.till_manad), t.till_manad,
                                                 t.inlamning_vecka)
                           for key, t in ((k, getattr(rt, k)) for k in TILLFALLEN)},
        troskel=Troskel(**toml.troskel.model_dump()),
        malbedomning=Malbedomning(**toml.malbedomning.model_dump()),
        namnder=tuple(Namnd(**n.model_dump()) for n in toml.namnd),
        verksamheter=tuple(Verksamhet(**v.model_dump()) for v in toml.verksamhet or ()),
        verksamheter_fran_budget=toml.verksamhet is None,
        path=path.resolve(),
        mallar=templates,
        arkiv=(path.parent / toml.arkiv.mapp).resolve() if toml.arkiv.mapp is not None else None,
        inkorg=(path.parent / toml.inkorg.mapp).resolve() if toml.inkorg.mapp is not None else None,
        dokumentstatus=Dokumentstatus(**toml.dokumentstatus.model_dump()),
        arsredovisning=Arsredovisning(kontoplan=kontoplan, sjukfranvaro_dold_till_antal=ars.sjukfranvaro_dold_till_antal,
                                      nyckeltal_tolerans=ars.nyckeltal_tolerans,
                                      redovisningsprinciper=tuple(ars.redovisningsprinciper),
                                      rkr_avvikelser=tuple(ars.rkr_avvikelser)),
        kontroll_undantag=tuple(KontrollUndantag(**u.model_dump()) for u in toml.kontroll_undantag),
        bolag=tuple(Bolag(**b.model_dump()) for b in toml.bolag),
        arenden=tuple(Arende(**a.model_dump()) for a in toml.arende),
        kontoplan=konton,
        planering=Planering(tidplan=tidplan, valar=tuple(plan.valar) if plan.valar is not None else None,
                            serviceperspektiv=tuple(plan.serviceperspektiv),
                            samhallsperspektiv=tuple(plan.samhallsperspektiv)),
        extern_regi=ExternRegi(sanktionstrappa=tuple(toml.extern_regi.sanktionstrappa)),
        webb=Webb(kontakt=toml.webb.kontakt),
    )


def _tables(raw: dict, key: str) -> list[dict]:
    """The [[key]] tables of the raw file that are tables (the schema reports the others)."""
    items = raw.get(key, [])
    return [t for t in items if isinstance(t, dict)] if isinstance(items, list) else []


def _text(table: Any, key: str) -> str | None:
    value = table.get(key) if isinstance(table, dict) else None
    return value if isinstance(value, str) else None


def _check_references(raw: dict, folder: Path, problems: list[str]) -> tuple[Path | None, Path | None, Path | None]:
    """Checks the schema cannot make: ids between tables, unique names, files the config points to.
    Returns (template folder, kontoplan file, tidplan file), each None when not configured."""
    mapp = _text(raw.get("mallar"), "mapp")
    templates = (folder / mapp).resolve() if mapp is not None else None
    if templates is not None and not (templates / "docx").is_dir() and not (templates / "html").is_dir():
        problems.append(f"'mallar.mapp' pekar på {templates}, som saknar mapparna docx/ och html/")
    name = _text(raw.get("arsredovisning"), "kontoplan")
    kontoplan = (folder / name).resolve() if name is not None else None
    if kontoplan is not None and not kontoplan.is_file():
        problems.append(f"'arsredovisning.kontoplan' pekar på {kontoplan}, som inte finns")
    name = _text(raw.get("planering"), "tidplan")
    tidplan = (folder / name).resolve() if name is not None else None
    if tidplan is not None and not tidplan.is_file():
        problems.append(f"'planering.tidplan' pekar på {tidplan}, som inte finns")
    if isinstance(raw.get("planering"), dict):
        _check_perspektiv(raw["planering"], problems)

    namnder, verksamheter = _tables(raw, "namnd"), _tables(raw, "verksamhet")
    ids = [i for n in namnder if (i := _text(n, "id")) is not None]
    _duplicates(ids, "namnd", "id", problems)
    _duplicates([k for v in verksamheter if (k := _text(v, "kod")) is not None], "verksamhet", "kod", problems)
    _duplicates([n for b in _tables(raw, "bolag") if (n := _text(b, "namn")) is not None], "bolag", "namn", problems)
    for i, v in enumerate(verksamheter, start=1):
        if (owner := _text(v, "namnd")) is not None and owner not in ids:
            problems.append(f"'verksamhet' nr {i} ({_text(v, 'kod')}) har namnd = {owner!r}, som inte finns bland [[namnd]]")
    for i, a in enumerate(_tables(raw, "arende"), start=1):
        if (instans := _text(a, "instans")) is not None and instans not in (*ids, "KS", "KF"):
            problems.append(f"'arende' nr {i}: instans ska vara ett nämnd-id, \"KS\" eller \"KF\", inte {instans!r}")
    return templates, kontoplan, tidplan


def _check_delar_period(raw: dict, problems: list[str]) -> None:
    """The delårsrapport covers at least half and at most two thirds of the year (LKBR 2018:597, 13 kap. 1 §):
    till_manad 6–8. (Motala's riktlinjer say "till och med september"; the law decides, docs/planering_kalla.md.)"""
    delar = raw.get("rapporttillfalle", {}).get("delar", {}) if isinstance(raw.get("rapporttillfalle"), dict) else {}
    month = delar.get("till_manad") if isinstance(delar, dict) else None
    if isinstance(month, int) and not isinstance(month, bool) and 1 <= month <= 12 and not 6 <= month <= 8:
        problems.append(f"'rapporttillfalle.delar.till_manad' = {month}: delårsrapporten ska omfatta minst hälften "
                        "och högst två tredjedelar av räkenskapsåret (LKBR 13 kap. 1 §), alltså till och med "
                        "juni, juli eller augusti (6–8)")


def _check_perspektiv(plan: dict, problems: list[str]) -> None:
    """The required perspektiv: words of the Konsekvenser sheet's Perspektiv column, each in at most one list."""
    from pipeline.read.kinds import PERSPEKTIV

    seen: dict[str, str] = {}
    for key in ("serviceperspektiv", "samhallsperspektiv"):
        words = plan.get(key, [])
        for word in words if isinstance(words, list) else []:
            if not isinstance(word, str):
                continue   # the schema names it
            if word not in PERSPEKTIV:
                problems.append(f"'planering.{key}': {word!r} är inget perspektiv (tillåtna: {', '.join(PERSPEKTIV)})")
            elif word in seen:
                problems.append(f"'planering.{key}': {word!r} står redan i planering.{seen[word]}")
            else:
                seen[word] = key


def _duplicates(values: list[str], where: str, key: str, problems: list[str]) -> None:
    seen: set[str] = set()
    for v in values:
        if v in seen:
            problems.append(f"'{where}.{key}' = {v!r} förekommer mer än en gång")
        seen.add(v)
