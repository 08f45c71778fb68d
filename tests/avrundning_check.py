"""Reads a rendered .docx and lists every printed sum or difference that does not equal the arithmetic of the
printed figures it is made of (issue 21, rounding that adds up; rule in docs/analys.md "Avrundning").

The statements' structure (which rows a summa sums) comes from the model's layouts (pipeline.model.rakenskaper),
matched on the printed row names; everything else from the table's header words. Used by tests/test_avrundning.py;
also runnable on an output folder: `python -m tests.avrundning_check outputs/2026-bokslut`.
"""

from __future__ import annotations

import re
import sys
from decimal import Decimal
from pathlib import Path

import docx

from pipeline.model.rakenskaper import BALANSKRAV_JUSTERINGAR, BALANSKRAV_RUR, BR_LAYOUT, KFA_LAYOUT, RR_LAYOUT

NUMBER = re.compile(r"^[−-]?\d{1,3}(?:[\u00a0 ]\d{3})*(?:,\d+)?$")
TOTAL_WORDS = ("Summa", "Totalt", "Kommunen totalt")
LAYOUTS = {"RR": RR_LAYOUT, "BR": BR_LAYOUT, "KFA": KFA_LAYOUT}


def parse(text: str) -> Decimal | None:
    """A Swedish printed number ('−4 993', '4 717,9', '5 000 tkr') as Decimal; None for '–', '' or words."""
    t = text.strip()
    if t.endswith(" tkr"):
        t = t[:-4]
    if not NUMBER.match(t):
        return None
    return Decimal(t.replace("\u00a0", "").replace(" ", "").replace("−", "-").replace(",", "."))


def tables(path: Path) -> list[list[list[str]]]:
    return [[[c.text for c in r.cells] for r in t.rows] for t in docx.Document(path).tables]


def paragraphs(path: Path) -> str:
    return "\n".join(p.text for p in docx.Document(path).paragraphs).replace("\u00a0", " ")


def _col(header: list[str], *names: str) -> int | None:
    for name in names:
        if name in header:
            return header.index(name)
    return None


def _is_total(first: str) -> bool:
    return first.startswith(TOTAL_WORDS)


def check_amount_table(rows: list[list[str]], where: str) -> list[str]:
    """Drift, investeringar and the kommun's economy tables: differences per row, total rows = sum of rows above
    (the kommun driftredovisning: 'Summa nämnder' sums the nämnder, 'Kommunen totalt' that sum and the rest)."""
    header, problems = rows[0], []
    budget = _col(header, "Budget")
    diffs = []   # (difference column, minuend, subtrahend)
    if (c := _col(header, "Avvikelse helår")) is not None:
        diffs.append((c, _col(header, "Årsbudget"), _col(header, "Helårsprognos", "Utfall helår")))
    if (c := _col(header, "Avvikelse")) is not None:
        if "Periodbudget" in header:
            diffs.append((c, header.index("Periodbudget"), header.index("Utfall")))
        elif budget is not None:
            diffs.append((c, budget, _col(header, "Utfall", "Helårsprognos")))
    if (c := _col(header, "Återstår")) is not None:
        diffs.append((c, budget, header.index("Utfall")))
    if (c := _col(header, "Differens")) is not None:   # the granskningslista's checks, in kronor
        kr = [i for i, h in enumerate(header) if h == "Kronor"]
        diffs.append((c, kr[0], kr[1]))
    numeric = [i for i in range(1, len(header)) if any(parse(r[i]) is not None for r in rows[1:])]
    for r in rows[1:]:
        for c, a, b in diffs:
            values = [parse(r[i]) for i in (c, a, b)]
            # the driftredovisning's result row has the reader's sign (överskott positive): avvikelse = utfall − budget
            reversed_sign = "omvänt tecken" in r[0]
            if None not in values and values[0] != (values[2] - values[1] if reversed_sign else values[1] - values[2]):
                problems.append(f"{where}: '{r[0]}' {header[c]} {r[c]} ≠ {r[a]} − {r[b]}")
    block_start = 1
    for k, r in enumerate(rows[1:], start=1):
        if not _is_total(r[0]):
            continue
        parts = rows[block_start:k]
        for i in numeric:
            printed = parse(r[i])
            values = [parse(p[i]) for p in parts]
            if printed is None or any(v is None for v in values):
                continue
            if printed != sum(values, Decimal(0)):
                problems.append(f"{where}: '{r[0]}' {header[i]} {r[i]} ≠ sum of the {len(parts)} rows above "
                                f"({sum(values, Decimal(0))})")
        # a subtotal ('Summa nämnder') starts the next block: the grand total sums it and the rows after it
        block_start = k
    return problems


def statement_kind(rows: list[list[str]]) -> str | None:
    names = {r[0] for r in rows[1:]}
    for kind, layout in LAYOUTS.items():
        if names and names <= {n for _r, n, _v, _p in layout}:
            return kind
    return None


def amount_columns(header: list[str]) -> list[int]:
    """The amount columns of a statement table: all but the row names and the note references ("Not")."""
    return [i for i in range(1, len(header)) if header[i] != "Not"]


def statement_values(rows: list[list[str]], kind: str) -> list[dict[str, Decimal | None]]:
    """Per amount column: rad -> printed value (rows left out because they are zero -> 0)."""
    layout = LAYOUTS[kind]
    by_name = {r[0]: r for r in rows[1:]}
    out = []
    for i in amount_columns(rows[0]):
        out.append({rad: (parse(by_name[namn][i]) if namn in by_name else Decimal(0))
                    for rad, namn, niva, _p in layout if niva != "rubrik"})
    return out


def check_statement(rows: list[list[str]], kind: str, where: str) -> list[str]:
    problems = []
    for column, values in zip(amount_columns(rows[0]), statement_values(rows, kind)):
        for rad, namn, niva, parts in LAYOUTS[kind]:
            if niva != "summa" or values[rad] is None or any(values[p] is None for p in parts):
                continue
            if values[rad] != sum((values[p] for p in parts), Decimal(0)):
                problems.append(f"{where}: {kind} '{namn}' ({rows[0][column]}) {values[rad]} ≠ sum of its rows "
                                f"{sum((values[p] for p in parts), Decimal(0))}")
        if kind == "BR" and values["summa_tillgangar"] != values["summa_ek_avsattningar_skulder"]:
            problems.append(f"{where}: BR ({rows[0][column]}) summa tillgångar {values['summa_tillgangar']} ≠ summa "
                            f"eget kapital, avsättningar och skulder {values['summa_ek_avsattningar_skulder']}")
    return problems


def check_balanskrav(rows: list[list[str]], where: str) -> list[str]:
    """'Årets resultat efter balanskravsjusteringar' = the rows above it; 'Årets balanskravsresultat' = that and
    the resultatutjämningsreserv rows (model.rakenskaper.balanskravsutredning)."""
    v = {r[0]: parse(r[1]) for r in rows[1:]}
    problems = []
    adjustments = ["Årets resultat enligt resultaträkningen", "Samtliga realisationsvinster",
                   *(n for _r, n, _s in BALANSKRAV_JUSTERINGAR)]
    efter = sum((v.get(n) or Decimal(0) for n in adjustments), Decimal(0))
    if v["Årets resultat efter balanskravsjusteringar"] != efter:
        problems.append(f"{where}: balanskrav 'efter justeringar' {v['Årets resultat efter balanskravsjusteringar']} ≠ {efter}")
    result = v["Årets resultat efter balanskravsjusteringar"] + sum((v.get(n) or Decimal(0) for _r, n, _s in BALANSKRAV_RUR),
                                                                     Decimal(0))
    if v["Årets balanskravsresultat"] != result:
        problems.append(f"{where}: balanskrav 'Årets balanskravsresultat' {v['Årets balanskravsresultat']} ≠ {result}")
    return problems


def check_effect_table(rows: list[list[str]], where: str) -> list[str]:
    """Helårsprognos − effekt = Prognos efter åtgärder; avvikelse före åtgärder + effekt = efter åtgärder."""
    v = {r[0]: parse(r[1]) for r in rows[1:]}
    prognos = next(x for k, x in v.items() if k.startswith(("Helårsprognos", "Utfall")))
    effekt = next(x for k, x in v.items() if k.startswith("Åtgärdernas effekt"))
    problems = []
    after = next((x for k, x in v.items() if k.startswith("Prognos efter åtgärder")), None)
    if after is not None and after != prognos - effekt:
        problems.append(f"{where}: Prognos efter åtgärder {after} ≠ {prognos} − {effekt}")
    for k, x in v.items():
        m = re.search(r"\(före åtgärder: ([^)]*)\)", k.replace("\u00a0", " "))
        if m and x != parse(m.group(1)) + effekt:
            problems.append(f"{where}: '{k}' {x} ≠ {m.group(1)} + {effekt}")
    return problems


def key_figures(rows: list[list[str]]) -> dict[str, Decimal | None]:
    return {re.sub(r" januari.*", "", r[0]): parse(r[1]) for r in rows[1:]}


def check_key_figures(rows: list[list[str]], drift_total: dict[str, Decimal] | None, where: str) -> list[str]:
    """Årsbudget − Helårsprognos = Budgetavvikelse helår; the figures equal the drift table's total row."""
    v = key_figures(rows)
    problems = []
    prognos = v.get("Helårsprognos", v.get("Utfall helår"))
    if "Budgetavvikelse helår" in v and prognos is not None and v["Budgetavvikelse helår"] != v["Årsbudget"] - prognos:
        problems.append(f"{where}: nyckeltal Budgetavvikelse helår {v['Budgetavvikelse helår']} ≠ Årsbudget − prognos")
    if drift_total:
        pairs = {"Årsbudget": "Årsbudget", "Utfall": "Utfall", "Avvikelse mot periodbudget": "Avvikelse",
                 "Helårsprognos": "Helårsprognos", "Budgetavvikelse helår": "Avvikelse helår"}
        for key, column in pairs.items():
            if key in v and column in drift_total and v[key] != drift_total[column]:
                problems.append(f"{where}: nyckeltal {key} {v[key]} ≠ the drift table's total {drift_total[column]}")
    return problems


def check_document(path: Path) -> list[str]:
    """Every problem of one .docx (empty when every printed sum and difference adds up)."""
    where = path.stem
    problems: list[str] = []
    all_tables = tables(path)
    drift_total = None
    statements: dict[str, list[dict]] = {}
    for rows in all_tables:
        header = rows[0]
        first = header[0]
        if first == "Verksamhet" and "Årsbudget" in header and _is_total(rows[-1][0]):
            drift_total = {h: parse(x) for h, x in zip(header, rows[-1])}
            drift_total["Helårsprognos"] = drift_total.get("Helårsprognos", drift_total.get("Utfall helår"))
    for rows in all_tables:
        header, first = rows[0], rows[0][0]
        if first == "Mnkr":
            kind = statement_kind(rows)
            if kind:
                problems += check_statement(rows, kind, where)
                # the kommun's own statement comes first; a later one of the same kind is the sammanställda
                statements.setdefault(kind, statement_values(rows, kind))
        elif first.startswith("Balanskravsutredning"):
            problems += check_balanskrav(rows, where)
        elif first in ("Nämnden",) and any(r[0].startswith("Åtgärdernas effekt") for r in rows):
            problems += check_effect_table(rows, where)
        elif first == "Nyckeltal" and header[1].lower() == "tkr":
            problems += check_key_figures(rows, drift_total, where)
        elif first == "Tkr" and header[1:] == ["Belopp"]:   # avstämning driftredovisning -> RR
            values = [parse(r[1]) for r in rows[1:]]
            if values[-1] != sum(values[:-1], Decimal(0)):
                problems.append(f"{where}: avstämning '{rows[-1][0]}' {values[-1]} ≠ sum of the rows above")
        elif first == "Grupp" and rows[1][0] == "Totalt":   # personal: Totalt first, then kön and åldersgrupper
            antal = {r[0]: parse(r[1]) for r in rows[1:]}
            groups = [r[0] for r in rows[4:]]
            if not antal["Totalt"] == antal["Kvinnor"] + antal["Män"] == sum((antal[g] for g in groups), Decimal(0)):
                problems.append(f"{where}: personal Totalt {antal['Totalt']} ≠ kvinnor + män ≠ the åldersgrupper")
        elif any(h in header for h in ("Avvikelse", "Avvikelse helår", "Återstår", "Differens")) or \
                any(_is_total(r[0]) for r in rows[1:]):
            problems += check_amount_table(rows, where)
    rr, br, kfa = statements.get("RR"), statements.get("BR"), statements.get("KFA")
    femar = next((t for t in all_tables if t[0][0] == "Nyckeltal" and t[0][-1].isdigit()), None)
    if femar and rr and br:
        year = {r[0]: parse(r[-1]) for r in femar[1:]}
        same = {"Årets resultat (mnkr)": rr[0]["arets_resultat"],
                "Verksamhetens nettokostnad (mnkr)": -rr[0]["verksamhetens_nettokostnader"],
                "Skatteintäkter och generella statsbidrag (mnkr)":
                    rr[0]["skatteintakter"] + rr[0]["generella_statsbidrag_och_utjamning"],
                "Långfristiga skulder (mnkr)": br[0]["langfristiga_skulder"]}
        if kfa:
            same["Nettoinvesteringar (mnkr)"] = -(kfa[0]["investering_materiella"] + kfa[0]["forsaljning_materiella"])
        for name, printed in same.items():
            if name in year and year[name] is not None and year[name] != printed:
                problems.append(f"{where}: femårsöversikten {name} {femar[0][-1]} {year[name]} ≠ the statements' "
                                f"printed figures {printed}")
    if rr and br and rr[0]["arets_resultat"] != br[0]["br_arets_resultat"]:
        problems.append(f"{where}: RR årets resultat {rr[0]['arets_resultat']} ≠ BR {br[0]['br_arets_resultat']}")
    if kfa and br:
        for column in (0, 1):
            if kfa[column]["likvida_medel_ub"] != br[column]["kassa_och_bank"]:
                problems.append(f"{where}: KFA likvida medel {kfa[column]['likvida_medel_ub']} ≠ BR kassa och bank "
                                f"{br[column]['kassa_och_bank']}")
        if kfa[0]["likvida_medel_ib"] != br[1]["kassa_och_bank"]:
            problems.append(f"{where}: KFA likvida medel vid början ≠ BR kassa och bank förra året")
    if kfa and rr:
        for column in (0, 1):
            if kfa[column]["arets_resultat"] != rr[column]["arets_resultat"]:
                problems.append(f"{where}: KFA årets resultat ≠ RR årets resultat")
    return problems


def check_folder(folder: Path) -> list[str]:
    """Every document of a run's output folder, and the kommun table's nämnd rows against the nämnd reports."""
    problems: list[str] = []
    docs = sorted(folder.glob("*.docx"))
    for path in docs:
        problems += check_document(path)
    problems += check_namnd_rows(folder)
    return problems


def check_namnd_rows(folder: Path) -> list[str]:
    """The Kommunövergripande table's nämnd rows are the nämnd reports' 'Summa nämnden' rows, printed the same."""
    problems = []
    for kommun in folder.glob("* Kommunövergripande.docx"):
        table = next(t for t in tables(kommun) if t[0][0] == "Nämnd")
        prefix = kommun.name.removesuffix("Kommunövergripande.docx")
        for row in table[1:]:
            if _is_total(row[0]):
                continue
            own = [p for p in folder.glob(f"*{row[0]}.docx") if not p.name.startswith(f"{prefix[:4]} Tjänste")]
            for path in own:
                drift = next((t for t in tables(path) if t[0][0] == "Verksamhet" and "Årsbudget" in t[0]), None)
                if drift is None:
                    continue
                total = drift[-1]
                for h, x in zip(table[0][1:], row[1:]):
                    h_own = h if h in drift[0] else {"Helårsprognos": "Utfall helår"}.get(h, h)
                    if h_own in drift[0] and total[drift[0].index(h_own)] != x:
                        problems.append(f"{kommun.stem}: {row[0]} {h} {x} ≠ {path.stem} {total[drift[0].index(h_own)]}")
    return problems


def check_plan_folder(folder: Path, bokslut: Path | None = None) -> list[str]:
    """The planning round: each yttrande's 'Summa förslag' per typ is the sum of the printed förslag costs of that
    typ (the konsekvensmatris lists them), its text's 'ger tillsammans' the sum of the printed rows it names, and
    its utgångsläge repeats the nämnd's verksamhetsberättelse (`bokslut` folder) as printed."""
    problems = []
    for ytt in sorted(folder.glob("* Yttrande prioriteringar *.docx")):
        namnd = ytt.stem.split(" Yttrande prioriteringar ")[1]
        per_typ = {r[0]: parse(r[1]) for t in tables(ytt) if t[0][:2] == ["Typ", "Summa förslag, tkr"] for r in t[1:]}
        matrix = next(t for t in tables(next(folder.glob(f"* Konsekvensmatris {namnd}.docx")))
                      if t[0][:3] == ["Förslag", "Typ", "Kostnad, tkr"])
        for typ, printed in per_typ.items():
            costs = sum((parse(r[2]) for r in matrix[1:] if r[1] == typ), Decimal(0))
            if printed != costs:
                problems.append(f"{ytt.stem}: Summa förslag {typ} {printed} ≠ the förslag's printed costs {costs}")
        text = paragraphs(ytt)
        m = re.search(r"ger tillsammans (\S+(?: \d{3})*) tkr", text)
        inom = sum((per_typ.get(t) or Decimal(0) for t in ("Prioritering inom ram", "Effektivisering", "Ransonering")),
                   Decimal(0))
        if m and parse(m.group(1)) != inom:
            problems.append(f"{ytt.stem}: 'ger tillsammans' {m.group(1)} ≠ {inom}")
        start = re.search(r"Budget \d{4}: (\S+(?: \d{3})*) tkr; utfall \d{4}: (\S+(?: \d{3})*) tkr", text)
        own = [p for p in bokslut.glob(f"* Verksamhetsberättelse {namnd}.docx") if "Tjänsteskrivelse" not in p.name] \
            if bokslut else []
        if start and own:
            drift = next(t for t in tables(own[0]) if t[0][0] == "Verksamhet" and "Årsbudget" in t[0])
            total = {h: parse(x) for h, x in zip(drift[0], drift[-1])}
            if (parse(start.group(1)), parse(start.group(2))) != (total["Årsbudget"], total["Utfall"]):
                problems.append(f"{ytt.stem}: utgångsläge {start.group(0)} ≠ {own[0].stem} {total['Årsbudget']} / "
                                f"{total['Utfall']}")
    return problems


if __name__ == "__main__":
    found = []
    for arg in sys.argv[1:]:
        found += check_plan_folder(Path(arg), Path(arg).parent / "2026-bokslut") if arg.rstrip("/").endswith("-plan") \
            else check_folder(Path(arg))
    print("\n".join(found) or "inga avvikelser")
    print(f"{len(found)} problem")
