"""Load `config/kommun.toml` into a frozen `Config`.

Every key is declared in `_SCHEMA`; an unknown key, a missing key or a value of the wrong type is a
`ConfigError` that names the key (e.g. `troskel.ekonomisk_avvikelse_tkr`). All problems are collected.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.config.error import ConfigError
from pipeline.config.kontoplan import Kontoplan, load_kontoplan

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


@dataclass(frozen=True)
class Troskel:
    ekonomisk_avvikelse_andel: float
    ekonomisk_avvikelse_tkr: float
    prognos_skillnad_andel: float
    kon_gap_andel: float = 0.10   # |K − M| above this share of the total value is an avvikelse (docs/analys.md)
    budget_i_balans_kr: float = 500.0   # |årsbudget − helårsprognos| under this many kr reads "en budget i balans"


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
    verksamheter: tuple[Verksamhet, ...]
    path: Path
    mallar: Path | None = None                      # the kommun's template folder (docx/ and html/)
    dokumentstatus: Dokumentstatus = Dokumentstatus()
    arsredovisning: Arsredovisning = Arsredovisning()
    kontroll_undantag: tuple[KontrollUndantag, ...] = ()
    arenden: tuple[Arende, ...] = ()
    bolag: tuple[Bolag, ...] = ()        # sammanställda räkenskaper; none: the part is not required
    kontoplan: Kontoplan | None = None   # konto → rad of the financial statements (pipeline.config.kontoplan)
    planering: Planering = Planering()

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


# key -> (type, required). Types: str, int, float (int accepted), "str[]"
_KOMMUN = {"namn": (str, True), "kod": (str, True), "jamforelsegrupp": ("str[]", False)}
_TILLFALLE = {"namn": (str, True), "till_manad": (int, True)}
_TROSKEL = {
    "ekonomisk_avvikelse_andel": (float, True),
    "ekonomisk_avvikelse_tkr": (float, True),
    "prognos_skillnad_andel": (float, True),
    "kon_gap_andel": (float, False),
    "budget_i_balans_kr": (float, False),
}
_MALBEDOMNING = {"uppfyllt_andel": (float, True), "delvis_andel": (float, True), "tolerans_andel": (float, False),
                 "framgang_marginal": (float, False), "malbana": (bool, False)}
_NAMND = {"id": (str, True), "namn": (str, True), "forvaltning": (str, True)}
_VERKSAMHET = {"kod": (str, True), "namn": (str, True), "namnd": (str, True), "finans": (bool, False)}
_ARSREDOVISNING = {"kontoplan": (str, False), "sjukfranvaro_dold_till_antal": (int, False),
                   "nyckeltal_tolerans": (float, False), "redovisningsprinciper": ("str[]", False),
                   "rkr_avvikelser": ("str[]", False)}
_PLANERING = {"tidplan": (str, False), "valar": ("int[]", False), "serviceperspektiv": ("str[]", False),
              "samhallsperspektiv": ("str[]", False)}
_UNDANTAG = {"kontroll": (str, True), "skal": (str, True)}
_ARENDE = {"tillfalle": (str, True), "instans": (str, True), "diarienummer": (str, False), "datum": (str, False),
           "handlaggare": (str, False)}
_MALLAR = {"mapp": (str, False)}
_BOLAG = {"namn": (str, True), "org_nr": (str, True), "agarandel": (float, True)}
_DOKUMENTSTATUS = {"status": (str, False), "datum": (str, False), "paragraf": (str, False), "instans": (str, False)}
_TOP = {"kommun", "rapporttillfalle", "troskel", "malbedomning", "namnd", "verksamhet"}
_OPTIONAL_TOP = {"mallar", "dokumentstatus", "arsredovisning", "kontroll_undantag", "arende", "planering", "bolag"}
_TYPE_WORDS = {str: "en text", int: "ett heltal", float: "ett tal", bool: "true eller false",
               "str[]": "en lista med texter", "int[]": "en lista med årtal"}


def _check_table(table: Any, schema: dict, where: str, problems: list[str]) -> dict:
    if not isinstance(table, dict):
        problems.append(f"'{where}' ska vara en tabell")
        return {}
    for key in table:
        if key not in schema:
            problems.append(f"okänd nyckel '{where}.{key}' (tillåtna: {', '.join(schema)})")
    out = {}
    for key, (typ, required) in schema.items():
        if key not in table:
            if required:
                problems.append(f"nyckeln '{where}.{key}' saknas")
            continue
        value = table[key]
        ok = (
            (typ is str and isinstance(value, str))
            or (typ is int and isinstance(value, int) and not isinstance(value, bool))
            or (typ is float and isinstance(value, (int, float)) and not isinstance(value, bool))
            or (typ is bool and isinstance(value, bool))
            or (typ == "str[]" and isinstance(value, list) and all(isinstance(v, str) for v in value))
            or (typ == "int[]" and isinstance(value, list)
                and all(isinstance(v, int) and not isinstance(v, bool) for v in value))
        )
        if not ok:
            problems.append(f"'{where}.{key}' ska vara {_TYPE_WORDS[typ]}, inte {value!r}")
            continue
        out[key] = float(value) if typ is float else value
    return out


def load_config(path: Path | str) -> Config:
    """Read and check a kommun.toml; raise ConfigError listing every problem."""
    path = Path(path)
    if not path.is_file():
        raise ConfigError(path, [f"konfigurationsfilen {path} finns inte"])
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(path, [f"filen är inte giltig TOML: {exc}"]) from None

    problems: list[str] = []
    for key in raw:
        if key not in _TOP | _OPTIONAL_TOP:
            problems.append(f"okänd nyckel '{key}' (tillåtna: {', '.join(sorted(_TOP | _OPTIONAL_TOP))})")
    for key in sorted(_TOP):
        if key not in raw:
            problems.append(f"nyckeln '{key}' saknas")

    kommun = _check_table(raw.get("kommun", {}), _KOMMUN, "kommun", problems)
    for field in ("kod",):
        if field in kommun and not re.fullmatch(r"\d{4}", kommun[field]):
            problems.append(f"'kommun.kod' ska vara fyra siffror, inte {kommun[field]!r}")
    for code in kommun.get("jamforelsegrupp", []):
        if not re.fullmatch(r"\d{4}", code):
            problems.append(f"'kommun.jamforelsegrupp' innehåller {code!r}, som inte är en kommunkod med fyra siffror")

    tillfallen: dict[str, Rapporttillfalle] = {}
    rt = raw.get("rapporttillfalle", {})
    if isinstance(rt, dict):
        for key in rt:
            if key not in TILLFALLEN:
                problems.append(f"okänd nyckel 'rapporttillfalle.{key}' (tillåtna: {', '.join(TILLFALLEN)})")
        for key in TILLFALLEN:
            if key not in rt:
                problems.append(f"nyckeln 'rapporttillfalle.{key}' saknas")
                continue
            t = _check_table(rt[key], _TILLFALLE, f"rapporttillfalle.{key}", problems)
            if "till_manad" in t and not 1 <= t["till_manad"] <= 12:
                problems.append(f"'rapporttillfalle.{key}.till_manad' ska vara 1–12, inte {t['till_manad']}")
            if len(t) == len(_TILLFALLE):
                tillfallen[key] = Rapporttillfalle(id=key, **t)

    troskel = _check_table(raw.get("troskel", {}), _TROSKEL, "troskel", problems)
    malbedomning = _check_table(raw.get("malbedomning", {}), _MALBEDOMNING, "malbedomning", problems)
    if {"delvis_andel", "uppfyllt_andel"} <= malbedomning.keys() and \
            not 0 <= malbedomning["delvis_andel"] <= malbedomning["uppfyllt_andel"] <= 1:
        problems.append("'malbedomning' ska uppfylla 0 ≤ delvis_andel ≤ uppfyllt_andel ≤ 1")

    mallar = _check_table(raw.get("mallar", {}), _MALLAR, "mallar", problems)
    templates = (path.parent / mallar["mapp"]).resolve() if "mapp" in mallar else None
    if templates is not None and not (templates / "docx").is_dir() and not (templates / "html").is_dir():
        problems.append(f"'mallar.mapp' pekar på {templates}, som saknar mapparna docx/ och html/")
    status = _check_table(raw.get("dokumentstatus", {}), _DOKUMENTSTATUS, "dokumentstatus", problems)
    if status.get("status", "Förslag") not in ("Förslag", "Beslutad"):
        problems.append(f"'dokumentstatus.status' ska vara \"Förslag\" eller \"Beslutad\", inte {status['status']!r}")
    if status.get("status") == "Beslutad":
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", status.get("datum", "")):
            problems.append("'dokumentstatus.datum' ska vara beslutsdatumet (ÅÅÅÅ-MM-DD) när status är \"Beslutad\"")
        if not status.get("paragraf"):
            problems.append("'dokumentstatus.paragraf' (t.ex. \"§ 45\") ska anges när status är \"Beslutad\"")

    ars = _check_table(raw.get("arsredovisning", {}), _ARSREDOVISNING, "arsredovisning", problems)
    kontoplan = (path.parent / ars.pop("kontoplan")).resolve() if "kontoplan" in ars else None
    if kontoplan is not None and not kontoplan.is_file():
        problems.append(f"'arsredovisning.kontoplan' pekar på {kontoplan}, som inte finns")
    if ars.get("sjukfranvaro_dold_till_antal", 10) < 0:
        problems.append("'arsredovisning.sjukfranvaro_dold_till_antal' ska vara 0 eller större")
    if ars.get("nyckeltal_tolerans", 0.1) < 0:
        problems.append("'arsredovisning.nyckeltal_tolerans' ska vara 0 eller större")
    plan = _check_table(raw.get("planering", {}), _PLANERING, "planering", problems)
    tidplan = (path.parent / plan["tidplan"]).resolve() if "tidplan" in plan else None
    if tidplan is not None and not tidplan.is_file():
        problems.append(f"'planering.tidplan' pekar på {tidplan}, som inte finns")
    _check_perspektiv(plan, problems)
    undantag = _check_list(raw.get("kontroll_undantag", []), _UNDANTAG, "kontroll_undantag", problems, allow_empty=True)
    for i, u in enumerate(undantag, start=1):
        if len(u.get("skal", "").strip()) < 10:
            problems.append(f"'kontroll_undantag' nr {i} ({u.get('kontroll')}): skälet ska skrivas ut (minst 10 tecken), "
                            "det trycks i granskningslistan")
    arenden = _check_list(raw.get("arende", []), _ARENDE, "arende", problems, allow_empty=True)
    for i, a in enumerate(arenden, start=1):
        if a.get("tillfalle") not in TILLFALLEN:
            problems.append(f"'arende' nr {i}: tillfalle ska vara ett av {', '.join(TILLFALLEN)}, inte {a.get('tillfalle')!r}")
        if a.get("datum") and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", a["datum"]):
            problems.append(f"'arende' nr {i}: datum ska skrivas ÅÅÅÅ-MM-DD, inte {a['datum']!r}")
    bolag = _check_list(raw.get("bolag", []), _BOLAG, "bolag", problems, allow_empty=True)
    for i, b in enumerate(bolag, start=1):
        if "org_nr" in b and not re.fullmatch(r"\d{6}-\d{4}", b["org_nr"]):
            problems.append(f"'bolag' nr {i} ({b.get('namn')}): org_nr ska skrivas NNNNNN-NNNN, inte {b['org_nr']!r}")
        if "agarandel" in b and not 0 < b["agarandel"] <= 100:
            problems.append(f"'bolag' nr {i} ({b.get('namn')}): agarandel ska vara en procentsats över 0 och högst 100, "
                            f"inte {b['agarandel']:g}")
    _duplicates([b.get("namn") for b in bolag], "bolag", "namn", problems)

    namnder = _check_list(raw.get("namnd", []), _NAMND, "namnd", problems)
    verksamheter = _check_list(raw.get("verksamhet", []), _VERKSAMHET, "verksamhet", problems)
    ids = [n["id"] for n in namnder]
    _duplicates(ids, "namnd", "id", problems)
    _duplicates([v["kod"] for v in verksamheter], "verksamhet", "kod", problems)
    for i, v in enumerate(verksamheter, start=1):
        if v["namnd"] not in ids:
            problems.append(f"'verksamhet' nr {i} ({v['kod']}) har namnd = {v['namnd']!r}, som inte finns bland [[namnd]]")
    for i, a in enumerate(arenden, start=1):
        if a.get("instans") not in (*ids, "KS", "KF"):
            problems.append(f"'arende' nr {i}: instans ska vara ett nämnd-id, \"KS\" eller \"KF\", inte {a.get('instans')!r}")

    konton = None
    try:
        if kontoplan is None or kontoplan.is_file():
            konton = load_kontoplan(kontoplan)
    except ConfigError as exc:
        problems += [f"kontoplanen {exc.path.name}: {p}" for p in exc.problems]
    if problems:
        raise ConfigError(path, problems)
    return Config(
        kommun_namn=kommun["namn"],
        kommun_kod=kommun["kod"],
        jamforelsegrupp=tuple(kommun.get("jamforelsegrupp", ())),
        rapporttillfallen=tillfallen,
        troskel=Troskel(**troskel),
        malbedomning=Malbedomning(**malbedomning),
        namnder=tuple(Namnd(**n) for n in namnder),
        verksamheter=tuple(Verksamhet(**v) for v in verksamheter),
        path=path.resolve(),
        mallar=templates,
        dokumentstatus=Dokumentstatus(**status),
        arsredovisning=Arsredovisning(kontoplan=kontoplan, **{k: tuple(v) if isinstance(v, list) else v
                                                              for k, v in ars.items()}),
        kontroll_undantag=tuple(KontrollUndantag(**u) for u in undantag),
        bolag=tuple(Bolag(**b) for b in bolag),
        arenden=tuple(Arende(**a) for a in arenden),
        kontoplan=konton,
        planering=Planering(tidplan=tidplan, valar=tuple(plan["valar"]) if "valar" in plan else None,
                            serviceperspektiv=tuple(plan.get("serviceperspektiv", SERVICEPERSPEKTIV)),
                            samhallsperspektiv=tuple(plan.get("samhallsperspektiv", SAMHALLSPERSPEKTIV))),
    )


def _check_perspektiv(plan: dict, problems: list[str]) -> None:
    """The required perspektiv: words of the Konsekvenser sheet's Perspektiv column, each in at most one list."""
    from pipeline.read.kinds import PERSPEKTIV

    seen: dict[str, str] = {}
    for key in ("serviceperspektiv", "samhallsperspektiv"):
        for word in plan.get(key, []):
            if word not in PERSPEKTIV:
                problems.append(f"'planering.{key}': {word!r} är inget perspektiv (tillåtna: {', '.join(PERSPEKTIV)})")
            elif word in seen:
                problems.append(f"'planering.{key}': {word!r} står redan i planering.{seen[word]}")
            else:
                seen[word] = key


def _check_list(items: Any, schema: dict, where: str, problems: list[str], allow_empty: bool = False) -> list[dict]:
    if allow_empty and items == []:
        return []
    if not isinstance(items, list) or not items:
        problems.append(f"'[[{where}]]' ska finnas minst en gång")
        return []
    out = []
    for i, item in enumerate(items, start=1):
        checked = _check_table(item, schema, f"{where}[{i}]", problems)
        if all(key in checked for key, (_t, required) in schema.items() if required) and \
                all(key in checked or key not in item for key in schema):
            out.append(checked)
    return out


def _duplicates(values: list[str], where: str, key: str, problems: list[str]) -> None:
    seen: set[str] = set()
    for v in values:
        if v in seen:
            problems.append(f"'{where}.{key}' = {v!r} förekommer mer än en gång")
        seen.add(v)
