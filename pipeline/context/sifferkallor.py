"""Sifferkällor (issue 14, point 5): one row per printed figure of a report run, with where it comes from.

The printed value is taken from the document's own context (what the template prints), the source facts from
pipeline.model.sifferkallor (the same filters as the model's sums): nothing is computed twice. Kinds of source
(`kalla`): huvudbok, budget, underlag (the nämnd's rapportunderlag, the mål file), kolada, egna (the kommun's own
measurements), beräknad (computed from other printed figures or from the books).
"""

from __future__ import annotations

import math
from pathlib import Path

from pipeline.context.format import EMPTY
from pipeline.model import sifferkallor as facts
from pipeline.render.report import report_stem

COLUMNS = ("dokument", "avsnitt", "rad", "kolumn", "värde", "källa", "fil", "filter", "antal rader",
           "summa oavrundad (kr)")
DRIFT_COLUMNS = (("arsbudget", "Årsbudget"), ("periodbudget", "Periodbudget"), ("utfall", "Utfall"),
                 ("avvikelse", "Avvikelse"), ("prognos", None), ("prognos_beraknad", "Beräknad prognos"),
                 ("avvikelse_helar", "Avvikelse helår"))
INVESTMENT_COLUMNS = (("budget", "Budget"), ("utfall", "Utfall"), ("aterstar", "Återstår"))


def _file(files, *words: str) -> str:
    """The name of the first input file whose name holds every word (case-insensitive), else ''."""
    for path in files:
        name = Path(path).name.lower()
        if all(w.lower() in name for w in words):
            return Path(path).name
    return ""


def _amount(value) -> str:
    return "" if value is None or (isinstance(value, float) and math.isnan(value)) else f"{float(value):.2f}"


class Rows:
    """Collects the rows of one run's sifferkallor.csv."""

    def __init__(self, run):
        meta, staged = run.meta, run.staged
        self.till = meta.till_manad
        files = getattr(run.inputs, "files", ()) if getattr(run, "inputs", None) is not None else ()
        self.files = files
        self.huvudbok = _file(files, "huvudbok") or "huvudbok"
        self.budgetfil = _file(files, "budget") or "budget"
        # the model's own sums and the counts of the rows it summed (pipeline.model.ekonomi): nothing re-summed here
        self.drift = _by_key(run.model.drift, facts.KEY)
        self.investment = _by_key(run.model.investeringar, facts.PROJECT_KEY)
        self.underlag = {(namnd, str(v)): (u.path.name, rad)
                         for namnd, u in staged.underlag.items()
                         for v, rad in zip(u.prognos["verksamhet"], u.prognos["excelrad"])}
        self.indicator = facts.indexed(facts.indicator_facts(staged.indikatorvarden, run.config.kommun_kod),
                                       ["indikator_id", "period"])
        self.rows: list[dict] = []

    def add(self, dokument, avsnitt, rad, kolumn, varde, kalla, fil="", filter="", antal="", summa=None) -> None:
        if varde in ("", None):
            return
        self.rows.append(dict(zip(COLUMNS, (dokument, avsnitt, rad, kolumn, varde, kalla, fil, filter,
                                            str(antal), _amount(summa)))))

    def _period(self) -> str:
        return f"period 1–{self.till}"

    def drift_row(self, dokument: str, namnd: str, row: dict, prognos_label: str) -> None:
        kod = str(row["kod"])
        label = f"{kod} {row['namn']}".strip()
        where = f"nämnd {namnd}; verksamhet {kod}"
        m = self.drift.get((namnd, kod), {})
        ledger = (self.huvudbok, f"{where}; konto 3–8 (drift); {self._period()}", m.get("utfall_antal", 0),
                  m.get("utfall", 0.0))
        months = "Belopp" if self.till == 12 else f"månad 1–{self.till}"
        for key, name in DRIFT_COLUMNS:
            name = name or prognos_label
            value = row[key]
            if key == "utfall" or (key == "prognos" and self.till == 12):
                self.add(dokument, "Driftredovisning", label, name, value, "huvudbok", *ledger)
            elif key == "arsbudget":
                self.add(dokument, "Driftredovisning", label, name, value, "budget", self.budgetfil,
                         f"{where}; kolumn Belopp", m.get("budget_antal", 0), m.get("arsbudget", 0.0))
            elif key == "periodbudget":
                self.add(dokument, "Driftredovisning", label, name, value, "budget", self.budgetfil,
                         f"{where}; {months}", m.get("budget_antal", 0), m.get("periodbudget", 0.0))
            elif key == "prognos" and not _missing(m.get("prognos_forvaltning")):
                fil, rad = self.underlag.get((namnd, kod), ("rapportunderlag", ""))
                self.add(dokument, "Driftredovisning", label, name, value, "underlag", fil,
                         f"blad Prognos; rad {rad}; verksamhet {kod}; förvaltningens prognos", 1,
                         m["prognos_forvaltning"])
            else:
                self.add(dokument, "Driftredovisning", label, name, value, "beräknad", "",
                         _formula(key, self.till))

    def summa_row(self, dokument: str, avsnitt: str, rad: str, summa: dict, columns, prognos_label: str = "") -> None:
        for key, name in columns:
            self.add(dokument, avsnitt, rad, name or prognos_label, summa.get(key, ""), "beräknad", "",
                     "summan av tabellens rader")

    def investment_row(self, dokument: str, namnd: str, row: dict) -> None:
        projekt = row["projekt"]
        label = f"{projekt} {row['namn']}".strip()
        self.investment_cells(dokument, label, namnd, projekt, row["budget"], row["utfall"], "Återstår",
                              row["aterstar"])

    def investment_cells(self, dokument, label, namnd, projekt, budget, utfall, rest_label, rest) -> None:
        f = self.investment.get((namnd, projekt), {})
        self.add(dokument, "Investeringsredovisning", label, "Budget", budget, "budget", self.budgetfil,
                 f"blad Investeringar; nämnd {namnd}; projekt {projekt}", f.get("budget_antal", 0),
                 f.get("budget", 0.0))
        self.add(dokument, "Investeringsredovisning", label, "Utfall", utfall, "huvudbok", self.huvudbok,
                 f"nämnd {namnd}; projekt {projekt}; konto utom 3–8; {self._period()}", f.get("utfall_antal", 0),
                 f.get("utfall", 0.0))
        self.add(dokument, "Investeringsredovisning", label, rest_label, rest, "beräknad", "", "Budget − Utfall")


def _by_key(frame, key: list[str]) -> dict[tuple, dict]:
    """{key as printed (str): model row} of a model frame."""
    return {tuple(str(r[k]) for k in key): r for r in frame.to_dict("records")}


def _indicator_id(run, printed: dict) -> str:
    """The indicator behind a row of the kommun report's financial goals (it prints mål and name)."""
    model = run.model.indikatorer
    match = model[(model["mal_id"] == printed["mal"]) & (model["namn"].astype(str) == printed["namn"])]
    return str(match["indikator_id"].iloc[0]) if len(match) else ""


def _missing(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def _formula(key: str, till: int) -> str:
    return {"avvikelse": "Periodbudget − Utfall", "avvikelse_helar": "Årsbudget − prognos",
            "prognos_beraknad": "utfall hittills × föregående års helår/hittills (annars + resterande budget)",
            "prognos": "beräknad prognos (förvaltningen har ingen)"}.get(key, "")


KIND = {"Kolada": "kolada", "Egen": "egna"}   # model.indikatorer varde_kalla -> källa; else the books: beräknad


def _indicators(rows: Rows, run, dokument: str, avsnitt: str, items: list[tuple[str, str, str, str]]) -> None:
    """Indicator values (id, label, printed value, printed målvärde): Kolada or the kommun's own measurements
    (file, KPI, kommun, period, kön T), own figures from the books computed; the målvärde from the mål file."""
    model = run.model.indikatorer
    if not len(model) or not items:
        return
    info = {str(r["indikator_id"]): r for r in model.drop_duplicates("indikator_id").to_dict("records")}
    kod = run.config.kommun_kod
    mal_file = _file(rows.files, "mål") or "mål och indikatorer"
    for ind, label, varde, malvarde in items:
        r = info.get(ind)
        if r is None:
            continue
        period = r["varde_period"] if isinstance(r["varde_period"], str) else ""
        kind = KIND.get(r["varde_kalla"], "beräknad")
        found = rows.indicator.get((ind, period), {}) if kind != "beräknad" else {}
        if kind == "beräknad":
            rows.add(dokument, avsnitt, label, "Utfall", varde, kind, "", f"{r['varde_kalla']}; period {period}")
        else:
            rows.add(dokument, avsnitt, label, "Utfall", varde, kind, found.get("fil", ""),
                     f"KPI {ind}; kommun {kod}; period {period}; kön T; värde i filen {found.get('varde', '')}",
                     found.get("antal", 0))
        rows.add(dokument, avsnitt, label, "Målvärde", malvarde, "underlag", mal_file,
                 f"blad Indikatorer; indikator {ind}; kolumn Målvärde")


def _statements(rows: Rows, run, context: dict) -> None:
    """RR and BR of the delårsrapport or årsredovisning (mnkr): each post row from its kontoplan line in the
    huvudbok (this year's and, in the jämförelse column, last year's), summa rows computed; the KFA computed."""
    config, staged, till = run.config, run.staged, run.meta.till_manad
    a = run.model.arsredovisning
    dokument = report_stem(context)
    year = run.meta.year
    fg_file = _file(rows.files, "utfall", str(year - 1)) or f"huvudbok {year - 1}"
    rr_now = facts.indexed(facts.statement_facts(staged.utfall, config.kontoplan, 1, till), ["rad"])
    rr_fg = facts.indexed(facts.statement_facts(staged.utfall_fg, config.kontoplan, 1, till), ["rad"])
    opening_in_ledger = a.rakenskaper.ingaende_balans_kalla == "huvudbok"
    br_ub = facts.indexed(facts.statement_facts(staged.utfall, config.kontoplan, 0 if opening_in_ledger else 1, till),
                          ["rad"])
    br_ib = facts.indexed(facts.statement_facts(staged.utfall, config.kontoplan, 0, 0), ["rad"])
    tables = (("Resultaträkning", "resultatrakning", a.rakenskaper.resultatrakning,
               ((rr_now, rows.huvudbok, f"månad 1–{till}"), (rr_fg, fg_file, f"månad 1–{till}"))),
              ("Balansräkning", "balansrakning", a.rakenskaper.balansrakning,
               ((br_ub, rows.huvudbok, f"månad 0–{till} (ingående balans och perioden)"),
                (br_ib, rows.huvudbok, "månad 0 (ingående balans)"))))
    for avsnitt, key, frame, sources in tables:
        if key not in context:
            continue
        names = {n: r for n, r in zip(frame["namn"], frame["rad"])}
        heads = (context[key].get("kolumn", "Belopp"), context[key].get("jamforelse", "Jämförelse"))
        for printed in context[key]["rader"]:
            rad = names.get(printed["namn"])
            for column, head, (found, fil, months) in zip(("belopp", "jamforelse"), heads, sources):
                fact = found.get((rad,)) if not printed["summa"] else None
                if fact is not None:
                    rows.add(dokument, avsnitt, printed["namn"], head, printed[column], "huvudbok", fil,
                             f"kontoplanens rad {rad}; {months}; huvudbokens tecken", fact["rad_antal"],
                             fact["rad_summa"])
                else:
                    rows.add(dokument, avsnitt, printed["namn"], head, printed[column], "beräknad", "",
                             "summan av raderna ovan" if printed["summa"] else "ur andra poster (RKR)")
    for printed in context.get("kassaflodesanalys", {}).get("rader", []):
        for column in ("belopp", "jamforelse"):
            rows.add(dokument, "Kassaflödesanalys", printed["namn"], context["kassaflodesanalys"].get(
                "kolumn" if column == "belopp" else "jamforelse", column), printed[column], "beräknad", "",
                "ur resultat- och balansräkningen")


def _kommun_drift(rows: Rows, run, context: dict, dokument: str) -> None:
    """The delårsrapport's or årsredovisning's driftredovisning per nämnd and finansförvaltning verksamhet
    (model.arsredovisning.kommun_drift, rows in the printed order; after the total the printed årets resultat)."""
    drift = context.get("drift")
    if not drift:
        return
    bokslut = run.meta.till_manad == 12
    column = drift["kolumn"]
    printed = iter(drift["rader"])
    finans: dict[str, list[str]] = {}
    for namnd, kod in zip(run.model.finans.get("namnd", []), run.model.finans.get("verksamhet", [])):
        finans.setdefault(str(namnd), []).append(str(kod))
    for m in run.model.arsredovisning.drift_kommun.to_dict("records"):
        p = next(printed)
        rad = p["namn"]
        if m["del"] in ("namnd", "finans"):
            # a nämnd's printed figure is the sum of its verksamheter's printed (tkr-rounded) figures, without the
            # finansförvaltning's verksamheter (their own rows)
            utom = f"; utom verksamhet {' '.join(finans[m['id']])}" if finans.get(m["id"]) else ""
            where = f"nämnd {m['id']}{utom}; avrundat per verksamhet" if m["del"] == "namnd" else \
                f"finansförvaltningen; verksamhet {m['id']}"
            rows.add(dokument, "Driftredovisning", rad, "Budget", p["budget"], "budget", rows.budgetfil,
                     f"{where}; kolumn Belopp", int(m["budget_antal"]), m["arsbudget"])
            if bokslut:
                rows.add(dokument, "Driftredovisning", rad, column, p["utfall"], "huvudbok", rows.huvudbok,
                         f"{where}; konto 3–8 (drift); {rows._period()}", int(m["utfall_antal"]), m["utfall"])
            else:
                rows.add(dokument, "Driftredovisning", rad, column, p["utfall"], "beräknad", "",
                         "summan av verksamheternas helårsprognoser (förvaltningens, annars beräknad)",
                         summa=m["prognos"])
        else:
            rows.add(dokument, "Driftredovisning", rad, "Budget", p["budget"], "beräknad", "", "summan av raderna ovan")
            rows.add(dokument, "Driftredovisning", rad, column, p["utfall"], "beräknad", "", "summan av raderna ovan")
        rows.add(dokument, "Driftredovisning", rad, "Avvikelse", p["avvikelse"], "beräknad", "",
                 f"Budget − {column}")
        if m["del"] == "summa":
            p = next(printed)
            for key, head in (("budget", "Budget"), ("utfall", column), ("avvikelse", "Avvikelse")):
                rows.add(dokument, "Driftredovisning", p["namn"], head, p[key], "beräknad", "",
                         "kommunen totalt med omvänt tecken")
    investeringar = context.get("investeringar")
    if not investeringar:
        return
    for m, p in zip(run.model.investeringar.to_dict("records"), investeringar["rader"]):
        rows.investment_cells(dokument, p["projekt"], str(m["namnd"]), str(m["projekt"]), p["budget"], p["utfall"],
                              "Avvikelse", p["avvikelse"])
    for key, head in (("budget", "Budget"), ("utfall", "Utfall"), ("avvikelse", "Avvikelse")):
        rows.add(dokument, "Investeringsredovisning", "Summa", head, investeringar["summa"][key], "beräknad", "",
                 "summan av tabellens rader")


def _femar(rows: Rows, run, context: dict, dokument: str) -> None:
    """The femårsöversikt: each year's value computed from the statements where the model computed it (the report
    year and, with last year's ledger, the year before), else as entered in the bokslutsunderlag."""
    femar = context.get("femar")
    if not femar or not femar["rader"]:
        return
    model = run.model.arsredovisning.femar
    for m, p in zip(model.to_dict("records"), femar["rader"]):
        computed = str(m["beraknade_ar"]).split()
        for year, value in zip(femar["ar"], p["varden"]):
            if value == EMPTY:
                continue
            if year in computed:
                rows.add(dokument, "Femårsöversikt", p["namn"], year, value, "beräknad", "",
                         f"ur räkenskaperna för {year} (resultat- och balansräkningen)")
            else:
                rows.add(dokument, "Femårsöversikt", p["namn"], year, value, "underlag", str(m["fil"]),
                         f"blad Femårsöversikt; rad {m['excelrad']}; kolumn {year}; värde i filen {m[year]:g}", 1)


NOTE_SOURCE = {"rr": "huvudbok", "br": "huvudbok", "ansvarsforbindelser": "underlag", "kfa": "beräknad"}


def _noter(rows: Rows, run, context: dict, dokument: str) -> None:
    """The noter: a note's post rows from the huvudbok (the kontoplan's line and group; ingående balans and the
    year's movements for balance notes) or, for ansvarsförbindelser, the bokslutsunderlag; sums and notes derived
    from the statements computed. (No row counts: a note's groups are the kontoplan's konto prefixes.)"""
    printed_notes = {n["nr"]: n for n in context.get("noter", [])}
    year = run.meta.year
    fg_file = _file(rows.files, "utfall", str(year - 1)) or f"huvudbok {year - 1}"
    bokslutsfil = _file(rows.files, "bokslut") or "bokslutsunderlag"
    for n in run.model.noter:
        printed = printed_notes.get(str(n.nr))
        if printed is None:
            continue
        niva = dict(zip(n.rader["namn"], n.rader["niva"]))
        avsnitt = f"Not {n.nr} {n.rubrik}"
        kind = NOTE_SOURCE.get(n.rakning, "beräknad")
        derived = n.id in ("resultatutjamningsreserv", "summa_eget_kapital")
        for p in printed["rader"]:
            for column, head in (("belopp", printed["kolumn"]), ("jamforelse", printed["jamforelse"])):
                if niva.get(p["namn"]) != "post" or derived:
                    rows.add(dokument, avsnitt, p["namn"], head, p[column], "beräknad", "",
                             "summan av notens rader; lika med raden i räkningen" if niva.get(p["namn"]) == "summa"
                             else "ur balansräkningen och balanskravsutredningen")
                elif kind == "underlag":
                    rows.add(dokument, avsnitt, p["namn"], head, p[column], "underlag", bokslutsfil,
                             f"blad Ansvarsförbindelser; post {n.rubrik}")
                elif kind == "huvudbok":
                    fil = rows.huvudbok if column == "belopp" else fg_file
                    months = f"månad 1–{run.meta.till_manad}" if n.rakning == "rr" else \
                        "ingående balans (månad 0) och årets rörelser"
                    rows.add(dokument, avsnitt, p["namn"], head, p[column], "huvudbok", fil,
                             f"kontoplanens rad {n.id}; {p['namn']}; {months}")
                else:
                    rows.add(dokument, avsnitt, p["namn"], head, p[column], "beräknad", "",
                             "ur resultat- och balansräkningen")


def sifferkallor_context(run, contexts: dict[str, list[dict]]) -> dict:
    """Every traced figure of the run's nämnd reports and kommun report: {"rader": [row dicts keyed by COLUMNS]}."""
    rows = Rows(run)
    for c in contexts.get("tertialrapport", []):
        dokument, namnd = report_stem(c), c["namnd"]["id"]
        prognos_label = c["rubriker"]["prognos"]
        for r in c["drift"]["rader"]:
            rows.drift_row(dokument, namnd, r, prognos_label)
        rows.summa_row(dokument, "Driftredovisning", "Summa", c["drift"]["summa"], DRIFT_COLUMNS, prognos_label)
        for r in c["investeringar"]["rader"]:
            rows.investment_row(dokument, namnd, r)
        rows.summa_row(dokument, "Investeringsredovisning", "Summa", c["investeringar"]["summa"], INVESTMENT_COLUMNS)
        _indicators(rows, run, dokument, "Mål och indikatorer",
                    [(i["id"], f"{i['id']} {i['namn']}", i["varde"], i["malvarde"]) for m in c["mal"]
                     for i in m["indikatorer"]])
        for k in c["nyckeltal"]:
            rows.add(dokument, "Nyckeltal", k["namn"], "Värde", k["varde"], "beräknad", "",
                     "ur driftredovisningens och investeringsredovisningens summarader")
    for c in contexts.get("kommunrapport", []):
        dokument = report_stem(c)
        prognos_label = c["rubriker"]["prognos"]
        for r in c["ekonomi"]["rader"]:
            for key, name in DRIFT_COLUMNS:
                rows.add(dokument, "Ekonomi", r["namnd"], name or prognos_label, r[key], "beräknad", "",
                         "summan av nämndens verksamheter i nämndens rapport")
        rows.summa_row(dokument, "Ekonomi", "Summa", c["ekonomi"]["summa"], DRIFT_COLUMNS, prognos_label)
        _indicators(rows, run, dokument, "Finansiella mål",
                    [(f["mal"] and _indicator_id(run, f), f"{f['mal']} {f['namn']}", f["varde"], f["malvarde"])
                     for f in c.get("finansiella_mal", [])])
    for c in contexts.get("delarsrapport", []) + contexts.get("arsredovisning", []):
        dokument = report_stem(c)
        _statements(rows, run, c)
        _kommun_drift(rows, run, c, dokument)
        _femar(rows, run, c, dokument)
        _noter(rows, run, c, dokument)
    _website(rows, run, contexts)
    return {"rader": rows.rows}


def _website(rows: Rows, run, contexts: dict[str, list[dict]]) -> None:
    """The website's nämnd pages (`publicera`) show the nämnd report's driftredovisning and nyckeltal: the same
    sources, the page as the document; only the columns the page shows."""
    from pipeline.context.webb import NAMND

    pages = {c["sida"]["namnd"]: c["sida"] for c in contexts.get("webbplats", []) if c["sida"]["mall"] == NAMND}
    for c in contexts.get("tertialrapport", []):
        page = pages.get(c["namnd"]["namn"])
        if page is None:
            continue
        dokument, prognos_label = f"webb/{page['fil']}", c["rubriker"]["prognos"]
        shown = {"Årsbudget", "Utfall", prognos_label, "Avvikelse helår"}
        start = len(rows.rows)
        for r in c["drift"]["rader"]:
            rows.drift_row(dokument, c["namnd"]["id"], r, prognos_label)
        rows.summa_row(dokument, "Driftredovisning", "Summa", c["drift"]["summa"], DRIFT_COLUMNS, prognos_label)
        rows.rows[start:] = [r for r in rows.rows[start:] if r["kolumn"] in shown]
        for k in c["nyckeltal"]:
            rows.add(dokument, "Nyckeltal", k["namn"], "tkr", k["varde"], "beräknad", "",
                     "ur driftredovisningens och investeringsredovisningens summarader")
