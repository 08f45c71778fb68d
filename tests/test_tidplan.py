"""The tidplan of the budget process: ISO weeks dated for 2026 (a valår) and 2027, checked against a calendar by
hand; the valår variant of Bilaga 2; the .docx/.pdf/.ics written by `kommunrapport tidplan`."""

from datetime import date
from pathlib import Path

import docx
import pytest
from icalendar import Calendar
from typer.testing import CliRunner

from pipeline.config.error import ConfigError
from pipeline.config.tidplan import dated, is_valar, load_tidplan, valdag

ROOT = Path(__file__).resolve().parents[1]


def _by_name(items):
    return {d.aktivitet.namn: d for d in items}


def test_election_years():
    assert [y for y in range(2020, 2035) if is_valar(y)] == [2022, 2026, 2030, 2034]


def test_election_day_is_the_second_sunday_of_september():
    # vallagen (2005:837) 1 kap. 3 §; the days of the last elections and the next two, from a calendar by hand:
    # 1 Sep 2018 a Saturday, 2022 a Thursday, 2026 a Tuesday, 2030 a Sunday (so its second Sunday is the 8th)
    assert [valdag(y) for y in (2018, 2022, 2026, 2030)] == [date(2018, 9, 9), date(2022, 9, 11), date(2026, 9, 13),
                                                               date(2030, 9, 8)]


def test_allmanna_val_falls_on_election_sunday_not_the_week_before():
    val_2026 = _by_name(dated(load_tidplan(), 2026))["Allmänna val"]
    # 13 Sep 2026 is the Sunday of ISO week 37 (Monday 7 Sep); the aktivitet is that day, not 7–11 Sep
    assert (val_2026.start, val_2026.slut, val_2026.vecka, val_2026.ar) == (date(2026, 9, 13), date(2026, 9, 13), 37, 2026)
    val_2030 = _by_name(dated(load_tidplan(), 2030))["Allmänna val"]
    # 8 Sep 2030 is the Sunday of ISO week 36 (Monday 2 Sep 2030)
    assert (val_2030.start, val_2030.slut, val_2030.vecka) == (date(2030, 9, 8), date(2030, 9, 8), 36)


def test_2026_is_a_valar_dated_by_hand():
    t = load_tidplan()
    items = dated(t, 2026)
    days = {(d.aktivitet.namn[:40], d.start, d.slut) for d in items}
    # By hand from a calendar: 24 Nov 2025 is the Monday of ISO week 48 of 2025; 15 June 2026 of week 25;
    # 19 Oct 2026 of week 43; 16 Nov 2026 of week 47; 18 Jan 2027 of week 3 of 2027.
    assert ("Omvärldsanalys och planeringsförutsättni", date(2025, 11, 24), date(2025, 11, 28)) in days
    names = _by_name(items)
    ks = next(d for n, d in names.items() if n.startswith("KS beslutar preliminär"))
    assert (ks.start, ks.slut, ks.vecka) == (date(2026, 6, 15), date(2026, 6, 19), 25)
    new_ks = next(d for n, d in names.items() if n.startswith("Ny KS"))
    assert (new_ks.start, new_ks.vecka) == (date(2026, 10, 19), 43)
    new_kf = next(d for n, d in names.items() if n.startswith("Ny KF"))
    assert (new_kf.start, new_kf.vecka) == (date(2026, 11, 16), 47)
    january = next(d for n, d in names.items() if n.startswith("De nya nämnderna"))
    assert (january.start, january.ar) == (date(2027, 1, 18), 2027)
    # no KF decision in week 34 and no separate finansplan in a valår
    assert not any(d.vecka == 34 and d.ar == 2026 for d in items)
    assert not any("finansplan med skattesats" in n and not n.startswith("Ny KF") for n in names)
    assert [d.start for d in items] == sorted(d.start for d in items)


def test_2027_is_a_normal_year_dated_by_hand():
    items = _by_name(dated(load_tidplan(), 2027))
    kf = items["KF fastställer mål och resursplan"]
    # 23 Aug 2027 is the Monday of ISO week 34 of 2027; 21 June 2027 of week 25; 23 Nov 2026 of week 48 of 2026
    assert (kf.start, kf.slut) == (date(2027, 8, 23), date(2027, 8, 27))
    assert items["KS beslutar förslag till mål och resursplan"].start == date(2027, 6, 21)
    assert items["Omvärldsanalys och planeringsförutsättningar tas fram (befolkning, skatteunderlag, volymer)"].start \
        == date(2026, 11, 23)
    assert not any(n.startswith(("Ny KS", "Ny KF", "Allmänna val")) for n in items)


def test_a_bad_tidplan_names_every_problem(tmp_path):
    bad = tmp_path / "t.toml"
    bad.write_text('[kalla]\nnamn = "x"\n[[delprocess]]\nid = "a"\nnamn = "A"\n'
                   '[[aktivitet]]\ndelprocess = "b"\nnamn = "X"\nvecka = 54\nvalar = "ibland"\n'
                   '[[aktivitet]]\ndelprocess = "a"\nnamn = "Y"\ndag = "midsommar"\n', encoding="utf-8")
    with pytest.raises(ConfigError) as exc:
        load_tidplan(bad)
    text = "\n".join(exc.value.problems)
    assert "delprocess 'b' finns inte" in text and "vecka ska vara ett heltal 1–53, inte 54" in text
    assert "valar ska vara ett av båda, normalår, valår, inte 'ibland'" in text
    assert "'aktivitet' nr 2 (Y): dag ska vara ett av valdagen, inte 'midsommar'" in text


def test_kommunrapport_tidplan_writes_docx_pdf_and_ics(tmp_path):
    from pipeline.cli import app

    runner = CliRunner()
    for _ in range(2):
        result = runner.invoke(app, ["tidplan", "--utdata", str(tmp_path / "ut"), "2026"])
        assert result.exit_code == 0, result.output
    folder = tmp_path / "ut" / "2026-tidplan"
    stem = "2026 Tidplan mål och resursplan 2027"
    document = docx.Document(folder / f"{stem}.docx")
    assert document.core_properties.title == "Tidplan för mål och resursplan 2027 (2026) – valår"
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Valår: mål och resursplanen beslutas bara preliminärt" in text
    decisions = [[c.text for c in r.cells] for r in document.tables[0].rows]
    assert decisions[0] == ["Vecka", "Datum", "Beslut"]
    assert ["v. 25 2026", "15–19 juni 2026", "KS preliminärt beslut om MoR"] in decisions
    calendar = Calendar.from_ical((folder / f"{stem}.ics").read_bytes())
    events = {str(e["SUMMARY"]): e for e in calendar.walk("VEVENT")}
    ks = next(e for summary, e in events.items() if summary.startswith("KS beslutar preliminär"))
    assert ks.decoded("DTSTART") == date(2026, 6, 15) and ks.decoded("DTEND") == date(2026, 6, 20)
    assert len(events) == len(dated(load_tidplan(), 2026))
    val = events["Allmänna val"]   # election Sunday, one all-day event
    assert val.decoded("DTSTART") == date(2026, 9, 13) and val.decoded("DTEND") == date(2026, 9, 14)
    rows = [[c.text for c in r.cells] for t in document.tables for r in t.rows]
    assert next(r for r in rows if "Allmänna val" in r)[:2] == ["v. 37 2026", "13 september 2026"]
    from pypdf import PdfReader
    pdf_text = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(folder / f"{stem}.pdf").pages)
    assert "v. 37 2026 13 september 2026 Allmänna val" in pdf_text   # the row as a reader reads it
    first = (folder / f"{stem}.pdf").read_bytes()
    result = runner.invoke(app, ["tidplan", "--utdata", str(tmp_path / "ut2"), "2026"])
    for name in (f"{stem}.docx", f"{stem}.pdf", f"{stem}.ics"):
        assert (tmp_path / "ut2" / "2026-tidplan" / name).read_bytes() == (folder / name).read_bytes(), name
    assert first.startswith(b"%PDF")
