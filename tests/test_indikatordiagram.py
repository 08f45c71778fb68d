"""The two charts per indicator: series (model.indikatordiagram), plain chart data with Swedish alt texts
(context.diagram), PNG rendering (render.chart) and how render.report / render.docx pass the images on.
Tiny hand-made frames with hand-computed expectations."""

from __future__ import annotations

import io
import math
import zipfile
from datetime import datetime

import pandas as pd
import pytest
from PIL import Image

from pipeline.context.diagram import indicator_charts
from pipeline.context.format import number
from pipeline.model.indikatordiagram import chart_series
from pipeline.render.chart import (SMALL_DPI, SMALL_SIZE, _segments, indicator_history_chart,
                                   indicator_position_chart)

OWN = "0999"
NBSP = "\u00a0"


def _values(rows):
    """rows: (indikator_id, kommun, period, varde); kön T, no enhet/grupp unless given as a 5th item."""
    frame = pd.DataFrame([r[:4] for r in rows], columns=["indikator_id", "kommun", "period", "varde"])
    frame = frame.astype({"indikator_id": "string", "kommun": "string", "period": "string"})
    frame["varde"] = frame["varde"].astype("float64")
    frame["kon"] = pd.Series("T", index=frame.index, dtype="string")
    frame["enhet"] = pd.Series([r[4] if len(r) > 4 else pd.NA for r in rows], index=frame.index, dtype="string")
    frame["grupp"] = pd.Series(pd.NA, index=frame.index, dtype="string")
    return frame


ROWS = [
    # H1, higher is better: 2025 across kommuner (riket 0000 and region 0001 are not ranked, 2584 has no value)
    ("H1", "0180", "2025", 90), ("H1", OWN, "2025", 80), ("H1", "1480", "2025", 80), ("H1", "1280", "2025", 70),
    ("H1", "0583", "2025", 61.4), ("H1", "0000", "2025", 75), ("H1", "0001", "2025", 99), ("H1", "2584", "2025", None),
    ("H1", OWN, "2025", 55, "Enhet A"),                                   # a per-enhet value: not the total
    # H1 history: 2015 is outside the last ten years, 2019 is missing
    *[("H1", OWN, str(y), v) for y, v in [(2015, 50), (2016, 60.5), (2017, 62), (2018, 64), (2019, None),
                                          (2020, 70), (2021, 72), (2022, 74), (2023, 76), (2024, 78)]],
    *[("H1", "0000", str(y), v) for y, v in [(2014, 40), (2020, 71), (2021, 72), (2022, 73), (2023, 74), (2024, 74.5)]],
    # L1, lower is better, Definitionsbyte 2023
    ("L1", OWN, "2025", 30), ("L1", "0180", "2025", 10), ("L1", "1480", "2025", 20), ("L1", "0000", "2025", 21),
    *[("L1", OWN, str(y), v) for y, v in [(2021, 50), (2022, 45), (2023, 36), (2024, 33)]],
    # E1, Egen, tertial values: the history uses tertial 1 of each year only
    ("E1", OWN, "2024-T1", 50), ("E1", OWN, "2025-T1", 55), ("E1", OWN, "2025-T2", 99), ("E1", OWN, "2026-T1", 60),
    ("E1", OWN, "2025", 1),
    # I1, informationsmått: history only
    ("I1", OWN, "2024", 12345.6), ("I1", OWN, "2025", 13400), ("I1", "0180", "2025", 900000),
    ("I1", "0000", "2024", 10400000), ("I1", "0000", "2025", 10500000),   # a national total, not a level
    # S1: one own value only (no history), one other kommun (a position chart)
    ("S1", OWN, "2025", 5), ("S1", "0180", "2025", 7),
    # P1: only the own kommun has a value (no position chart)
    ("P1", OWN, "2024", 1), ("P1", OWN, "2025", 2),
]
VALUES = _values(ROWS)
INDIKATORER = pd.DataFrame({
    "indikator_id": ["H1", "L1", "E1", "I1", "S1", "P1"],
    "riktning": ["Högre är bättre", "Lägre är bättre", "Högre är bättre", "Högre är bättre", "Högre är bättre",
                 "Högre är bättre"],
    "malvarde": [75.0, 25.0, 58.0, None, None, None],
    "malar": pd.array([2026, 2026, 2026, None, None, None], dtype="Int64"),
    "definitionsbyte": pd.array([None, 2023, None, None, None, None], dtype="Int64"),
    "kalla": ["Kolada", "Kolada", "Egen", "Kolada", "Kolada", "Kolada"],
    "kategori": ["Resultat objektiv", "Resultat objektiv", "Resultat objektiv", "Viktig information",
                 "Resultat objektiv", "Resultat objektiv"],
    "paverkansgrad": ["Stor"] * 6,
})
LATEST = pd.DataFrame({"indikator_id": ["H1", "L1", "E1", "I1", "S1", "P1"],
                       "varde_period": ["2025", "2025", "2026-T1", "2025", "2025", "2025"]})
GROUP = ("1280", "0583")


@pytest.fixture(scope="module")
def series():
    return chart_series(VALUES, INDIKATORER, LATEST, OWN, GROUP)


@pytest.fixture(scope="module")
def charts(series):
    return indicator_charts(series, INDIKATORER, "Exempelkommun")


def _own(series, kpi):
    h = series.historik
    return h[(h["indikator_id"] == kpi) & (h["serie"] == "egen")]


# --- series -----------------------------------------------------------------------------------------------

def test_position_sorted_best_first_respecting_riktning_with_own_place(series):
    p = series.position
    h1 = p[p["indikator_id"] == "H1"]
    assert h1["kommun"].tolist() == ["0180", OWN, "1480", "1280", "0583"]   # own first among its ties
    assert h1["varde"].tolist() == [90, 80, 80, 70, 61.4]
    assert h1["ordning"].tolist() == [0, 1, 2, 3, 4]
    own = h1[h1["egen"]].iloc[0]
    assert (own["plats"], own["antal"], own["ordning"], own["kvartil"]) == (2, 5, 1, "bäst")
    assert h1["kvartil"].tolist() == ["bäst", "bäst", "bäst", "mellan", "sämst"]
    l1 = p[p["indikator_id"] == "L1"]
    assert l1["varde"].tolist() == [10, 20, 30]                              # lower is better
    assert l1.loc[l1["egen"], "plats"].item() == 3
    ref = series.referens.set_index("indikator_id")
    assert ref.loc["H1", "grupp_median"] == pytest.approx(65.7) and ref.loc["H1", "riket"] == 75


def test_no_position_for_egen_informationsmatt_or_a_lone_kommun(series):
    assert set(series.position["indikator_id"]) == {"H1", "L1", "S1"}


def test_history_last_ten_years_missing_values_skipped(series):
    h1 = _own(series, "H1")
    assert h1["ar"].tolist() == [2016, 2017, 2018, 2020, 2021, 2022, 2023, 2024, 2025]
    assert h1["varde"].tolist()[-1] == 80                                   # the total, not Enhet A's 55
    riket = series.historik[(series.historik["indikator_id"] == "H1") & (series.historik["serie"] == "riket")]
    assert riket["ar"].tolist() == [2020, 2021, 2022, 2023, 2024, 2025]     # 2014 is before the own series


def test_history_sub_annual_uses_the_same_period_in_earlier_years(series):
    e1 = _own(series, "E1")
    assert e1["period"].tolist() == ["2024-T1", "2025-T1", "2026-T1"]
    assert e1["varde"].tolist() == [50, 55, 60]


def test_history_marks_the_definitionsbyte_and_needs_two_points(series):
    l1 = _own(series, "L1")
    assert l1["ar"].tolist() == [2021, 2022, 2023, 2024, 2025]
    assert l1["efter_byte"].tolist() == [False, False, True, True, True]
    assert "S1" not in set(series.historik["indikator_id"])                 # one point only


def test_riket_left_out_where_it_is_a_total(series):
    i1 = series.historik[series.historik["indikator_id"] == "I1"]
    assert set(i1["serie"]) == {"egen"}


def test_no_line_joins_across_a_definitionsbyte():
    years, values = [2021, 2022, 2023, 2024, 2025], [50.0, 45.0, 36.0, 33.0, 30.0]
    after = [False, False, True, True, True]
    assert list(_segments(years, values, after)) == [([2021, 2022], [50.0, 45.0]),
                                                     ([2023, 2024, 2025], [36.0, 33.0, 30.0])]


# --- chart data and alt texts -----------------------------------------------------------------------------

def _plain(value) -> bool:
    if isinstance(value, dict):
        return all(isinstance(k, str) and _plain(v) for k, v in value.items())
    if isinstance(value, list):
        return all(_plain(v) for v in value)
    return value is None or type(value) in (str, int, float, bool)


def test_every_indicator_has_an_entry_of_plain_data(charts):
    assert set(charts) == {"H1", "L1", "E1", "I1", "S1", "P1"}
    assert _plain(charts)
    assert charts["E1"]["position"] is None and charts["E1"]["historik"] is not None   # Egen
    assert charts["I1"]["position"] is None and charts["I1"]["historik"] is not None   # informationsmått
    assert charts["S1"]["historik"] is None and charts["S1"]["position"] is not None
    assert charts["P1"]["position"] is None


def test_history_chart_data_and_alt_text(charts):
    h = charts["H1"]["historik"]
    assert h["ar"][0] == 2016 and h["varden"][0] == 60.5
    assert h["malvarde"] == 75 and h["malvarde_etikett"] == "Målvärde 75 (2026)"
    assert h["rubrik"] == "Utveckling 2016–2025"
    assert h["alt"] == ("Linjediagram: Exempelkommuns värde 2016–2025 steg från 60,5 till 80; målvärdet 75 (2026) "
                        "är nått. Riket 2025: 75.")


def test_history_alt_text_at_a_definitionsbyte_and_lower_is_better(charts):
    h = charts["L1"]["historik"]
    assert h["definitionsbyte"] == 2023 and h["definitionsbyte_etikett"] == "Definitionsbyte 2023"
    assert h["alt"] == ("Linjediagram: Exempelkommuns värde 2021–2025, med definitionsbyte 2023 (värdena före och "
                        "efter går inte att jämföra). Sedan 2023 sjönk värdet från 36 till 30; målvärdet 25 (2026) "
                        "är inte nått. Riket 2025: 21.")


def test_history_alt_text_sub_annual_and_thousands(charts):
    assert charts["E1"]["historik"]["alt"] == ("Linjediagram: Exempelkommuns värde för tertial 1 2024–2026 steg "
                                               "från 50 till 60; målvärdet 58 (2026) är nått.")
    assert charts["E1"]["historik"]["rubrik"] == "Utveckling tertial 1, 2024–2026"
    assert charts["I1"]["historik"]["alt"] == (f"Linjediagram: Exempelkommuns värde 2024–2025 steg från "
                                               f"12{NBSP}345,6 till 13{NBSP}400.")        # no riket: a total


def test_position_chart_data_and_alt_text(charts):
    p = charts["H1"]["position"]
    assert p["varden"] == [90, 80, 80, 70, 61.4]
    assert p["egen_index"] == 1 and p["egen_etikett"] == "Exempelkommun: plats 2 av 5"
    assert p["kvartil_granser"] == [3, 4]                                   # places 1, 2, 2 | 4 | 5
    assert p["kvartil_namn"] == [f"bästa 25{NBSP}%", f"mittersta 50{NBSP}%", f"sämsta 25{NBSP}%"]
    assert p["grupp_etikett"] == "Jämförelsegrupp, median 65,7" and p["riket_etikett"] == "Riket 75"
    assert p["alt"] == ("Punktdiagram över kommunernas värden 2025, sorterade från bäst till sämst (högre är bättre). "
                        "Exempelkommuns plats bland 5 kommuner: plats 2 av 5, bästa fjärdedelen, värde 80; "
                        "jämförelsegruppens median 65,7, riket 75; från 90 (bäst) till 61,4 (sämst).")
    low = charts["L1"]["position"]                                         # three kommuner: no quartiles
    assert low["hogre_ar_battre"] is False and low["egen_index"] == 2 and low["varden"] == [10, 20, 30]
    assert low["kvartil_granser"] == [] and low["kvartil_namn"] == []
    assert low["alt"] == ("Punktdiagram över kommunernas värden 2025, sorterade från bäst till sämst (lägre är "
                          "bättre). Exempelkommuns plats bland 3 kommuner: plats 3 av 3, värde 30; riket 21; från 10 "
                          "(bäst) till 30 (sämst).")
    assert low["grupp_median"] is None and low["grupp_etikett"] == ""


# --- rendering --------------------------------------------------------------------------------------------

def _pixels(png: bytes) -> tuple[int, int]:
    with Image.open(io.BytesIO(png)) as im:
        im.load()
        return im.size


@pytest.mark.parametrize("kpi,kind", [("H1", "historik"), ("L1", "historik"), ("E1", "historik"),
                                      ("H1", "position"), ("L1", "position"), ("S1", "position")])
def test_png_is_deterministic_and_small(charts, kpi, kind):
    draw = indicator_history_chart if kind == "historik" else indicator_position_chart
    first, second = draw(charts[kpi][kind]), draw(charts[kpi][kind])
    assert first == second
    assert first[:8] == b"\x89PNG\r\n\x1a\n"
    assert _pixels(first) == (round(SMALL_SIZE[0] * SMALL_DPI), round(SMALL_SIZE[1] * SMALL_DPI)) == (480, 270)


def test_budget_chart_still_renders_and_does_not_change_indicator_charts(charts):
    from pipeline.render.chart import budget_prognos_chart

    before = indicator_history_chart(charts["H1"]["historik"])
    budget = budget_prognos_chart(["100 Ett", "200 Två"], [1000.0, 2000.0], [1100.0, 1900.0], "Rubrik")
    assert budget[:8] == b"\x89PNG\r\n\x1a\n"
    assert indicator_history_chart(charts["H1"]["historik"]) == before


def test_report_renders_each_chart_once_for_docx_and_html(charts, monkeypatch):
    import pipeline.render.report as report

    calls = []
    real = dict(report.INDICATOR_CHARTS)
    monkeypatch.setattr(report, "INDICATOR_CHARTS", {k: (lambda d, f=f: calls.append(1) or f(d))
                                                     for k, f in real.items()})
    row = {"id": "H1", "diagram": charts["H1"]}
    mal = [{"id": "M1", "indikatorer": [row]}]
    context = {"mal": mal, "kf_mal": [{"mal": mal}], "diagram": {"alt": "budget"}}
    out = report.with_indicator_images(context)
    assert len(calls) == 2                                                  # historik + position, once each
    chart = out["mal"][0]["indikatorer"][0]["diagram"]["historik"]
    assert chart["src"].startswith("data:image/png;base64,") and chart["png"][:4] == b"\x89PNG"
    assert out["kf_mal"][0]["mal"][0]["indikatorer"][0]["diagram"]["historik"]["png"] is chart["png"]
    assert "png" not in charts["H1"]["historik"]                            # the input is left as it was
    assert out["diagram"] == {"alt": "budget"}


def test_docx_gets_images_with_their_own_alt_text(charts, tmp_path):
    from docx import Document

    from pipeline.render.docx import render_docx
    from pipeline.render.report import with_indicator_images

    template = tmp_path / "t.docx"
    doc = Document()
    doc.add_paragraph("{% if r.diagram.historik %}{{ r.diagram.historik.bild }}{% endif %} "
                      "{% if r.diagram.position %}{{ r.diagram.position.bild }}{% endif %}")
    doc.save(str(template))
    context = with_indicator_images({
        "r": {"diagram": charts["H1"]}, "diagram": {"alt": "budget"}, "kommun": {"namn": "Exempelkommun"},
        "dokument": {"titel": "T", "amne": "Ä", "nyckelord": "N"}})
    data = render_docx(template, context, None, datetime(2026, 4, 30))
    xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode("utf-8")
    assert xml.count("<wp:docPr ") == 2
    assert 'id="1"' in xml and 'id="2"' in xml                              # unique ids
    assert charts["H1"]["historik"]["alt"].replace("&", "&amp;") in xml
    assert "plats 2 av 5" in xml and 'descr="budget"' not in xml


def test_value_ticks_are_swedish():
    from pipeline.render.chart import _value_ticks

    _, ticks, labels = _value_ticks([1200.0, 4800.0])
    assert labels == [number(int(t)) for t in ticks] and any(NBSP in s for s in labels)
    _, ticks, labels = _value_ticks([4.8, 5.4])
    assert all("," in s for s in labels) and not any("." in s for s in labels)
    _, _, labels = _value_ticks([-20.0, 20.0])
    assert any(s.startswith("\u2212") for s in labels)
    assert not math.isnan(ticks[0])


def test_budget_chart_is_deterministic_and_sized_by_the_number_of_verksamheter():
    from pipeline.render.chart import budget_prognos_chart

    labels = [f"{100 + i} Verksamhet {i}" for i in range(12)]
    args = (labels, [1000.0 * i for i in range(12)], [-500.0 + 900.0 * i for i in range(12)], "Rubrik")
    first = budget_prognos_chart(*args)
    assert first == budget_prognos_chart(*args)
    assert _pixels(first) == (770, round((0.42 * 12 + 1.2) * 110))
