"""The tidplan of the budget process: ISO weeks dated for 2026 (a valår) and 2027, checked against a calendar by
hand; the valår variant of Bilaga 2; the .docx/.pdf/.ics written by `kommunrapport tidplan`."""

from datetime import date, timedelta
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
    after = _by_name(dated(load_tidplan(), 2026))["Delprocessen Prioritera och besluta kommunövergripande återupptas"]
    assert (after.start, after.slut) == (date(2026, 9, 14), date(2026, 9, 14))   # the Monday after


def _span(items, name):
    d = items[name]
    return d.start, d.slut


def test_2026_is_a_valar_dated_by_hand():
    """Bilaga 1 weeks and Bilaga 2 months in 2026, each checked against a calendar by hand."""
    items = _by_name(dated(load_tidplan(), 2026))
    # 24 Nov 2025 is the Monday of ISO week 48 of 2025; 5 Dec 2025 the Friday of week 49
    assert _span(items, "Utvärdera föregående års process") == (date(2025, 11, 24), date(2025, 12, 5))
    # 15 Dec 2025 is the Monday of week 51; 26 Dec 2025 the Friday of week 52
    assert _span(items, "Fastställa preliminära ramar och ekonomiska parametrar") == (date(2025, 12, 15),
                                                                                       date(2025, 12, 26))
    # "v ...-5": ongoing, done in week 5 of 2026 = 26–30 Jan 2026
    assert _span(items, "Tillgängliggöra insamlad statistik och information") == (date(2026, 1, 26), date(2026, 1, 30))
    # week 6 of 2026 starts Monday 2 Feb; week 9 ends Friday 27 Feb
    assert _span(items, "Genomföra analys av nuläge och framtid") == (date(2026, 2, 2), date(2026, 2, 27))
    # week 16 of 2026: 13–17 April; week 20 (prioriteringsforum): 11–15 May
    assert _span(items, "Yttrande från nämnd/styrelsen") == (date(2026, 4, 13), date(2026, 4, 17))
    assert _span(items, "Genomföra prioriteringsforum") == (date(2026, 5, 11), date(2026, 5, 15))
    # valår: the KS decision of week 25 (15–19 June 2026) is only preliminary, and nothing of KF in week 34
    assert _span(items, "Preliminärt beslut om Mål och Resursplan (MoR) i kommunstyrelsen") == (date(2026, 6, 15),
                                                                                               date(2026, 6, 19))
    assert "Besluta om Mål och Resursplan (MoR) i kommunstyrelsen" not in items
    assert "Besluta om Mål och Resursplan (MoR) i kommunfullmäktige" not in items
    assert not any("Finansplan" in n for n in items)   # Bilaga 2: no separate decision on the Finansplan
    # Bilaga 2's months: ledningssystem KS June, KF August; definitive MoR October and November; January 2027
    assert _span(items, "Översyn av ledningssystemet påbörjas") == (date(2026, 1, 1), date(2026, 3, 31))
    assert _span(items, "Beslut om revideringar i ledningssystemet i kommunfullmäktige") == (date(2026, 8, 1),
                                                                                            date(2026, 8, 31))
    assert _span(items, "Definitivt beslut om Mål och Resursplan i den nyvalda kommunstyrelsen") == (
        date(2026, 10, 1), date(2026, 10, 31))
    assert _span(items, "Resursfördelningen per nämnd beslutas av de nyvalda nämnderna") == (date(2027, 1, 1),
                                                                                           date(2027, 1, 31))
    assert _span(items, "Förvaltningarna anpassar sina verksamhetsplaner till den nya inriktningen och målen") == (
        date(2026, 11, 1), date(2027, 4, 30))
    assert items["Förvaltningarna anpassar sina verksamhetsplaner till den nya inriktningen och målen"].tid == \
        "november 2026–april 2027"
    starts = [d.start for d in dated(load_tidplan(), 2026)]
    assert starts == sorted(starts)


def test_2027_is_a_normal_year_dated_by_hand():
    tidplan = load_tidplan()
    items = _by_name(dated(tidplan, 2027))
    # 21 June 2027 is the Monday of ISO week 25 of 2027; 23 Aug 2027 of week 34; 25 Oct of week 43; 15 Nov of week 46
    assert _span(items, "Besluta om Mål och Resursplan (MoR) i kommunstyrelsen") == (date(2027, 6, 21), date(2027, 6, 25))
    assert _span(items, "Besluta om Mål och Resursplan (MoR) i kommunfullmäktige") == (date(2027, 8, 23),
                                                                                      date(2027, 8, 27))
    assert _span(items, "Besluta om Finansplan i kommunstyrelsen") == (date(2027, 10, 25), date(2027, 10, 29))
    assert _span(items, "Besluta om Finansplan i kommunfullmäktige") == (date(2027, 11, 15), date(2027, 11, 19))
    # 23 Nov 2026 is the Monday of week 48 of 2026 (the year before)
    assert items["Utvärdera föregående års process"].start == date(2026, 11, 23)
    # week 25–37 of 2027: Monday 21 June to Friday 17 September
    assert _span(items, "Bereda förslag till inriktning verksamhetsplan, övergripande resursfördelning samt taxor") \
        == (date(2027, 6, 21), date(2027, 9, 17))
    # week 43–52 of 2027: 25 October to Friday 31 December
    assert _span(items, "Upprätta verksamhetsplan och budget per enhet") == (date(2027, 10, 25), date(2027, 12, 31))
    assert not any(d.aktivitet.valar == "valår" for d in items.values())
    # a normal year shows exactly Bilaga 1's six delprocesser
    assert {d.delprocess.namn for d in items.values()} == {"Starta upp", "Analysera", "Prioritera inom nämnd",
                                                           "Prioritera och besluta kommunövergripande",
                                                           "Planera övergripande", "Detaljplanera"}


def test_a_bad_tidplan_names_every_problem(tmp_path):
    bad = tmp_path / "t.toml"
    bad.write_text('[kalla]\nnamn = "x"\n[[delprocess]]\nid = "a"\nnamn = "A"\n'
                   '[[aktivitet]]\ndelprocess = "b"\nnamn = "X"\nvecka = 54\nvalar = "ibland"\n'
                   '[[aktivitet]]\ndelprocess = "a"\nnamn = "Y"\ndag = "midsommar"\n'
                   '[[aktivitet]]\ndelprocess = "a"\nnamn = "Z"\nvecka = 9\nmanad = "juni"\n'
                   '[[aktivitet]]\ndelprocess = "a"\nnamn = "W"\nmanad = "juno"\n'
                   '[[aktivitet]]\ndelprocess = "a"\nnamn = "V"\nlopande = true\n'
                   '[[aktivitet]]\ndelprocess = "a"\nnamn = "U"\n', encoding="utf-8")
    with pytest.raises(ConfigError) as exc:
        load_tidplan(bad)
    text = "\n".join(exc.value.problems)
    assert "delprocess 'b' finns inte" in text and "vecka ska vara ett heltal 1–53, inte 54" in text
    assert "valar ska vara ett av båda, normalår, valår, inte 'ibland'" in text
    assert "'aktivitet' nr 2 (Y): dag ska vara ett av valdagen, efter valdagen, inte 'midsommar'" in text
    assert "'aktivitet' nr 3 (Z): ange bara ett av vecka, manad, kvartal och dag (här: vecka, manad)" in text
    assert "'aktivitet' nr 4 (W): manad ska vara ett av januari, " in text and "inte 'juno'" in text
    assert "'aktivitet' nr 5 (V): lopande = true kräver till_vecka" in text
    assert "'aktivitet' nr 6 (U): ange tiden med vecka, manad, kvartal eller dag" in text


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
    assert "Valår: planeringsprocessen följer den ordinarie processen fram till vecka 25." in text
    assert "Starta upp (v 48-5)" in text and "Objekt in: Beslutad process. Objekt ut: Tidplan och anvisningar." in text
    assert "Valår: översyn av ledningssystemet" in text
    decisions = [[c.text for c in r.cells] for r in document.tables[0].rows]
    assert decisions[0] == ["Tid", "Datum", "Beslut"]
    assert ["v 25 2026", "15–19 juni 2026", "Preliminärt beslut om Mål och Resursplan (MoR) i kommunstyrelsen"] \
        in decisions
    assert ["oktober 2026", "1–31 oktober 2026", "Definitivt beslut om Mål och Resursplan i den nyvalda "
                                                   "kommunstyrelsen"] in decisions
    calendar = Calendar.from_ical((folder / f"{stem}.ics").read_bytes())
    events = list(calendar.walk("VEVENT"))
    aktiviteter = dated(load_tidplan(), 2026)
    assert len(events) == len(aktiviteter) == 39   # one event per aktivitet
    assert [str(e["SUMMARY"]) for e in events] == [d.aktivitet.namn for d in aktiviteter]
    by_name = {str(e["SUMMARY"]): e for e in events}
    ks = by_name["Preliminärt beslut om Mål och Resursplan (MoR) i kommunstyrelsen"]
    assert ks.decoded("DTSTART") == date(2026, 6, 15) and ks.decoded("DTEND") == date(2026, 6, 20)
    first = by_name["Utvärdera föregående års process"]   # a range: Monday of week 48 to Friday of week 49 (2025)
    assert first.decoded("DTSTART") == date(2025, 11, 24) and first.decoded("DTEND") == date(2025, 12, 6)
    assert "Deltagare: Verksamhetschefer, stödfunktioner HR, ekonomi, controller." in str(first["DESCRIPTION"])
    val = by_name["Allmänna val"]   # election Sunday, one all-day event
    assert val.decoded("DTSTART") == date(2026, 9, 13) and val.decoded("DTEND") == date(2026, 9, 14)
    # valår months (Bilaga 2) by hand: one event over the whole month(s); DTEND is the day after the last
    plan = by_name["Förvaltningarna anpassar sina verksamhetsplaner till den nya inriktningen och målen"]
    assert (plan.decoded("DTSTART"), plan.decoded("DTEND")) == (date(2026, 11, 1), date(2027, 5, 1))
    ks = by_name["Definitivt beslut om Mål och Resursplan i den nyvalda kommunstyrelsen"]
    assert (ks.decoded("DTSTART"), ks.decoded("DTEND")) == (date(2026, 10, 1), date(2026, 11, 1))
    # week 6–9 of 2026 by hand: Monday 2 Feb to Friday 27 Feb 2026 (week 1 of 2026 starts Monday 29 Dec 2025)
    analys = by_name["Genomföra analys av nuläge och framtid"]
    assert (analys.decoded("DTSTART"), analys.decoded("DTEND")) == (date(2026, 2, 2), date(2026, 2, 28))
    for e, d in zip(events, aktiviteter):   # every event spans its aktivitet, first to last day
        assert (e.decoded("DTSTART"), e.decoded("DTEND")) == (d.start, d.slut + timedelta(days=1)), d.aktivitet.namn
    rows = [[c.text for c in r.cells] for t in document.tables for r in t.rows]
    assert next(r for r in rows if "Allmänna val" in r)[:2] == ["valdagen 2026", "13 september 2026"]
    assert next(r for r in rows if r[2].startswith("Utvärdera föregående"))[:2] == ["v 48–49 2025",
                                                                                   "24 november – 5 december 2025"]
    from pypdf import PdfReader
    pdf_text = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(folder / f"{stem}.pdf").pages)
    assert "valdagen 2026 13 september 2026 Allmänna val" in pdf_text   # the row as a reader reads it
    first_pdf = (folder / f"{stem}.pdf").read_bytes()
    result = runner.invoke(app, ["tidplan", "--utdata", str(tmp_path / "ut2"), "2026"])
    for name in (f"{stem}.docx", f"{stem}.pdf", f"{stem}.ics"):
        assert (tmp_path / "ut2" / "2026-tidplan" / name).read_bytes() == (folder / name).read_bytes(), name
    assert first_pdf.startswith(b"%PDF")


def test_kommunrapport_tidplan_2027_a_normal_year(tmp_path):
    from pipeline.cli import app

    result = CliRunner().invoke(app, ["tidplan", "--utdata", str(tmp_path), "2027"])
    assert result.exit_code == 0, result.output
    folder = tmp_path / "2027-tidplan"
    stem = "2027 Tidplan mål och resursplan 2028"
    document = docx.Document(folder / f"{stem}.docx")
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings == ["Beslut under året", "Starta upp (v 48-5)", "Analysera (v 6–11)", "Prioritera inom nämnd (v 12–16)",
                        "Prioritera och besluta kommunövergripande (v 17-46)", "Planera övergripande (v 23-42)",
                        "Detaljplanera (v 43–52)"]
    decisions = [[c.text for c in r.cells] for r in document.tables[0].rows][1:]
    # by hand: week 16 of 2027 is 19–23 April; 34 is 23–27 August; 46 is 15–19 November; 50 is 13–17 December
    assert ["v 16 2027", "19–23 april 2027", "Yttrande från nämnd/styrelsen"] in decisions
    assert ["v 34 2027", "23–27 augusti 2027", "Besluta om Mål och Resursplan (MoR) i kommunfullmäktige"] in decisions
    assert ["v 46 2027", "15–19 november 2027", "Besluta om Finansplan i kommunfullmäktige"] in decisions
    assert ["v 50 2027", "13–17 december 2027", "Fatta beslut i nämnd om MoR, Verksamhetsplan samt Internkontrollplan"] \
        in decisions
    assert len(decisions) == 8
    # dates by hand from the ISO calendar: 1 Jan 2027 is a Friday, so week 1 of 2027 starts Monday 4 Jan 2027 and
    # week N starts 4 Jan + 7·(N−1) days; week 1 of 2026 started Monday 29 Dec 2025. A range runs from the Monday
    # of its first week to the Friday of its last; the .ics event's DTEND is the day after (exclusive).
    by_hand = {
        "Utvärdera föregående års process": ("v 48–49 2026", date(2026, 11, 23), date(2026, 12, 4)),   # 2026 w48, w49
        "Startmöte": ("v 4 2027", date(2027, 1, 25), date(2027, 1, 29)),                                # 4 Jan + 21
        "Tillgängliggöra insamlad statistik och information": ("löpande t.o.m. v 5 2027", date(2027, 2, 1),
                                                                 date(2027, 2, 5)),
        "Genomföra analys av nuläge och framtid": ("v 6–9 2027", date(2027, 2, 8), date(2027, 3, 5)),   # w6 .. w9
        "Genomföra prioriteringsforum": ("v 20 2027", date(2027, 5, 17), date(2027, 5, 21)),            # 4 Jan + 133
        "Bereda förslag till inriktning verksamhetsplan, övergripande resursfördelning samt taxor": (
            "v 25–37 2027", date(2027, 6, 21), date(2027, 9, 17)),
        "Genomföra riskanalys internkontroll": ("v 40–42 2027", date(2027, 10, 4), date(2027, 10, 22)),
        "Stämma av och godkänna planeringen i beslutstödssystemet": ("v 52 2027", date(2027, 12, 27),
                                                                       date(2027, 12, 31)),
    }
    rows = {r[2]: r for t in document.tables for r in ([c.text for c in row.cells] for row in t.rows)}
    assert rows["Genomföra prioriteringsforum"][:2] == ["v 20 2027", "17–21 maj 2027"]
    assert rows["Genomföra analys av nuläge och framtid"][:2] == ["v 6–9 2027", "8 februari – 5 mars 2027"]
    assert rows["Utvärdera föregående års process"][:2] == ["v 48–49 2026", "23 november – 4 december 2026"]
    events = list(Calendar.from_ical((folder / f"{stem}.ics").read_bytes()).walk("VEVENT"))
    assert len(events) == 31 and len({str(e["UID"]) for e in events}) == 31
    # exactly one VEVENT per aktivitet, each spanning its whole range
    summaries = [str(e["SUMMARY"]) for e in events]
    assert summaries == [d.aktivitet.namn for d in dated(load_tidplan(), 2027)]
    by_summary = {}
    for e in events:
        by_summary.setdefault(str(e["SUMMARY"]), []).append(e)
    for name, (tid, first, last) in by_hand.items():
        (event,) = by_summary[name]
        assert (event.decoded("DTSTART"), event.decoded("DTEND")) == (first, last + timedelta(days=1)), name
        assert f"({tid})." in str(event["DESCRIPTION"]), name
    (v18,), (v39,) = (by_summary["Uppdatera ekonomiska förutsättningar"][i:i + 1] for i in (0, 1))
    assert (v18.decoded("DTSTART"), v39.decoded("DTSTART")) == (date(2027, 5, 3), date(2027, 9, 27))   # w18, w39
    from pypdf import PdfReader
    pdf_text = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(folder / f"{stem}.pdf").pages)
    assert "v 20 2027 17–21 maj 2027 Genomföra prioriteringsforum" in pdf_text
    assert "v 6–9 2027 8 februari – 5 mars 2027 Genomföra analys av nuläge och framtid" in pdf_text
    assert "v 50 2027 13–17 december 2027 Fatta beslut i nämnd om MoR" in pdf_text


def _one_aktivitet(tmp_path, time: str) -> Path:
    path = tmp_path / "t.toml"
    path.write_text(f'[kalla]\nnamn = "x"\n[[delprocess]]\nid = "a"\nnamn = "A"\n'
                    f'[[aktivitet]]\ndelprocess = "a"\nnamn = "X"\n{time}\n', encoding="utf-8")
    return path


@pytest.mark.parametrize("time, expected", [
    ("vecka = 9\ntill_vecka = 6",
     "'aktivitet' nr 1 (X): intervallet v 9–6 går bakåt (till_vecka = 6 kommer före vecka = 9). Menas v 6–9: skriv "
     "vecka = 6 och till_vecka = 9. Går perioden över årsskiftet (som Bilaga 1:s \"v 48-5\"), lägg till "
     "over_arsskiftet = true"),
    ('manad = "mars"\ntill_manad = "februari"',
     "'aktivitet' nr 1 (X): intervallet mars–februari går bakåt (till_manad = \"februari\" kommer före manad = "
     "\"mars\"). Menas februari–mars: skriv manad = \"februari\" och till_manad = \"mars\"."),
    ("vecka = 6\ntill_vecka = 9\nover_arsskiftet = true",
     "'aktivitet' nr 1 (X): over_arsskiftet = true, men intervallet v 6–9 ligger inom ett och samma år: ta bort "
     "over_arsskiftet"),
    ("vecka = 20\nover_arsskiftet = true",
     "'aktivitet' nr 1 (X): over_arsskiftet = true gäller bara ett intervall (vecka och till_vecka, eller manad och "
     "till_manad): ta bort over_arsskiftet"),
    ('vecka = 48\ntill_vecka = 5\nover_arsskiftet = "ja"', "'aktivitet' nr 1 (X): over_arsskiftet ska vara true eller "
                                                           "false, inte 'ja'"),
    ('manad = "maj"\ntill_manad = "maj"', "'aktivitet' nr 1 (X): till_manad är samma månad som manad (maj): ta bort "
                                          "till_manad"),
])
def test_a_bad_range_is_refused_with_a_precise_swedish_message(tmp_path, time, expected):
    with pytest.raises(ConfigError) as exc:
        load_tidplan(_one_aktivitet(tmp_path, time))
    assert any(p.startswith(expected) for p in exc.value.problems), exc.value.problems


def test_a_range_over_the_new_year_needs_over_arsskiftet(tmp_path):
    """Bilaga 1's "v 48-5" as one aktivitet: Monday of week 48 of the year before to Friday of week 5."""
    tidplan = load_tidplan(_one_aktivitet(tmp_path, "vecka = 48\ntill_vecka = 5\nover_arsskiftet = true\nar_offset = -1"))
    (d,) = dated(tidplan, 2027)
    # by hand: ISO week 1 of 2027 starts Monday 4 Jan 2027 (1 Jan is a Friday), so week 5 is 1–5 Feb 2027;
    # week 48 of 2026 starts Monday 23 Nov 2026
    assert (d.start, d.slut, d.tid) == (date(2026, 11, 23), date(2027, 2, 5), "v 48 2026–v 5 2027")
    (m,) = dated(load_tidplan(_one_aktivitet(tmp_path, 'manad = "november"\ntill_manad = "april"\n'
                                                        'over_arsskiftet = true')), 2026)
    assert (m.start, m.slut) == (date(2026, 11, 1), date(2027, 4, 30))


def test_kommunrapport_tidplan_names_a_bad_range_in_the_kommuns_own_tidplan(tmp_path):
    from exempel import EXEMPELKOMMUN as EXAMPLE
    from pipeline.cli import app

    for kontoplan in (EXAMPLE / "config").glob("kontoplan_*.toml"):
        (tmp_path / kontoplan.name).write_bytes(kontoplan.read_bytes())
    text = (EXAMPLE / "config" / "kommun.toml").read_text(encoding="utf-8")
    config = tmp_path / "kommun.toml"
    config.write_text(text.replace("[malbedomning]", '[planering]\ntidplan = "t.toml"\n\n[malbedomning]', 1),
                      encoding="utf-8")
    _one_aktivitet(tmp_path, "vecka = 9\ntill_vecka = 6")
    result = CliRunner().invoke(app, ["tidplan", "--konfig", str(config), "--utdata", str(tmp_path / "ut"), "2027"])
    assert result.exit_code == 1, result.output
    output = " ".join(result.output.split())
    assert "Fel i tidplanen" in output and "t.toml" in output
    assert "'aktivitet' nr 1 (X): intervallet v 9–6 går bakåt" in output
    assert not (tmp_path / "ut" / "2027-tidplan").exists()
