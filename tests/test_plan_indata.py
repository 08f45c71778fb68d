"""Bad input of the planning round (issue 8 point 4): each problem with file, sheet, row, column and a Swedish
message, all at once."""

from pathlib import Path

import openpyxl

from pipeline.config.problems import Problems
from pipeline.read.discover import read_inputs
from pipeline.staging.plan import stage_plan
from exempel import EXEMPELKOMMUN as EXAMPLE

HEADER = ["Förslags-id", "Nämnd", "Typ", "Problem", "Målgrupp", "Åtgärd", "Nuvarande åtgärd", "Kostnad (tkr)",
          "Svårighetsgrad", "Nytta", "Skala", "Kostnadseffektivitet", "Nämndens rang"]
GOOD = ["SN-1", "SN", "Effektivisering", "Höga kostnader för placeringar", "Barn och unga", "Utöka öppenvården",
        "Köpta platser", -2500, "Måttlig", "Stor", "Individ/Medborgare", "Hög", 1]


def _book(path: Path, sheets: dict[str, list[list]]) -> None:
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(row)
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)


def _run(inputs: Path, config):
    problems = Problems(root=inputs.parent)
    raw = read_inputs(inputs, 2027, "plan", problems)
    staged = stage_plan(raw, config, 2027, problems)
    return staged, [f"{p.fil}|{p.blad}|{p.rad}|{p.kolumn}|{p.meddelande}" for p in problems.sorted()]


def test_a_good_workbook_stages(tmp_path, config):
    inputs = tmp_path / "inputs"
    _book(inputs / "2027" / "plan" / "Prioriteringar SN 2027.xlsx", {
        "Prioriteringar": [HEADER, GOOD, ["SN-2", "SN", "prioritering inom ram", "p", "m", "a", None, "1 200,5", "liten",
                                          "mycket stor", "Samhälle", "mycket hög", 2]],
        "Konsekvenser": [["Förslags-id", "Perspektiv", "Sikt", "Effekt", "Beskrivning", "Agenda 2030", "Omfattning"],
                         ["SN-1", "Ekonomi", "Kort", "Positiv", "Lägre kostnad", "Mål 3; 10", "Service och samhälle"]]})
    _book(inputs / "2027" / "Ramar 2027.xlsx", {"Ramar": [["Nämnd", "Driftram", "Investeringsutrymme"], ["SN", 290000, 0]]})
    staged, problems = _run(inputs, config)
    assert problems == []
    f = staged.forslag.set_index("forslag_id")
    assert f.loc["SN-2", "typ"] == "Prioritering inom ram" and f.loc["SN-2", "kostnad"] == 1200.5
    assert f.loc["SN-1", "kostnad"] == -2500
    assert staged.konsekvenser["agenda2030"].tolist() == ["3, 10"]
    info = staged.forslag_info.set_index("forslag_id")
    assert info.loc["SN-1", "omfattning"] == "Service och samhälle"
    assert staged.ramar["driftram"].tolist() == [290000]


def test_every_kind_of_bad_input_is_located(tmp_path, config):
    inputs = tmp_path / "inputs"
    book = inputs / "2027" / "plan" / "Prioriteringar SN 2027.xlsx"
    _book(book, {
        "Prioriteringar": [HEADER, GOOD,
                           ["SN-1", "SN", "Effektivisering", "p", "m", "a", None, 100, "Måttlig", "Stor",
                            "Individ/Medborgare", "Hög", 2],                                     # id used twice
                           ["SN-3", "SN", "Besparing", "p", "m", "a", None, None, "Jättestor", "Stor",
                            "Individ/Medborgare", "Hög", 3],                                     # Typ, kostnad, svårighet
                           ["SN-4", "SN", "Investering", "p", "m", "a", None, "ungefär en miljon", "Liten", "Stor",
                            "Individ/Medborgare", "Hög", 4]],                                    # text kostnad
        "Konsekvenser": [["Förslags-id", "Perspektiv", "Sikt", "Effekt", "Beskrivning", "Agenda 2030"],
                         ["SN-9", "Ekonomi", "Kort", "Positiv", "x", "3"],                         # unknown förslag
                         ["SN-1", "Ekonomi", "Kort", "Bra", "x", "18"]]})                          # effekt, goal 18
    _book(inputs / "2027" / "plan" / "Prioriteringar VON 2027.xlsx", {"Prioriteringar": [HEADER]})   # empty sheet
    _book(inputs / "2027" / "Ramar 2027.xlsx", {"Ramar": [["Nämnd", "Driftram", "Investeringsutrymme"],
                                                           ["XYZ", 100, 0]]})
    _staged, problems = _run(inputs, config)
    text = "\n".join(problems)
    sn = "inputs/2027/plan/Prioriteringar SN 2027.xlsx|Prioriteringar"
    assert f"{sn}|3|None|Förslags-id SN-1 förekommer redan på rad 2" in text
    assert f"{sn}|4|C (Typ)|Typ 'Besparing' är inte ett tillåtet ord. Tillåtna: Prioritering inom ram, " \
           "Kommunövergripande prioritering, Investering, Effektivisering, Ransonering." in text
    assert f"{sn}|4|H (Kostnad (tkr))|Kostnaden saknas; cellen får inte vara tom." in text
    assert f"{sn}|4|I (Svårighetsgrad)|Svårighetsgrad 'Jättestor' är inte ett tillåtet ord. Tillåtna: Mycket stor, " \
           "Stor, Måttlig, Liten." in text
    assert f"{sn}|5|H (Kostnad (tkr))|Kostnaden 'ungefär en miljon' är inte ett belopp." in text
    kons = "inputs/2027/plan/Prioriteringar SN 2027.xlsx|Konsekvenser"
    assert f"{kons}|2|A (Förslags-id)|Förslags-id 'SN-9' finns inte i bladet Prioriteringar" in text
    assert f"{kons}|3|D (Effekt)|Effekt 'Bra' är inte ett tillåtet ord. Tillåtna: Positiv, Negativ, Neutral, Ingen." in text
    assert f"{kons}|3|F (Agenda 2030)|Agenda 2030 '18': skriv målens nummer 1–17" in text
    assert "inputs/2027/plan/Prioriteringar VON 2027.xlsx|Prioriteringar|2|None|Bladet Prioriteringar har inga förslag" in text
    assert "inputs/2027/Ramar 2027.xlsx|Ramar|2|A (Nämnd)|Okänd nämnd 'XYZ'" in text


def test_validera_plan_reports_and_exits_1(tmp_path, config):
    from typer.testing import CliRunner

    from pipeline.cli import app

    inputs = tmp_path / "inputs"
    _book(inputs / "2027" / "plan" / "Prioriteringar SN 2027.xlsx", {"Prioriteringar": [HEADER, GOOD, GOOD]})
    result = CliRunner().invoke(app, ["validera", "--indata", str(inputs), "2027", "plan"])
    assert result.exit_code == 1
    assert "Förslags-id SN-1 förekommer redan på rad 2" in result.output
    _book(inputs / "2027" / "plan" / "Prioriteringar SN 2027.xlsx", {"Prioriteringar": [HEADER, GOOD]})
    result = CliRunner().invoke(app, ["validera", "--indata", str(inputs), "2027", "plan"])
    assert result.exit_code == 0, result.output
    assert "Planeringsunderlagen för 2027 är godkända: 1 filer, 1 nämnder, 1 förslag, 0 konsekvensrader." in result.output


def test_the_required_perspektiv_are_configured_and_checked(root, tmp_path):
    """[planering] serviceperspektiv / samhallsperspektiv: defaults when absent (SKR:s serviceperspektiv, and
    Social hållbarhet and Miljö for Service och samhälle), a word outside the Perspektiv column or in both lists
    is named."""
    import pytest

    from pipeline.config import ConfigError, load_config

    default = load_config(EXAMPLE / "config" / "kommun.toml").planering
    assert default.serviceperspektiv == ("Ekonomi", "Personal", "Brukare/medborgare")
    assert default.samhallsperspektiv == ("Social hållbarhet", "Miljö")
    text = (EXAMPLE / "config" / "kommun.toml").read_text(encoding="utf-8")
    good = tmp_path / "good.toml"
    good.write_text(text.replace("[malbedomning]", '[planering]\nserviceperspektiv = ["Ekonomi", "Personal", '
                                 '"Brukare/medborgare", "Jämställdhet"]\nsamhallsperspektiv = []\n\n[malbedomning]'),
                    encoding="utf-8")
    (tmp_path / "kontoplan_exempelkommun.toml").write_text(
        (EXAMPLE / "config" / "kontoplan_exempelkommun.toml").read_text(encoding="utf-8"), encoding="utf-8")
    planering = load_config(good).planering
    assert planering.serviceperspektiv[-1] == "Jämställdhet" and planering.samhallsperspektiv == ()
    bad = tmp_path / "bad.toml"
    bad.write_text(text.replace("[malbedomning]", '[planering]\nserviceperspektiv = ["Ekonomi", "Kultur"]\n'
                                'samhallsperspektiv = ["Ekonomi"]\n\n[malbedomning]'), encoding="utf-8")
    with pytest.raises(ConfigError) as exc:
        load_config(bad)
    problems = "\n".join(exc.value.problems)
    assert "'planering.serviceperspektiv': 'Kultur' är inget perspektiv" in problems
    assert "'planering.samhallsperspektiv': 'Ekonomi' står redan i planering.serviceperspektiv" in problems
