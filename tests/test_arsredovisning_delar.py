"""Issue 21 point 4: the årsredovisning's noter, redovisningsprinciper and the resultatutjämningsreserv tied out
between the balanskravsutredning, the balansräkning and the förslag till beslut. Pure model functions on small
hand-made tables, and the example kommun's rendered bokslut documents reopened."""

import json
from pathlib import Path

import docx
import pandas as pd

from pipeline.model.rur import rur_change, rur_reservation

AR = "2026 Årsredovisning Exempelkommun"


def _paragraphs(path: Path) -> list[str]:
    return [p.text for p in docx.Document(path).paragraphs if p.text.strip()]


def _table(document, first_cell: str) -> list[list[str]]:
    table = next(t for t in document.tables if t.rows[0].cells[0].text == first_cell)
    return [[c.text.replace("\u00a0", " ") for c in r.cells] for r in table.rows]


def test_rur_reservation_and_change_by_hand():
    balanskrav = pd.DataFrame({"rad": ["arets_resultat", "medel_till_rur", "medel_fran_rur"],
                               "belopp": [40e6, -5e6, 0.0]})
    assert rur_reservation(balanskrav) == 5e6
    disposed = balanskrav.assign(belopp=[40e6, 0.0, 3e6])
    assert rur_reservation(disposed) == -3e6
    br = pd.DataFrame({"rad": ["resultatutjamningsreserv", "summa_eget_kapital"], "ib": [65e6, 1e9], "ub": [70e6, 1.1e9]})
    assert rur_change(br) == 5e6
    assert rur_change(br[br["rad"] != "resultatutjamningsreserv"]) == 0.0


def test_rur_is_one_figure_in_balanskrav_br_checklist_and_forslag(year_end_runs):
    folder = year_end_runs["bokslut"][0]
    document = docx.Document(folder / f"{AR}.docx")
    cells = [[c.text.replace("\u00a0", " ") for c in r.cells] for t in document.tables for r in t.rows]
    to_rur = next(r for r in cells if r[0] == "Medel till resultatutjämningsreserv")
    br = next(r for r in cells if r[0] == "Resultatutjämningsreserv")
    assert to_rur[-1] == "\u22125,0"
    assert br[-2:] == ["70,0", "65,0"]          # ub − ib = 5,0 = the reservation
    data = json.loads((folder / "2026 Granskningslista Årsredovisning Exempelkommun.json").read_text(encoding="utf-8"))
    rur = next(c for c in data["kontroller"] if c["id"] == "rur")
    assert rur["ok"] and rur["vanster"]["belopp"] == rur["hoger"]["belopp"] == 5_000_000
    letter = _paragraphs(folder / "2026 Tjänsteskrivelse Årsredovisning Kommunfullmäktige.docx")
    assert "Kommunstyrelsen föreslår kommunfullmäktige att reservera 5,0 mnkr till resultatutjämningsreserven." in letter


def _ledger(rows):
    return pd.DataFrame(rows, columns=["rad", "konto", "belopp"])


def test_rr_note_groups_by_the_kontoplan_names_and_sums_to_the_line():
    from pipeline.model.noter import rr_note_rows

    period = _ledger([("verksamhetens_intakter", "3110", -100.0), ("verksamhetens_intakter", "3115", -20.0),
                      ("verksamhetens_intakter", "3510", -50.0), ("verksamhetens_intakter", "3990", -5.0),
                      ("verksamhetens_kostnader", "5010", 400.0)])
    fg = _ledger([("verksamhetens_intakter", "3110", -90.0)])
    note = rr_note_rows("verksamhetens_intakter", period, fg, {"Taxor och avgifter": ("311",), "Statsbidrag": ("351",)})
    assert list(note["namn"]) == ["Taxor och avgifter", "Statsbidrag", "Övrigt", "Summa"]
    assert list(note["belopp"]) == [120.0, 50.0, 5.0, 175.0]
    assert list(note["jamforelse"]) == [90.0, 0.0, 0.0, 90.0]
    # no names configured for the line: one row per konto
    plain = rr_note_rows("verksamhetens_intakter", period, None, {})
    assert list(plain["namn"]) == ["Konto 3110", "Konto 3115", "Konto 3510", "Konto 3990", "Summa"]
    assert plain["jamforelse"].isna().all()


def test_anlaggning_note_by_hand():
    """Anskaffningsvärde 1 000 + investering 200 − sold 50; ack. avskrivningar −300 − 40 → bokfört värde 810."""
    from pipeline.model.noter import anlaggning_note_rows

    opening = pd.DataFrame({"rad": ["mark", "mark"], "konto": ["1120", "1129"], "belopp": [1000.0, -300.0]},
                           index=[0, 1])
    period = pd.DataFrame({"rad": ["mark"] * 3, "konto": ["1120", "1120", "1129"], "belopp": [200.0, -50.0, -40.0]},
                          index=[2, 3, 4])
    ack = pd.Series([False, True, False, False, True], index=[0, 1, 2, 3, 4])
    note = anlaggning_note_rows("mark", opening, period, None, None, ack, None)
    values = dict(zip(note["rad"], note["belopp"]))
    assert (values["ansk_ib"], values["ansk_okning"], values["ansk_minskning"], values["ansk_ub"]) == \
        (1000.0, 200.0, -50.0, 1150.0)
    assert (values["ack_ib"], values["ack_minskning"], values["ack_ub"]) == (-300.0, -40.0, -340.0)
    assert values["bokfort_varde"] == 810.0
    assert note["jamforelse"].isna().all()
    # without accumulated-depreciation accounts the whole balance is one anskaffningsvärde; the book value is the same
    plain = dict(zip(*anlaggning_note_rows("mark", opening, period, None, None, ack & False, None)[["rad", "belopp"]]
                     .T.to_numpy()))
    assert plain["ansk_ub"] == plain["bokfort_varde"] == 810.0


def _body_in_order(document):
    """(kind, object) for every heading paragraph and table in document order."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    for child in document.element.body.iterchildren():
        if child.tag.endswith("}p"):
            p = Paragraph(child, document)
            if p.style.name.startswith("Heading"):
                yield "heading", p.text
        elif child.tag.endswith("}tbl"):
            yield "table", [[c.text.replace("\u00a0", " ") for c in r.cells] for r in Table(child, document).rows]


def test_every_note_sum_equals_the_statement_line_it_specifies(year_end_runs, example_models):

    folder = year_end_runs["bokslut"][0]
    document = docx.Document(folder / f"{AR}.docx")
    notes, statements, heading = {}, [], ""
    for kind, value in _body_in_order(document):
        if kind == "heading":
            heading = value
        elif heading.startswith("Not "):
            notes[heading.split()[1]] = (heading, value)
        elif heading in ("Resultaträkning", "Balansräkning", "Panter och ansvarsförbindelser", "Kassaflödesanalys"):
            assert value[0][1] == "Not"
            statements.append((heading, value))
    model_notes = example_models["bokslut"].noter
    assert len(notes) == len(model_notes) >= 15
    assert [h.split(" ", 2)[2] for h, _t in notes.values()][:7] == [
        "Verksamhetens intäkter", "Verksamhetens kostnader", "Avskrivningar", "Skatteintäkter",
        "Generella statsbidrag och utjämning", "Finansiella intäkter", "Finansiella kostnader"]
    referenced: dict[str, list[str]] = {}
    for _heading, table in statements:
        for row in table[1:]:
            if row[1]:
                referenced.setdefault(row[1], []).append(row[2])
    assert sorted(referenced, key=int) == [str(n.nr) for n in model_notes]   # every note is referenced
    for nr, lines in referenced.items():
        _heading, table = notes[nr]
        model_note = next(n for n in model_notes if str(n.nr) == nr)
        summa_namn = model_note.rader.loc[model_note.rader["rad"] == model_note.summa_rad, "namn"].iloc[0]
        summa = next(r[1] for r in table[1:] if r[0] == summa_namn)
        if len(lines) == 1:
            assert summa == lines[0], (nr, summa, lines)
        else:   # the KFA's adjustment lines: the note's sum is the sum of their printed figures (rounding rule)
            from tests.avrundning_check import parse

            assert parse(summa) == sum((parse(x) for x in lines), parse("0")), (nr, summa, lines)
            assert model_note.summa == model_note.rakning_belopp
    materiella = notes[referenced_nr(statements, "Mark, byggnader och tekniska anläggningar")][1]
    assert [r[0] for r in materiella[1:]][:4] == ["Ingående anskaffningsvärde", "Årets investeringar",
                                                   "Försäljningar och utrangeringar", "Utgående anskaffningsvärde"]
    assert materiella[-1][0] == "Utgående bokfört värde"
    data = json.loads((folder / "2026 Granskningslista Årsredovisning Exempelkommun.json").read_text(encoding="utf-8"))
    note_checks = [c for c in data["kontroller"] if c["id"].startswith("not_")]
    assert len(note_checks) == len(model_notes) and all(c["ok"] for c in note_checks)


def referenced_nr(statements, line: str) -> str:
    return next(row[1] for _h, table in statements for row in table if row[0] == line)


def test_redovisningsprinciper_section_lists_rkr_and_deviations(year_end_runs):
    document = docx.Document(year_end_runs["bokslut"][0] / f"{AR}.docx")
    rows = _table(document, "Rekommendation")
    assert rows[0] == ["Rekommendation", "Avser"]
    names = [r[0] for r in rows[1:]]
    assert names[:2] == ["RKR R2 Intäkter", "RKR R4 Materiella anläggningstillgångar"]
    assert "RKR R3 Immateriella anläggningstillgångar" not in names   # the example has none
    assert {"RKR R14 Drift- och investeringsredovisning", "RKR R15 Förvaltningsberättelse"} <= set(names)
    text = _paragraphs(year_end_runs["bokslut"][0] / f"{AR}.docx")
    assert "Kommunen redovisar inga avvikelser från RKR:s rekommendationer." in text


def test_rkr_deviations_from_the_config(config, example_models):
    import dataclasses

    from pipeline.context.noter import redovisningsprinciper_context

    own = dataclasses.replace(config, arsredovisning=dataclasses.replace(
        config.arsredovisning, rkr_avvikelser=("RKR R4 Materiella anläggningstillgångar: skäl X.",),
        redovisningsprinciper=("Egen text.",)))
    ctx = redovisningsprinciper_context(own, example_models["bokslut"])
    assert ctx["text"] == ["Egen text."]
    assert ctx["avvikelser"] == ["Kommunen avviker från följande rekommendationer:",
                                 "RKR R4 Materiella anläggningstillgångar: skäl X."]


def test_sammanstallda_proportional_consolidation_by_hand():
    """Kommun result 10 (intäkter 100, kostnader −90); bolag 50 % with intäkter 40, kostnader −30; the kommun buys
    for 8 from the bolag (eliminated 4 on both sides) and holds shares 20 against the bolag's eget kapital 40."""
    from types import SimpleNamespace

    from pipeline.model.rakenskaper import BR_LAYOUT, RR_LAYOUT, _evaluate, _frame
    from pipeline.model.sammanstallda import sammanstallda

    rr = _frame(RR_LAYOUT, belopp=_evaluate(RR_LAYOUT, {"verksamhetens_intakter": 100.0,
                                                        "verksamhetens_kostnader": -90.0}))
    br = _frame(BR_LAYOUT, ub=_evaluate(BR_LAYOUT, {"finansiella_anlaggningstillgangar": 20.0, "kassa_och_bank": 90.0,
                                                    "br_arets_resultat": 10.0, "ovrigt_eget_kapital": 100.0}))
    bolag = (SimpleNamespace(namn="B AB", org_nr="556900-0011", agarandel=50.0),)
    poster = pd.DataFrame({"bolag": ["B AB"] * 5,
                           "rad": ["verksamhetens_intakter", "verksamhetens_kostnader", "kassa_och_bank",
                                   "eget_kapital", "kortfristiga_skulder"],
                           "belopp": [40.0, -30.0, 60.0, 50.0, 10.0]})
    mellan = pd.DataFrame({"bolag": ["B AB", "B AB"], "kommun_rad": ["verksamhetens_kostnader",
                                                                     "finansiella_anlaggningstillgangar"],
                           "bolag_rad": ["verksamhetens_intakter", "eget_kapital"], "belopp": [8.0, 40.0]})
    k = sammanstallda(rr, br, bolag, poster, mellan)
    krr = dict(zip(k.resultatrakning["rad"], k.resultatrakning["belopp"]))
    kbr = dict(zip(k.balansrakning["rad"], k.balansrakning["ub"]))
    assert krr["verksamhetens_intakter"] == 100 + 20 - 4
    assert krr["verksamhetens_kostnader"] == -90 - 15 + 4
    assert krr["arets_resultat"] == 15.0 == kbr["br_arets_resultat"]       # 10 + 50 % of 10
    assert kbr["finansiella_anlaggningstillgangar"] == 0.0                   # 20 − 50 % of 40
    assert kbr["kassa_och_bank"] == 120.0
    assert kbr["ovrigt_eget_kapital"] == 100 + 0.5 * (50 - 10) - 20          # the bolag's equity less its result
    assert kbr["summa_tillgangar"] == kbr["summa_ek_avsattningar_skulder"] == 120.0
    assert k.eliminerat == 24.0


def test_sammanstallda_in_the_arsredovisning_and_the_checklist(year_end_runs, config, example_models):
    import dataclasses

    from pipeline.context.noter import sammanstallda_context
    from pipeline.model.granskning import ARSREDOVISNING_PARTS, arsredovisning_parts

    folder = year_end_runs["bokslut"][0]
    document = docx.Document(folder / f"{AR}.docx")
    bolag = _table(document, "Bolag")
    assert bolag[1:] == [["Exempelkommun Bostäder AB", "556900-0011", "100 %", "12,0"],
                         ["Exempelkommun Energi AB", "556900-0029", "50 %", "19,0"]]
    cells = {r[0]: r[1:] for t in document.tables for r in [[c.text.replace("\u00a0", " ") for c in row.cells]
                                                            for row in t.rows] if len(r) == 2}
    assert cells["Årets resultat"] == ["76,5"]        # 55,0 + 12,0 + 50 % × 19,0
    data = json.loads((folder / "2026 Granskningslista Årsredovisning Exempelkommun.json").read_text(encoding="utf-8"))
    assert "sammanstallda" in [d["id"] for d in data["delar"]]
    checks = {c["id"]: c for c in data["kontroller"]}
    assert checks["sammanstalld_br"]["ok"] and checks["sammanstalld_br"]["vanster"]["belopp"] > 0
    # without [[bolag]] the part is not required and the årsredovisning has no section
    no_bolag = dataclasses.replace(config, bolag=())
    assert arsredovisning_parts(no_bolag) == ARSREDOVISNING_PARTS
    assert "sammanstallda" not in [p.id for p in ARSREDOVISNING_PARTS]
    model = dataclasses.replace(example_models["bokslut"], sammanstallda=None)
    assert sammanstallda_context(model, None) is None


def test_followed_up_plans_show_their_target_before_and_after(tmp_path):
    """At the delår the tertial's plans are followed up with "har åtgärden haft effekt?": VON-2026-01 on
    verksamhet 5102 shows its avvikelse helår at the tertial and now. By hand from the files: årsbudget 5102 in
    Budget 2026.xlsx 342 001 000 − the tertial underlag's Helårsprognos 349 813 000 = −7 812 000 kr."""
    from pipeline.mallkontroll.schema import example_built

    rows = {r["id"]: r for c in example_built("delar", 2026).contexts["tertialrapport"] for r in c["uppfoljning"]}
    assert rows["VON-2026-01"]["fore_efter"] == "Avvikelse helår förra tillfället −7\xa0812 tkr, nu −9\xa0070 tkr."
    assert rows["VON-2026-02"]["fore_efter"].endswith("inget nyare värde sedan förra tillfället.")
