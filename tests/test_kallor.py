"""The vendored source documents (docs/kallor/) are byte-identical copies of ../shared/seeds/ where that folder
exists (a development machine); in CI only the copies are there, and they must all be present."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
KALLOR = ROOT / "docs" / "kallor"
SEEDS = ROOT.parent / "shared" / "seeds"
NAMES = ("000_653ceebd91411646.txt", "001_0d6921a8a30eabbf.txt", "002_0fe1128f78ddec9d.txt",
         "003_9c546ee11cc1ed26.txt", "004_92936331c7f76c27.txt")


@pytest.mark.parametrize("name", NAMES)
def test_vendored_source_is_present_and_identical(name):
    copy = KALLOR / name
    assert copy.is_file() and copy.stat().st_size > 1000
    original = SEEDS / name
    if original.is_file():   # development machine: the copy must not drift from the original
        assert copy.read_bytes() == original.read_bytes()


# --- Motala's Bilaga 1 and 2 in the shipped tidplan (issue 15) ------------------------------------------------------

RIKTLINJER = KALLOR / "004_92936331c7f76c27.txt"
WEEKS = re.compile(r"^v\s*(\.\.\.|\d+)(?:\s*[-–]\s*(\d+))?\b\s*(.*)$")


def _plain(text: str) -> str:
    """Markdown emphasis and heading marks off, a word broken over a line joined ("verksamhets- analys")."""
    text = re.sub(r"^#+\s*", "", text.strip()).replace("**", "").strip()
    return re.sub(r"(\w)- (\w)", r"\1\2", text).strip()


def bilaga1_activities() -> list[dict]:
    """Every activity of Bilaga 1 as the text gives it: delprocess, name, first and last week (None for "v ..."),
    ansvarig and deltagare (without the final full stop), and its text (the paragraphs between the heading and
    "Ansvarig:", joined). Parsed from the source: a heading ("### …") is an activity unless it is "Objekt in/ut";
    its week is on the heading ("### v 48-49 Utvärdera …") or on the line just before ("v 12", "**v 25**",
    "### v 6–9")."""
    lines = RIKTLINJER.read_text(encoding="utf-8").splitlines()
    start = lines.index("# Bilaga 1: Planeringsprocessen")
    end = next(i for i, line in enumerate(lines) if line.startswith("## Bilaga 2"))
    out: list[dict] = []
    delprocess, pending, body = "", None, False   # body: inside an activity's text (until "Ansvarig:")
    for line in lines[start + 1:end]:
        stripped = line.strip()
        if stripped.startswith("## "):
            delprocess = re.sub(r"\s*\(v [^)]*\)$", "", _plain(stripped))
            body = False
            continue
        text = _plain(stripped)
        week = WEEKS.match(text)
        if week and not week.group(3):          # a week on its own line: the next heading's
            pending = week.groups()[:2]
            continue
        if stripped.startswith("###") and not text.startswith("Objekt"):
            first, last = (week.groups()[:2] if week else pending)
            name = week.group(3) if week else text
            out.append({"delprocess": delprocess, "namn": _plain(name),
                        "vecka": None if first == "..." else int(first), "till_vecka": int(last) if last else None,
                        "ansvarig": "", "deltagare": "", "text": ""})
            pending, body = None, True
        elif stripped.startswith("###"):   # "Objekt in:" / "Objekt ut:"
            body = False
        elif out and body and text and not re.match(r"^(Ansvarig|Deltagare):", text):
            out[-1]["text"] = f"{out[-1]['text']} {text}".strip()
        elif out and (m := re.match(r"^(Ansvarig|Deltagare):\s*(.*)$", text)) and not out[-1][m.group(1).lower()]:
            value = m.group(2).strip()   # the sentence's full stop off, an abbreviation's ("m.fl.") kept
            out[-1][m.group(1).lower()] = value if value.endswith("m.fl.") else value.removesuffix(".")
            body = False
    return out


def test_every_bilaga1_activity_is_in_the_shipped_tidplan_with_its_weeks_and_ansvarig():
    from pipeline.config.tidplan import load_tidplan

    activities = bilaga1_activities()
    assert len(activities) == 31   # 5 + 2 + 4 + 9 + 5 + 6 (counted in the text by hand)
    assert [a["delprocess"] for a in activities[:1]] == ["Starta upp"]
    tidplan = load_tidplan()
    names = {d.id: d.namn for d in tidplan.delprocesser}
    shipped = [(names[a.delprocess], a.namn, a.vecka, a.till_vecka, a.ansvarig, a.deltagare)
               for a in tidplan.aktiviteter]
    for a in activities:
        wanted = (a["delprocess"], a["namn"], a["vecka"], a["till_vecka"], a["ansvarig"], a["deltagare"])
        assert wanted in shipped, wanted
    # Bilaga 1's six delprocesser, in its order, with its weeks; nothing else outside the valår
    assert [(d.namn, d.veckor) for d in tidplan.delprocesser if d.valar == "båda"] == [
        ("Starta upp", "v 48-5"), ("Analysera", "v 6–11"), ("Prioritera inom nämnd", "v 12–16"),
        ("Prioritera och besluta kommunövergripande", "v 17-46"), ("Planera övergripande", "v 23-42"),
        ("Detaljplanera", "v 43–52")]
    # each activity's text, word for word: the decision sentence (`beslut`) and the rest (`beskrivning`)
    by_key = {(names[a.delprocess], a.namn, a.vecka): a for a in tidplan.aktiviteter if a.valar != "valår"}
    for a in activities:
        s = by_key[(a["delprocess"], a["namn"], a["vecka"])]
        assert a["text"] and " ".join(x for x in (s.beslut, s.beskrivning) if x) == a["text"], a["namn"]
    bilaga1 = {(a["delprocess"], a["namn"], a["vecka"]) for a in activities}
    extra = [a.namn for a in tidplan.aktiviteter if a.valar != "valår"
             and (names[a.delprocess], a.namn, a.vecka) not in bilaga1]
    assert not extra   # every non-valår aktivitet is one of Bilaga 1's


def test_the_valar_steps_of_bilaga2_are_in_the_shipped_tidplan():
    """Bilaga 2's decisions and their months or weeks: each sentence of the text (quoted) has its aktivitet."""
    from pipeline.config.tidplan import MANADER, load_tidplan

    text = " ".join(RIKTLINJER.read_text(encoding="utf-8").split())
    bilaga2 = text[text.index("## Bilaga 2"):text.index("### Bilaga 3")]
    valar = [a for a in load_tidplan().aktiviteter if a.valar == "valår"]

    def month(a):
        return MANADER[a.manad - 1] if a.manad else None

    steps = (   # (quoted from Bilaga 2, ansvarig in the tidplan, month or week, ar_offset)
        ("påbörjas under valårets första kvartal", "Kommundirektören", "kvartal 1", 0),
        ("fattas av kommunstyrelsen i juni månad", "Kommunstyrelsen", "juni", 0),
        ("av kommunfullmäktige i augusti månad valåret", "Kommunfullmäktige", "augusti", 0),
        ("bara ett prelimiärt beslut i kommunstyrelsen vecka 25", "Kommunstyrelsen", "v 25", 0),
        ("fattas av den nyvalda kommunstyrelsen i oktober", "Den nyvalda kommunstyrelsen", "oktober", 0),
        ("det nyvalda kommunfullmäktige i november månad", "Det nyvalda kommunfullmäktige", "november", 0),
        ("beslutas av de nyvalda nämnderna i januari året efter valåret", "De nyvalda nämnderna", "januari", 1),
        ("Beredningens arbete påbörjas i november månad", "Tillfällig beredning (utsedd av det nya kommunfullmäktige)",
         "november", 0),
        ("beslutas i kommunstyrelsen senast i februari månad", "Kommunstyrelsen", "februari", 1),
        ("i kommunfullmäktige senast i mars månad året efter valet", "Kommunfullmäktige", "mars", 1),
        ("De nya nämnderna fastställer förvaltningarnas verksamhetsplaner i april månad", "De nya nämnderna", "april", 1),
    )
    for quote, ansvarig, when, offset in steps:
        assert quote in bilaga2, quote   # the step is the source's
        found = [a for a in valar if a.ansvarig == ansvarig and a.ar_offset == offset
                 and when in (month(a), f"kvartal {a.kvartal}", f"v {a.vecka}")]
        assert found, (quote, ansvarig, when)
    normal_only = {a.namn for a in load_tidplan().aktiviteter if a.valar == "normalår"}
    # "bekräftas INTE i kommunfullmäktige vecka 34"; "Något särskilt beslut om Finansplan fattas INTE"
    assert "bekräftas INTE i kommunfullmäktige vecka 34" in bilaga2 and "Finansplan fattas INTE" in bilaga2
    assert {"Besluta om Mål och Resursplan (MoR) i kommunfullmäktige", "Besluta om Finansplan i kommunstyrelsen",
            "Besluta om Finansplan i kommunfullmäktige"} <= normal_only


def test_the_decision_points_of_bilaga1_are_checked_against_the_text():
    """Bilaga 1 repeats a delprocess's heading and then lists its points with the week in bold ("**v 25**"): v 25,
    34, 39, 43, 46 (Prioritera och besluta kommunövergripande), v 42 (Planera övergripande), v 50, 52
    (Detaljplanera). Each is a decision in the tidplan where the text makes it one: a heading that says "Besluta" /
    "Fatta beslut" and a political body as ansvarig. v 39 (Uppdatera ekonomiska förutsättningar, Ekonomichef) and
    v 52 (Stämma av och godkänna planeringen i beslutstödssystemet, Stödfunktioner ekonomi, controller) name no
    decision; they stay aktiviteter without a beslut (docs/planering_kalla.md)."""
    from pipeline.config.tidplan import load_tidplan

    lines = RIKTLINJER.read_text(encoding="utf-8").splitlines()
    section = lines[lines.index("# Bilaga 1: Planeringsprocessen"):next(
        i for i, line in enumerate(lines) if line.startswith("## Bilaga 2"))]
    bold = [int(m.group(1)) for line in section if (m := re.fullmatch(r"\*\*v (\d+)\*\*", line.strip()))]
    assert bold == [25, 34, 39, 43, 46, 42, 50, 52]
    tidplan = load_tidplan()
    normal = {a.vecka: a for a in tidplan.aktiviteter if a.valar != "valår" and a.vecka in bold and not a.till_vecka
              and a.namn.startswith(("Besluta", "Fatta beslut", "Uppdatera", "Stämma av"))}
    assert sorted(normal) == sorted(bold)
    decisions = {w for w, a in normal.items() if a.beslut}
    assert decisions == {25, 34, 43, 46, 42, 50}
    assert {normal[w].ansvarig for w in decisions} == {"Kommunstyrelsen", "Kommunfullmäktige", "Nämnd"}
    assert (normal[39].ansvarig, normal[52].ansvarig) == ("Ekonomichef", "Stödfunktioner ekonomi, controller")
    # every heading of Bilaga 1 that says Besluta / Fatta beslut / Yttrande is a decision in the tidplan, and no other
    for a in bilaga1_activities():
        shipped = next(s for s in tidplan.aktiviteter if s.namn == a["namn"] and s.vecka == a["vecka"])
        assert bool(shipped.beslut) == a["namn"].startswith(("Besluta", "Fatta beslut", "Yttrande")), a["namn"]
