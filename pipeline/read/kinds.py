"""The input kinds of SPEC §2: their sheets and columns (header, frame key, required, aliases).

This is the one place that declares what every input file looks like; docs/indata.md describes the same.
"""

from __future__ import annotations

from pipeline.read.table import Column


def headers(columns: tuple[Column, ...], units: dict[str, str] | None = None) -> tuple[str, ...]:
    """The Swedish headers of a kind, in order, as a writer (the generator, `underlag`) puts them;
    `units` adds a unit to some, e.g. {"ekonomisk_effekt": "tkr"} -> 'Ekonomisk effekt helår (tkr)'."""
    units = units or {}
    return tuple(f"{c.header} ({units[c.key]})" if c.key in units else c.header for c in columns)

MONTHS = ("Jan", "Feb", "Mar", "Apr", "Maj", "Jun", "Jul", "Aug", "Sep", "Okt", "Nov", "Dec")
MONTH_ALIASES = {"Jan": ("Januari",), "Feb": ("Februari",), "Mar": ("Mars",), "Apr": ("April",), "Maj": ("May",),
                 "Jun": ("Juni",), "Jul": ("Juli",), "Aug": ("Augusti",), "Sep": ("September",),
                 "Okt": ("Oktober", "Oct"), "Nov": ("November",), "Dec": ("December",)}

BUDGET = (
    Column("År", "ar"),
    Column("Nämnd", "namnd"),
    Column("Verksamhet", "verksamhet", aliases=("Vht", "Verksamhetskod")),
    Column("Konto", "konto"),
    Column("Belopp", "belopp", aliases=("Budget", "Årsbudget")),
    # The verksamhet's name, used when config/kommun.toml has no [[verksamhet]] (staging.verksamheter).
    Column("Verksamhetsnamn", "verksamhetsnamn", required=False, aliases=("Verksamhetsbenämning", "Benämning")),
    *(Column(m, f"m{i:02d}", required=False, aliases=MONTH_ALIASES[m]) for i, m in enumerate(MONTHS, start=1)),
)

INVESTERINGAR = (
    Column("Projekt", "projekt", aliases=("Projektnummer",)),
    Column("Projektnamn", "projektnamn"),
    Column("Nämnd", "namnd"),
    Column("Budget", "budget", aliases=("Belopp",)),
)

UTFALL = (
    Column("År", "ar"),
    Column("Period", "period", aliases=("Månad",)),
    Column("Nämnd", "namnd"),
    Column("Verksamhet", "verksamhet", aliases=("Vht", "Verksamhetskod")),
    Column("Konto", "konto"),
    Column("Belopp", "belopp", aliases=("Utfall",)),
    Column("Projekt", "projekt", required=False),
    Column("Ansvar", "ansvar", required=False),
)

MAL = (
    Column("Mål-id", "mal_id", aliases=("Målid", "Mål id")),
    Column("Nivå", "niva"),
    Column("Överordnat mål", "overordnat", required=False),
    Column("Nämnd", "namnd", required=False),
    Column("Målformulering", "formulering", aliases=("Mål",)),
    Column("Målområde", "malomrade", required=False),
)

INDIKATORER = (
    Column("Indikator-id", "indikator_id", aliases=("Indikatorid", "KPI", "Nyckeltal-id")),
    Column("Namn", "namn"),
    Column("Mål-id", "mal_id", required=False, aliases=("Målid", "Mål id")),
    Column("Källa", "kalla"),
    Column("Riktning", "riktning"),
    Column("Målvärde", "malvarde", required=False),
    Column("Målår", "malar", required=False),
    Column("Basvärde", "basvarde", required=False),
    Column("Basår", "basar", required=False),
    Column("Enhet", "enhet", required=False),
    Column("Kategori", "kategori", required=False),
    Column("Påverkansgrad", "paverkansgrad", required=False),
    Column("Verksamheter", "verksamheter", required=False),
    Column("Könsuppdelad", "konsuppdelad", required=False),
    Column("Målriktning", "malriktning", required=False),
    Column("Definitionsbyte", "definitionsbyte", required=False),
)

KOLADA_LONG = (
    Column("kpi", "kpi"),
    Column("municipality", "kommun", aliases=("municipality_id",)),
    Column("period", "period", aliases=("year",)),
    Column("gender", "kon"),
    Column("value", "varde"),
    Column("status", "status", required=False),   # "Missing" = no value
)

# Kolada's web-site export ("Exported from Hypergene", .xls or `;` CSV): the KPI by its title, the kommun by name.
KOLADA_WEB = (
    Column("Nyckeltal", "titel"),
    Column("Kommun/Landsting", "kommunnamn", aliases=("Kommun/Region", "Kommun")),
    Column("År", "period"),
    Column("Visat värde", "varde", aliases=("Värde",)),
)

# The open-numbers DDF dump of Kolada: `geo,year,<kpi>` (kön T) or `geo,gender,year,<kpi>` (gender k/m); the value
# column is named after the KPI in lower case (n15419). geo: 0 = riket, 2 digits = region, 4 digits = kommun.
KOLADA_DDF_KPI = r"[a-z]\d{5}"
KOLADA_DDF_INDEXES = {("geo", "year"): False, ("geo", "gender", "year"): True}   # header before <kpi> -> by gender?


def kolada_ddf(kpi_header: str, by_gender: bool) -> tuple[Column, ...]:
    """The columns of a DDF datapoints file whose value column is `kpi_header` (e.g. 'n15419')."""
    gender = (Column("gender", "kon"),) if by_gender else ()
    return (Column("geo", "kommun"), *gender, Column("year", "period"), Column(kpi_header, "varde"))


EGNA = (
    Column("Indikator-id", "indikator_id", aliases=("Indikatorid",)),
    Column("Period", "period"),
    Column("Kön", "kon"),
    Column("Värde", "varde"),
    Column("Enhet", "enhet", required=False),
    Column("Grupp", "grupp", required=False),
)

# Nämnd is optional: the verksamheter (or the file name) say which nämnd the workbook is for (staging.underlag).
PROGNOS = (
    Column("Nämnd", "namnd", required=False),
    Column("Verksamhet", "verksamhet", aliases=("Vht",)),
    Column("Helårsprognos", "prognos", aliases=("Prognos", "Prognos helår")),
    Column("Kommentar", "kommentar", required=False),
)

ANALYS = (
    Column("Mål-id", "mal_id", required=False),
    Column("Indikator-id", "indikator_id", required=False),
    Column("Verksamhet", "verksamhet", required=False),
    Column("Bedömning", "bedomning"),
    Column("Analys", "analys", required=False),
    Column("Orsakskategori", "orsakskategori", required=False),
    Column("Orsak", "orsak", required=False),
    Column("Åtgärd", "atgard", required=False),
)
# The SKL guide's "CHECKLISTA SÖK ORSAKER" (docs/kallor/001_0d6921a8a30eabbf.txt, "Sök orsaker"): the headings of
# the possible causes of a result deviation, word for word.
ORSAKSKATEGORIER = ("Mätfel", "Omvärld", "Medborgare", "Samspel, kultur inom organisationen", "Utrustning, materiel",
                    "Brukare", "Aktiviteter, prestationer")

HANDELSER = (Column("Händelse", "handelse", aliases=("Viktiga händelser", "Viktig händelse")),)

ATGARDSPLAN = (
    Column("Åtgärds-id", "atgard_id", aliases=("Åtgärdsid",)),
    Column("Avser", "avser"),
    Column("Område", "omrade"),
    Column("Nuläge/problematik", "nulage", aliases=("Nuläge", "Problematik")),
    Column("Mål", "mal"),
    Column("Ansvar", "ansvar"),
    Column("Uppföljning", "uppfoljning"),
    Column("När", "nar"),
    Column("Verksamhet", "verksamhet", required=False),
    Column("Varför", "varfor", required=False),
    Column("Pågår redan", "pagar_redan", required=False),
    Column("Ekonomisk effekt helår", "ekonomisk_effekt", required=False),
    Column("Beslutsnivå", "beslutsniva", required=False),
    Column("Rapporteras till", "rapporteras_till", required=False),
    Column("Status", "status", required=False),
    Column("Klart senast", "klart_senast", required=False),
    Column("Effekt", "effekt", required=False),
)

AKTIVITETER = (
    Column("Åtgärds-id", "atgard_id", aliases=("Åtgärdsid",)),
    Column("Aktivitet", "aktivitet"),
    Column("Viktiga faktorer", "viktiga_faktorer", required=False),
    Column("Ansvar", "ansvar", required=False),
    Column("Uppföljning", "uppfoljning", required=False),
    Column("När", "nar", required=False),
)

INTERNKONTROLL = (
    Column("Kontrollmoment", "kontrollmoment"),
    Column("Risk", "risk", required=False),
    Column("Resultat", "resultat", required=False),
    Column("Avvikelse", "avvikelse", required=False),
    Column("Åtgärd", "atgard", required=False),
)

# The nämnd's decisions on the åtgärder of a reporting point (Motala's Bilaga 4, "Besluta": the nämnd "värderar
# förvaltningens förslag till åtgärder och kompletterar eventuellt dessa"), recorded by the nämndsekreterare in a
# workbook with the sheet Nämndbeslut; the SKL guide's "CHECKLISTA BESLUT" (docs/kallor/001_…) as its last columns.
NAMNDBESLUT_SHEET = "Nämndbeslut"
BESLUT_ORD = ("Beslutad", "Ändrad", "Avslagen", "Tillagd av nämnden")
BESLUT_INSTANSER = ("Kommunfullmäktige", "Kommunstyrelse", "Nämnd")
CHECKLISTA_BESLUT = ("Var ska beslut om åtgärd fattas?", "Hur informeras verksamheten?",
                     "Hur informeras analysgrupp, medarbetare, medborgare/brukare etc.",
                     "På vilket sätt sker uppföljning av att åtgärderna vidtagits?",
                     "När sker uppföljning kring om önskade effekter/resultat uppnåtts?")
NAMNDBESLUT = (
    Column("Nämnd", "namnd"),
    Column("Åtgärds-id", "atgard_id", aliases=("Åtgärdsid",)),
    Column("Område", "omrade", required=False),
    Column("Avser", "avser", required=False),
    Column("Beslut", "beslut"),
    Column("Paragraf", "paragraf", required=False),
    Column("Datum", "datum", required=False),
    Column("Ändring eller tillägg", "andring", required=False),
    *(Column(q, k, required=False) for q, k in zip(CHECKLISTA_BESLUT, ("var_beslut", "info_verksamhet", "info_ovriga",
                                                                        "uppfoljning_vidtagits", "uppfoljning_effekt"))),
)

# Verksamhet in extern regi (SKR steg 6, docs/kallor/002_0fe1128f78ddec9d.txt, "Åtgärder i verksamheten": "Om
# analysen visat på brister varierar möjligheterna att få dessa åtgärdade beroende på om verksamheten drivs i egen
# eller extern regi"): the sheet Extern regi lists a nämnd's verksamheter or enheter run by an utförare under an
# avtal (what is not listed is egen regi); the sheet Begärda åtgärder records each åtgärd requested of an utförare
# ("Åtgärdsplan oavsett regiform": how long the utförare has to answer, the bedömning whether the plan is
# tillräcklig, the follow-up that it was carried out) and the step of the avtal's sanktionstrappa used ("Sanktions-
# möjligheter ska bevakas och användas"). The source names the sanktionstrappa but gives no steps: each avtal has
# its own, configured as extern_regi.sanktionstrappa.
EXTERN_REGI_SHEET = "Extern regi"
EXTERN_REGI = (
    Column("Verksamhet", "verksamhet", required=False, aliases=("Vht",)),
    Column("Enhet", "enhet", required=False),
    Column("Utförare", "utforare"),
    Column("Avtal", "avtal", aliases=("Avtalsnummer", "Avtals-id")),
    Column("Avtalet gäller till", "avtal_till", required=False, aliases=("Avtalstid till", "Avtalsperiod till")),
    Column("Sanktioner enligt avtalet", "sanktioner", required=False, aliases=("Sanktioner",)),
)
BEGARDA_ATGARDER_SHEET = "Begärda åtgärder"
UTFORARBEDOMNINGAR = ("Tillräcklig", "Inte tillräcklig")   # "gör en bedömning om den är tillräcklig"
JA_NEJ = ("Ja", "Nej")
BEGARDA_ATGARDER = (
    Column("Utförare", "utforare"),
    Column("Påpekad brist", "brist", aliases=("Brist",)),
    Column("Begärd åtgärd", "begard_atgard", aliases=("Åtgärd",)),
    Column("Begärd", "begard", aliases=("Begärd datum", "Datum")),
    Column("Svar senast", "svar_senast", aliases=("Svarsdatum",)),
    Column("Svar inkommit", "svar_inkommit", required=False, aliases=("Svar inkom",)),
    Column("Bedömning", "bedomning", required=False),
    Column("Genomförd", "genomford", required=False, aliases=("Åtgärderna genomförda",)),
    Column("Sanktionssteg", "sanktionssteg", required=False, aliases=("Sanktionstrappans steg", "Sanktion")),
    Column("Kommentar", "kommentar", required=False),
)

# Sheets of a rapportunderlag workbook: sheet name -> (columns, required sheet?)
UNDERLAG_SHEETS = {
    "Prognos": (PROGNOS, True),
    "Analys": (ANALYS, False),
    "Viktiga händelser": (HANDELSER, False),
    "Åtgärdsplan": (ATGARDSPLAN, False),
    "Aktiviteter": (AKTIVITETER, False),
    "Internkontroll": (INTERNKONTROLL, False),
    EXTERN_REGI_SHEET: (EXTERN_REGI, False),
    BEGARDA_ATGARDER_SHEET: (BEGARDA_ATGARDER, False),
}

# The planning round (tillfälle `plan`): per nämnd a workbook with Prioriteringar (Motala Bilaga 3) and
# Konsekvenser (SKR matris konsekvensbedömning); centrally the sheet Ramar.
FORSLAG_ID = Column("Förslags-id", "forslag_id", aliases=("Förslagsid", "Förslag-id", "Förslag"))
PRIORITERINGAR = (
    FORSLAG_ID,
    Column("Nämnd", "namnd", required=False),
    Column("Typ", "typ"),
    Column("Problem", "problem"),
    Column("Målgrupp", "malgrupp"),
    Column("Åtgärd", "atgard"),
    Column("Nuvarande åtgärd", "nuvarande", required=False),
    Column("Kostnad", "kostnad"),
    Column("Svårighetsgrad", "svarighetsgrad"),
    Column("Nytta", "nytta"),
    Column("Skala", "skala"),
    Column("Kostnadseffektivitet", "kostnadseffektivitet"),
    Column("Nämndens rang", "namndens_rang", required=False, aliases=("Rang",)),
)
KONSEKVENSER = (
    FORSLAG_ID,
    Column("Perspektiv", "perspektiv"),
    Column("Sikt", "sikt"),
    Column("Effekt", "effekt"),
    Column("Beskrivning", "beskrivning", required=False),
    Column("Agenda 2030", "agenda2030", required=False, aliases=("Agenda 2030-mål", "Globala mål")),
    Column("Risk om inget görs", "risk", required=False),
    Column("Omfattning", "omfattning", required=False),
    Column("Beslut", "beslut", required=False),
)
RAMAR = (
    Column("Nämnd", "namnd"),
    Column("Driftram", "driftram"),
    Column("Investeringsutrymme", "investeringsutrymme"),
)
PLAN_SHEETS = {"Prioriteringar": PRIORITERINGAR, "Konsekvenser": KONSEKVENSER, "Åtgärdsplan": ATGARDSPLAN,
               "Aktiviteter": AKTIVITETER}
TYPER = ("Prioritering inom ram", "Kommunövergripande prioritering", "Investering", "Effektivisering", "Ransonering")
SVARIGHETSGRADER = ("Mycket stor", "Stor", "Måttlig", "Liten")
NYTTOR = ("Mycket stor", "Stor", "Måttlig", "Liten", "Ingen")
SKALOR = ("Individ/Medborgare", "Samhälle", "Organisation")
KOSTNADSEFFEKTIVITET = ("Mycket hög", "Hög", "Måttlig", "Låg")
PERSPEKTIV = ("Ekonomi", "Personal", "Brukare/medborgare", "Jämställdhet", "Social hållbarhet", "Miljö", "Integration",
              "Annat")
SIKTER = ("Kort", "Lång")
EFFEKTER = ("Positiv", "Negativ", "Neutral", "Ingen")
OMFATTNINGAR = ("Service", "Service och samhälle")
BESLUT = ("Genomförs", "Avslås", "Återremiss")

# The central workbook of the delårsrapport and årsredovisning (ekonomiavdelningen; one per reporting point).
PERSONAL = (
    Column("Kön", "kon"),
    Column("Åldersgrupp", "aldersgrupp", aliases=("Ålder", "Åldersintervall")),
    Column("Antal anställda", "antal", aliases=("Antal", "Anställda")),
    Column("Ordinarie arbetstid", "arbetstid", aliases=("Ordinarie arbetstid i timmar",)),
    Column("Sjukfrånvaro", "sjuktid", aliases=("Sjukfrånvaro i timmar", "Total sjukfrånvaro")),
    Column("Varav 60 dagar eller mer", "sjuk60", aliases=("Sjukfrånvaro 60 dagar eller mer", "Långtidssjukfrånvaro")),
)
VASENTLIGA_HANDELSER = (
    Column("Händelse", "rubrik", aliases=("Rubrik",)),
    Column("Beskrivning", "beskrivning"),
    Column("Tidpunkt", "tidpunkt", required=False, aliases=("Datum", "När")),
    Column("Efter periodens slut", "efter", required=False, aliases=("Efter balansdagen",)),
)
BALANSKRAV = (Column("Post", "post"), Column("Belopp", "belopp"))
ANSVARSFORBINDELSER = (
    Column("Post", "post"),
    Column("Belopp", "belopp"),
    Column("Föregående år", "belopp_fg", required=False),
)
FORVANTAD = (Column("Text", "text", aliases=("Förväntad utveckling",)),)
# Sammanställda räkenskaper (LKBR 12 kap.): each bolag's resultat- and balansräkning in summary (one row per post,
# the post named as in the kommun's statements, kr, the bolag's whole amounts), and the interna mellanhavanden to
# eliminate (the amount as in the bolag's books; the model eliminates ägarandel × belopp on both sides).
BOLAG = (
    Column("Bolag", "bolag"),
    Column("Post", "post"),
    Column("Belopp", "belopp"),
)
INTERNA_MELLANHAVANDEN = (
    Column("Bolag", "bolag"),
    Column("Kommunens post", "kommun_post"),
    Column("Bolagets post", "bolag_post"),
    Column("Belopp", "belopp"),
    Column("Beskrivning", "beskrivning", required=False),
)
FEMAR_SHEET = "Femårsöversikt"   # Nyckeltal, optional Enhet, then one column per year (read.bokslut)
BOKSLUT_SHEETS = {
    "Personal": PERSONAL,
    "Väsentliga händelser": VASENTLIGA_HANDELSER,
    "Balanskrav": BALANSKRAV,
    "Ansvarsförbindelser": ANSVARSFORBINDELSER,
    "Förväntad utveckling": FORVANTAD,
    "Bolag": BOLAG,
    "Interna mellanhavanden": INTERNA_MELLANHAVANDEN,
}
KON = {"kvinnor": "Kvinnor", "kvinna": "Kvinnor", "k": "Kvinnor", "män": "Män", "man": "Män", "m": "Män"}
ALDERSGRUPPER = ("29 år och yngre", "30–49 år", "50 år och äldre")

BEDOMNINGAR = ("Uppfyllt", "Delvis uppfyllt", "Ej uppfyllt", "Kan ej bedömas")
RIKTNINGAR = ("Högre är bättre", "Lägre är bättre")
KATEGORIER = ("Resurs", "Aktivitet", "Interna processer", "Resultat subjektiv", "Resultat objektiv",
              "Effektivitet", "Viktig information")
PAVERKANSGRADER = ("Stor", "Viss", "Liten")
MALRIKTNINGAR = ("Öka", "Minska", "Oförändrad")
STATUSAR = ("Ej påbörjad", "Pågår", "Genomförd", "Avbruten")
# the status a plan gets when the nämnd rejected it (Nämndbeslut "Avslagen"): not a word the förvaltning writes
AVSLAGEN_STATUS = "Avslagen av nämnden"
BESLUTSNIVAER = ("Förvaltning", "Nämnd", "KS", "KF")
