"""Stage one nämnd's rapportunderlag workbook (Prognos, Analys, Viktiga händelser, Åtgärdsplan, Aktiviteter).

Returns an `Underlag` of frames:
- prognos: verksamhet, prognos (kr, ledger sign), kommentar, excelrad (the row in sheet Prognos, for sifferkällor)
- analys: avser_typ (mal/indikator/verksamhet), avser, bedomning, analys, orsakskategori (SKL:s checklista
  Sök orsaker), orsak, atgard
- handelser: tuple of texts
- atgardsplan: the SPEC columns (keys as in read.kinds.ATGARDSPLAN), ekonomisk_effekt as float tkr
- aktiviteter: atgard_id, aktivitet, viktiga_faktorer, ansvar, uppfoljning, nar
- extern_regi, begaran: the verksamhet in extern regi and the åtgärder requested of its utförare
  (staging.extern_regi)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from pipeline.config import Config
from pipeline.config.problems import Problems
from pipeline.read import kinds
from pipeline.read.table import RawTable
from pipeline.staging.cast import parse_amount, parse_choice, parse_code, parse_date, parse_text
from pipeline.staging.extern_regi import BEGARAN_COLUMNS, REGI_COLUMNS, stage_begaran, stage_extern_regi
from pipeline.staging.checks import check_amount, check_namnd, check_verksamhet, duplicated_keys, report, show
from pipeline.staging.namnd import from_column, from_file_name, resolve


@dataclass(frozen=True)
class Underlag:
    namnd: str
    path: Path
    prognos: pd.DataFrame
    analys: pd.DataFrame
    handelser: tuple[str, ...]
    atgardsplan: pd.DataFrame
    aktiviteter: pd.DataFrame
    internkontroll: pd.DataFrame = field(default_factory=pd.DataFrame)
    extern_regi: pd.DataFrame = field(default_factory=pd.DataFrame)   # staging.extern_regi.REGI_COLUMNS
    begaran: pd.DataFrame = field(default_factory=pd.DataFrame)       # staging.extern_regi.BEGARAN_COLUMNS
    analys_table: RawTable | None = None   # for locating problems found against other files


def _texts(table: RawTable | None, columns) -> pd.DataFrame:
    keys = [c.key for c in columns]
    if table is None:
        return pd.DataFrame({k: pd.Series(dtype="string[pyarrow]") for k in keys})
    return pd.DataFrame({k: parse_text(table.frame[k]) if k in table.frame else
                         pd.Series(pd.NA, index=table.frame.index, dtype="string[pyarrow]") for k in keys})


def namnd_ids(namnd: pd.Series, config: Config) -> list[str]:
    """The configured nämnd ids among a Prognos sheet's parsed Nämnd codes (one for a proper workbook)."""
    return sorted(set(namnd.dropna()) & {n.id for n in config.namnder})


def prognos_namnd(table: RawTable, config: Config, problems: Problems) -> tuple[str | None, pd.Series, pd.Series]:
    """Which nämnd a Prognos sheet is for: (id or None after a problem, the rows' nämnd, bad-nämnd mask). The
    Nämnd column when there is one, else the verksamheter's nämnd; the file name must agree (staging.namnd)."""
    f = table.frame
    has_column = "namnd" in f and parse_code(f["namnd"]).notna().any()
    if has_column:
        namnd = parse_code(f["namnd"])
        bad_namnd = check_namnd(problems, table, namnd, [n.id for n in config.namnder])
        ids = namnd_ids(namnd, config)
        if len(ids) > 1:
            problems.add(table.path, f"Bladet Prognos blandar nämnder ({', '.join(ids)}); en bok per nämnd.",
                         table.sheet, None, table.place("namnd"))
            return None, namnd, bad_namnd
        rows = from_column(table, "namnd", namnd, {i: i for i in ids}, "kolumnen Nämnd")
    else:
        if not len(f):
            problems.add(table.path, "Bladet Prognos har inga rader.", table.sheet)
            return None, pd.Series(pd.NA, index=f.index, dtype="string"), pd.Series(False, index=f.index)
        owners = {v.kod: v.namnd for v in config.verksamheter}
        rows = from_column(table, "verksamhet", parse_code(f["verksamhet"]), owners, "verksamheterna")
    if has_column and not rows.rows:
        return None, namnd, bad_namnd   # only unknown ids: reported on their rows
    namnd_id = resolve(table, [rows, from_file_name(table.path, config)], problems, "kolumnen Nämnd i bladet Prognos")
    if not has_column:
        namnd = pd.Series(namnd_id, index=f.index, dtype="string")
        bad_namnd = pd.Series(False, index=f.index)
    return namnd_id, namnd, bad_namnd


def stage_underlag(book: dict[str, RawTable], config: Config, problems: Problems) -> Underlag | None:
    """Stage one workbook; None when its nämnd cannot be determined."""
    prognos_table = book["Prognos"]
    f = prognos_table.frame
    namnd_id, namnd, bad_namnd = prognos_namnd(prognos_table, config, problems)
    if namnd_id is None:
        return None
    owners = {v.kod: v.namnd for v in config.verksamheter}
    verksamhet = parse_code(f["verksamhet"])
    check_verksamhet(problems, prognos_table, verksamhet, namnd, owners, bad_namnd,
                     from_budget=config.verksamheter_fran_budget)
    prognos, _ = check_amount(problems, prognos_table, "prognos", "Helårsprognosen")
    prognos_frame = pd.DataFrame({"verksamhet": verksamhet, "prognos": prognos,
                                  "kommentar": parse_text(f["kommentar"]) if "kommentar" in f else pd.NA,
                                  "_rad": f["_rad"]})
    duplicated_keys(problems, prognos_table, prognos_frame, ["verksamhet"], "Verksamheten")

    analys = _stage_analys(book.get("Analys"), problems)
    handelser_table = book.get("Viktiga händelser")
    handelser = tuple(parse_text(handelser_table.frame["handelse"]).dropna()) if handelser_table is not None else ()
    atgardsplan = _stage_atgardsplan(book.get("Åtgärdsplan"), problems)
    aktiviteter = _texts(book.get("Aktiviteter"), kinds.AKTIVITETER)
    if (t := book.get("Aktiviteter")) is not None:
        unknown = aktiviteter["atgard_id"].notna() & ~aktiviteter["atgard_id"].isin(list(atgardsplan["atgard_id"].dropna()))
        report(problems, t, "atgard_id", unknown, lambda v: f"Åtgärds-id {show(v)} finns inte i bladet Åtgärdsplan.")
    regi = stage_extern_regi(book.get(kinds.EXTERN_REGI_SHEET), namnd_id, config, problems)
    begaran = stage_begaran(book.get(kinds.BEGARDA_ATGARDER_SHEET), regi, config, problems)
    return Underlag(namnd_id, prognos_table.path, prognos_frame.rename(columns={"_rad": "excelrad"}), analys, handelser,
                    atgardsplan, aktiviteter, _texts(book.get("Internkontroll"), kinds.INTERNKONTROLL), regi, begaran,
                    book.get("Analys"))


def check_analys_references(underlag: Underlag, mal: pd.DataFrame, indikatorer: pd.DataFrame, config: Config,
                            problems: Problems) -> None:
    """Every Analys row must point at an existing mål, indicator or one of the nämnd's own verksamheter."""
    table = underlag.analys_table
    if table is None or underlag.analys.empty:
        return
    a = underlag.analys
    known = {
        "mal": (set(mal["mal_id"].dropna()) if len(mal) else set(), "mal_id", "Mål-id {v} finns inte i bladet Mål."),
        "indikator": (set(indikatorer["indikator_id"].dropna()) if len(indikatorer) else set(), "indikator_id",
                      "Indikator-id {v} finns inte i bladet Indikatorer."),
        "verksamhet": ({v.kod for v in config.verksamheter_for(underlag.namnd)}, "verksamhet",
                       "Verksamhet {v} hör inte till nämnd " + underlag.namnd + "."),
    }
    for typ, (ids, key, message) in known.items():
        unknown = ((a["avser_typ"] == typ) & ~a["avser"].isin(list(ids))).fillna(False).astype(bool)
        report(problems, table, key, unknown, lambda v, m=message: m.format(v=show(v)))


@dataclass(frozen=True)
class PreviousPoint:
    """What the previous reporting point's rapportunderlag carry into this one."""

    plans: pd.DataFrame      # its åtgärdsplaner with a namnd column and the nämnd's decisions (with_decisions)
    notes: list[str]         # problems in them, as notes (that point has been reported already)
    prognos: pd.DataFrame    # namnd, verksamhet, prognos in kr: the "before" of a plan on a verksamhet
    regi: pd.DataFrame       # its Extern regi rows with a namnd column (staging.extern_regi)
    begaran: pd.DataFrame    # its Begärda åtgärder rows with a namnd column


def stage_previous_plans(previous, config: Config) -> PreviousPoint:
    """The previous reporting point's plans, prognoses and verksamhet in extern regi (read.previous.PreviousPlans),
    each with the nämnd of its workbook."""
    frames, notes = [], list(previous.notes) if previous is not None else []
    prognoser, regi, begaran = [], [], []
    for prognos, plans in (previous.books if previous is not None else []):
        local = Problems(root=prognos.path.parent)
        namnd_id, _namnd, _bad = prognos_namnd(prognos, config, Problems(root=prognos.path.parent))
        staged = _stage_atgardsplan(plans, local)
        if namnd_id is None:
            notes.append(f"Föregående tillfällets underlag {prognos.path.name}: nämnden kunde inte avgöras; "
                         "dess åtgärder följs inte upp.")
            continue
        sheets = previous.regi.get(prognos.path, {})
        its_regi = stage_extern_regi(sheets.get(kinds.EXTERN_REGI_SHEET), namnd_id, config, local)
        regi.append(its_regi.assign(namnd=namnd_id))
        begaran.append(stage_begaran(sheets.get(kinds.BEGARDA_ATGARDER_SHEET), its_regi, config, local)
                       .assign(namnd=namnd_id))
        notes += [f"Föregående tillfälle: {p}" for p in local.sorted()]
        frames.append(staged.assign(namnd=namnd_id))
        amounts, _bad = parse_amount(prognos.frame["prognos"])
        prognoser.append(pd.DataFrame({"namnd": namnd_id, "verksamhet": parse_code(prognos.frame["verksamhet"]),
                                       "prognos": amounts}))
    columns = [c.key for c in kinds.ATGARDSPLAN] + ["namnd"]
    out = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame({c: pd.Series(dtype="string[pyarrow]")
                                                                            for c in columns})
    prognos_fg = pd.concat(prognoser, ignore_index=True) if prognoser else \
        pd.DataFrame({"namnd": pd.Series(dtype=object), "verksamhet": pd.Series(dtype="string"),
                      "prognos": pd.Series(dtype="float64")})
    return PreviousPoint(with_decisions(out, previous, config, notes), notes, prognos_fg,
                         _combined(regi, REGI_COLUMNS + ["namnd"]), _combined(begaran, BEGARAN_COLUMNS + ["namnd"]))


def _combined(frames: list[pd.DataFrame], columns: list[str]) -> pd.DataFrame:
    frames = [f for f in frames if len(f)]
    return pd.concat(frames, ignore_index=True) if frames else \
        pd.DataFrame({c: pd.Series(dtype="string[pyarrow]") for c in columns})


def with_decisions(plans: pd.DataFrame, previous, config: Config, notes: list[str]) -> pd.DataFrame:
    """The previous point's plans with the nämnd's decisions on them (Nämndbeslut, Motala's Bilaga 4 "Besluta"):
    column beslut (the decision in words); an Avslagen plan gets status "Avslagen av nämnden" (it is not followed
    up as work to do); a plan Tillagd av nämnden joins them. Problems in that file become notes."""
    from pipeline.staging.namndbeslut import decided_text, stage_namndbeslut

    out = plans.assign(beslut=pd.Series("", index=plans.index, dtype=object))
    tables = previous.beslut if previous is not None else []
    if not tables:
        return out
    local = Problems(root=tables[0].path.parent)
    decisions = pd.concat([stage_namndbeslut(t, config, local) for t in tables], ignore_index=True)
    notes += [f"Föregående tillfällets nämndbeslut: {p}" for p in local.sorted()]
    decisions = decisions[decisions["beslut"].notna() & decisions["atgard_id"].notna()]
    by_key = {(r["namnd"], r["atgard_id"]): r for r in decisions.to_dict("records")}
    keys = list(zip(out["namnd"].astype(object), out["atgard_id"].astype(object)))
    out["beslut"] = [decided_text(by_key[k]) if k in by_key else "" for k in keys]
    rejected = [by_key.get(k, {}).get("beslut") == "Avslagen" for k in keys]
    out["status"] = out["status"].astype(object).where(~pd.Series(rejected, index=out.index), kinds.AVSLAGEN_STATUS)
    known = set(keys)
    added = [r for r in decisions.to_dict("records") if r["beslut"] == "Tillagd av nämnden"
             and (r["namnd"], r["atgard_id"]) not in known]
    if added:
        extra = pd.DataFrame([{"namnd": r["namnd"], "atgard_id": r["atgard_id"], "avser": r["avser"],
                               "omrade": r["omrade"], "status": "Ej påbörjad", "beslut": decided_text(r)}
                              for r in added])
        out = pd.concat([out, extra], ignore_index=True)
    return out




def _stage_analys(table: RawTable | None, problems: Problems) -> pd.DataFrame:
    cols = ["avser_typ", "avser", "bedomning", "analys", "orsakskategori", "orsak", "atgard"]
    if table is None:
        return pd.DataFrame({c: pd.Series(dtype="string[pyarrow]") for c in cols})
    t = _texts(table, kinds.ANALYS)
    bedomning, bad = parse_choice(table.frame["bedomning"], kinds.BEDOMNINGAR)
    report(problems, table, "bedomning", bad,
           lambda v: f"Bedömningen {show(v)} är okänd; tillåtna: {', '.join(kinds.BEDOMNINGAR)}.")
    if "orsakskategori" in table.frame:
        kategori, bad = parse_choice(table.frame["orsakskategori"], kinds.ORSAKSKATEGORIER)
        report(problems, table, "orsakskategori", bad,
               lambda v: f"Orsakskategorin {show(v)} är okänd; tillåtna (SKL:s checklista Sök orsaker): "
                         f"{'; '.join(kinds.ORSAKSKATEGORIER)}.")
    else:   # a workbook from before the column existed
        kategori = pd.Series(pd.NA, index=t.index, dtype="string[pyarrow]")
    filled = t[["mal_id", "indikator_id", "verksamhet"]].notna().sum(axis=1)
    report(problems, table, "mal_id" if "mal_id" in table.frame else "bedomning", filled != 1,
           lambda v: "Fyll i precis en av kolumnerna Mål-id, Indikator-id och Verksamhet på varje rad.")
    typ = pd.Series("verksamhet", index=t.index).where(t["verksamhet"].notna(), None)
    typ = typ.where(t["indikator_id"].isna(), "indikator").where(t["mal_id"].isna(), "mal")
    avser = t["mal_id"].fillna(t["indikator_id"]).fillna(t["verksamhet"])
    return pd.DataFrame({"avser_typ": typ.astype("string[pyarrow]"), "avser": avser, "bedomning": bedomning,
                         "analys": t["analys"], "orsakskategori": kategori, "orsak": t["orsak"],
                         "atgard": t["atgard"]})


def _stage_atgardsplan(table: RawTable | None, problems: Problems) -> pd.DataFrame:
    t = _texts(table, kinds.ATGARDSPLAN)
    if table is None:
        return t.assign(ekonomisk_effekt=pd.Series(dtype="float64"))
    if "ekonomisk_effekt" in table.frame:
        values, _ = check_amount(problems, table, "ekonomisk_effekt", "Ekonomisk effekt", required_value=False)
        t["ekonomisk_effekt"] = values
    else:
        t["ekonomisk_effekt"] = float("nan")
    for key, choices in (("status", kinds.STATUSAR), ("beslutsniva", kinds.BESLUTSNIVAER)):
        if key in table.frame:
            mapped, bad = parse_choice(table.frame[key], choices)
            report(problems, table, key, bad, lambda v, c=choices: f"{show(v)} är inte tillåtet; välj {', '.join(c)}.")
            t[key] = mapped
    if "klart_senast" in table.frame:
        t["klart_senast"], bad = parse_date(table.frame["klart_senast"])
        report(problems, table, "klart_senast", bad,
               lambda v: f"Klart senast {show(v)} är inte ett datum; skriv ÅÅÅÅ-MM-DD, t.ex. 2026-06-30.")
    for key in ("atgard_id", "avser", "ansvar"):
        report(problems, table, key, t[key].isna(), lambda v: "Cellen får inte vara tom i en åtgärdsplan.")
    duplicated_keys(problems, table, t.assign(_rad=table.frame["_rad"]), ["atgard_id"], "Åtgärds-id")
    return t

