"""`kommunrapport ny KOMMUNKOD [MAPP]`: a starter folder for a real kommun, and `mallar kopiera`.

The starter folder has config/kommun.toml (commented, the kommun's name and code filled in, nämnder and verksamheter
still to be written) and inputs/<år>/… with empty workbooks whose sheets and headers come from the declarations in
pipeline/read/kinds.py, so they are the ones `validera` looks for. The kommun's name, län and SKR kommungrupp come from
the shipped lists in pipeline/resources/data.
"""

from __future__ import annotations

import csv
import shutil
import tomllib
from dataclasses import dataclass
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill

from pipeline.read import kinds
from pipeline.read.table import Column
from pipeline.resources import DATA, TEMPLATES


class StarterError(Exception):
    """A starter folder or template copy that cannot be written (the message is Swedish, for the user)."""


@dataclass(frozen=True)
class Kommun:
    kod: str             # "0583"
    namn: str            # SCB's name with "kommun": "Motala kommun"
    kortnamn: str        # "Motala"
    lan: str             # "Östergötlands län"
    kommungrupp: str     # SKR's kommungrupp 2017, "" if the kommun is in none


def _rows(name: str) -> list[dict[str, str]]:
    with (DATA / name).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def find_kommun(kod: str) -> Kommun | None:
    """The kommun with this four-digit kommunkod from SCB's list, or None."""
    row = next((r for r in _rows("kommuner.csv") if r["municipality_code"] == kod), None)
    if row is None:
        return None
    lan = next((r["county_name"] for r in _rows("lan.csv") if r["county_code"] == kod[:2]), "")
    grupp = next((r["group_title"].replace(" (ovägt medel)", "") for r in _rows("skr_kommungrupper_2017.csv")
                  if r["member_id"] == kod), "")
    return Kommun(kod, row["municipality_name"], row["municipality_name_short"], lan, grupp)


def _refuse_unless_empty(folder: Path) -> None:
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise StarterError(f"Mappen {folder} finns redan och är inte tom; inget skrevs. Ange en ny eller tom mapp, "
                           "så skrivs ingen befintlig fil över.")


# --- config/kommun.toml ------------------------------------------------------------------------------------------

def config_text(kommun: Kommun, year: int) -> str:
    grupp = (f"SKR:s kommungrupp {kommun.kommungrupp} (2017)" if kommun.kommungrupp
             else "ingen SKR-kommungrupp (fyll i jamforelsegrupp)")
    return f'''# Kommunrapport – konfiguration för {kommun.namn}.
# {kommun.namn}, kommunkod {kommun.kod}, {kommun.lan}; {grupp}.
# Skriven av `kommunrapport ny {kommun.kod}`. Varje nyckel är dokumenterad här och i docs/konfiguration.md.
# En okänd nyckel är ett fel. Det som återstår att fylla i är markerat ATT GÖRA; `kommunrapport validera {year} tertial`
# i kommunens mapp säger vad som fortfarande saknas.

[kommun]
namn = "{kommun.namn}"
kod = "{kommun.kod}"                      # kommunkod (SCB/Kolada), fyra siffror
# Liknande kommuner att jämföra med (kommunkoder). Utan nyckeln jämförs kommunen med sin SKR-kommungrupp.
# jamforelsegrupp = ["0000", "0000"]

# Rapporttillfällen, trösklar och målbedömning nedan står med programmets standardvärden (docs/konfiguration.md);
# ändra dem eller ta bort raderna.
[rapporttillfalle.tertial]
namn = "Tertialrapport 1"         # dokumenttyp i rubrik och filnamn
till_manad = 4                    # rapportperioden slutar med denna månad (1–12)
# inlamning_vecka = 19            # ISO-vecka då förvaltningarna lämnar rapportunderlaget (står i underlagen)
[rapporttillfalle.delar]
namn = "Delårsrapport"
till_manad = 8
[rapporttillfalle.bokslut]
namn = "Årsredovisning"
till_manad = 12

[troskel]
ekonomisk_avvikelse_andel = 0.01  # en avvikelse är väsentlig över denna andel av nämndens nettobudget…
ekonomisk_avvikelse_tkr = 1000    # …eller över så här många tkr, det som är minst
prognos_skillnad_andel = 0.02     # flagga när förvaltningens och den beräknade prognosen skiljer mer än denna andel av årsbudgeten

# Sammanvägd bedömning av ett mål utifrån dess indikatorer:
# poäng = (antal Uppfyllt + 0,5 × antal Delvis uppfyllt) / antal bedömda indikatorer.
[malbedomning]
uppfyllt_andel = 0.75             # poäng minst detta -> Uppfyllt
delvis_andel = 0.4                # poäng minst detta -> Delvis uppfyllt, annars Ej uppfyllt

# Mallar: kommunens egen mallmapp (med docx/ och html/), relativt denna fil. Utan den används programmets
# standardmallar. Börja från en kopia: `kommunrapport mallar kopiera mallar` (eller `--alternativ`), och ta bort #:
# [mallar]
# mapp = "../mallar"

# Dokumentens beslutsstatus på omslaget: "Förslag", eller efter beslut "Beslutad" med datum och paragraf.
[dokumentstatus]
status = "Förslag"

# ATT GÖRA: nämnderna. En [[namnd]] per nämnd; id är förkortningen som står i indatafilernas kolumn Nämnd.
# Ta bort # framför raderna och skriv kommunens nämnder, t.ex.:
# [[namnd]]
# id = "KS"
# namn = "Kommunstyrelsen"
# forvaltning = "Kommunledningsförvaltningen"
# [[namnd]]
# id = "SN"
# namn = "Socialnämnden"
# forvaltning = "Socialförvaltningen"

# Verksamheterna (valfritt): utan [[verksamhet]] tas de ur budgeten, med nämnden från budgetens rader och namnen
# från budgetens kolumn Verksamhetsnamn eller SCB:s verksamhetsindelning. Skriv dem här för egna namn eller för att
# markera finansförvaltningen (finans = true: skatter, generella statsbidrag, finansiella poster). Koder ur SCB:s
# verksamhetsindelning (räkenskapssammandraget, tre siffror; en fjärde siffra delar en kod i kommunens egna
# underverksamheter), var och en hos sin nämnd, t.ex.:
# [[verksamhet]]
# kod = "100"
# namn = "Nämnd- och styrelseverksamhet"
# namnd = "KS"
'''


# --- the empty input workbooks -----------------------------------------------------------------------------------

_HEADER_FONT = Font(bold=True)
_OPTIONAL_FONT = Font(bold=True, italic=True, color="595959")
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")


def _sheet(wb: Workbook, name: str, headers: list[tuple[str, bool]]) -> None:
    """A sheet with one header row (required headers bold, optional ones italic grey), frozen below it."""
    ws = wb.create_sheet(name)
    for col, (header, required) in enumerate(headers, start=1):
        cell = ws.cell(row=1, column=col, value=header)
        cell.font = _HEADER_FONT if required else _OPTIONAL_FONT
        cell.fill = _HEADER_FILL
        ws.column_dimensions[cell.column_letter].width = max(12, len(header) + 4)
    ws.freeze_panes = "A2"


def _columns(columns: tuple[Column, ...]) -> list[tuple[str, bool]]:
    return [(c.header, c.required) for c in columns]


def _workbook(path: Path, sheets: dict[str, list[tuple[str, bool]]]) -> Path:
    wb = Workbook()
    wb.remove(wb.active)
    for name, headers in sheets.items():
        _sheet(wb, name, headers)
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path


def _femar(year: int) -> list[tuple[str, bool]]:
    """Femårsöversikten: Nyckeltal, Enhet and one column per year (read.bokslut reads the years from the header)."""
    return [("Nyckeltal", True), ("Enhet", False), *((str(y), True) for y in range(year - 4, year + 1))]


def input_workbooks(year: int) -> dict[str, dict[str, list[tuple[str, bool]]]]:
    """Relative path under inputs/ -> {sheet: [(header, required)]}: the files a reporting year starts from."""
    central = {**{name: _columns(cols) for name, cols in kinds.BOKSLUT_SHEETS.items()}, kinds.FEMAR_SHEET: _femar(year)}
    return {
        f"{year}/Budget {year}.xlsx": {"Budget": _columns(kinds.BUDGET), "Investeringar": _columns(kinds.INVESTERINGAR)},
        f"{year}/Utfall {year - 1}.xlsx": {"Utfall": _columns(kinds.UTFALL)},
        f"{year}/Mål och indikatorer {year}.xlsx": {"Mål": _columns(kinds.MAL), "Indikatorer": _columns(kinds.INDIKATORER)},
        f"{year}/Egna mätningar {year}.xlsx": {"Egna mätningar": _columns(kinds.EGNA)},
        f"{year}/tertial/Huvudbok jan-apr {year}.xlsx": {"Huvudbok": _columns(kinds.UTFALL)},
        f"{year}/delar/Huvudbok jan-aug {year}.xlsx": {"Huvudbok": _columns(kinds.UTFALL)},
        f"{year}/delar/Delårsunderlag {year}.xlsx": central,
        f"{year}/bokslut/Huvudbok jan-dec {year}.xlsx": {"Huvudbok": _columns(kinds.UTFALL)},
        f"{year}/bokslut/Bokslutsunderlag {year}.xlsx": central,
    }


def write_starter(kommun: Kommun, folder: Path, year: int) -> list[Path]:
    """Write the starter folder; refuse (StarterError) if `folder` exists and is not empty. Returns the files."""
    _refuse_unless_empty(folder)
    config = folder / "config" / "kommun.toml"
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text(config_text(kommun, year), encoding="utf-8")
    files = [config]
    for rel, sheets in input_workbooks(year).items():
        files.append(_workbook(folder / "inputs" / rel, sheets))
    (folder / "outputs").mkdir()
    return files


def config_hints(path: Path, problems: list[str]) -> list[str]:
    """What a starter config still lacks, in the order to fill it in: the nämnder, then the verksamheter, each when
    the TOML has none and the loader's `problems` (printed after these) name it. Empty when the file cannot be read:
    the loader says why."""
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return []
    hints = []
    if not raw.get("namnd") and any("namnd" in p for p in problems):
        hints.append(f"{path}: nämnderna saknas ännu – fyll i [[namnd]] (id, namn, forvaltning) för varje nämnd.")
    if not raw.get("verksamhet") and any("verksamhet" in p for p in problems):
        hints.append(f"{path}: verksamheterna saknas ännu – fyll i [[verksamhet]] (kod, namn, namnd) för varje "
                     "verksamhet i budgeten.")
    return hints


# --- mallar kopiera ----------------------------------------------------------------------------------------------

def copy_templates(folder: Path, alternative: bool = False) -> list[Path]:
    """Copy the program's templates (docx/ and html/ with fonts and logo, web/ for the website), or the alternative
    set, into `folder`; refuse (StarterError) if it exists and is not empty."""
    _refuse_unless_empty(folder)
    source = TEMPLATES / "alternativ" if alternative else TEMPLATES
    folder.mkdir(parents=True, exist_ok=True)
    for part in ("docx", "html", "web"):
        shutil.copytree(source / part, folder / part)
    return sorted(p for p in folder.rglob("*") if p.is_file())
