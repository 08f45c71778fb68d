"""Stage the planning round's inputs: each nämnd's Prioriteringar and Konsekvenser, and the central Ramar.

Output frames:
- förslag (stage_prioriteringar): namnd, forslag_id, typ, problem, malgrupp, atgard, nuvarande, kostnad (tkr,
  negative = besparing), svarighetsgrad, nytta, skala, kostnadseffektivitet, namndens_rang (Int64), rad
- konsekvenser (stage_konsekvenser): namnd, forslag_id, perspektiv, sikt, effekt, beskrivning, agenda2030 (text
  of goal numbers, '3, 10'); per förslag (forslag_info): risk, omfattning (default Service), beslut
- ramar (stage_ramar): namnd, driftram, investeringsutrymme (tkr)
"""

from __future__ import annotations

import re

import pandas as pd

from dataclasses import dataclass, field, replace
from pathlib import Path

from pipeline.config import Config
from pipeline.config.problems import Problems
from pipeline.read import kinds
from pipeline.read.table import RawTable
from pipeline.staging.cast import parse_choice, parse_int, parse_text
from pipeline.staging.cast import parse_code
from pipeline.staging.checks import check_amount, check_namnd, duplicated_keys, report, required, show
from pipeline.staging.namnd import Evidence, forslag_prefix_owner, from_column, from_file_name, resolve

SCALES = {  # key -> (the sheet's column header, allowed words)
    "typ": ("Typ", kinds.TYPER),
    "svarighetsgrad": ("Svårighetsgrad", kinds.SVARIGHETSGRADER),
    "nytta": ("Nytta", kinds.NYTTOR),
    "skala": ("Skala", kinds.SKALOR),
    "kostnadseffektivitet": ("Kostnadseffektivitet", kinds.KOSTNADSEFFEKTIVITET),
    "perspektiv": ("Perspektiv", kinds.PERSPEKTIV),
    "sikt": ("Sikt", kinds.SIKTER),
    "effekt": ("Effekt", kinds.EFFEKTER),
    "omfattning": ("Omfattning", kinds.OMFATTNINGAR),
    "beslut": ("Beslut", kinds.BESLUT),
}
SYNONYMS = {"skala": {"individ": "Individ/Medborgare", "medborgare": "Individ/Medborgare",
                      "individ / medborgare": "Individ/Medborgare"},
            "sikt": {"kort sikt": "Kort", "lång sikt": "Lång"},
            "perspektiv": {"brukare": "Brukare/medborgare", "medborgare": "Brukare/medborgare",
                           "brukare / medborgare": "Brukare/medborgare"}}
_GOAL = re.compile(r"^\d{1,2}$")


def _scale(problems: Problems, table: RawTable, key: str, required_value: bool = True) -> pd.Series:
    """A closed scale column: words mapped case-insensitively; unknown words reported with the allowed ones."""
    header, words = SCALES[key]
    if key not in table.frame:
        return pd.Series(pd.NA, index=table.frame.index, dtype="string[pyarrow]")
    mapped, bad = parse_choice(table.frame[key], words, SYNONYMS.get(key))
    report(problems, table, key, bad, lambda v: f"{header} {show(v)} är inte ett tillåtet ord. Tillåtna: {', '.join(words)}.")
    if required_value:
        required(problems, table, key, table.frame[key], header)
    return mapped


def stage_prioriteringar(table: RawTable, config: Config, namnd_id: str | None, problems: Problems,
                         more: list[Evidence] | None = None) -> pd.DataFrame:
    """One nämnd's Prioriteringar sheet. The nämnd is the column Nämnd (one id), or `namnd_id`, or what the
    förslag ids ("SN-F1"), `more` (e.g. the Åtgärdsplan's verksamheter) and the file name agree on (staging.namnd);
    every problem is located."""
    f = table.frame
    others = [c for c in f.columns if c not in ("namnd", "_rad")]
    filled = f[others].map(lambda v: v is not None and not (isinstance(v, str) and not v.strip())
                           and not (isinstance(v, float) and v != v)).any(axis=1)
    if not filled.all():   # rows with nothing but the nämnd's id (offered by `underlag`) are empty rows
        f = f[filled].reset_index(drop=True)
        table = replace(table, frame=f)
    if not len(f):
        problems.add(table.path, "Bladet Prioriteringar har inga förslag. Fyll i minst ett förslag (en rad per förslag).",
                     table.sheet, table.header_row + 1)
    forslag_id = parse_text(f["forslag_id"])
    required(problems, table, "forslag_id", f["forslag_id"], "Förslags-id")
    if "namnd" in f and parse_text(f["namnd"]).notna().any():
        namnd = parse_text(f["namnd"])
        check_namnd(problems, table, namnd, [n.id for n in config.namnder])
        ids = sorted(set(namnd.dropna()) & {n.id for n in config.namnder})
        if len(ids) > 1:
            problems.add(table.path, f"Bladet Prioriteringar blandar nämnder ({', '.join(ids)}); en bok per nämnd.",
                         table.sheet, None, table.place("namnd"))
        elif ids:
            evidence = [from_column(table, "namnd", namnd, {ids[0]: ids[0]}, "kolumnen Nämnd"),
                        from_file_name(table.path, config)]
            namnd_id = resolve(table, evidence, problems, "kolumnen Nämnd i bladet Prioriteringar")
    elif len(f) and namnd_id is None:
        owner = forslag_prefix_owner(forslag_id, config)
        evidence = [from_column(table, "forslag_id", forslag_id, owner, "förslagens id"), *(more or []),
                    from_file_name(table.path, config)]
        namnd_id = resolve(table, evidence, problems, "kolumnen Nämnd i bladet Prioriteringar")
    kostnad, _bad = check_amount(problems, table, "kostnad", "Kostnaden")
    rang, bad_rang = parse_int(f["namndens_rang"]) if "namndens_rang" in f else \
        (pd.Series(pd.NA, index=f.index, dtype="Int64"), pd.Series(False, index=f.index))
    report(problems, table, "namndens_rang", bad_rang | (rang < 1).fillna(False),
           lambda v: f"Nämndens rang {show(v)} ska vara ett heltal 1 eller större.")
    out = pd.DataFrame({
        "namnd": namnd_id, "forslag_id": forslag_id, "typ": _scale(problems, table, "typ"),
        "problem": parse_text(f["problem"]), "malgrupp": parse_text(f["malgrupp"]), "atgard": parse_text(f["atgard"]),
        "nuvarande": parse_text(f["nuvarande"]) if "nuvarande" in f else pd.Series(pd.NA, index=f.index, dtype="string"),
        "kostnad": kostnad, "svarighetsgrad": _scale(problems, table, "svarighetsgrad"),
        "nytta": _scale(problems, table, "nytta"), "skala": _scale(problems, table, "skala"),
        "kostnadseffektivitet": _scale(problems, table, "kostnadseffektivitet"), "namndens_rang": rang,
        "rad": f["_rad"],
    })
    duplicated_keys(problems, table, out.rename(columns={"rad": "_rad"}), ["forslag_id"], "Förslags-id")
    return out


def _goals(problems: Problems, table: RawTable) -> pd.Series:
    """Agenda 2030 goal numbers ('3, 10' or '3;10' or 3) as normalised text; numbers outside 1–17 reported."""
    if "agenda2030" not in table.frame:
        return pd.Series(pd.NA, index=table.frame.index, dtype="string[pyarrow]")
    text = parse_text(table.frame["agenda2030"])
    parts = text.fillna("").str.replace(r"(?i)mål", "", regex=True).str.split(r"[,;/ ]+")
    def norm(items):
        numbers = [p for p in items if p]
        if not numbers:
            return None, True
        ok = all(_GOAL.match(p) and 1 <= int(p) <= 17 for p in numbers)
        return (", ".join(str(int(p)) for p in numbers) if ok else None), ok
    normalised = parts.map(norm)
    bad = text.notna() & ~normalised.map(lambda t: t[1])
    report(problems, table, "agenda2030", bad,
           lambda v: f"Agenda 2030 {show(v)}: skriv målens nummer 1–17, t.ex. 3, 10.")
    return pd.Series([t[0] for t in normalised], index=text.index, dtype="string[pyarrow]")


def stage_konsekvenser(table: RawTable, namnd_id: str, forslag_ids: set[str], problems: Problems
                       ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """One nämnd's Konsekvenser sheet -> (rows, per-förslag info: forslag_id, risk, omfattning, beslut)."""
    f = table.frame
    forslag_id = parse_text(f["forslag_id"])
    required(problems, table, "forslag_id", f["forslag_id"], "Förslags-id")
    unknown = forslag_id.notna() & ~forslag_id.isin(sorted(forslag_ids))
    report(problems, table, "forslag_id", unknown,
           lambda v: f"Förslags-id {show(v)} finns inte i bladet Prioriteringar; en konsekvens gäller ett förslag där.")
    rows = pd.DataFrame({
        "namnd": namnd_id, "forslag_id": forslag_id, "perspektiv": _scale(problems, table, "perspektiv"),
        "sikt": _scale(problems, table, "sikt"), "effekt": _scale(problems, table, "effekt"),
        "beskrivning": parse_text(f["beskrivning"]) if "beskrivning" in f else pd.Series(pd.NA, index=f.index, dtype="string"),
        "agenda2030": _goals(problems, table), "_rad": f["_rad"],
    })
    duplicated_keys(problems, table, rows, ["forslag_id", "perspektiv", "sikt"], "Konsekvensen (förslag / perspektiv / sikt)")
    info = pd.DataFrame({"forslag_id": forslag_id,
                         "risk": parse_text(f["risk"]) if "risk" in f else pd.Series(pd.NA, index=f.index, dtype="string"),
                         "omfattning": _scale(problems, table, "omfattning", required_value=False),
                         "beslut": _scale(problems, table, "beslut", required_value=False), "_rad": f["_rad"]})
    per_forslag = []
    for fid, group in info.dropna(subset=["forslag_id"]).groupby("forslag_id", sort=True):
        values = {}
        for key, header in (("risk", "Risk om inget görs"), ("omfattning", "Omfattning"), ("beslut", "Beslut")):
            distinct = group[key].dropna().unique()
            if len(distinct) > 1:
                rad = int(group.loc[group[key].notna(), "_rad"].iloc[1])
                problems.add(table.path, f"{header} för förslag {fid} skiljer sig mellan raderna ({' / '.join(distinct)}); "
                                         "skriv samma på alla rader eller bara på en.", table.sheet, rad, table.place(key))
            values[key] = distinct[0] if len(distinct) else None
        per_forslag.append({"forslag_id": fid, "risk": values["risk"],
                            "omfattning": values["omfattning"] or "Service", "beslut": values["beslut"]})
    return rows.drop(columns="_rad"), pd.DataFrame(per_forslag, columns=["forslag_id", "risk", "omfattning", "beslut"])


def stage_ramar(table: RawTable, config: Config, problems: Problems) -> pd.DataFrame:
    """The central Ramar sheet: one row per nämnd, driftram and investeringsutrymme in tkr."""
    f = table.frame
    namnd = parse_text(f["namnd"])
    check_namnd(problems, table, namnd, [n.id for n in config.namnder])
    driftram, _ = check_amount(problems, table, "driftram", "Driftramen")
    utrymme, _ = check_amount(problems, table, "investeringsutrymme", "Investeringsutrymmet")
    out = pd.DataFrame({"namnd": namnd, "driftram": driftram, "investeringsutrymme": utrymme, "_rad": f["_rad"]})
    duplicated_keys(problems, table, out, ["namnd"], "Nämnden")
    return out.drop(columns="_rad")


@dataclass(frozen=True)
class StagedPlan:
    """Everything the planning round read, staged; one frame for all nämnder."""

    year: int
    forslag: pd.DataFrame            # stage_prioriteringar, all nämnder
    konsekvenser: pd.DataFrame       # stage_konsekvenser rows, all nämnder
    forslag_info: pd.DataFrame       # namnd, forslag_id, risk, omfattning, beslut
    ramar: pd.DataFrame              # stage_ramar (empty when no Ramar sheet was delivered)
    atgardsplan: pd.DataFrame        # the plans of the workbooks (staging.underlag), with namnd
    aktiviteter: pd.DataFrame
    paths: dict[str, Path] = field(default_factory=dict)   # nämnd -> its workbook


def _plan_evidence(book: dict[str, RawTable], config: Config) -> list[Evidence]:
    """What the workbook's other sheets say about its nämnd: the Åtgärdsplan's optional Verksamhet column."""
    plan = book.get("Åtgärdsplan")
    if plan is None or "verksamhet" not in plan.frame:
        return []
    owners = {v.kod: v.namnd for v in config.verksamheter}
    return [from_column(plan, "verksamhet", parse_code(plan.frame["verksamhet"]), owners,
                        "verksamheterna i bladet Åtgärdsplan")]


def stage_plan(raw, config: Config, year: int, problems: Problems) -> StagedPlan:
    """The planning round's workbooks (raw.plan) and Ramar (raw.ramar); problems located, nothing raised."""
    from pipeline.staging.underlag import _stage_atgardsplan, _texts

    forslag, konsekvenser, info, plans, activities, paths = [], [], [], [], [], {}
    if not raw.plan:
        problems.add(raw.tillfalle_dir, "Inga prioriteringsunderlag hittades: en arbetsbok per nämnd med bladet "
                                        "Prioriteringar (kommunrapport underlag ÅR plan skapar dem).")
    for book in raw.plan:
        table = book["Prioriteringar"]
        staged = stage_prioriteringar(table, config, None, problems, _plan_evidence(book, config))
        namnd_id = staged["namnd"].dropna().iloc[0] if staged["namnd"].notna().any() else None
        if namnd_id is None:
            continue
        if namnd_id in paths:
            for path in (paths[namnd_id], table.path):
                problems.add(path, f"Det finns två prioriteringsunderlag för nämnd {namnd_id}: "
                                   f"{problems.name(paths[namnd_id])} och {problems.name(table.path)}. Ta bort det ena.")
            continue
        paths[namnd_id] = table.path
        forslag.append(staged)
        if (k := book.get("Konsekvenser")) is not None:
            rows, per = stage_konsekvenser(k, namnd_id, set(staged["forslag_id"].dropna()), problems)
            konsekvenser.append(rows)
            info.append(per.assign(namnd=namnd_id))
        plans.append(_stage_atgardsplan(book.get("Åtgärdsplan"), problems).assign(namnd=namnd_id))
        activities.append(_texts(book.get("Aktiviteter"), kinds.AKTIVITETER).assign(namnd=namnd_id))
    ramar = [stage_ramar(t, config, problems) for t in raw.ramar]
    if len(ramar) > 1:
        problems.add(raw.ramar[1].path, "Bladet Ramar finns i mer än en fil; lämna det i en.", raw.ramar[1].sheet)

    def concat(frames, columns):
        frames = [f for f in frames if len(f)]
        return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=columns)
    return StagedPlan(
        year=year,
        forslag=concat(forslag, ["namnd", "forslag_id", "typ", "kostnad"]),
        konsekvenser=concat(konsekvenser, ["namnd", "forslag_id", "perspektiv", "sikt", "effekt", "beskrivning",
                                           "agenda2030"]),
        forslag_info=concat(info, ["forslag_id", "risk", "omfattning", "beslut", "namnd"]),
        ramar=ramar[0] if ramar else pd.DataFrame(columns=["namnd", "driftram", "investeringsutrymme"]),
        atgardsplan=concat(plans, [c.key for c in kinds.ATGARDSPLAN] + ["namnd"]),
        aktiviteter=concat(activities, [c.key for c in kinds.AKTIVITETER] + ["namnd"]),
        paths=paths,
    )
