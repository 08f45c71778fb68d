"""Swedish texts the förvaltningar write in their rapportunderlag (T1): comments, analyses, events.

Keys are nämnd ids, mål ids, indicator ids or verksamhet *template* codes of the example kommun.
`{avv}` in a text is replaced by the verksamhet's avvikelse helår (budget − förvaltningens prognos) in
mnkr, `{abs}` by its absolute value. Anything not listed gets the generic texts at the bottom.
"""

from __future__ import annotations

from pipeline.context.format import MONTH_NAMES

# (Bedömning, Analys, Orsak, Åtgärd) per nämndmål
GOAL_ANALYSIS = {
    "KS1": ("Uppfyllt",
            "Andelen deltagare i arbetsmarknadsinsatser som gått vidare till arbete eller studier var 42 procent "
            "under första tertialet, över målvärdet 40 procent.",
            "Jobbspåren inom lager och logistik och inom vård har gett fler matchningar mot lokala arbetsgivare.",
            "Ett nytt jobbspår inom restaurang startar i september."),
    "KS2": ("Delvis uppfyllt",
            "Årets resultat 2025 blev 2,7 procent av skatteintäkter och generella statsbidrag, över det "
            "finansiella målet på 2 procent, men nämndernas prognoser för 2026 visar underskott. Soliditeten har "
            "förbättrats och nettokostnadsavvikelsen minskar.",
            "Kostnaderna har ökat snabbare än skatteintäkterna, främst inom individ- och familjeomsorgen och "
            "äldreomsorgen.",
            "Kommunstyrelsen har beslutat om en kommunövergripande åtgärdsplan (KS-2026-01)."),
    "BUN1": ("Delvis uppfyllt",
             "Andelen elever i årskurs 9 med godkända betyg i alla ämnen ökade till 76,4 procent 2025 och når "
             "målvärdet, medan det genomsnittliga meritvärdet (221,8) fortfarande ligger under målet 225.",
             "Satsningen på läsfrämjande arbete och tidiga insatser i lågstadiet ger effekt. Meritvärdet hålls nere "
             "av att färre elever når de högsta betygen i matematik och moderna språk.",
             "Lovskola och extra studietid i årskurs 7–9 fortsätter. Ämneslag i matematik arbetar med "
             "gemensam bedömning."),
    "BUN2": ("Delvis uppfyllt",
             "Vårdnadshavarna är nöjda med förskolan (91 procent), men antalet inskrivna barn per årsarbetare har "
             "ökat till 5,4 och målet 4,8 nås inte.",
             "Det är svårt att rekrytera förskollärare och barngrupperna i de centrala förskolorna har vuxit i "
             "väntan på att Norra förskolan blir klar.",
             "Se åtgärdsplan BUN-2026-01."),
    "GVN1": ("Delvis uppfyllt",
             "Andelen elever som tar examen inom fyra år har ökat till 76,2 procent men når inte målet 78 procent. "
             "Andelen med behörighet till högskolan (56,8 procent) överstiger målet.",
             "Fler elever på introduktionsprogrammen har gått över till nationella program, men avhoppen från "
             "yrkesprogrammen är fortfarande höga.",
             "Mentorskap och tidig uppföljning av frånvaro på yrkesprogrammen."),
    "VON1": ("Uppfyllt",
             "92 procent av de äldre med hemtjänst är nöjda med sin hemtjänst som helhet. Nöjdheten inom särskilt "
             "boende har ökat till 80 procent.",
             "Arbetet med genomförandeplaner och kontaktmannaskap har stärkts.",
             "Fortsatt arbete med måltidsmiljön i särskilt boende, där resultaten är lägst."),
    "VON2": ("Ej uppfyllt",
             "En hemtjänsttagare med minst två besök per dag möter i genomsnitt 16,5 olika personal under 14 dagar, "
             "och väntetiden till särskilt boende har ökat till 71 dagar. Båda målen nås inte.",
             "Hög sjukfrånvaro och många timanställda i hemtjänsten. Ombyggnaden av Solbacken har minskat antalet "
             "lediga platser i särskilt boende.",
             "Se åtgärdsplanerna VON-2026-02 och VON-2025-03."),
    "VON3": ("Uppfyllt",
             "Andelen brukare i daglig verksamhet som upplever att de får bestämma om saker som är viktiga ökade "
             "till 79 procent.",
             "Brukarråd har införts på samtliga enheter inom daglig verksamhet.",
             "Brukarråden utvärderas under hösten."),
    "SN1": ("Uppfyllt",
            "Andelen invånare som fått ekonomiskt bistånd minskade till 2,9 procent 2025, under målvärdet "
            "3,0 procent.",
            "Samarbetet med arbetsmarknadsenheten har gett fler hushåll egen försörjning.",
            "Arbetet fortsätter; utbetalningarna har dock ökat under våren, se verksamhet 575."),
    "SN2": ("Delvis uppfyllt",
            "93 procent av utredningarna inom barn- och ungdomsvården avslutades inom 120 dagar under perioden, "
            "något under målet 95 procent.",
            "Antalet orosanmälningar har ökat kraftigt och två socialsekreterartjänster har varit vakanta.",
            "Inhyrda socialsekreterare under maj–augusti och ett mottagningsteam som sållar anmälningar."),
    "TN1": ("Delvis uppfyllt",
            "Andelen ekologiska livsmedel var 38 procent 2025 och närmar sig målet 40 procent.",
            "Nytt livsmedelsavtal med fler ekologiska basvaror från 2025.",
            "Ekologiskt kött och mejeriprodukter prioriteras i nästa upphandling."),
    "TN2": ("Uppfyllt",
            "Nettokostnaden för infrastruktur och skydd var 4 410 kr per invånare 2025, under målvärdet 4 500 kr.",
            "Effektivare upphandling av drift och underhåll av gator och parker.",
            "Vinterväghållningen 2026 blir dyrare än budgeterat, se verksamhet 249."),
    "MBN1": ("Ej uppfyllt",
             "Handläggningstiden för bygglov var i median 41 dagar under perioden, långt över målet 28 dagar.",
             "Två av sex bygglovshandläggare har slutat och ärendebalansen har ökat.",
             "Se åtgärdsplan MBN-2026-01."),
    "KFN1": ("Uppfyllt",
             "Biblioteken hade 5,5 besök per invånare 2025 och kulturskolan har fler elever än någonsin.",
             "Meröppna bibliotek och fler arrangemang för barn och unga.",
             "Meröppet införs på biblioteket i Västra under hösten."),
}

INDICATOR_ANALYSIS = {
    "N15535": ("Kan ej bedömas",
               "Nyckeltalet bygger på Skolinspektionens äldre elevenkät och publiceras inte efter 2021. Det senaste "
               "värdet (73,2 procent) är för gammalt för att bedöma målet.",
               "Ändrad nationell enkät.", "Nämnden föreslår att nyckeltalet ersätts i nästa mål- och budgetdokument."),
    "N11102": ("Ej uppfyllt",
               "Antalet barn per årsarbetare har ökat tre år i rad och är nu 5,4.",
               "Vakanta förskollärartjänster och fler barn i centrala förskolor.", "Se åtgärdsplan BUN-2026-01."),
    "U21401": ("Ej uppfyllt",
               "Personalkontinuiteten har försämrats från 15,0 till 16,5 personal på 14 dagar sedan 2022.",
               "Hög sjukfrånvaro och stora arbetsgrupper i hemtjänsten.", "Se åtgärdsplan VON-2026-02."),
    "U23401": ("Ej uppfyllt",
               "Väntetiden till särskilt boende var 71 dagar 2025, målet är 45 dagar.",
               "Färre lediga platser under ombyggnaden av Solbacken.", "Se åtgärdsplan VON-2025-03."),
    "E-KFN-01": ("Uppfyllt",
                 "Besöken per invånare ökade till 5,5. Från 2024 räknas besöken med nya besöksräknare, så värdena "
                 "kan inte jämföras med åren före 2024.",
                 "Meröppet och fler programpunkter.", "Inga åtgärder."),
    "E-MBN-01": ("Ej uppfyllt",
                 "Medianhandläggningstiden har ökat från 30 dagar 2024 till 41 dagar under januari–april 2026.",
                 "Vakanta handläggartjänster och ett ärendesystem som kräver mycket manuell hantering.",
                 "Se åtgärdsplan MBN-2026-01."),
    "N03102": ("Delvis uppfyllt",
               "Resultatet 2025 (2,7 procent) nådde målet 2 procent, men nämndernas underskott 2026 sänker "
               "resultatet under målet.",
               "Kostnadsökningar inom välfärden och svagare skatteunderlag.", "Se åtgärdsplan KS-2026-01."),
}

# (Bedömning, Analys, Orsak, Åtgärd) per verksamhet template; {avv}/{abs} in mnkr
VHT_ANALYSIS = {
    "569": ("Ej uppfyllt",
            "Barn- och ungdomsvården prognostiserar ett underskott på {abs} mnkr.",
            "Fler och dyrare placeringar på HVB-hem; sex nya placeringar sedan årsskiftet.",
            "Se åtgärdsplan SN-2026-01. Prognosen förutsätter att tre placeringar avslutas före sommaren."),
    "575": ("Ej uppfyllt",
            "Utbetalningarna av ekonomiskt bistånd ger ett underskott på {abs} mnkr för helåret.",
            "Fler hushåll med långvarigt biståndsbehov sedan etableringstiden för nyanlända upphört.",
            "Förstärkt samverkan med arbetsmarknadsenheten; ärendena följs upp månadsvis."),
    "5102": ("Ej uppfyllt",
             "Särskilt boende prognostiserar ett underskott på {abs} mnkr.",
             "Hög sjukfrånvaro och övertid samt dubbelbemanning under evakueringen till Lindgården.",
             "Se åtgärdsplan VON-2026-01."),
    "513": ("Ej uppfyllt",
            "Insatser enligt LSS prognostiserar ett underskott på {abs} mnkr.",
            "Två nya köpta platser i bostad med särskild service för barn.",
            "En egen LSS-bostad planeras; kostnaderna följs upp per ärende."),
    "440": ("Uppfyllt",
            "Grundskolan prognostiserar ett överskott på {abs} mnkr.",
            "Vakanta lärartjänster som inte gått att tillsätta med legitimerade lärare.",
            "Rekrytering pågår; överskottet bedöms minska under hösten."),
    "476": ("Uppfyllt",
            "Svenska för invandrare prognostiserar ett överskott på {abs} mnkr.",
            "Färre elever än budgeterat och därmed färre lärartjänster.", "Inga åtgärder."),
    "610": ("Uppfyllt",
            "Arbetsmarknadsåtgärderna prognostiserar ett överskott på {abs} mnkr.",
            "Färre anställningar med anställningsstöd än planerat.", "Inga åtgärder."),
    "2151": ("Ej uppfyllt",
             "Bygglov och planprövning prognostiserar ett underskott på {abs} mnkr.",
             "Intäkterna från bygglovsavgifter är lägre än budgeterat eftersom färre ansökningar kommer in.",
             "Taxan ses över under hösten. Se även åtgärdsplan MBN-2026-01."),
    "249": ("Ej uppfyllt",
            "Utfallet hittills ligger långt över periodbudgeten, men förvaltningen bedömer underskottet för helåret "
            "till {abs} mnkr.",
            "Kall och snörik vinter gav höga kostnader för vinterväghållning i januari–mars. Kostnaderna "
            "kommer inte att fortsätta i samma takt resten av året.",
            "Beläggningsarbeten som inte är akuta skjuts till 2027."),
    "340": ("Ej uppfyllt",
            "Utfallet hittills följer budget, men förvaltningen räknar med ett underskott på {abs} mnkr för helåret.",
            "Reparation efter skadegörelse i Sjövallens omklädningsrum; arbetet görs i augusti.",
            "Försäkringsärendet utreds; eventuell ersättning minskar underskottet."),
}

EVENTS = {
    "KS": ["Kommunfullmäktige antog i februari en ny näringslivsstrategi för 2026–2030.",
           "Upphandlingen av nytt ekonomisystem är klar och införandet startar i september.",
           "Kommunens nya webbplats lanserades i mars med förbättrad tillgänglighet."],
    "BUN": ["Bygget av Norra förskolan följer tidplanen; inflyttning planeras till januari 2027.",
            "Fyra förskollärartjänster var vakanta i april trots upprepade annonseringar.",
            "En ny resursfördelningsmodell med socioekonomisk viktning gäller från januari."],
    "GVN": ["Fler elever än tidigare har sökt gymnasieprogram i grannkommunerna.",
            "Vuxenutbildningen har startat en yrkesutbildning till undersköterska tillsammans med "
            "vård- och omsorgsförvaltningen."],
    "SN": ["Antalet orosanmälningar om barn ökade med 18 procent jämfört med samma period 2025.",
           "Ett familjehemsteam startade i mars för att rekrytera och stödja kommunens egna familjehem.",
           "Verksamhetsplaneringen har anpassats till den nya socialtjänstlagen med fokus på förebyggande arbete."],
    "VON": ["Ombyggnaden av Solbacken har startat; 24 boende har flyttat tillfälligt till Lindgården.",
            "Hemtjänsten har infört digitala lås i hela kommunen.",
            "Sjukfrånvaron i särskilt boende var 9,8 procent, 1,2 procentenheter högre än samma period 2025.",
            "Upphandlingen av digitala trygghetslarm är klar."],
    "KFN": ["Kulturskolan har startat undervisning i dans och digital musikproduktion.",
            "Skadegörelse i Sjövallens omklädningsrum kräver en reparation för cirka 2,6 mnkr."],
    "TN": ["Vintern var kall och snörik; vinterväghållningen i januari–mars kostade betydligt mer än 2025.",
           "Arbetet med VA-ledningarna på Storgatan har startat enligt tidplan.",
           "En ny avfallstaxa med viktbaserad avgift gäller från den 1 januari."],
    "MBN": ["Antalet inkomna bygglovsansökningar minskade med 22 procent jämfört med samma period 2025.",
            "Två bygglovshandläggare har slutat och rekrytering pågår.",
            "Det nya digitala bygglovssystemet tas i drift i juni."],
}

GENERIC_EVENTS = ["Verksamheten har i huvudsak bedrivits enligt verksamhetsplanen.",
                  "Rekrytering av chefer och specialister pågår.",
                  "Arbetet med verksamhetsplanen för 2027 har påbörjats."]

GENERIC_GOAL_ANALYSIS = ("Delvis uppfyllt",
                         "Arbetet går enligt plan, men målet bedöms inte nås fullt ut under året.",
                         "Ökad efterfrågan och svårigheter att rekrytera.",
                         "Prioriteringar inom befintlig ram; uppföljning i delårsrapporten.")

COMMENTS_ON_BUDGET = [
    "Prognosen bygger på utfallet januari–april och bedöms följa budget.",
    "Inga kända förändringar som påverkar helåret.",
    "Verksamheten bedöms hålla budget. Mindre variationer mellan månaderna.",
    "Helårsprognos i nivå med budget.",
    "Utfallet följer periodbudgeten; inga avvikelser väntas.",
]
COMMENT_DEFICIT = "Prognosen visar ett underskott på {abs} mnkr."
COMMENT_SURPLUS = "Prognosen visar ett överskott på {abs} mnkr."
COMMENT_TAXA = "Taxefinansierad verksamhet; över- eller underskott regleras mot kollektivet vid årets slut."


# --- The same texts at the delår and the bokslut ------------------------------------------------------------
# At the delår the prognosis wording stays and names its period; at the bokslut the year is closed and every text
# speaks of the year's utfall (docs/analys.md "Årsbokslut"). Only the texts that differ are listed; the rest are
# the tertial's.

def comments_on_budget(tillfalle: str, till_manad: int) -> list[str]:
    """The comments of a verksamhet that keeps its budget, for the reporting point."""
    if tillfalle == "bokslut":
        return ["Utfallet för året följer budget.", "Inga större avvikelser under året.",
                "Verksamheten höll budget. Mindre variationer mellan månaderna.", "Utfallet är i nivå med budget.",
                "Utfallet följde periodbudgeten under hela året."]
    first = f"Prognosen bygger på utfallet januari–{MONTH_NAMES[till_manad - 1]} och bedöms följa budget."
    return [first, *COMMENTS_ON_BUDGET[1:]]


def comment_deficit_surplus(tillfalle: str) -> tuple[str, str]:
    """(underskott, överskott) comment with {abs} in mnkr."""
    if tillfalle == "bokslut":
        return "Utfallet visar ett underskott på {abs} mnkr.", "Utfallet visar ett överskott på {abs} mnkr."
    return COMMENT_DEFICIT, COMMENT_SURPLUS


VHT_ANALYSIS_BOKSLUT = {
    "569": ("Ej uppfyllt",
            "Barn- och ungdomsvården redovisar ett underskott på {abs} mnkr för året.",
            "Fler och dyrare placeringar på HVB-hem; sex nya placeringar under första halvåret.",
            "Åtgärdsplan SN-2026-01 fortsätter 2027. Antalet HVB-placeringar minskade under hösten."),
    "575": ("Ej uppfyllt",
            "Utbetalningarna av ekonomiskt bistånd gav ett underskott på {abs} mnkr för året.",
            VHT_ANALYSIS["575"][2], VHT_ANALYSIS["575"][3]),
    "5102": ("Ej uppfyllt", "Särskilt boende redovisar ett underskott på {abs} mnkr för året.",
             VHT_ANALYSIS["5102"][2], "Åtgärdsplan VON-2026-01 fortsätter 2027."),
    "513": ("Ej uppfyllt", "Insatser enligt LSS redovisar ett underskott på {abs} mnkr för året.",
            VHT_ANALYSIS["513"][2], "En egen LSS-bostad planeras till 2028; kostnaderna följs upp per ärende."),
    "440": ("Uppfyllt", "Grundskolan redovisar ett överskott på {abs} mnkr för året.", VHT_ANALYSIS["440"][2],
            "Rekryteringen av legitimerade lärare fortsätter 2027."),
    "476": ("Uppfyllt", "Svenska för invandrare redovisar ett överskott på {abs} mnkr för året.",
            VHT_ANALYSIS["476"][2], "Inga åtgärder."),
    "610": ("Uppfyllt", "Arbetsmarknadsåtgärderna redovisar ett överskott på {abs} mnkr för året.",
            VHT_ANALYSIS["610"][2], "Inga åtgärder."),
    "2151": ("Ej uppfyllt", "Bygglov och planprövning redovisar ett underskott på {abs} mnkr för året.",
             VHT_ANALYSIS["2151"][2], "Taxan har setts över och en ny taxa gäller från 2027. Se även åtgärdsplan "
                                      "MBN-2026-01."),
    "249": ("Ej uppfyllt", "Väg- och järnvägsnät, parkering redovisar ett underskott på {abs} mnkr för året.",
            "Kall och snörik vinter gav höga kostnader för vinterväghållning i januari–mars.",
            "Beläggningsarbeten som inte var akuta har skjutits till 2027."),
    "340": ("Ej uppfyllt", "Idrotts- och fritidsanläggningarna redovisar ett underskott på {abs} mnkr för året.",
            "Reparation efter skadegörelse i Sjövallens omklädningsrum, gjord i augusti.",
            "Försäkringsärendet är inte avslutat; en ersättning bokförs när den kommer."),
}

GOAL_ANALYSIS_BOKSLUT = {
    "KS1": ("Uppfyllt",
            "Andelen deltagare i arbetsmarknadsinsatser som gått vidare till arbete eller studier var 44 procent "
            "2026, över målvärdet 40 procent.",
            GOAL_ANALYSIS["KS1"][2], "Ett nytt jobbspår inom restaurang startade i september."),
    "KS2": ("Ej uppfyllt",
            "Årets resultat 2026 når inte det finansiella målet på 2 procent av skatteintäkter och generella "
            "statsbidrag. Soliditeten har förbättrats och nettokostnadsavvikelsen minskar.",
            GOAL_ANALYSIS["KS2"][2], "Den kommunövergripande åtgärdsplanen KS-2026-01 fortsätter 2027."),
    "SN2": ("Delvis uppfyllt",
            "94 procent av utredningarna inom barn- och ungdomsvården avslutades inom 120 dagar 2026, något under "
            "målet 95 procent. Under hösten nåddes målet flera månader.",
            GOAL_ANALYSIS["SN2"][2], "Mottagningsteamet som sållar anmälningar blir permanent från 2027."),
    "TN2": ("Uppfyllt", GOAL_ANALYSIS["TN2"][1], GOAL_ANALYSIS["TN2"][2],
            "Vinterväghållningen 2026 blev dyrare än budgeterat, se verksamhet 249."),
    "MBN1": ("Ej uppfyllt",
             "Handläggningstiden för bygglov var i median 37 dagar 2026, över målet 28 dagar. Den minskade under "
             "hösten till 30 dagar i december.",
             "Två av sex bygglovshandläggare slutade under våren; tjänsterna tillsattes i augusti.",
             "Se åtgärdsplan MBN-2026-01."),
    "KFN1": ("Uppfyllt", "Biblioteken hade 5,6 besök per invånare 2026 och kulturskolan har fler elever än någonsin.",
             GOAL_ANALYSIS["KFN1"][2], "Meröppet infördes på biblioteket i Västra under hösten."),
}
GENERIC_GOAL_ANALYSIS_BOKSLUT = ("Delvis uppfyllt",
                                 "Arbetet har gått enligt plan, men målet nåddes inte fullt ut under året.",
                                 GENERIC_GOAL_ANALYSIS[2], "Arbetet fortsätter inom befintlig ram 2027.")

INDICATOR_ANALYSIS_BOKSLUT = {
    "E-MBN-01": ("Ej uppfyllt",
                 "Medianhandläggningstiden ökade från 30 dagar 2024 till 37 dagar 2026.",
                 INDICATOR_ANALYSIS["E-MBN-01"][2], "Se åtgärdsplan MBN-2026-01."),
    "E-KFN-01": ("Uppfyllt",
                 "Besöken per invånare ökade till 5,6 2026. Från 2024 räknas besöken med nya besöksräknare, så "
                 "värdena kan inte jämföras med åren före 2024.",
                 INDICATOR_ANALYSIS["E-KFN-01"][2], "Inga åtgärder."),
    "N03102": ("Ej uppfyllt", "Resultatet 2026 når inte målet 2 procent.", INDICATOR_ANALYSIS["N03102"][2],
               "Se åtgärdsplan KS-2026-01."),
}


def goal_analysis(tillfalle: str) -> tuple[dict, tuple]:
    """(GOAL_ANALYSIS, GENERIC_GOAL_ANALYSIS) for the reporting point."""
    if tillfalle == "bokslut":
        return {**GOAL_ANALYSIS, **GOAL_ANALYSIS_BOKSLUT}, GENERIC_GOAL_ANALYSIS_BOKSLUT
    return GOAL_ANALYSIS, GENERIC_GOAL_ANALYSIS


def indicator_analysis(tillfalle: str) -> dict:
    return {**INDICATOR_ANALYSIS, **INDICATOR_ANALYSIS_BOKSLUT} if tillfalle == "bokslut" else INDICATOR_ANALYSIS


def vht_analysis(tillfalle: str) -> dict:
    return {**VHT_ANALYSIS, **VHT_ANALYSIS_BOKSLUT} if tillfalle == "bokslut" else VHT_ANALYSIS


def generic_vht_analysis(tillfalle: str, word: str, amount: str) -> str:
    """The analysis of a large deviation in a nämnd without written texts."""
    if tillfalle == "bokslut":
        return f"Verksamheten redovisar ett {word} på {amount} mnkr för året."
    return f"Verksamheten prognostiserar ett {word} på {amount} mnkr."


# Åtgärdsplanernas Nuläge at the bokslut, where the tertial's text spoke of a prognosis.
NULAGE_BOKSLUT = {
    "KS-2026-01": "Resultatet 2025 blev 0,6 procent av skatter och statsbidrag och flera nämnder redovisar underskott "
                  "för 2026.",
    "SN-2026-01": "Kostnaderna för placeringar på HVB-hem ökade och verksamheten redovisar ett underskott för 2026.",
}

# Viktiga händelser at the bokslut: the tertial's events told as the year's (past tense, whole-year comparisons).
EVENTS_BOKSLUT = {
    "KS": ["Kommunfullmäktige antog i februari en ny näringslivsstrategi för 2026–2030.",
           "Införandet av det nya ekonomisystemet startade i september och fortsätter under 2027.",
           "Kommunens nya webbplats lanserades i mars med förbättrad tillgänglighet."],
    "BUN": ["Bygget av Norra förskolan följde tidplanen; inflyttning sker i januari 2027.",
            "Flera förskollärartjänster var vakanta under våren; fyra tillsattes till hösten.",
            "En ny resursfördelningsmodell med socioekonomisk viktning gällde från januari."],
    "GVN": ["Fler elever än tidigare sökte gymnasieprogram i grannkommunerna.",
            "Vuxenutbildningen startade en yrkesutbildning till undersköterska tillsammans med "
            "vård- och omsorgsförvaltningen."],
    "SN": ["Antalet orosanmälningar om barn ökade med 16 procent jämfört med 2025.",
           "Ett familjehemsteam startade i mars för att rekrytera och stödja kommunens egna familjehem.",
           "Verksamhetsplaneringen har anpassats till den nya socialtjänstlagen med fokus på förebyggande arbete."],
    "VON": ["Ombyggnaden av Solbacken pågick hela året; 24 boende bodde tillfälligt på Lindgården.",
            "Hemtjänsten har infört digitala lås i hela kommunen.",
            "Sjukfrånvaron i särskilt boende var 9,5 procent, 1,0 procentenhet högre än 2025.",
            "Digitala trygghetslarm har införts för alla med trygghetslarm."],
    "KFN": ["Kulturskolan har startat undervisning i dans och digital musikproduktion.",
            "Skadegörelse i Sjövallens omklädningsrum krävde en reparation för cirka 2,6 mnkr i augusti."],
    "TN": ["Vintern var kall och snörik; vinterväghållningen i januari–mars kostade betydligt mer än 2025.",
           "Arbetet med VA-ledningarna på Storgatan följde tidplanen och avslutas 2027.",
           "En ny avfallstaxa med viktbaserad avgift gällde från den 1 januari."],
    "MBN": ["Antalet inkomna bygglovsansökningar minskade med 18 procent jämfört med 2025.",
            "Två bygglovshandläggare slutade under våren; tjänsterna tillsattes i augusti.",
            "Det nya digitala bygglovssystemet togs i drift i juni."],
}
GENERIC_EVENTS_BOKSLUT = ["Verksamheten har i huvudsak bedrivits enligt verksamhetsplanen.",
                          "Rekryteringen av chefer och specialister har fortsatt under året.",
                          "Verksamhetsplanen för 2027 är klar."]


def events(tillfalle: str, namnd_id: str) -> list[str]:
    """The Viktiga händelser of a nämnd at the reporting point."""
    if tillfalle == "bokslut":
        return EVENTS_BOKSLUT.get(namnd_id, GENERIC_EVENTS_BOKSLUT)
    return EVENTS.get(namnd_id, GENERIC_EVENTS)


# The cause category (the SKL guide's "Checklista sök orsaker", pipeline.read.kinds.ORSAKSKATEGORIER) of each
# analysis above, by what it is about (mål, indikator or verksamhet); other rows: CAUSE_DEFAULT.
CAUSE_CATEGORY = {
    "KS1": "Aktiviteter, prestationer", "KS2": "Samspel, kultur inom organisationen", "BUN1": "Brukare",
    "BUN2": "Aktiviteter, prestationer", "GVN1": "Omvärld", "VON1": "Aktiviteter, prestationer", "VON2": "Brukare",
    "VON3": "Aktiviteter, prestationer", "SN1": "Omvärld", "SN2": "Brukare", "TN1": "Omvärld",
    "TN2": "Aktiviteter, prestationer", "MBN1": "Samspel, kultur inom organisationen", "KFN1": "Medborgare",
    "N15535": "Mätfel", "N11102": "Omvärld", "U21401": "Utrustning, materiel", "U23401": "Aktiviteter, prestationer",
    "N03102": "Omvärld",
    "569": "Brukare", "575": "Omvärld", "5102": "Brukare", "513": "Brukare", "440": "Aktiviteter, prestationer",
    "476": "Omvärld", "610": "Omvärld", "2151": "Samspel, kultur inom organisationen", "249": "Omvärld",
    "340": "Utrustning, materiel",
}
CAUSE_DEFAULT = "Aktiviteter, prestationer"


def cause(subject: str) -> str:
    return CAUSE_CATEGORY.get(subject, CAUSE_DEFAULT)
