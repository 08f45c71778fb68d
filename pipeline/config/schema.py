"""The typed schema of `config/kommun.toml` (pydantic v2), and its errors in Swedish.

`KommunToml` mirrors the file's structure; every table forbids unknown keys, every value is checked strictly
(TOML's own types: a number is not a text, an integer is accepted where a decimal is). Keys with a sensible
default have it here, and docs/konfiguration.md lists them. `swedish_problems` turns a `ValidationError` into
the project's located Swedish messages, one per problem (e.g. "nyckeln 'troskel.ekonomisk_avvikelse_tkr'
saknas"); checks between tables and against files (nämnd ids, paths) are in `pipeline.config.load_config`.
"""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal, get_args, get_origin

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError, model_validator
from pydantic_core import PydanticCustomError

SV = "sv"   # the error type of this module's own checks: the context's "text" is the Swedish message


def sv_error(text: str) -> PydanticCustomError:
    """An error whose message is already Swedish (the key path is put in front of it)."""
    return PydanticCustomError(SV, "{text}", {"text": text})


def _pattern(regex: str, what: str, empty_ok: bool = False):
    def check(value: str) -> str:
        if not (empty_ok and value == "") and not re.fullmatch(regex, value):
            raise sv_error(f"ska {what}, inte {value!r}")
        return value
    return AfterValidator(check)


Kommunkod = Annotated[str, _pattern(r"\d{4}", "vara en kommunkod med fyra siffror")]
Datum = Annotated[str, _pattern(r"\d{4}-\d{2}-\d{2}", "skrivas ÅÅÅÅ-MM-DD", empty_ok=True)]


def _month(value: int) -> int:
    if not 1 <= value <= 12:
        raise sv_error(f"ska vara 1–12, inte {value}")
    return value


Manad = Annotated[int, AfterValidator(_month)]
Andel = Annotated[float, Field(ge=0)]


class Table(BaseModel):
    """A TOML table: unknown keys are errors, values keep TOML's types."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class KommunTable(Table):
    namn: str
    kod: Kommunkod
    jamforelsegrupp: list[Kommunkod] = []


class TillfalleTable(Table):
    namn: str | None = None   # None: the default name of the tillfälle (default_tillfalle_namn)
    till_manad: Manad
    # the ISO week the förvaltningar deliver their rapportunderlag (the first such week after the period's end);
    # None: the kommun has set none (Motala's Bilaga 4 gives no weeks for the uppföljning)
    inlamning_vecka: Annotated[int, Field(ge=1, le=53)] | None = None


DEFAULT_TILL_MANAD = {"tertial": 4, "delar": 8, "bokslut": 12}


def default_tillfalle_namn(tillfalle: str, till_manad: int) -> str:
    """"Tertialrapport 1" (jan–apr) / "Tertialrapport 2" (jan–aug), "Delårsrapport", "Årsredovisning"."""
    if tillfalle == "tertial":
        return f"Tertialrapport {till_manad // 4}" if till_manad in (4, 8) else "Tertialrapport"
    return {"delar": "Delårsrapport", "bokslut": "Årsredovisning"}[tillfalle]


class RapporttillfallenTable(Table):
    tertial: TillfalleTable = TillfalleTable(till_manad=DEFAULT_TILL_MANAD["tertial"])
    delar: TillfalleTable = TillfalleTable(till_manad=DEFAULT_TILL_MANAD["delar"])
    bokslut: TillfalleTable = TillfalleTable(till_manad=DEFAULT_TILL_MANAD["bokslut"])


class TroskelTable(Table):
    ekonomisk_avvikelse_andel: Andel
    ekonomisk_avvikelse_tkr: Annotated[float, Field(ge=0)]
    prognos_skillnad_andel: Andel = 0.02
    kon_gap_andel: Andel = 0.10
    budget_i_balans_kr: Annotated[float, Field(ge=0)] = 500.0
    atgarder_tolerans_kr: Annotated[float, Field(ge=0)] = 500.0


class MalbedomningTable(Table):
    uppfyllt_andel: Andel = 0.75
    delvis_andel: Andel = 0.4
    tolerans_andel: Andel = 0.0
    framgang_marginal: Andel = 0.05
    malbana: bool = False

    @model_validator(mode="after")
    def _ordered(self):
        if not 0 <= self.delvis_andel <= self.uppfyllt_andel <= 1:
            raise sv_error("ska uppfylla 0 ≤ delvis_andel ≤ uppfyllt_andel ≤ 1")
        return self


class NamndTable(Table):
    id: str
    namn: str
    forvaltning: str


class VerksamhetTable(Table):
    kod: str
    namn: str
    namnd: str
    finans: bool = False


class MallarTable(Table):
    mapp: str | None = None


class ArkivTable(Table):
    mapp: str | None = None   # the archive folder, relative to the config file; default: arkiv/ beside outputs/


class InkorgTable(Table):
    mapp: str | None = None   # the förvaltningar's delivery folder, relative to the config file; default: inkorg/ beside inputs/


class DokumentstatusTable(Table):
    status: Literal["Förslag", "Beslutad"] = "Förslag"
    datum: str = ""
    paragraf: str = ""
    instans: str = ""

    @model_validator(mode="after")
    def _decided(self):
        if self.status == "Beslutad":
            missing = []
            if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", self.datum):
                missing.append("datum (beslutsdatumet, ÅÅÅÅ-MM-DD)")
            if not self.paragraf:
                missing.append("paragraf (t.ex. \"§ 45\")")
            if missing:
                raise sv_error(f"har status \"Beslutad\" men saknar {' och '.join(missing)}: "
                               "ange 'dokumentstatus.datum' och 'dokumentstatus.paragraf'")
        return self


class ArsredovisningTable(Table):
    kontoplan: str | None = None
    sjukfranvaro_dold_till_antal: Annotated[int, Field(ge=0)] = 10
    nyckeltal_tolerans: Annotated[float, Field(ge=0)] = 0.1
    redovisningsprinciper: list[str] = []
    rkr_avvikelser: list[str] = []


class PlaneringTable(Table):
    tidplan: str | None = None
    valar: list[int] | None = None
    serviceperspektiv: list[str] = ["Ekonomi", "Personal", "Brukare/medborgare"]
    samhallsperspektiv: list[str] = ["Social hållbarhet", "Miljö"]


class ExternRegiTable(Table):
    # the steps of the kommun's sanktionstrappa, mildest first (SKR steg 6 names the trappa, each avtal sets its steps)
    sanktionstrappa: list[str] = []


class WebbTable(Table):
    # how medborgare reach the kommun about the website (the tillgänglighetsredogörelse names it)
    kontakt: str = "kommunens kontaktcenter"


def _reason(value: str) -> str:
    if len(value.strip()) < 10:
        raise sv_error("ska skrivas ut (minst 10 tecken), det trycks i granskningslistan")
    return value


class KontrollUndantagTable(Table):
    kontroll: str
    skal: Annotated[str, AfterValidator(_reason)]


class ArendeTable(Table):
    tillfalle: Literal["tertial", "delar", "bokslut"]
    instans: str
    diarienummer: str = ""
    datum: Datum = ""
    handlaggare: str = ""


class BolagTable(Table):
    namn: str
    org_nr: Annotated[str, _pattern(r"\d{6}-\d{4}", "skrivas NNNNNN-NNNN")]
    agarandel: Annotated[float, Field(gt=0, le=100)]


class KommunToml(Table):
    """The whole file. Required: kommun.namn, kommun.kod, [[namnd]], troskel.ekonomisk_avvikelse_andel and _tkr."""

    kommun: KommunTable
    namnd: Annotated[list[NamndTable], Field(min_length=1)]
    rapporttillfalle: RapporttillfallenTable = RapporttillfallenTable()
    troskel: TroskelTable
    malbedomning: MalbedomningTable = MalbedomningTable()
    verksamhet: Annotated[list[VerksamhetTable], Field(min_length=1)] | None = None   # None: from the Budget
    mallar: MallarTable = MallarTable()
    arkiv: ArkivTable = ArkivTable()
    inkorg: InkorgTable = InkorgTable()
    dokumentstatus: DokumentstatusTable = DokumentstatusTable()
    arsredovisning: ArsredovisningTable = ArsredovisningTable()
    planering: PlaneringTable = PlaneringTable()
    extern_regi: ExternRegiTable = ExternRegiTable()
    webb: WebbTable = WebbTable()
    kontroll_undantag: list[KontrollUndantagTable] = []
    arende: list[ArendeTable] = []
    bolag: list[BolagTable] = []


# --- Swedish messages -------------------------------------------------------------------------------------------

_TYPE_WORDS = {"string_type": "en text", "int_type": "ett heltal", "float_type": "ett tal",
               "bool_type": "true eller false", "list_type": "en lista"}
_ARRAYS_OF_TABLES = {"namnd", "verksamhet", "kontroll_undantag", "arende", "bolag"}


def key_path(loc: tuple) -> str:
    """('namnd', 1, 'namn') -> 'namnd[2].namn' (items counted from 1, as a person counts the [[namnd]] tables)."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part + 1}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def _model_at(loc: tuple) -> type[BaseModel] | None:
    """The table model found by following `loc` from KommunToml (list items and optional values unwrapped)."""
    model: Any = KommunToml
    for part in loc:
        if isinstance(part, int):
            continue
        if not (isinstance(model, type) and issubclass(model, BaseModel)) or part not in model.model_fields:
            return None
        model = _unwrap(model.model_fields[part].annotation)
    return model if isinstance(model, type) and issubclass(model, BaseModel) else None


def _unwrap(annotation: Any) -> Any:
    while True:
        origin = get_origin(annotation)
        if origin is Annotated:
            annotation = get_args(annotation)[0]
        elif origin is list:
            annotation = get_args(annotation)[0]
        elif origin is not None and type(None) in get_args(annotation):   # X | None
            annotation = next(a for a in get_args(annotation) if a is not type(None))
        else:
            return annotation


def _show(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "…"


def swedish_problem(error: dict) -> str:
    """One pydantic error (ValidationError.errors() item) as a located Swedish message."""
    kind, loc, value, ctx = error["type"], tuple(error["loc"]), error.get("input"), error.get("ctx") or {}
    where = key_path(loc)
    if kind == SV:
        return f"'{where}' {ctx['text']}"
    if kind == "missing":
        return f"nyckeln '{where}' saknas"
    if kind == "extra_forbidden":
        model = _model_at(loc[:-1])
        allowed = f" (tillåtna: {', '.join(model.model_fields)})" if model is not None else ""
        return f"okänd nyckel '{where}'{allowed}"
    if kind == "list_type" and where in _ARRAYS_OF_TABLES:
        return f"'{where}' ska skrivas som en lista av tabeller ([[{where}]]), inte {_show(value)}"
    if kind == "model_type":
        return f"'{where}' ska vara en tabell ([{where}]), inte {_show(value)}"
    if kind == "literal_error":
        expected = ctx.get("expected", "").replace(" or ", " eller ")
        return f"'{where}' ska vara {expected}, inte {_show(value)}"
    if kind in _TYPE_WORDS:
        return f"'{where}' ska vara {_TYPE_WORDS[kind]}, inte {_show(value)}"
    if kind == "greater_than_equal":
        return f"'{where}' ska vara {_number(ctx['ge'])} eller större, inte {_number(value)}"
    if kind == "greater_than":
        return f"'{where}' ska vara större än {_number(ctx['gt'])}, inte {_number(value)}"
    if kind == "less_than_equal":
        return f"'{where}' ska vara högst {_number(ctx['le'])}, inte {_number(value)}"
    if kind == "too_short":
        if where in _ARRAYS_OF_TABLES:
            return f"'[[{where}]]' ska finnas minst en gång"
        return f"'{where}' ska ha minst {ctx.get('min_length', 1)} värden"
    return f"'{where}' har ett ogiltigt värde: {_show(value)}"   # a kind not mapped above (none is expected)


def _number(value: Any) -> str:
    return f"{value:g}".replace(".", ",") if isinstance(value, float) else str(value)


def swedish_problems(exc: ValidationError) -> list[str]:
    return [swedish_problem(e) for e in exc.errors(include_url=False)]
