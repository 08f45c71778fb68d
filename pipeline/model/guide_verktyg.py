"""The SKL guide's own tools, word for word: SKL, *Guide för planering, uppföljning/analys och åtgärder i
kommunövergripande styrning* (docs/kallor/001_0d6921a8a30eabbf.txt), section "ÖVNINGAR OCH VERKTYG". Each tool
keeps the guide's heading, questions, scales and table columns as the text gives them (spelling included, e.g.
"Riktat sig målet …", "målpåfyllelse"); tests/test_guide_verktyg.py reads the source and compares.

Data only: what the project's data can answer is computed in pipeline.model.styrsystem, laid out in
pipeline.context.styrsystem and written by pipeline.render.styrsystem_xlsx.
"""

from __future__ import annotations

from dataclasses import dataclass

KALLA = "SKL, Guide för planering, uppföljning/analys och åtgärder i kommunövergripande styrning"
FIL = "001_0d6921a8a30eabbf.txt"
AVSNITT = "Övningar och verktyg"   # the section heading ("ÖVNINGAR OCH VERKTYG" in the text)


@dataclass(frozen=True)
class Fraga:
    nr: str          # the guide's number or letter ("1", "2A" for section 2, question A)
    text: str        # word for word
    skala: tuple[str, ...] = ()   # the answer steps, word for word; () = a free text or a distribution
    avsnitt: str = ""


# --- "HUR TYDLIG ÄR KOMMUNENS ÖVERGRIPANDE STYRNING/UPPFÖLJNING MED MÅL OCH RESULTAT?" ------------------------------
# One row per kommunövergripande mål, one column per question; a cross when the answer is yes; Summa and
# "Andel av total (%)" per column. "Ju fler kryss i rutorna, desto bättre mål."
TYDLIG_RUBRIK = "Hur tydlig är kommunens övergripande styrning/uppföljning med mål och resultat?"
TYDLIG_INLEDNING = "Följande frågor kan ställas angående kommunövergripande mål:"
TYDLIG = (
    Fraga("1", "Riktat sig målet till alla eller de flesta verksamheter?", avsnitt="STYRNING"),
    Fraga("2", "Riktat sig målet endast en verksamhet?", avsnitt="STYRNING"),
    Fraga("3", "Går målet att följa upp med hjälp av mätbara resultatmått/indikatorer?", avsnitt="STYRNING"),
    Fraga("4", "Är mått/indikatorer för måluppfyllelse jämförbara med fler än 10 andra kommuner?", avsnitt="STYRNING"),
    Fraga("5", "Beskrivs och redovisas målet avseende vilken resultatnivå som kommunen vill uppnå?",
          avsnitt="STYRNING"),
    Fraga("6", "Följs mål och indikatorer upp i delårsbokslut?", avsnitt="UPPFÖLJNING"),
    Fraga("7", "Redovisas både mål och resultat på angivna indikatorer/resultatmått i kommunövergripande årsbokslut?",
          avsnitt="UPPFÖLJNING"),
    Fraga("8", "Redovisas indikatorer/resultatmått genom att det jämförs med andra kommuner?", avsnitt="UPPFÖLJNING"),
    Fraga("9", "Redovisas måttet för minst två år med värden som utgår från samma definition?", avsnitt="UPPFÖLJNING"),
    Fraga("10", "Redovisas en analys till uppföljningen av målet för vad resultatet innebär för framtidens "
                "strategi/satsning?", avsnitt="UPPFÖLJNING"),
)
SUMMA = "Summa"
ANDEL = "Andel av total (%)"

# --- "ANALYS AVSEENDE KOMMUNENS STYR- OCH UPPFÖLJNINGSSYSTEM" (from Kommunkompassen) ---------------------------------
STYR_RUBRIK = "Analys avseende kommunens styr- och uppföljningssystem"
STYR_SKALA = ("Nej", "Till liten del", "Till viss del", "Ja, nästan helt och hållet")
STYR_AVSNITT = (
    ("1", "POLITISK STYRNING OCH KONTROLL"),
    ("2", "STYRS KOMMUNEN AV TYDLIGA POLITISKA MÅL?"),
    ("3", "HUR RAPPORTERAR FÖRVALTNINGEN TILL DEN POLITISKA NIVÅN OCH VILKA MÖJLIGHETER HAR POLITIKERNA ATT FÖLJA "
          "UPP FÖRVALTNINGARNAS RESULTAT?"),
    ("4", "MEDBORGARINFORMATION OM RESULTAT"),
    ("5", "HUR ARBETAR KOMMUNEN MED UTVECKLING AV UPPFÖLJNING OCH KONTROLL?"),
)
SAMMANFATTA = "Sammanfatta. Vad bör utvecklas?"
EXEMPEL = "Exempel:"
STYR = (
    Fraga("1A", "Genomsyras hela organisationen av ett helhetstänkande avseende styrning/utförande?", STYR_SKALA, "1"),
    Fraga("1B", "Har kommunen etablerat en kommunövergripande värdegrund, kultur etc, som är beskriven och som "
                "genomsyrar organisationen?", STYR_SKALA, "1"),
    Fraga("1C", "Har kommunen en tydligt beskriven och genomgående styr-/utförandemodell som finns etablerad i hela "
                "organisationen? (\"röd tråd\" genom KF/nämnder/förvaltningar/enheter)", STYR_SKALA, "1"),
    Fraga("1D", SAMMANFATTA, (), "1"),
    Fraga("2A", "Styrs kommunen av tydliga och uppföljningsbara kommunövergripande mål?", STYR_SKALA, "2"),
    Fraga("2B", "Den kommunövergripande verksamhetsplanen innehåller resultatindikatorer för de olika målområdena.",
          STYR_SKALA, "2"),
    Fraga("2C", "Avspeglas den övergripande verksamhetsplanens mål och resultatindikatorer tydligt i respektive "
                "nämnd/verksamhets egen budget/verksamhetsplan?", STYR_SKALA, "2"),
    Fraga("2D", "Den övergripande verksamhetsplanens mål och resultatindikatorer avspeglas tydligt i kommunens egna "
                "bolags ägardirektiv alt. budget/verksamhetsplan samt vid upphandlingar av externa utförare.",
          STYR_SKALA, "2"),
    Fraga("2E", "Är politisk målformulering och fördelning av resurser i budgetarbetet sammankopplade processer?",
          STYR_SKALA, "2"),
    Fraga("2F", SAMMANFATTA, (), "2"),
    Fraga("3A", "Visar rapporteringssystemet (till politisk nivå) förbrukningen av budgeterade medel samt uppnådda "
                "resultat i förhållande till uppställda mål?", STYR_SKALA, "3"),
    Fraga("3B", "Tas standardiserade rapporter som avser både ekonomi och verksamhetsresultat fram regelbundet under "
                "budgetåret? (Minst var fjärde månad)", STYR_SKALA, "3"),
    Fraga("3C", "Bygger rapportering av resultat i förhållande till mål (till politisk nivå) bygger en aggregering av "
                "resultat från enhetsnivå?", STYR_SKALA, "3"),
    Fraga("3D", "Avrapporterar kommunen resultat som är jämförbara med andra kommuner eller externa utförare?",
          STYR_SKALA, "3"),
    Fraga("3E", SAMMANFATTA, (), "3"),
    Fraga("4A", "Finns en samlad, systematisk och lättöverskådlig rapportering av mål och resultaten till invånarna?",
          STYR_SKALA, "4"),
    Fraga("4B", "Presenteras flertalet resultat från medborgar-/brukarundersökningar och annan verksamhetsutvärdering "
                "till invånarna?", STYR_SKALA, "4"),
    Fraga("4C", "Presenteras jämförelser med resultat från andra kommuner?", STYR_SKALA, "4"),
    Fraga("4D", "Används \"stödjande\" IT-teknik för att göra resultat och jämförelser lättillgängliga och anpassade "
                "utifrån medborgarnas/brukarnas frågor och behov?", STYR_SKALA, "4"),
    Fraga("4E", "Arbetar kommunen kontinuerligt med att upplysa och engagera medborgarna i att aktivt använda och "
                "diskutera resultat som framkommer i kommunens informationssystem?", STYR_SKALA, "4"),
    Fraga("4F", "Möjliggörs jämförelser av enheter utifrån ett brukarperspektiv?", STYR_SKALA, "4"),
    Fraga("4G", SAMMANFATTA, (), "4"),
    Fraga("5A", "Genomförs systematisk uppföljning på förvaltningsnivå av avvikelser, t ex med avseende på "
                "resursförbrukning?", STYR_SKALA, "5"),
    Fraga("5B", "Genomförs systematisk uppföljning på enhetsnivå av avvikelser, t ex avseende på resursförbrukning, "
                "resultat och måluppfyllelse?", STYR_SKALA, "5"),
    Fraga("5C", SAMMANFATTA, (), "5"),
)

# --- "PÅVERKANSGRAD RESULTATINDIKATORER" ---------------------------------------------------------------------------
PAVERKAN_RUBRIK = "Påverkansgrad resultatindikatorer"
PAVERKAN_UPPGIFT = ("UPPGIFT Ange kommunens övergripande mål. Notera bakom varje mål de resultatindikatorer som hör "
                    "till målen. Bedöm därefter kommunens möjlighet att påverka indikatorerna.")
PAVERKAN_KOLUMNER = ("Kommunövergripande mål", "Resultatindikator", "Kan påverka....")
PAVERKAN_SKALA = ("till stor del", "till viss del", "till liten del")

# --- "KATEGORISERING AV INDIKATORER" -------------------------------------------------------------------------------
KATEGORI_RUBRIK = "Kategorisering av indikatorer"
KATEGORI_KOLUMNER = ("INDIKATOR", "RESURSER", "AKTIVITETER /PRESTATIONER", "RESULTAT", "VIKTIG INFORMATION")
KATEGORI_RESULTAT = ("Subjektiva", "Objektiva")
# The tool's table has two RESULTAT columns; the guide's "Kategorisering av mått" (VERKSAMHETSRESULTAT: Subjektiva,
# Objektiva, Effektivitet) counts effektivitetsmått among the results too, so the workbook adds that third column.
KATEGORI_EFFEKTIVITET = "Effektivitet"
KATEGORI_SUMMA = "Summa:"
KATEGORI_ANDEL = "Andel av total: (%)"

# --- "ANALYS AV KOMMUNENS ÅRSBERÄTTELSE" ----------------------------------------------------------------------------
ARS_RUBRIK = "Analys av kommunens årsberättelse"
ARS_AVSNITT = (("A", "MÅLUPPFYLLELSE"), ("B", "TYDLIGHET"), ("C", "ANALYS"),
               ("D", "FINNS KOPPLING MELLAN RESURSERS (EKONOMI) OCH VERKSAMHETSRESULTAT?"), ("E", "ENKELHET"),
               ("F", "HELHETSSYN"))
_TILL = ("Nej", "till liten del", "till stor del")
ARS = (
    Fraga("1", "Anges de kommunövergripande målen?", ("Nej", "några få", "en stor del", "Ja, alla"), "A"),
    Fraga("2", "Om de kommunövergripande målen redovisas, berör dessa mål merparten av kommunens verksamheter?",
          ("Nej", "mindre än hälften", "mer än hälften", "Ja, alla"), "A"),
    Fraga("3", "Redovisas uppföljning av de kommunövergripande målen?", (*_TILL, "Ja, alla"), "A"),
    Fraga("4", "Anges nämndmål?", (*_TILL, "Ja, alla"), "A"),
    Fraga("5", "Redovisas uppföljning av nämndmål?", (*_TILL, "Ja, alla"), "A"),
    Fraga("6", "Redovisas måloppfyllelse med hjälp av resultatindikatorer/resultatmått?", (*_TILL, "Ja, för alla mål"),
          "B"),
    Fraga("7", "Redovisas jämförelser med andra kommuner?", (*_TILL, "ja, för alla indikatorer"), "B"),
    Fraga("8", "Redovisas trender på indikatorerna på två eller flera år?", (*_TILL, "ja, för alla indikatorer"), "B"),
    Fraga("9", "Kategorisering av indikatorer.", (), "B"),
    Fraga("10", "Framgår det tydligt om kommunens mål uppnåtts eller inte?", (*_TILL, "Ja, för alla mål"), "C"),
    Fraga("11", "Kommenteras målpåfyllelse i text?", (*_TILL, "Ja, för alla mål"), "C"),
    Fraga("12", "Finns det en analys som tolkar målpåfyllelse/inte målpåfyllelse, anger orsaker och talar om vad "
                "kommunen ska göra framgent?", (*_TILL, "Ja, för alla mål"), "C"),
    Fraga("13", "Finns det balans i årsberättelsen i beskrivningen kring vart pengarna gått (ekonomi) och avseende "
                "vilka resultat som uppnåtts?", (), "D"),
    Fraga("14", "Anges resurser och resultat tydligt kopplade till varandra? Vad kostar det? Vad blir resultatet?",
          (*_TILL, "Ja, helt och hållet"), "D"),
    Fraga("15", "Redovisas olika nämnders/verksamheters resultat på samma sätt? (Samma rubriker, samma layout för "
                "redovisning av resultat, analys, m.m.)", (*_TILL, "Ja, helt och hållet"), "E"),
    Fraga("16", "Används stödjande grafik för att beskriva måluppfyllelse och trend? (Diagram? Symboler?)",
          (*_TILL, "Ja, fullt ut"), "E"),
    Fraga("17", "Finns det en sammanfattning eller en förenklad version av årsberättelsen?", ("Nej", "Ja"), "E"),
    Fraga("18", "Visar årsredovisningen på en helhetsyn utifrån ett medborgar-/brukarperspektiv kring vad kommunen "
                "åstadkommit? Löper det en röd tråd i redovisningen, från kommunövergripande nivå (helhetsyn) till "
                "verksamhetsnivå?", (*_TILL, "Ja, helt och hållet"), "F"),
)
# question 9: "Gör en uppskattning av fördelningen i procent:"; question 13: "Ange fördelningen:"
ARS_FORDELNING_9 = ("Resurser", "Resultat", "Aktiviter/prestationer", "Viktig information")
ARS_FORDELNING_13 = ("Ekonomi", "Verksamhetsuppföljning", "Annat")
KOMMENTARER = "Kommentarer:"

# --- "SKAPA EN HANDLINGSPLAN" ---------------------------------------------------------------------------------------
HANDLINGSPLAN_RUBRIK = "Skapa en handlingsplan"
HANDLINGSPLAN_SYFTE = ("Syftet med handlingsplanen är att ge svar på frågorna VEM gör VAD, HUR och NÄR.")
# The two tables of the tool, each heading with the guide's question under it.
HANDLINGSPLAN_MAL = (("OMRÅDE", "Inom vilket verksamhetsområde?"),
                     ("NULÄGE/ PROBLEMATIK", "Var befinner vi oss idag? Vilket problem har vi identifierat?"),
                     ("MÅL", "Vad vill vi uppnå?"), ("ANSVAR", "Vem är huvudansvarig?"),
                     ("UPPFÖLJNING", "Hur ska handlingsplanen följas upp?"), ("NÄR", "När ska uppföljningen ske?"))
HANDLINGSPLAN_AKTIVITETER = (("PRIORITERADE AKTIVITETER", "Vilken/vilka aktiviteter ska genomföras?"),
                             ("VIKTIGA FAKTORER", "Avsatta resurser t.ex. tid/pengar."),
                             ("ANSVAR", "Vem ansvarar för aktiviteten?"),
                             ("UPPFÖLJNING", "Hur ska aktiviteten följas upp?"),
                             ("NÄR", "När ska uppföljningen ske?"))

# --- "HUR ANVÄNDBARA ÄR RESULTATINDIKATORERNA I KKiK UTIFRÅN KOMMUNENS STYR- OCH UPPFÖLJNINGSPERSPEKTIV?" ----------
KKIK_RUBRIK = "Hur användbara är resultatindikatorerna i KKiK utifrån kommunens styr- och uppföljningsperspektiv?"
KKIK_KOLUMNER = (
    ("A", "Måttet finns som resultatindikator till nuvarande kommunövergripande mål"),
    ("B", "Måttet skulle kunna fungera som resultatindikator till nuvarande kommunövergripande mål"),
    ("C", "Det finns stora förutsättningar för att måttet ska kunna knytas till nya kommunövergripande mål (vilka?)"),
    ("D", "I stället för resultatindikator kan måttet användas för att följa omvärldsförändringar"),
)
KKIK_MATT = (   # (avsnitt, nr, mått) in the guide's order, main list then "Kompletterande indikatorer"
    ("DIN KOMMUNS TILLGÄNGLIGHET", "1", "Hur stor andel av medborgarna som skickar in en enkel fråga via e-post får svar inom två arbetsdagar?"),
    ("DIN KOMMUNS TILLGÄNGLIGHET", "2", "Hur stor andel av medborgarna som tar kontakt med kommunen via telefon får ett direkt svar på en enkel fråga?"),
    ("DIN KOMMUNS TILLGÄNGLIGHET", "3", "Hur stor andel av medborgarna uppfattar att de får ett gott bemötande när de via telefon ställt en enkel fråga till kommunen?"),
    ("DIN KOMMUNS TILLGÄNGLIGHET", "4", "Hur många timmar per vecka har huvudbiblioteket, simhallen och återvinningsstationen öppet utöver tiden 08-17 på vardagar?"),
    ("DIN KOMMUNS TILLGÄNGLIGHET", "5", "Hur stor andel av de som erbjuds plats inom förskoleverksamheten får plats på önskat placeringsdatum?"),
    ("DIN KOMMUNS TILLGÄNGLIGHET", "6", "Hur lång är väntetiden (dagar) för dem som inte fått plats för sitt barn inom förskoleverksamheten på önskat placeringsdatum?"),
    ("DIN KOMMUNS TILLGÄNGLIGHET", "7", "Hur lång är väntetiden i snitt (dagar) för att få plats på ett äldreboende från ansökan till erbjudande om plats?"),
    ("DIN KOMMUNS TILLGÄNGLIGHET", "8", "Hur lång är handläggningstiden i snitt (dagar) för att få ekonomiskt bistånd vid nybesök?"),
    ("TRYGGHET", "9", "Hur trygga och säkra känner sig medborgarna i kommunen?"),
    ("TRYGGHET", "10", "Hur många olika personer besöker en äldre person med hemtjänst under en 14 dagarsperiod?"),
    ("TRYGGHET", "11", "Hur många barn per personal är det i kommunens förskolor? (Både planerad och faktisk.)"),
    ("DIN DELAKTIGHET OCH KOMMUNENS INFORMATION", "12A", "Hur många av kommunens röstberättigade röstade i senaste kommunvalet?"),
    ("DIN DELAKTIGHET OCH KOMMUNENS INFORMATION", "12B", "Hur många av kommunens röstberättigade röstade i senaste EU-valet?"),
    ("DIN DELAKTIGHET OCH KOMMUNENS INFORMATION", "13", "Hur god är kommunens webbinformation till medborgarna?"),
    ("DIN DELAKTIGHET OCH KOMMUNENS INFORMATION", "14", "Hur väl möjliggör kommunen för medborgarna att delta i kommunens utveckling?"),
    ("DIN DELAKTIGHET OCH KOMMUNENS INFORMATION", "15", "Hur väl upplever medborgarna att de har inflytande över kommunens verksamhet?"),
    ("EFFEKTIVITET", "16", "Vad är kostnaden för ett inskrivet barn i förskolan?"),
    ("EFFEKTIVITET", "17A", "Vilket resultat når elever i årskurs 6 i kommunen i de nationella proven?"),
    ("EFFEKTIVITET", "17B", "Vilket resultat når elever i årskurs 3 i kommunen i de nationella proven?"),
    ("EFFEKTIVITET", "18", "Andel behöriga elever till något nationellt program på gymnasiet?"),
    ("EFFEKTIVITET", "19A", "Elevers syn på skolan och undervisningen i åk 8?"),
    ("EFFEKTIVITET", "20A", "Kostnad per betygspoäng?"),
    ("EFFEKTIVITET", "21", "Andel elever som fullföljer gymnasieutbildningen i kommunen?"),
    ("EFFEKTIVITET", "22", "Kostnad för de elever som inte fullföljer ett gymnasieprogram?"),
    ("EFFEKTIVITET", "23", "Vilka kvalitetsaspekter finns inom särskilt boende?"),
    ("EFFEKTIVITET", "24", "Vad kostar en plats i kommunens särskilda boende?"),
    ("EFFEKTIVITET", "25", "Andel brukare som är ganska/mycket nöjda med sitt särskilda boende?"),
    ("EFFEKTIVITET", "26", "Vilket omsorgs- och serviceutbud har hemtjänst finanserad av kommunen?"),
    ("EFFEKTIVITET", "27", "Vad är kostnaden per vårdtagare inom hemtjänsten i kommunen?"),
    ("EFFEKTIVITET", "28", "Andel brukare som är ganska/mycket nöjda med sin hemtjänst?"),
    ("EFFEKTIVITET", "29", "Vilka kvalitetsaspekter finns inom LSS grupp- och serviceboende?"),
    ("EFFEKTIVITET", "30", "Andelen ungdomar som inte kommit tillbaka ett år efter avslutad insats/utredning?"),
    ("DIN KOMMUN SOM SAMHÄLLSUTVECKLARE", "31", "Andel förvärvsarbetare i kommunen?"),
    ("DIN KOMMUN SOM SAMHÄLLSUTVECKLARE", "32", "Hur stor andel av befolkningen får försörjningsstöd?"),
    ("DIN KOMMUN SOM SAMHÄLLSUTVECKLARE", "33", "Hur många nya företag har startats per 1000 invånare i kommunen?"),
    ("DIN KOMMUN SOM SAMHÄLLSUTVECKLARE", "34A", "Vad ger företagarna för sammanfattande omdöme om kommunens service till företagen?"),
    ("DIN KOMMUN SOM SAMHÄLLSUTVECKLARE", "35", "Hur högt är sjukpenningtalet bland kommunens invånare?"),
    ("DIN KOMMUN SOM SAMHÄLLSUTVECKLARE", "36", "Hur effektiv är kommunens hantering av återvinning av hushållsavfall?"),
    ("DIN KOMMUN SOM SAMHÄLLSUTVECKLARE", "37", "Hur stor är kommunorganisationens andel miljöbilar av totala antal bilar?"),
    ("DIN KOMMUN SOM SAMHÄLLSUTVECKLARE", "38", "Hur stor är andelen inköpta ekologisk livsmedel?"),
    ("DIN KOMMUN SOM SAMHÄLLSUTVECKLARE", "39", "Hur ser medborgarna på sin kommun som en plats att bo och leva på?"),
    ("Kompletterande indikatorer: DIN KOMMUNS TILLGÄNGLIGHET", "7B", "Väntetid till särskilt boende, ytterfall"),
    ("Kompletterande indikatorer: DIN KOMMUNS TILLGÄNGLIGHET", "1-1A", "Utredningstid i antal dagar från ansökan till beslut om LSS-insats (alla insatser), medelvärde"),
    ("Kompletterande indikatorer: DIN KOMMUNS TILLGÄNGLIGHET", "1-1B", "Utredningstid i antal dagar från ansökan till beslut om LSS-insats (alla insatser), median"),
    ("Kompletterande indikatorer: DIN KOMMUNS TILLGÄNGLIGHET", "1-2A", "Verkställighetstid i antal dagar från beslut till insats avseende boende enl. LSS § 9.9, medelvärde"),
    ("Kompletterande indikatorer: DIN KOMMUNS TILLGÄNGLIGHET", "1-2B", "Verkställighetstid i antal dagar från beslut till insats avseende boende enl. LSS § 9.9, median"),
    ("Kompletterande indikatorer: DIN KOMMUNS TILLGÄNGLIGHET", "1-3A", "Verkställighetstid i antal dagar från beslut till insats avseende kontaktperson enl. LSS, medelvärde"),
    ("Kompletterande indikatorer: DIN KOMMUNS TILLGÄNGLIGHET", "1-3B", "Verkställighetstid i antal dagar från beslut till insats avseende kontaktperson enl. LSS, median"),
    ("Kompletterande indikatorer: TRYGGHET", "10B", "Personalkontinuitet, ytterfall"),
    ("Kompletterande indikatorer: DIN KOMMUNS EFFEKTIVITET", "17C-E", "Vilket resultat når elever i årskurs 6 i kommunen i de nationella proven?"),
    ("Kompletterande indikatorer: DIN KOMMUNS EFFEKTIVITET", "17F-G", "Vilket resultat når elever i årskurs 3 i kommunen i de nationella proven?"),
    ("Kompletterande indikatorer: DIN KOMMUNS EFFEKTIVITET", "19B", "Elevers syn på skolan och undervisningen i årskurs 5"),
    ("Kompletterande indikatorer: DIN KOMMUNS EFFEKTIVITET", "20B", "Hur effektiva är kommunens grundskolor i förhållande till övriga kommuner?"),
    ("Kompletterande indikatorer: DIN KOMMUNS EFFEKTIVITET", "4-1", "Andel vuxna biståndstagare med långvarigt ekonomiskt bistånd"),
    ("Kompletterande indikatorer: DIN KOMMUNS EFFEKTIVITET", "4-2", "Resultat vid avslut i kommunens arbetsmarknadsverksamhet, andel deltagare som börjat arbeta"),
    ("Kompletterande indikatorer: DIN KOMMUN SOM SAMHÄLLSUTVECKLARE", "5-1", "Svenskt Näringslivs ranking av kommunerna"),
    ("Kompletterande indikatorer: DIN KOMMUN SOM SAMHÄLLSUTVECKLARE", "5-2", "Hur stor är andelen miljöbilar av totala antal bilar i hela den geografiska kommunen?"),
    ("Kompletterande indikatorer: DIN KOMMUN SOM SAMHÄLLSUTVECKLARE", "5-3", "Hur många fler/färre invånare har kommunen fått under de fem sista åren?"),
    ("Kompletterande indikatorer: DIN KOMMUN SOM SAMHÄLLSUTVECKLARE", "5-4", "Hur stor är utpendlingen i kommunen?"),
    ("Kompletterande indikatorer: DIN KOMMUN SOM SAMHÄLLSUTVECKLARE", "5-5", "Hur många fler/färre förvärsarbetande har tillkommit/försvunnit i kommunen?"),
)
# "Övningen kan även användas för andra mått än dessa": the kommun's own indicators follow the KKiK list.
KKIK_ANDRA = "Övningen kan även användas för andra mått än dessa."


# Each tool's heading as a line of the source gives it (the citation in the workbook: file + heading); the tests
# find each as a line of docs/kallor/001_….
KALLRUBRIK = {
    TYDLIG_RUBRIK: "HUR TYDLIG ÄR KOMMUNENS ÖVERGRIPANDE STYRNING/UPPFÖLJNING MED MÅL OCH RESULTAT?",
    STYR_RUBRIK: "ANALYS AVSEENDE KOMMUNENS STYR- OCH UPPFÖLJNINGSSYSTEM",
    PAVERKAN_RUBRIK: "PÅVERKANSGRAD RESULTATINDIKATORER",
    KATEGORI_RUBRIK: "KATEGORISERING AV INDIKATORER",
    ARS_RUBRIK: "ANALYS AV KOMMUNENS ÅRSBERÄTTELSE",
    HANDLINGSPLAN_RUBRIK: "SKAPA EN HANDLINGSPLAN",
    KKIK_RUBRIK: "HUR ANVÄNDBARA ÄR RESULTATINDIKATORERNA I KKiK UTIFRÅN KOMMUNENS STYR- OCH UPPFÖLJNINGSPERSPEKTIV?",
}

# Who does each tool, word for word from its "SYFTE OCH UTFÖRANDE" (Påverkansgrad names no group: its sentence on
# agreeing on the answers instead). The workbook's "Besvaras av …" notes quote it.
MALGRUPP = {
    TYDLIG_RUBRIK: "Övningen kan göras av både tjänstemän och politiker.",
    STYR_RUBRIK: "Målgruppen för övningen kan vara en grupp till exempel tjänstemän från kommunledningsgruppen, "
                 "KS-politiker eller en mixad grupp politiker och tjänstemän.",
    PAVERKAN_RUBRIK: "Då är det viktigt att det förs en dialog kring svaren för att om möjligt enas om en gemensam "
                     "uppfattning.",
    KATEGORI_RUBRIK: "Målgruppen är politiker och/eller tjänstemän som på något sätt arbetar med styrning och "
                     "uppföljning.",
    ARS_RUBRIK: "Målgruppen för övningen är politiker eller tjänstemän.",
    HANDLINGSPLAN_RUBRIK: "Verket riktas sig i första hand till tjänstemän i organisationen.",
    KKIK_RUBRIK: "Det kan göras av både politiker och tjänstemän.",
}


def kallhanvisning(rubrik: str) -> str:
    """The citation of one tool: source, file, section and the tool's heading as the text gives it."""
    return f"Källa: {KALLA} ({FIL}), avsnittet {AVSNITT}: \"{KALLRUBRIK[rubrik]}\"."
