"""The SKL guide's tools in styrsystemsanalys.xlsx word for word: each tool's questions, scales and table columns
are parsed from the vendored source (docs/kallor/001_0d6921a8a30eabbf.txt, "ÖVNINGAR OCH VERKTYG") with small
parsers, compared with pipeline.model.guide_verktyg, and found in the workbook the example kommun's bokslut writes."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from openpyxl import load_workbook

from pipeline.model import guide_verktyg as G

GUIDE = Path(__file__).resolve().parents[1] / "docs" / "kallor" / G.FIL


def _lines() -> list[str]:
    return GUIDE.read_text(encoding="utf-8").splitlines()


def _section(start: str, end: str, occurrence: int = 1) -> list[str]:
    """The lines from the `occurrence`-th line equal to `start` up to the next line equal to `end`."""
    lines = _lines()
    found = [i for i, line in enumerate(lines) if line.strip() == start]
    first = found[occurrence - 1]
    last = next(i for i in range(first + 1, len(lines)) if lines[i].strip() == end)
    return lines[first:last]


def _next_text(lines: list[str], i: int) -> tuple[int, str]:
    j = i + 1
    while not lines[j].strip():
        j += 1
    return j, lines[j].strip()


def tydlig_questions() -> list[tuple[str, str]]:
    """"Hur tydlig …": a number alone on its line, the question on the next text line."""
    lines = _section(G.TYDLIG_RUBRIK, "ANALYS AVSEENDE KOMMUNENS STYR- OCH UPPFÖLJNINGSSYSTEM")
    out = []
    for i, line in enumerate(lines):
        if re.fullmatch(r"\d{1,2}", line.rstrip(" ")):   # not the empty table rows ("1\t\t…")
            out.append((line.strip(), _next_text(lines, i)[1]))
    return out


def styr_questions() -> list[tuple[str, str, str]]:
    """"Analys avseende …": sections "1 POLITISK …", questions "A. …" with the scale on the next text line."""
    lines = _section("1 POLITISK STYRNING OCH KONTROLL", "PÅVERKANSGRAD RESULTATINDIKATORER")
    out, section = [], ""
    for i, line in enumerate(lines):
        if m := re.fullmatch(r"(\d) ([A-ZÅÄÖ].+)", line.strip()):
            section = m.group(1)
            out.append((section, "", m.group(2)))
        elif m := re.fullmatch(r"([A-G])\. (.+)", line.strip()):
            scale = _next_text(lines, i)[1] if m.group(2) != G.SAMMANFATTA else ""
            out.append((section + m.group(1), m.group(2), scale))
    return out


def ars_questions() -> list[tuple[str, str, str]]:
    """"Analys av kommunens årsberättelse": numbered questions 1–18 (bold marks off, a question that runs over
    two lines joined), each with its scale line (none for 9 and 13)."""
    text = "\n".join(_section("A. MÅLUPPFYLLELSE", "SKAPA EN HANDLINGSPLAN"))
    text = re.sub(r"\*\*(?=\d{1,2} )", "\n", text).replace("**", "")
    lines = text.splitlines()
    out = []
    for i, line in enumerate(lines):
        m = re.fullmatch(r"(\d{1,2}) (.+)", line.strip())
        if not m or not 1 <= int(m.group(1)) <= 18:
            continue
        question, j = m.group(2), i
        if lines[i + 1].strip().startswith("("):
            question, j = f"{question} {lines[i + 1].strip()}", i + 1
        nxt = _next_text(lines, j)[1]
        scale = nxt if nxt.lower().startswith("nej") else ""
        out.append((m.group(1), question, scale))
    return out


def kkik_measures() -> list[tuple[str, str]]:
    lines = _section(G.KKIK_RUBRIK.upper().replace("KKIK", "KKiK"), "VERKTYG FÖR KOMMUNIKATION")
    return [(m.group(1), m.group(2)) for line in lines
            if (m := re.match(r"^(\d[\w-]*)\t([^\t]+)", line))]


def table_cells(start: str, end: str, occurrence: int = 1) -> tuple[list[str], list[str]]:
    """A tool's blank form as the source lays it out (tab-separated lines): the header cells (the lines before
    the first numbered row "1\t…") and the summary rows' labels (the lines after the numbered rows), non-empty
    cells only. Without numbered rows every tab line is header."""
    lines = [line for line in _section(start, end, occurrence) if "\t" in line]
    numbered = [i for i, line in enumerate(lines) if re.match(r"\d{1,2}\t", line)]
    cut, after = (numbered[0], numbered[-1] + 1) if numbered else (len(lines), len(lines))
    def cells(rows):
        return [c.strip() for row in rows for c in row.split("\t") if c.strip()]
    return cells(lines[:cut]), cells(lines[after:])


def test_hur_tydlig_questions_are_the_guides():
    assert tydlig_questions() == [(f.nr, f.text) for f in G.TYDLIG]


def test_styr_analys_sections_questions_and_scale_are_the_guides():
    parsed = styr_questions()
    assert [(nr, rubrik) for nr, q, rubrik in parsed if not q] == list(G.STYR_AVSNITT)
    questions = [(nr, q) for nr, q, _ in parsed if q]
    assert questions == [(f.nr, f.text) for f in G.STYR]
    scales = {scale for nr, q, scale in parsed if q and q != G.SAMMANFATTA}
    assert scales == {" ".join(G.STYR_SKALA)}


def test_arsberattelse_questions_and_scales_are_the_guides():
    parsed = ars_questions()
    assert [(nr, q) for nr, q, _ in parsed] == [(f.nr, f.text) for f in G.ARS]
    for (nr, _, scale), f in zip(parsed, G.ARS):
        assert scale == " ".join(f.skala), nr   # the steps, in order, as the line gives them
    text = GUIDE.read_text(encoding="utf-8")
    for label in (*G.ARS_FORDELNING_9, *G.ARS_FORDELNING_13):
        assert f"\n{label}:%\n" in text
    for letter, rubrik in G.ARS_AVSNITT:
        assert f"{letter}. {rubrik}" in text.replace("**", "")


def test_tables_of_paverkan_kategorisering_handlingsplan_and_kkik_are_the_guides():
    text = GUIDE.read_text(encoding="utf-8")
    assert G.PAVERKAN_UPPGIFT in text
    assert "\t".join(G.PAVERKAN_KOLUMNER) + "\t\t" in text and "\t\t" + "\t".join(G.PAVERKAN_SKALA) in text
    assert "\t" + "\t".join(G.KATEGORI_KOLUMNER[:4]) + "\t\t" + G.KATEGORI_KOLUMNER[4] in text
    assert "\t".join(G.KATEGORI_RESULTAT) in text and f"\t{G.KATEGORI_SUMMA}\t" in text
    assert f"\t{G.KATEGORI_ANDEL}\t" in text
    assert "VERKSAMHETSRESULTAT" in text and "\tSubjektiva\tObjektiva\tEffektivitet" in text   # the third column
    for table in (G.HANDLINGSPLAN_MAL, G.HANDLINGSPLAN_AKTIVITETER):
        assert "\t".join(h for h, _ in table) + "\n" + "\t".join(q for _, q in table) in text
    assert G.HANDLINGSPLAN_SYFTE in text
    assert kkik_measures() == [(nr, t) for _, nr, t in G.KKIK_MATT]
    for letter, column in G.KKIK_KOLUMNER:
        assert f"\n{letter}\t{column}\n" in text


@pytest.fixture(scope="module")
def bokslut_workbook() -> dict[str, list[tuple]]:
    from pipeline.mallkontroll.schema import example_built
    from pipeline.render.styrsystem_xlsx import render_styrsystemsanalys

    data = render_styrsystemsanalys(example_built("bokslut", 2026).contexts["styrsystemsanalys"][0])
    wb = load_workbook(io.BytesIO(data))
    return {ws.title: list(ws.iter_rows(values_only=True)) for ws in wb.worksheets}


def _cells(rows: list[tuple]) -> set:
    return {v for r in rows for v in r if isinstance(v, str)}


def test_every_question_of_every_tool_is_in_the_workbook_word_for_word(bokslut_workbook):
    wb = bokslut_workbook
    assert {f"{nr} {q}" for nr, q in tydlig_questions()} <= _cells(wb["Hur tydlig"])
    assert G.TYDLIG_RUBRIK in _cells(wb["Hur tydlig"])
    styr = _cells(wb["Styr- och uppföljningssystem"])
    assert {q for _, q, _ in styr_questions() if q} <= styr
    assert {f"{nr} {rubrik}" for nr, q, rubrik in styr_questions() if not q} <= styr
    ars = _cells(wb["Årsberättelse"])
    assert {q for _, q, _ in ars_questions()} <= ars
    assert {f"{label}:%" for label in (*G.ARS_FORDELNING_9, *G.ARS_FORDELNING_13)} <= ars
    assert {t for _, t in kkik_measures()} <= _cells(wb["KKiK"])
    assert {c for _, c in G.KKIK_KOLUMNER} <= {t.split(" ", 1)[1] for t in _cells(wb["KKiK"]) if t[:2] in
                                              ("A ", "B ", "C ", "D ")}
    assert {*G.PAVERKAN_SKALA, *G.PAVERKAN_KOLUMNER} <= _cells(wb["Påverkansgrad"])
    assert {*G.KATEGORI_KOLUMNER, *G.KATEGORI_RESULTAT, G.KATEGORI_SUMMA, G.KATEGORI_ANDEL} <= \
        _cells(wb["Kategorisering"])
    plan = _cells(wb["Handlingsplan"])
    assert {x for table in (G.HANDLINGSPLAN_MAL, G.HANDLINGSPLAN_AKTIVITETER) for pair in table for x in pair} <= plan
    # each answer given in a dropdown is one of its question's own steps
    for f in G.ARS:
        row = next(r for r in wb["Årsberättelse"] if r[0] == f.nr)
        assert row[2] is None or row[2] in f.skala, f.nr
    assert {r[2] for r in wb["Styr- och uppföljningssystem"] if r[0] and r[0][:1].isdigit() and len(r[0]) == 2} \
        <= {None, *G.STYR_SKALA}


def test_every_table_heading_and_scale_of_the_source_is_in_the_workbook(bokslut_workbook):
    """Parsed from the source's blank forms, not from guide_verktyg: Påverkansgrad's and Kategorisering's column
    headings and summary rows, Handlingsplan's two tables (heading and question cells), Hur tydlig's STYRNING /
    UPPFÖLJNING and summary rows; and every scale line of the Styr- and Årsberättelse questions is one of the
    workbook's dropdown scales (the hidden sheet Skalor), its steps in order."""
    wb = bokslut_workbook
    head, summary = table_cells("Påverkansgrad", "KATEGORISERING AV INDIKATORER")
    assert head == ["Kommunövergripande mål", "Resultatindikator", "Kan påverka....", "till stor del",
                    "till viss del", "till liten del"]
    assert set(head) | set(summary) <= _cells(wb["Påverkansgrad"]) and summary == ["Summa", "Andel av total (%)"]
    head, summary = table_cells("Kategorisering av indikatorer", "ENKÄT RÖDA TRÅDEN - TILL TJÄNSTEMÄN OCH "
                                                                 "FÖRTROENDEVALDA")
    assert "Subjektiva" in head and "VIKTIG INFORMATION" in head and summary == ["Summa:", "Andel av total: (%)"]
    assert set(head) | set(summary) <= _cells(wb["Kategorisering"])
    head, _ = table_cells("SKAPA EN HANDLINGSPLAN", "HUR TYDLIG ÄR KOMMUNENS ÖVERGRIPANDE STYRNING/UPPFÖLJNING MED "
                                                    "MÅL OCH RESULTAT?", occurrence=2)
    assert len(head) == 22 and "Vem är huvudansvarig?" in head
    assert set(head) <= _cells(wb["Handlingsplan"])
    head, summary = table_cells(G.TYDLIG_RUBRIK, "ANALYS AVSEENDE KOMMUNENS STYR- OCH UPPFÖLJNINGSSYSTEM")
    assert head[:2] == ["STYRNING", "UPPFÖLJNING"] and summary == ["Summa", "Andel av total (%)"]
    assert {*head[:2], *summary} <= _cells(wb["Hur tydlig"])
    scales = {" ".join(str(v) for v in row if v is not None) for row in wb["Skalor"]}
    parsed = {scale for _, q, scale in styr_questions() if q and scale} | {scale for *_, scale in ars_questions()
                                                                          if scale}
    assert len(parsed) == 9 and parsed <= scales   # one for Styr, eight for the årsberättelse


def test_effektivitet_counts_as_verksamhetsresultat_in_the_demo(bokslut_workbook):
    """The example's Effektivitet indicators are crossed under RESULTAT: Effektivitet and counted as Resultat in the
    årsberättelse's question 9."""
    kat = bokslut_workbook["Kategorisering"]
    head = next(r for r in kat if r[1] == "INDIKATOR")
    sub = kat[kat.index(head) + 1]
    col = list(sub).index("Effektivitet")
    assert any(r[col] == "X" for r in kat[kat.index(head) + 2:] if r[0] and str(r[0]).isdigit())


def test_each_tool_sheet_cites_file_and_heading_as_the_source_gives_them(bokslut_workbook):
    """Each tool's heading is a line of the source (inside "ÖVNINGAR OCH VERKTYG"), and its sheet cites it."""
    lines = [line.strip() for line in _lines()]
    start = max(i for i, line in enumerate(lines) if line == G.AVSNITT.upper())
    for rubrik, heading in G.KALLRUBRIK.items():
        assert heading in lines[start:], heading
        assert rubrik.casefold() == heading.casefold()   # the sheet's title: the heading in sentence case
    sheets = {G.TYDLIG_RUBRIK: "Hur tydlig", G.STYR_RUBRIK: "Styr- och uppföljningssystem",
              G.PAVERKAN_RUBRIK: "Påverkansgrad", G.KATEGORI_RUBRIK: "Kategorisering", G.ARS_RUBRIK: "Årsberättelse",
              G.HANDLINGSPLAN_RUBRIK: "Handlingsplan", G.KKIK_RUBRIK: "KKiK"}
    assert set(sheets) == set(G.KALLRUBRIK)
    for rubrik, name in sheets.items():
        cells = _cells(bokslut_workbook[name])
        assert rubrik in cells
        assert f'Källa: {G.KALLA} ({G.FIL}), avsnittet Övningar och verktyg: "{G.KALLRUBRIK[rubrik]}".' in cells


def test_each_sheet_says_who_answers_in_the_guides_words(bokslut_workbook):
    """Each tool's målgrupp sentence is word for word in the source (its SYFTE OCH UTFÖRANDE) and in the sheet's
    visible "Besvaras av er" note; every question the data leaves open is marked "Besvaras av er"."""
    text = " ".join(GUIDE.read_text(encoding="utf-8").split())
    sheets = {G.TYDLIG_RUBRIK: "Hur tydlig", G.STYR_RUBRIK: "Styr- och uppföljningssystem",
              G.PAVERKAN_RUBRIK: "Påverkansgrad", G.KATEGORI_RUBRIK: "Kategorisering", G.ARS_RUBRIK: "Årsberättelse",
              G.HANDLINGSPLAN_RUBRIK: "Handlingsplan", G.KKIK_RUBRIK: "KKiK"}
    for rubrik, sentence in G.MALGRUPP.items():
        assert sentence in text, rubrik
        notes = [c for c in _cells(bokslut_workbook[sheets[rubrik]]) if c.startswith("Besvaras av er:")]
        assert len(notes) == 1 and notes[0].endswith(f'Guiden: "{sentence}"'), rubrik
    for name in ("Styr- och uppföljningssystem", "Årsberättelse"):
        for row in bokslut_workbook[name]:
            if row[0] and str(row[0])[:1].isdigit() and row[1]:
                answered = row[2] is not None or row[0] == "9"   # 9: its distribution (below it) is computed
                assert row[-1] == ("Beräknad" if answered else "Besvaras av er"), (name, row[0])


def test_arsberattelse_answered_from_the_demos_own_arsredovisning(bokslut_workbook):
    """At the bokslut the årsberättelse's data questions carry a step of their own scale, an underlag saying from
    what, and "Beräknad"; the others are left to people."""
    rows = {r[0]: r for r in bokslut_workbook["Årsberättelse"] if r[0]}
    computed = {nr for nr, r in rows.items() if r[-1] == "Beräknad" and r[2] in next(
        f.skala for f in G.ARS if f.nr == nr)}
    assert computed == {"1", "2", "3", "4", "5", "6", "7", "8", "10", "11", "12", "14", "15"}
    for nr in ("13", "16", "17", "18"):
        assert rows[nr][2] is None and rows[nr][-1] == "Besvaras av er"
    assert rows["7"][3].endswith("indikatorer redovisas med andra kommuners värden")
    assert rows["14"][3].endswith("nämndmål visar både kostnaden för sina verksamheter och en indikator på "
                                  "verksamhetsresultat")


def test_kategorisering_adds_up_verksamhetsresultat_with_effektivitet(bokslut_workbook):
    """Under the Kategorisering table, Summa RESULTAT adds Subjektiva, Objektiva and Effektivitet (a formula
    with its cached value = the X's in those three columns)."""
    from pipeline.context.styrsystem import RESULTAT_ANDEL, RESULTAT_SUMMA
    from pipeline.mallkontroll.schema import example_built
    from pipeline.render.styrsystem_xlsx import render_styrsystemsanalys

    kat = bokslut_workbook["Kategorisering"]
    head = next(r for r in kat if r[1] == "INDIKATOR")
    sub = kat[kat.index(head) + 1]
    cols = [list(sub).index(c) for c in ("Subjektiva", "Objektiva", "Effektivitet")]
    data = [r for r in kat[kat.index(head) + 2:] if r[0] and str(r[0]).isdigit()]
    marks = sum(1 for r in data for c in cols if r[c] == "X")
    effektivitet = sum(1 for r in data if r[cols[2]] == "X")
    assert effektivitet > 0
    total = next(r for r in kat if r[1] == RESULTAT_SUMMA)
    share = next(r for r in kat if r[1] == RESULTAT_ANDEL)
    assert str(total[cols[0]]).startswith("=") and str(share[cols[0]]).startswith("=")
    wb = load_workbook(io.BytesIO(render_styrsystemsanalys(
        example_built("bokslut", 2026).contexts["styrsystemsanalys"][0])), data_only=True)
    cached = {r[1]: r for r in wb["Kategorisering"].iter_rows(values_only=True)}
    assert cached[RESULTAT_SUMMA][cols[0]] == marks
    assert cached[RESULTAT_ANDEL][cols[0]] == pytest.approx(marks / len(data))
    # the årsberättelse's question 9 counts the same indicators as Resultat
    nine = next(r for r in bokslut_workbook["Årsberättelse"] if r[1] == "Resultat:%")
    known = sum(1 for r in data if any(v == "X" for v in r[2:8]))
    assert nine[2] == pytest.approx(marks / known)


def test_cause_categories_are_the_guides_checklist():
    """"CHECKLISTA SÖK ORSAKER": each "✓ **Rubrik**" heading, in order, is an Orsakskategori of the Analys sheet
    (its dropdown: tests/test_underlag.py)."""
    from pipeline.read import kinds

    lines = _section("CHECKLISTA SÖK ORSAKER", "Dra slutsatser och föreslå åtgärder")
    headings = [m.group(1) for line in lines if (m := re.fullmatch(r"✓ \*\*(.+)\*\*", line.strip()))]
    assert tuple(headings) == kinds.ORSAKSKATEGORIER
