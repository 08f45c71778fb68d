"""Verksamhet in extern regi in the example kommun: Vård- och omsorgsnämnden's särskilt boende Björkhagen is run by
an utförare under an avtal (SKR steg 6, "Åtgärder i verksamheten"). The 2025 bokslut asked the utförare for an
åtgärdsplan; at tertial 1 2026 that plan has been judged not sufficient, a vite has been used, and a completed plan
asked for by 15 April has not come in by the end of April (försenat). The brukarbedömning per boende (Egna
mätningar, enhet values of the Kolada indicator U23471) shows Björkhagen below the målvärde. Names are invented.
"""

from __future__ import annotations

from exempel.excel_writer import SheetSpec
from pipeline.read import kinds

NAMND = "VON"
ENHET = "Björkhagens vård- och omsorgsboende"
UTFORARE = "Omsorgsgruppen Norden AB"
# the example kommun's own sanktionstrappa (config extern_regi.sanktionstrappa; SKR steg 6 gives no steps)
SANKTIONSTRAPPA = ("Påpekande", "Begäran om åtgärdsplan", "Vite", "Hävning av avtalet")
REGI = ("5102", ENHET, UTFORARE, "VON 2023/41, drift av Björkhagen (LOU)", "2027-12-31",
        "Sanktionstrappa: påpekande, begäran om åtgärdsplan, vite (2 % av månadsersättningen), hävning; option på "
        "förlängning två år")
FIRST = (UTFORARE, "Brukarbedömningen (helhetssyn) 71 % 2025 mot målvärdet 82 %; två avvikelser i "
                   "läkemedelshanteringen vid tillsynen i november 2025.",
         "Åtgärdsplan för läkemedelshantering och kontinuitet i bemanningen.", "2026-01-20", "2026-02-20")
SECOND = (UTFORARE, "Åtgärdsplanen av 2026-02-18 saknar tidplan och ansvarig för läkemedelshanteringen.",
          "Kompletterad åtgärdsplan med tidplan och ansvarig.", "2026-03-02", "2026-04-15")
# the brukarbedömning särskilt boende (U23471) per boende, the year before the report year (the Kolada indicator's
# enhet values, as a kommun copies them from Kolada's enhetsdata into Egna mätningar)
ENHET_VARDEN = (("Lindgårdens vård- och omsorgsboende", 85.0), ("Ekbackens vård- och omsorgsboende", 83.0),
                (ENHET, 71.0))


def enhet_rows(year: int) -> list[tuple]:
    """Rows of Egna mätningar (Indikator-id, Period, Kön, Värde, Enhet, Grupp)."""
    return [("U23471", year - 1, "T", value, enhet, None) for enhet, value in ENHET_VARDEN]


def _sheets(requests: list[tuple]) -> list[SheetSpec]:
    return [SheetSpec(kinds.EXTERN_REGI_SHEET, kinds.headers(kinds.EXTERN_REGI), [REGI],
                      widths={2: 34, 3: 28, 4: 36, 6: 60}),
            SheetSpec(kinds.BEGARDA_ATGARDER_SHEET, kinds.headers(kinds.BEGARDA_ATGARDER), requests,
                      widths={1: 28, 2: 60, 3: 50, 10: 50})]


def underlag_sheets(namnd_id: str, tillfalle: str) -> list[SheetSpec]:
    """Extern regi and Begärda åtgärder of the nämnd's underlag at `tillfalle` (none for the other nämnder): at the
    tertial the first plan judged not sufficient with a vite and the completed plan overdue; at the delår the
    completed plan has come in late and is sufficient, the first request followed up as carried out; at the
    bokslut both are carried out."""
    if namnd_id != NAMND:
        return []
    first = (*FIRST, "2026-02-18", "Inte tillräcklig", "Nej" if tillfalle == "tertial" else "Ja", "Vite",
             "Planen saknade tidplan och ansvarig; vite enligt avtalets § 14 beslutat 2026-03-02.")
    second = {"tertial": (*SECOND, None, None, None, "Begäran om åtgärdsplan", None),
              "delar": (*SECOND, "2026-05-12", "Tillräcklig", "Nej", "Begäran om åtgärdsplan",
                        "Kompletteringen kom 27 dagar efter svarsdatumet; genomförandet följs upp vid bokslutet."),
              "bokslut": (*SECOND, "2026-05-12", "Tillräcklig", "Ja", "Begäran om åtgärdsplan",
                          "Uppföljt på plats i november 2026: rutinerna följs.")}[tillfalle]
    return _sheets([first, second])


def bokslut_fg_sheets(namnd_id: str) -> list[SheetSpec]:
    """The previous bokslut's (2025) sheets: the first request, just sent (carried into the tertial underlag)."""
    if namnd_id != NAMND:
        return []
    return _sheets([(*FIRST, None, None, None, "Begäran om åtgärdsplan", None)])
