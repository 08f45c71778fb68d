"""Sifferkällor (issue 14, point 5): figures traced to the raw input files, re-summed without the pipeline, and
every figure of each nämnd's driftredovisning present in sifferkallor.csv."""

from __future__ import annotations

import csv
import io
import random
import re
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import docx
import openpyxl
import pytest

from exempel import EXEMPELKOMMUN as EXAMPLE
from pipeline.mallkontroll.schema import example_built
from pipeline.render.sifferkallor_csv import render_sifferkallor

POINTS = ("tertial", "bokslut")
MONTHS = ("jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec")


def _csv_rows(point: str) -> list[dict]:
    """sifferkallor.csv as written (rendered bytes, read back with the csv module)."""
    data = render_sifferkallor(example_built(point, 2026).contexts["sifferkallor"][0])
    assert data.startswith(b"\xef\xbb\xbf")
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))


def _find(name: str) -> Path:
    found = sorted((EXAMPLE / "inputs" / "2026").glob(f"**/{name}"))
    assert found, name
    return found[0]


def _sheet_rows(path: Path, sheet: str | None = None) -> list[list]:
    """Every row of a .xlsx sheet (openpyxl) or a ;-separated .csv (csv module; UTF-8 or Windows-1252)."""
    if path.suffix == ".xlsx":
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
        try:
            return [list(r) for r in (wb[sheet] if sheet else wb.worksheets[0]).iter_rows(values_only=True)]
        finally:
            wb.close()
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252")
    return list(csv.reader(io.StringIO(text), delimiter=";"))


def _table(rows: list[list], first: str) -> list[dict]:
    """The rows under the header row whose first cell is `first`, as dicts keyed by lower-case header."""
    start = next(i for i, r in enumerate(rows) if r and str(r[0] or "").strip() == first)
    header = [str(c or "").strip().lower() for c in rows[start]]
    return [dict(zip(header, r)) for r in rows[start + 1:] if any(c not in (None, "") for c in r)]


def _num(value) -> Decimal:
    return Decimal(str(value).replace("\xa0", "").replace(" ", "").replace(",", ".").replace("−", "-"))


def _printed_tkr(value: str) -> int:
    return int(_num(value))


def _tkr(kronor: Decimal) -> int:
    return int((kronor / 1000).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def _filter(text: str) -> dict[str, str]:
    return dict(p.strip().split(" ", 1) for p in text.split(";") if " " in p.strip())


def _resum(row: dict, cache: dict) -> tuple[int, Decimal, int]:
    """(rows, sum in kr, printed tkr) of the raw input rows the row's filter names: the printed figure is the sum
    rounded once, or, where the filter says "avrundat per verksamhet" (a nämnd's row in the kommun's
    driftredovisning), the sum of each verksamhet's rounded sum."""
    count, parts = _picked(row, cache)
    total = sum(parts.values(), Decimal(0))
    per_verksamhet = "avrundat per verksamhet" in row["filter"]
    return count, total, sum(_tkr(v) for v in parts.values()) if per_verksamhet else _tkr(total)


def _picked(row: dict, cache: dict) -> tuple[int, dict[str, Decimal]]:
    """(rows, {verksamhet: sum in kr}) of the raw input rows the row's filter names."""
    f = _filter(row["filter"])
    path = _find(row["fil"])
    if row["källa"] == "huvudbok":
        key = (path, None)
        ledger = cache.setdefault(key, _table(_sheet_rows(path), "År"))
        last = int(re.search(r"(\d+)–(\d+)", f["period"]).group(2))
        picked = [r for r in ledger
                  if ("nämnd" not in f or str(r["nämnd"] or "") == f["nämnd"]) and 1 <= int(r["period"]) % 100 <= last
                  and ("verksamhet" not in f or str(r.get("vht", r.get("verksamhet")) or "") == f["verksamhet"])
                  and ("utom" not in f or str(r.get("vht", r.get("verksamhet")) or "") not in f["utom"].split()[1:])
                  and ("projekt" not in f or str(r.get("projekt") or "") == f["projekt"])
                  and (str(r["konto"])[0] in "345678") == f["konto"].startswith("3–8")]
        amount = next(k for k in ledger[0] if k.startswith("belopp"))
        return len(picked), _by_verksamhet(picked, lambda r: _num(r[amount]), lambda r: r.get("vht", r.get("verksamhet")))
    if row["källa"] == "underlag":   # one cell: sheet Prognos, the named Excel row, column Helårsprognos
        sheet = cache.setdefault((path, "Prognos"), _sheet_rows(path, "Prognos"))
        header = next(r for r in sheet if r and "Verksamhet" in r)
        cells = dict(zip(header, sheet[int(re.search(r"rad (\d+)", row["filter"]).group(1)) - 1]))
        assert str(cells["Verksamhet"]) == f["verksamhet"], row
        return 1, {f["verksamhet"]: _num(cells[next(h for h in header if str(h).startswith("Helårsprognos"))])}
    if "Investeringar" in row["filter"]:
        table = cache.setdefault((path, "Investeringar"), _table(_sheet_rows(path, "Investeringar"), "Projekt"))
        picked = [r for r in table if r["nämnd"] == f["nämnd"] and r["projekt"] == f["projekt"]]
        return len(picked), _by_verksamhet(picked, lambda r: _num(r["budget"]), lambda r: r["projekt"])
    table = cache.setdefault((path, "Budget"), _table(_sheet_rows(path, "Budget"), "År"))
    picked = [r for r in table if ("nämnd" not in f or r["nämnd"] == f["nämnd"])
              and ("verksamhet" not in f or str(r["verksamhet"]) == f["verksamhet"])
              and ("utom" not in f or str(r["verksamhet"]) not in f["utom"].split()[1:])]
    if "Belopp" in row["filter"]:
        return len(picked), _by_verksamhet(picked, lambda r: _num(r["belopp"]), lambda r: r["verksamhet"])
    last = int(re.search(r"månad 1–(\d+)", row["filter"]).group(1))
    return len(picked), _by_verksamhet(picked, lambda r: sum((_num(r[m]) for m in MONTHS[:last]), Decimal(0)),
                                       lambda r: r["verksamhet"])


def _by_verksamhet(rows: list[dict], amount, key) -> dict[str, Decimal]:
    out: dict[str, Decimal] = {}
    for r in rows:
        out[str(key(r) or "")] = out.get(str(key(r) or ""), Decimal(0)) + amount(r)
    return out


def test_random_figures_resum_from_the_raw_input_files():
    """200 figures picked (seeded) from the tertial's and the bokslut's sifferkallor.csv."""
    rows = [r for point in POINTS for r in _csv_rows(point) if r["källa"] in ("huvudbok", "budget", "underlag")
            and r["avsnitt"] in ("Driftredovisning", "Investeringsredovisning")]   # tkr tables: rounded once
    assert len(rows) >= 200
    cache: dict = {}
    sample = random.Random(14).sample(rows, 200)
    assert {r["källa"] for r in sample} == {"huvudbok", "budget", "underlag"}
    for row in sample:
        count, total, printed = _resum(row, cache)
        where = f"{row['dokument']} / {row['rad']} / {row['kolumn']} ({row['filter']})"
        assert count == int(row["antal rader"]), where
        assert abs(total - _num(row["summa oavrundad (kr)"])) < Decimal("0.01"), where
        assert printed == _printed_tkr(row["värde"]), where


def _numeric(text: str) -> bool:
    return bool(re.fullmatch(r"[−-]?\d{1,3}(\xa0\d{3})*", text.strip()))


@pytest.mark.parametrize("point", POINTS)
def test_every_driftredovisning_figure_of_every_namnd_has_a_row(point):
    from pipeline.render.docx import render_docx
    from pipeline.render.report import Templates, report_stem, with_indicator_images
    from pipeline.resources import TEMPLATES

    rows = _csv_rows(point)
    templates = Templates(TEMPLATES)
    contexts = example_built(point, 2026).contexts["tertialrapport"]
    assert contexts
    for context in contexts:
        stem = report_stem(context)
        when = datetime.fromisoformat(context["dokument"]["datum_iso"] + "T00:00:00")
        data = render_docx(templates.docx("tertialrapport"), with_indicator_images(context), None, when)
        document = docx.Document(io.BytesIO(data))
        table = next(t for t in document.tables
                     if "Periodbudget" in " ".join(c.text for c in t.rows[0].cells) or
                     ("Årsbudget" in " ".join(c.text for c in t.rows[0].cells)
                      and "Utfall" in " ".join(c.text for c in t.rows[0].cells)))
        traced = {(r["rad"], r["värde"]) for r in rows if r["dokument"] == stem and r["avsnitt"] == "Driftredovisning"}
        labels = {r for r, _ in traced}
        checked = 0
        for tr in table.rows[1:]:
            cells = [c.text.strip() for c in tr.cells]
            label = next((lab for lab in labels if cells[0] and (lab == cells[0] or lab.startswith(cells[0])
                                                                 or cells[0].startswith(lab))), None)
            if label is None and "summa" in cells[0].lower():
                label = "Summa"
            for text in cells[1:]:
                if _numeric(text):
                    assert label is not None, (stem, cells)
                    assert (label, text) in traced, (stem, label, text)
                    checked += 1
        assert checked, stem


@pytest.mark.parametrize("point", ("delar", "bokslut"))
def test_statement_posts_are_traced_to_their_kontoplan_line(point):
    """RR and BR in mnkr: each post row's unrounded ledger sum (the huvudbok's sign) is within the one tenth the
    largest-remainder rounding may move it; summa rows are computed from the rows above."""
    rows = [r for r in _csv_rows(point) if r["avsnitt"] in ("Resultaträkning", "Balansräkning")]
    posts = [r for r in rows if r["källa"] == "huvudbok"]
    assert len(posts) >= 30 and {r["avsnitt"] for r in posts} == {"Resultaträkning", "Balansräkning"}
    for r in posts:
        printed, exact = _num(r["värde"]), _num(r["summa oavrundad (kr)"]) / 1_000_000
        assert int(r["antal rader"]) > 0, r
        assert min(abs(printed - exact), abs(printed + exact)) <= Decimal("0.1001"), r
    assert all(r["källa"] == "beräknad" for r in rows if r["rad"].startswith("Summa")), point


def test_text_that_excel_would_take_for_a_formula_gets_an_apostrophe():
    from pipeline.render.sifferkallor_csv import safe_cell

    assert [safe_cell(v) for v in ("=SUM(A1)", "+1", "@x", "-x", "\tx", "-1234.50", "12", "Utfall")] == \
        ["'=SUM(A1)", "'+1", "'@x", "'-x", "'\tx", "-1234.50", "12", "Utfall"]


def test_spara_prints_the_figure_and_the_ledger_rows_behind_it(tmp_path):
    from typer.testing import CliRunner

    from pipeline.cli import app

    folder = tmp_path / "2026-tertial"
    folder.mkdir()
    (folder / "sifferkallor.csv").write_bytes(render_sifferkallor(example_built("tertial", 2026).contexts["sifferkallor"][0]))
    row = next(r for r in _csv_rows("tertial") if r["källa"] == "huvudbok" and r["avsnitt"] == "Driftredovisning")
    args = ["spåra", row["dokument"], row["rad"], row["kolumn"], "2026", "tertial", "--utdata", str(tmp_path),
            "--indata", str(EXAMPLE / "inputs")]
    result = CliRunner().invoke(app, args, terminal_width=400)
    assert result.exit_code == 0, result.output
    assert row["värde"] in result.output and row["filter"] in result.output
    assert f"{row['antal rader']} rader, summa {row['summa oavrundad (kr)']} kr" in result.output   # re-read: same
    assert "rad | År | Period" in result.output

    wrong = CliRunner().invoke(app, ["spåra", "Kommunstyrelsen", "Stod", "Utfal", "2026", "tertial", "--utdata",
                                     str(tmp_path)], terminal_width=400)
    assert wrong.exit_code == 1
    assert "Ingen siffra" in wrong.output and "Kolumner som liknar: Utfall" in wrong.output


@pytest.mark.parametrize("point", POINTS)
def test_indicator_values_name_their_file_kpi_kommun_period_and_kon(point):
    rows = [r for r in _csv_rows(point) if r["avsnitt"] in ("Mål och indikatorer", "Finansiella mål")]
    measured = [r for r in rows if r["källa"] in ("kolada", "egna") and r["kolumn"] == "Utfall"]
    assert {r["källa"] for r in measured} == {"kolada", "egna"}
    for r in measured:
        assert r["fil"] in ("Kolada 2026.json", "Egna mätningar 2026.xlsx"), r
        f = _filter(r["filter"])
        assert f["kommun"] == "0999" and f["kön"] == "T" and f["period"] in r["värde"], r
        printed = _num(r["värde"].split(" (")[0])
        in_file = _num(re.search(r"värde i filen ([-\d.]+)", r["filter"]).group(1))
        assert abs(printed - in_file) <= Decimal("0.5") * Decimal(10) ** _num(r["värde"].split(" (")[0]).as_tuple().exponent, r
    contexts = example_built(point, 2026).contexts["tertialrapport"]
    from pipeline.render.report import report_stem

    wanted = {(report_stem(c), f"{i['id']} {i['namn']}") for c in contexts for m in c["mal"] for i in m["indikatorer"]
              if i["varde"]}
    assert wanted <= {(r["dokument"], r["rad"]) for r in rows if r["kolumn"] == "Utfall"}


def test_spara_rereads_a_statement_post_through_the_kontoplan(tmp_path):
    from typer.testing import CliRunner

    from pipeline.cli import app

    folder = tmp_path / "2026-bokslut"
    folder.mkdir()
    (folder / "sifferkallor.csv").write_bytes(render_sifferkallor(example_built("bokslut", 2026).contexts["sifferkallor"][0]))
    for row in [r for r in _csv_rows("bokslut") if r["källa"] == "huvudbok" and r["avsnitt"] == "Resultaträkning"][:2]:
        result = CliRunner().invoke(app, ["spåra", row["dokument"], row["rad"], row["kolumn"], "2026", "bokslut",
                                          "--utdata", str(tmp_path), "--indata", str(EXAMPLE / "inputs"),
                                          "--konfig", str(EXAMPLE / "config" / "kommun.toml")])
        assert result.exit_code == 0, result.output
        assert f"{row['antal rader']} rader, summa {row['summa oavrundad (kr)']} kr;" in result.output, result.output


def test_every_figure_of_the_arsredovisning_tables_has_a_row():
    """The årsredovisning's own driftredovisning, investeringsredovisning, femårsöversikt and noter: every printed
    figure (the document's context, what the template prints) has a row with the same value."""
    built = example_built("bokslut", 2026)
    context = built.contexts["arsredovisning"][0]
    from pipeline.render.report import report_stem

    stem = report_stem(context)
    traced = {(r["avsnitt"], r["rad"], r["kolumn"], r["värde"]) for r in _csv_rows("bokslut") if r["dokument"] == stem}
    expected = []
    drift = context["drift"]
    for r in drift["rader"]:
        expected += [("Driftredovisning", r["namn"], head, r[key])
                     for key, head in (("budget", "Budget"), ("utfall", drift["kolumn"]), ("avvikelse", "Avvikelse"))]
    inv = context["investeringar"]
    for r in inv["rader"]:
        expected += [("Investeringsredovisning", r["projekt"], head, r[key])
                     for key, head in (("budget", "Budget"), ("utfall", "Utfall"), ("avvikelse", "Avvikelse"))]
    for r in context["femar"]["rader"]:
        expected += [("Femårsöversikt", r["namn"], year, v) for year, v in zip(context["femar"]["ar"], r["varden"])
                     if v != "–"]
    for n in context["noter"]:
        for r in n["rader"]:
            expected += [(f"Not {n['nr']} {n['rubrik']}", r["namn"], head, r[key])
                         for key, head in (("belopp", n["kolumn"]), ("jamforelse", n["jamforelse"])) if r[key]]
    assert len(expected) > 200
    missing = [e for e in expected if e not in traced]
    assert not missing, missing[:5]


def test_femar_entered_values_are_the_bokslutsunderlag_cells():
    """Femårsöversikt rows from the underlag name the file, the Excel row and the year's column: the cell there
    holds the value (re-read with openpyxl), and the printed figure is it rounded."""
    rows = [r for r in _csv_rows("bokslut") if r["avsnitt"] == "Femårsöversikt" and r["källa"] == "underlag"]
    computed = [r for r in _csv_rows("bokslut") if r["avsnitt"] == "Femårsöversikt" and r["källa"] == "beräknad"]
    assert len(rows) >= 20 and computed and {r["kolumn"] for r in computed} <= {"2025", "2026"}
    for r in rows:
        f = _filter(r["filter"])
        sheet = _sheet_rows(_find(r["fil"]), "Femårsöversikt")
        header = [str(c).strip() if c is not None else "" for c in sheet[0]]
        cell = sheet[int(f["rad"]) - 1][header.index(f["kolumn"])]
        assert _num(cell) == _num(f["värde"].split()[-1]), r
        decimals = len(r["värde"].split(",")[1]) if "," in r["värde"] else 0
        assert _num(r["värde"]) == _num(cell).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP), r


def test_spara_rereads_every_ledger_sum_of_the_kommun_driftredovisning(tmp_path):
    """spåra's re-read of the ledger (pipeline.cli.spara.filtered) gives each nämnd's and finansförvaltning row's
    count and sum: the kommunstyrelsen without the finansförvaltning's verksamheter ("utom verksamhet …")."""
    from typer.testing import CliRunner

    from pipeline.cli import app
    from pipeline.cli.spara import filtered

    rows = [r for r in _csv_rows("bokslut") if r["avsnitt"] == "Driftredovisning" and r["källa"] == "huvudbok"
            and "Årsredovisning" in r["dokument"]]
    assert len(rows) >= 10 and any("utom verksamhet" in r["filter"] for r in rows)
    assert any(r["filter"].startswith("finansförvaltningen") for r in rows)
    for r in rows:
        _, picked, total = filtered(_find(r["fil"]), r["filter"])
        assert len(picked) == int(r["antal rader"]), r
        assert abs(total - float(r["summa oavrundad (kr)"])) < 0.01, r
    folder = tmp_path / "2026-bokslut"
    folder.mkdir()
    (folder / "sifferkallor.csv").write_bytes(render_sifferkallor(example_built("bokslut", 2026).contexts["sifferkallor"][0]))
    ks = next(r for r in rows if "utom verksamhet" in r["filter"])
    result = CliRunner().invoke(app, ["spåra", "Årsredovisning Exempelkommun", ks["rad"], "Utfall", "2026", "bokslut",
                                      "--utdata", str(tmp_path), "--indata", str(EXAMPLE / "inputs")], terminal_width=400)
    assert result.exit_code == 0, result.output
    assert f"{ks['antal rader']} rader, summa {ks['summa oavrundad (kr)']} kr;" in result.output, result.output
