"""Åtgärdsplaner and their aktiviteter in the example rapportunderlag (SKR "Skapa en handlingsplan").

`PLANS[nämnd id]` is a list of (plan row, aktiviteter). A plan row follows PLAN_HEADER; `Verksamhet`
holds a verksamhet *template* code that `underlag` maps to the config's code. Klart senast is a date.
GVN deliberately has no plan (and no analysis) for its deficit in 450, so the report shows
"Åtgärdsplan saknas".
"""

from __future__ import annotations

from datetime import date

from pipeline.read import kinds

PLAN_HEADER = kinds.headers(kinds.ATGARDSPLAN, {"ekonomisk_effekt": "tkr"})
ACTIVITY_HEADER = kinds.headers(kinds.AKTIVITETER)


def _plan(*values):
    assert len(values) == len(PLAN_HEADER), values[0]
    return values


PLANS: dict[str, list[tuple[tuple, list[tuple]]]] = {
    "KS": [(
        _plan("KS-2026-01", "KS2", "Ekonomi", "Resultatet 2025 blev 2,7 procent av skatter och statsbidrag, men "
              "prognosen för 2026 visar underskott i flera nämnder.",
              "Ett resultat på minst 2 procent av skatter och generella statsbidrag 2027.", "Kommundirektören",
              "Månadsvis uppföljning i kommunstyrelsens arbetsutskott", "Hela 2026",
              "", "Det finansiella målet i god ekonomisk hushållning riskerar att inte nås 2026.", "Nej", 15000, "KF",
              "Kommunfullmäktige", "Pågår", date(2026, 12, 31), "Ökad kostnadskontroll i samtliga nämnder"),
        [("KS-2026-01", "Anställningsprövning i en central rekryteringsgrupp för alla tjänster utom "
          "vård och skola", "Ingen extra resurs", "HR-chefen", "Antal prövade tjänster rapporteras månadsvis",
          "Från mars 2026"),
         ("KS-2026-01", "Nämnder med underskott tar fram egna åtgärdsplaner till juni", "Controllerstöd",
          "Ekonomichefen", "Redovisas i delårsrapporten", "Juni 2026"),
         ("KS-2026-01", "Översyn av lokalbeståndet med målet att avveckla 3 000 kvm", "Fastighetsstrateg",
          "Samhällsbyggnadschefen", "Rapport till KS i oktober", "Oktober 2026")],
    )],
    "BUN": [(
        _plan("BUN-2026-01", "N11102", "Förskola", "Antalet barn per årsarbetare har ökat till 5,4 och flera "
              "förskollärartjänster är vakanta.", "Högst 4,8 barn per årsarbetare 2027.", "Förskolechefen",
              "Tertialvis", "Augusti 2026–juni 2027", "407",
              "Stora barngrupper påverkar kvaliteten och arbetsmiljön.", "Nej", -2400, "Nämnd",
              "Barn- och utbildningsnämnden", "Ej påbörjad", date(2027, 6, 30), ""),
        [("BUN-2026-01", "Kompetensutveckling för barnskötare till förskollärare via uppdragsutbildning",
          "6 platser, 1,2 mnkr", "Förskolechefen", "Antal deltagare", "Start augusti 2026"),
         ("BUN-2026-01", "Omfördelning av barn när Norra förskolan öppnar", "Lokaler klara januari 2027",
          "Placeringsenheten", "Barngruppernas storlek", "Januari 2027")],
    )],
    "SN": [(
        _plan("SN-2026-01", "569", "Ekonomi", "Kostnaderna för placeringar på HVB-hem ökar och verksamheten "
              "prognostiserar ett underskott.", "Minska antalet HVB-placeringar från 14 till 9 under 2026.",
              "Enhetschef barn och unga", "Månadsvis till socialnämndens arbetsutskott", "April–december 2026",
              "569", "Placeringskostnaderna står för hela underskottet i barn- och ungdomsvården.", "Ja", 5000,
              "Nämnd", "Socialnämnden", "Pågår", date(2026, 12, 31), "Lägre kostnader och vård närmare hemmet"),
        [("SN-2026-01", "Rekrytera tio nya familjehem genom familjehemsteamet", "Två socionomer, 1,4 mnkr",
          "Familjehemsteamet", "Antal godkända familjehem", "Löpande 2026"),
         ("SN-2026-01", "Pröva hemtagning med förstärkt öppenvård för varje pågående HVB-placering",
          "Öppenvårdens kapacitet", "Enhetschef barn och unga", "Antal hemtagningar", "Senast juni 2026"),
         ("SN-2026-01", "Ny ramavtalsupphandling av HVB tillsammans med grannkommunerna", "Upphandlare",
          "Socialchefen", "Avtal tecknat", "Oktober 2026")],
    )],
    "VON": [
        (_plan("VON-2026-01", "5102", "Ekonomi", "Särskilt boende har hög sjukfrånvaro och övertid, vilket ger "
               "ett underskott.", "Sjukfrånvaro under 8 procent och budget i balans 2027.", "Äldreomsorgschefen",
               "Tertialvis", "Maj 2026–juni 2027", "5102", "Personalkostnaderna överstiger budget.", "Nej", 4000,
               "Förvaltning", "Vård- och omsorgsnämnden", "Pågår", date(2027, 6, 30),
               "Minskad övertid och bättre arbetsmiljö"),
         [("VON-2026-01", "Heltidsresa: fler tillsvidareanställda på heltid i stället för timanställda",
           "Schemaläggare", "Enhetscheferna", "Andel heltid och andel timmar utförda av timanställda",
           "Löpande"),
          ("VON-2026-01", "Tidig rehabilitering vid upprepad korttidsfrånvaro", "HR-konsult, företagshälsovård",
           "HR-partner", "Sjukfrånvaro per enhet", "Från maj 2026")]),
        (_plan("VON-2026-02", "U21401", "Kvalitet", "Hemtjänsttagare med många besök möter 16,5 olika personal på "
               "14 dagar.", "Högst 12 personal på 14 dagar 2027.", "Enhetschef hemtjänst", "Tertialvis",
               "2026–2027", "5101", "Kontinuitet ger trygghet för de äldre.", "Nej", 0, "Förvaltning",
               "Vård- och omsorgsnämnden", "Ej påbörjad", date(2027, 3, 31), ""),
         [("VON-2026-02", "Dela hemtjänstgrupperna i mindre team med fasta geografiska områden",
           "Planeringssystem", "Enhetschef hemtjänst", "Kontinuitetsmätning varje månad", "Hösten 2026")]),
        (_plan("VON-2025-03", "U23401", "Tillgänglighet", "Väntetiden till särskilt boende har ökat.",
               "Väntetid under 45 dagar.", "Äldreomsorgschefen", "Tertialvis", "2025–2026", "5102",
               "Lagkrav på skälig väntetid.", "Ja", -1200, "Nämnd", "Vård- och omsorgsnämnden", "Pågår",
               date(2026, 10, 31), "Sex korttidsplatser har omvandlats till permanenta platser"),
         [("VON-2025-03", "Omvandla korttidsplatser på Lindgården till permanenta platser",
           "Sex platser, 1,2 mnkr", "Enhetschef Lindgården", "Antal platser", "Genomfört mars 2026")]),
    ],
    "MBN": [(
        _plan("MBN-2026-01", "MBN1", "Myndighetsutövning", "Handläggningstiden för bygglov är 41 dagar i median "
              "och intäkterna är lägre än budgeterat.", "Median under 28 dagar och full kostnadstäckning 2027.",
              "Bygglovschefen", "Vid varje nämndsammanträde", "Maj–december 2026", "2151",
              "Lagstadgade tidsfrister och nöjda sökande.", "Nej", 600, "Nämnd", "Miljö- och byggnämnden",
              "Pågår", date(2026, 12, 31), ""),
        [("MBN-2026-01", "Rekrytera två bygglovshandläggare", "1,3 mnkr helår", "Bygglovschefen",
          "Tillsatta tjänster", "Juni 2026"),
         ("MBN-2026-01", "Ta det digitala bygglovssystemet i drift med e-tjänst för ansökan",
          "Investering P1016", "IT-samordnaren", "Andel digitala ansökningar", "Juni 2026"),
         ("MBN-2026-01", "Översyn av plan- och bygglovstaxan", "Jurist", "Bygglovschefen",
          "Förslag till nämnden", "Oktober 2026")],
    )],
}


def generic_plan(namnd_id: str, vht: str, year: int, deficit_tkr: int) -> tuple[tuple, list[tuple]]:
    """A plain plan for a deficit in a nämnd without written plans (used by the scaled kommun)."""
    pid = f"{namnd_id}-{year}-01"
    row = _plan(pid, vht, "Ekonomi", f"Verksamheten prognostiserar ett underskott på {deficit_tkr} tkr.",
                "Budget i balans vid årets slut.", "Förvaltningschefen", "Månadsvis", f"Maj–december {year}", vht,
                "Nämnden ska hålla sin budgetram.", "Nej", deficit_tkr, "Förvaltning", "Nämnden", "Pågår",
                date(year, 12, 31), "")
    activities = [(pid, "Anställningsstopp för vikarier utom i verksamhetskritiska funktioner", "Ingen extra resurs",
                   "Enhetscheferna", "Månadsrapport", "Från maj"),
                  (pid, "Genomgång av alla köpta tjänster och avtal", "Controller", "Förvaltningschefen",
                   "Rapport till nämnden", "September")]
    return row, activities


# The previous reporting point (last year's bokslut): plans followed up in "Uppföljning av beslutade åtgärder".
# VON-2025-03 is carried forward into this year's workbook (with a new Klart senast); VON-2025-01 was finished;
# SN-2025-02 is not carried forward and its Klart senast has passed, so the report flags it as försenad.
PREVIOUS_PLANS: dict[str, list[tuple]] = {
    "VON": [
        _plan("VON-2025-01", "5101", "Ekonomi", "Hemtjänstens kostnader per timme ökade under 2025.",
              "Kostnad per hemtjänsttimme i nivå med jämförbara kommuner.", "Enhetschef hemtjänst", "Tertialvis",
              "2025", "5101", "Underskott i hemtjänsten.", "Nej", 1500, "Förvaltning", "Vård- och omsorgsnämnden",
              "Genomförd", date(2025, 12, 31), "Ny planering av körvägar gav 1,4 mnkr lägre kostnad"),
        _plan("VON-2025-03", "U23401", "Tillgänglighet", "Väntetiden till särskilt boende har ökat.",
              "Väntetid under 45 dagar.", "Äldreomsorgschefen", "Tertialvis", "2025–2026", "5102",
              "Lagkrav på skälig väntetid.", "Ja", -1200, "Nämnd", "Vård- och omsorgsnämnden", "Pågår",
              date(2026, 3, 31), ""),
    ],
    "SN": [
        _plan("SN-2025-02", "575", "Försörjningsstöd", "Fler hushåll har långvarigt försörjningsstöd.",
              "Minst 40 hushåll från försörjningsstöd till egen försörjning.", "Enhetschef försörjningsstöd",
              "Tertialvis", "Hösten 2025–februari 2026", "575", "Kostnaderna för försörjningsstöd ökar.", "Nej",
              2000, "Nämnd", "Socialnämnden", "Pågår", date(2026, 2, 28), "28 hushåll hittills"),
    ],
}


# The nämnder's decisions on last year's bokslut plans (Nämndbeslut, Motala's Bilaga 4 "Besluta"): columns as
# read.kinds.NAMNDBESLUT. VON decided its plans (VON-2025-03 is followed up with its indicator before and after);
# SN rejected its plan and added one of its own.
PREVIOUS_DECISIONS: dict[str, list[tuple]] = {
    "VON": [("VON", "VON-2025-01", "Ekonomi", "5101", "Beslutad", "§ 14", "2026-02-17", None, "Nämnd",
             "Enhetscheferna informeras på ledningsgruppen", "Nämndens protokoll på webben", "Tertialvis i rapporten",
             "Vid bokslutet 2026"),
            ("VON", "VON-2025-03", "Tillgänglighet", "U23401", "Beslutad", "§ 14", "2026-02-17", None, "Nämnd",
             "Biståndshandläggarna informeras på arbetsplatsträff", "Pensionärsrådet informeras i mars",
             "Tertialvis i rapporten", "Väntetiden följs upp vid varje tertial 2026")],
    "SN": [("SN", "SN-2025-02", "Försörjningsstöd", "575", "Avslagen", "§ 9", "2026-02-18",
            "Nämnden avslog planen: arbetsmarknadsinsatserna samordnas av kommunstyrelsen från 2026.", "Nämnd",
            None, None, None, None),
           ("SN", "SN-2025-04", "Försörjningsstöd", "575", "Tillagd av nämnden", "§ 9", "2026-02-18",
            "Översyn av handläggningen av försörjningsstöd med stöd av kommunens revisorer.", "Nämnd",
            "Enhetschefen informerar handläggarna", None, "Tertialvis i rapporten", "Vid bokslutet 2026")],
}
