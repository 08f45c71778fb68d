"""The example kommun's planning round for budget year 2027: one workbook per nämnd in `inputs/2027/plan/` with
Prioriteringar (Motala Bilaga 3), Konsekvenser (SKR matris), Åtgärdsplan and Aktiviteter, and the central
`Ramar 2027.xlsx`. The förslag are written by hand; the konsekvenser follow from each förslag's effects, each sikt
with its own text. Two förslag are deliberately incomplete so the documents can show it: TN-3 lacks Personal and
every lång sikt, and SN-3 has the same text on kort and lång sikt for Brukare/medborgare.
"""

from __future__ import annotations

from pathlib import Path

from pipeline.config import Config
from exempel.excel_writer import SheetSpec, write_workbook
from pipeline.read import kinds

# (id, typ, problem, målgrupp, åtgärd, nuvarande åtgärd, kostnad tkr, svårighetsgrad, nytta, skala,
#  kostnadseffektivitet, nämndens rang, omfattning, risk om inget görs, agenda 2030, effects)
# effects: {perspektiv: (kort, lång, beskrivning kort sikt, beskrivning lång sikt)} with effekt words
# Positiv/Negativ/Neutral/Ingen; None leaves that sikt out
FORSLAG: dict[str, tuple] = {
    "SN": (
        ("SN-1", "Effektivisering", "Höga kostnader för externa placeringar av barn och unga",
         "Barn och unga 0–20 år", "Bygga ut öppenvården och familjehemsvården i egen regi", "Köpta HVB-placeringar",
         -6500, "Stor", "Stor", "Individ/Medborgare", "Mycket hög", 2, "Service och samhälle",
         "Kostnaderna för placeringar fortsätter att öka med 10–15 procent per år.", "3, 10",
         {"Ekonomi": ("Negativ", "Positiv", "Uppstartskostnad för rekrytering och utbildning första året.",
                      "Lägre placeringskostnader när färre barn placeras externt."),
          "Personal": ("Neutral", "Positiv", "Tre familjebehandlare rekryteras; arbetsbelastningen oförändrad.",
                       "Mer av arbetet nära familjerna och mindre tid på placeringsärenden."),
          "Brukare/medborgare": ("Positiv", "Positiv", "Barn kan bo kvar i sin närmiljö under insatsen.",
                                 "Färre uppbrott från skola och vänner under uppväxten."),
          "Social hållbarhet": ("Positiv", "Positiv", "Stöd i hemmet når familjerna tidigare.",
                                "Stärkt skyddsnät för barn i utsatta familjer."),
          "Miljö": ("Neutral", "Positiv", "Resorna till befintliga placeringar fortsätter.",
                    "Färre långa resor till placeringar i andra län."),
          "Jämställdhet": ("Neutral", "Neutral", "Insatserna ges lika till flickor och pojkar.",
                           "Ingen skillnad i utfall mellan flickor och pojkar väntas.")}),
        ("SN-4", "Effektivisering", "Handläggningen av ansökningar om ekonomiskt bistånd tar lång tid",
         "Sökande av ekonomiskt bistånd", "Digital ansökan och automatiserad kontroll av inkomstuppgifter",
         "Pappersansökan", -400, "Liten", "Måttlig", "Organisation", "Mycket hög", 1, "Service",
         "Fortsatt lång väntan på beslut.", "16",
         {"Ekonomi": ("Negativ", "Positiv", "Licens- och införandekostnad.",
                      "Frigjord handläggartid motsvarande en tjänst."),
          "Personal": ("Positiv", "Positiv", "Mindre manuell kontroll av inkomstuppgifter.",
                       "Mer tid för samtal och planering med de sökande."),
          "Brukare/medborgare": ("Positiv", "Positiv", "Snabbare beslut om ekonomiskt bistånd.",
                                 "Enklare att ansöka digitalt varje månad.")}),
        ("SN-2", "Prioritering inom ram", "Långa väntetider till skuldrådgivning", "Vuxna med skuldproblem",
         "En tjänst till för budget- och skuldrådgivning", None, 650, "Måttlig", "Stor", "Individ/Medborgare", "Hög",
         1, "Service", "Väntetiden ökar till över sex månader.", "1",
         {"Ekonomi": ("Negativ", "Neutral", "Lönekostnad för en tjänst.",
                      "Kostnaden vägs upp av färre avhysningar och akuta insatser."),
          "Personal": ("Positiv", "Positiv", "Lägre arbetsbelastning i försörjningsstödet.",
                       "Färre återkommande ärenden om skulder."),
          "Brukare/medborgare": ("Positiv", "Positiv", "Kortare väntan på rådgivning.",
                                 "Färre avhysningar och hushåll med långvariga skulder.")}),
        ("SN-3", "Ransonering", "Budget i balans inom ekonomiskt bistånd", "Hushåll med försörjningsstöd",
         "Striktare bedömning av kostnader utöver riksnormen", "Nuvarande riktlinjer", -1800, "Stor", "Liten",
         "Individ/Medborgare", "Måttlig", 1, "Service", "Underskottet inom ekonomiskt bistånd kvarstår.", "1, 10",
         {"Ekonomi": ("Positiv", "Positiv", "Lägre utbetalningar redan första året.",
                      "Underskottet inom ekonomiskt bistånd minskar varaktigt."),
          "Personal": ("Negativ", "Neutral", "Fler omprövningar första året.",
                       "Bedömningarna blir en del av det vanliga arbetet."),
          "Brukare/medborgare": ("Negativ", "Negativ", "Mindre utrymme för särskilda behov.",
                                 "Mindre utrymme för särskilda behov.")}),
    ),
    "VON": (
        ("VON-1", "Kommunövergripande prioritering", "Fler äldre med behov av särskilt boende", "Äldre 80 år och äldre",
         "Öppna 20 nya platser på Solbacken efter ombyggnaden", "Köpta platser i grannkommuner", 9800, "Mycket stor",
         "Mycket stor", "Individ/Medborgare", "Hög", 1, "Service och samhälle",
         "Kön till särskilt boende växer och betalningsansvaret mot regionen ökar.", "3, 11",
         {"Ekonomi": ("Negativ", "Negativ", "Driftkostnad för 20 platser från öppningen.",
                      "Varaktig driftkostnad, delvis mött av färre köpta platser."),
          "Personal": ("Negativ", "Positiv", "Rekrytering av 18 årsarbetare.",
                       "Bättre arbetsmiljö i nya lokaler."),
          "Brukare/medborgare": ("Positiv", "Positiv", "Kortare väntan på särskilt boende.",
                                 "Boende nära hemmet och anhöriga."),
          "Social hållbarhet": ("Positiv", "Positiv", "Anhöriga avlastas.",
                                "Äldre kan bo kvar i kommunen när behoven ökar."),
          "Miljö": ("Neutral", "Positiv", "Ombyggnaden är redan beslutad.",
                    "Energieffektiva lokaler efter ombyggnaden.")}),
        ("VON-2", "Effektivisering", "Hög andel timanställda i hemtjänsten", "Medarbetare i hemtjänsten",
         "Heltid som norm och schemaläggning med bemanningsverktyg", "Nuvarande schemaläggning", -2400, "Stor", "Stor",
         "Organisation", "Mycket hög", 1, "Service", "Fortsatt hög personalomsättning och låg kontinuitet.", "5, 8",
         {"Ekonomi": ("Neutral", "Positiv", "Kostnaden för schemaverktyget tas inom ram.",
                      "Lägre kostnad för timvikarier och övertid."),
          "Personal": ("Positiv", "Positiv", "Fler heltider och tryggare anställningar.",
                       "Lägre personalomsättning."),
          "Brukare/medborgare": ("Positiv", "Positiv", "Färre olika personal per brukare.",
                                 "Bättre kontinuitet och kännedom om brukarens behov."),
          "Jämställdhet": ("Positiv", "Positiv", "Fler kvinnor får heltid.",
                           "Mindre skillnad i inkomst och pension mellan kvinnor och män.")}),
        ("VON-3", "Investering", "Trygghetslarm och nattillsyn med kamera", "Äldre i ordinärt boende",
         "Digital nattillsyn för de som önskar", "Fysiska tillsynsbesök nattetid", 1200, "Måttlig", "Måttlig",
         "Individ/Medborgare", "Hög", 1, "Service", "Fler nattbesök och störd nattsömn för brukarna.", "3, 9",
         {"Ekonomi": ("Negativ", "Positiv", "Investering i kameror och larm.",
                      "Lägre kostnad för nattpatrullen."),
          "Personal": ("Neutral", "Positiv", "Utbildning i digital tillsyn inom ordinarie tid.",
                       "Färre bilresor nattetid."),
          "Brukare/medborgare": ("Positiv", "Positiv", "Ostörd nattsömn.",
                                 "Trygghet att bo kvar hemma längre.")}),
    ),
    "BUN": (
        ("BUN-1", "Kommunövergripande prioritering", "Brist på förskoleplatser i Norra", "Barn 1–5 år och deras föräldrar",
         "Driftstart av nya förskolan Norra med sex avdelningar", None, 7200, "Stor", "Mycket stor",
         "Individ/Medborgare", "Hög", 1, "Service och samhälle", "Kommunen kan inte erbjuda plats inom fyra månader.",
         "4, 5",
         {"Ekonomi": ("Negativ", "Negativ", "Driftkostnad för sex avdelningar.",
                      "Varaktig driftkostnad när barnantalet i Norra växer."),
          "Personal": ("Negativ", "Positiv", "Rekryteringsbehov av förskollärare.",
                       "Moderna lokaler och bättre arbetsmiljö."),
          "Brukare/medborgare": ("Positiv", "Positiv", "Plats inom fyra månader.",
                                 "Förskola nära hemmet."),
          "Jämställdhet": ("Positiv", "Positiv", "Föräldrar, oftast mammor, kan börja arbeta.",
                           "Jämnare fördelning av förvärvsarbete mellan föräldrarna."),
          "Social hållbarhet": ("Positiv", "Positiv", "Fler barn börjar förskolan tidigt.",
                                "Tidig förskola jämnar ut skillnader i uppväxtvillkor."),
          "Miljö": ("Neutral", "Positiv", "Ingen förändring under uppstarten.",
                    "Kortare resor till förskola i den egna stadsdelen."),
          "Integration": ("Positiv", "Positiv", "Fler barn med annat modersmål går i förskola.",
                          "Bättre svenska inför skolstarten.")}),
        ("BUN-2", "Effektivisering", "Små och halvfulla skolskjutsslingor", "Elever med skolskjuts",
         "Ny upphandling och samordnade slingor", "Nuvarande avtal", -900, "Liten", "Liten", "Organisation",
         "Mycket hög", 1, "Service", "Högre kostnader än jämförbara kommuner kvarstår.", "11",
         {"Ekonomi": ("Positiv", "Positiv", "Lägre transportkostnad från avtalsstart.",
                      "Samordnade slingor håller kostnaden nere."),
          "Personal": ("Neutral", "Neutral", "Ingen påverkan; upphandlingen görs inom ordinarie arbete.",
                       "Ingen påverkan på skolornas personal."),
          "Brukare/medborgare": ("Negativ", "Neutral", "Något längre restid för vissa elever.",
                                 "Eleverna vänjer sig vid de nya tiderna.")}),
    ),
    "GVN": (
        ("GVN-1", "Prioritering inom ram", "Många elever når inte examen i tid", "Gymnasieelever",
         "Studieverkstad och mentorstid i alla program", None, 1400, "Måttlig", "Stor", "Individ/Medborgare", "Hög",
         1, "Service", "Fler elever lämnar gymnasiet utan examen.", "4",
         {"Ekonomi": ("Negativ", "Positiv", "Kostnad för mentorstid.",
                      "Färre förlängda studier."),
          "Personal": ("Neutral", "Positiv", "Mentorstiden läggs in i tjänsterna.",
                       "Lärarna får stöd i mentorsuppdraget."),
          "Brukare/medborgare": ("Positiv", "Positiv", "Elever får hjälp i tid.",
                                 "Fler tar examen.")}),
        ("GVN-2", "Effektivisering", "Låg fyllnadsgrad i SFI kvällstid", "Elever i SFI", "Slå samman kvällsgrupper",
         "Fyra kvällsgrupper", -600, "Liten", "Liten", "Organisation", "Hög", 1, "Service",
         "Dyra halvfulla grupper.", "4, 10",
         {"Ekonomi": ("Positiv", "Positiv", "Två lärartjänster färre kvällstid.",
                      "Lägre kostnad per elev i SFI."),
          "Personal": ("Negativ", "Neutral", "Ändrade scheman.",
                       "Större grupper blir det normala."),
          "Brukare/medborgare": ("Neutral", "Neutral", "Samma undervisningstid.",
                                 "Samma möjlighet att läsa SFI kvällstid.")}),
    ),
    "KS": (
        ("KS-1", "Investering", "Föråldrad IT-infrastruktur", "Kommunens verksamheter", "Byte av nätverk och brandväggar",
         None, 4500, "Måttlig", "Stor", "Organisation", "Hög", 1, "Service", "Ökad risk för avbrott och intrång.", "9",
         {"Ekonomi": ("Negativ", "Neutral", "Investering på 4 500 tkr.",
                      "Avskrivningar i nivå med dagens underhåll."),
          "Personal": ("Positiv", "Positiv", "Stabilare system.",
                       "Mindre tid på felsökning och avbrott."),
          "Brukare/medborgare": ("Positiv", "Positiv", "Färre avbrott i e-tjänsterna.",
                                 "Lägre risk för dataintrång.")}),
        ("KS-2", "Effektivisering", "Manuell fakturahantering", "Ekonomi- och administrativ personal",
         "Automatiserad fakturaattest", "Manuell attest", -1100, "Liten", "Måttlig", "Organisation", "Mycket hög", 1,
         "Service", "Fortsatt tidskrävande hantering och risk för fel.", "16",
         {"Ekonomi": ("Neutral", "Positiv", "Införandet tas inom ram.",
                      "Frigjord arbetstid motsvarande två tjänster."),
          "Personal": ("Positiv", "Positiv", "Mindre rutinarbete.",
                       "Mer tid för analys och uppföljning."),
          "Brukare/medborgare": ("Ingen", "Ingen", "Ingen direkt påverkan.",
                                 "Ingen påverkan på tjänsterna till medborgarna.")}),
    ),
    "KFN": (
        ("KFN-1", "Ransonering", "Låga besökstal på filialbiblioteket i Östra", "Invånare i Östra",
         "Meröppet med kortare bemannad tid", "Bemannat fem dagar i veckan", -700, "Måttlig", "Måttlig",
         "Individ/Medborgare", "Hög", 1, "Service och samhälle",
         "Kostnaden per besök fortsätter att öka.", "4, 11",
         {"Ekonomi": ("Positiv", "Positiv", "Lägre personalkostnad.",
                      "Lägre kostnad per besök."),
          "Personal": ("Negativ", "Neutral", "Färre tjänster på filialen.",
                       "Personalen samlas på huvudbiblioteket."),
          "Brukare/medborgare": ("Positiv", "Positiv", "Längre öppettider med meröppet.",
                                 "Biblioteket blir tillgängligt för fler."),
          "Social hållbarhet": ("Neutral", "Neutral", "Biblioteket finns kvar i området.",
                                "En mötesplats i Östra även utan personal."),
          "Miljö": ("Ingen", "Ingen", "Ingen påverkan under omställningen.",
                    "Ingen varaktig påverkan på miljön.")}),
    ),
    "TN": (
        ("TN-1", "Investering", "Dåligt skick på gator i centrum", "Trafikanter", "Beläggningsprogram 2027", None, 12000,
         "Måttlig", "Stor", "Samhälle", "Måttlig", 1, "Service och samhälle",
         "Ökade underhållskostnader och sämre trafiksäkerhet.", "9, 11",
         {"Ekonomi": ("Negativ", "Positiv", "Investering på 12 000 tkr.",
                      "Lägre kostnad för akut underhåll."),
          "Personal": ("Neutral", "Neutral", "Utförs av entreprenör.",
                       "Ingen förändring för gatuenhetens personal."),
          "Brukare/medborgare": ("Positiv", "Positiv", "Bättre framkomlighet när gatorna är klara.",
                                 "Säkrare gator för alla trafikanter."),
          "Miljö": ("Neutral", "Positiv", "Tillfälligt buller under arbetet.",
                    "Mindre buller med ny beläggning."),
          "Social hållbarhet": ("Positiv", "Positiv", "Tryggare gång- och cykelstråk.",
                                "Centrum blir mer tillgängligt för äldre och personer med funktionsnedsättning.")}),
        ("TN-2", "Effektivisering", "Hög energiförbrukning i gatubelysningen", "Kommunen", "LED-armaturer",
         "Natriumlampor", -800, "Liten", "Måttlig", "Samhälle", "Mycket hög", 1, "Service och samhälle",
         "Fortsatt höga elkostnader.", "7, 13",
         {"Ekonomi": ("Negativ", "Positiv", "Investering i nya armaturer.",
                      "Investeringen betalar sig på sex år."),
          "Personal": ("Neutral", "Neutral", "Bytet utförs av entreprenör.",
                       "Färre lampbyten i underhållet men ingen förändring i bemanningen."),
          "Brukare/medborgare": ("Neutral", "Positiv", "Byte gata för gata utan avbrott.",
                                 "Bättre ljus."),
          "Miljö": ("Positiv", "Positiv", "Lägre energianvändning.",
                    "Mindre utsläpp och inget kvicksilver i armaturerna."),
          "Social hållbarhet": ("Neutral", "Positiv", "Ingen märkbar skillnad under bytet.",
                                "Tryggare upplysta gångstråk.")}),
        # deliberately incomplete: Personal and lång sikt missing
        ("TN-3", "Ransonering", "Vinterväghållning över budget", "Trafikanter", "Senare plogstart på lokalgator",
         "Plogstart vid 5 cm", -500, "Måttlig", "Liten", "Samhälle", "Låg", 1, "Service",
         "Underskott på vinterväghållningen kalla vintrar.", "11",
         {"Ekonomi": ("Positiv", None, "Lägre kostnad kalla vintrar.", None),
          "Brukare/medborgare": ("Negativ", None, "Sämre framkomlighet på lokalgator.", None)}),
    ),
    "MBN": (
        ("MBN-1", "Prioritering inom ram", "Långa handläggningstider för bygglov", "Sökande av bygglov",
         "E-tjänst med kompletthetskontroll", None, 300, "Liten", "Stor", "Individ/Medborgare", "Mycket hög", 1,
         "Service", "Lagstadgade tidsfrister överskrids och avgifter måste sättas ned.", "11, 16",
         {"Ekonomi": ("Negativ", "Positiv", "Kostnad för e-tjänsten.",
                      "Mindre avgiftsreduktion när tidsfristerna hålls."),
          "Personal": ("Positiv", "Positiv", "Färre kompletteringar att begära.",
                       "Jämnare arbetsbelastning för handläggarna."),
          "Brukare/medborgare": ("Positiv", "Positiv", "Snabbare beslut om bygglov.",
                                 "Förutsägbara handläggningstider för byggprojekt.")}),
    ),
}

# Åtgärds- och handlingsplaner in the planning round (Åtgärdsplan and Aktiviteter sheets), per nämnd.
HANDLINGSPLANER = {
    "SN": ((("SN-P1", "SN-1", "Placeringar", "Många barn placeras utanför kommunen", "Hälften av nya placeringar "
             "ersätts av öppenvård eller familjehem inom kommunen", "Enhetschef barn och unga",
             "Månadsvis i nämndens ekonomiuppföljning", "2027-01-01–2027-12-31"),),
           (("SN-P1", "Rekrytera tre familjebehandlare", "Lönekostnad 1 950 tkr", "Enhetschef", "Tertialvis",
             "Senast mars 2027"),
            ("SN-P1", "Starta familjehemsteam med egen rekrytering", "Två tjänster", "Enhetschef", "Tertialvis",
             "Senast juni 2027"))),
}

RAMAR_2027 = {  # tkr: preliminary driftram and investeringsutrymme per nämnd
    "KS": (124_000, 8_000), "BUN": (1_002_000, 15_000), "GVN": (284_000, 2_000), "SN": (283_000, 1_000),
    "VON": (1_034_000, 4_000), "KFN": (130_000, 3_000), "TN": (162_000, 30_000), "MBN": (19_000, 500),
}

PRIORITERING_HEADER = kinds.headers(kinds.PRIORITERINGAR, {"kostnad": "tkr"})
KONSEKVENS_HEADER = kinds.headers(kinds.KONSEKVENSER)


def forslag_rows(namnd_id: str) -> list[tuple]:
    return [(f[0], namnd_id, f[1], f[2], f[3], f[4], f[5], f[6], f[7], f[8], f[9], f[10], f[11])
            for f in FORSLAG.get(namnd_id, ())]


def konsekvens_rows(namnd_id: str) -> list[tuple]:
    rows = []
    for f in FORSLAG.get(namnd_id, ()):
        first = True
        for perspektiv, (kort, lang, kort_text, lang_text) in f[15].items():
            for sikt, effekt, text in (("Kort", kort, kort_text), ("Lång", lang, lang_text)):
                if effekt is None:
                    continue
                rows.append((f[0], perspektiv, sikt, effekt, text, f[14] if first else None,
                             f[13] if first else None, f[12] if first else None, None))
                first = False
    return rows


def write_plan_round(config: Config, inputs_dir: Path, year: int) -> list[Path]:
    """`inputs_dir/<year>/plan/Prioriteringar <nämnd> <year>.xlsx` per nämnd and `inputs_dir/<year>/Ramar <year>.xlsx`."""
    folder = Path(inputs_dir) / str(year)
    paths = []
    for n in config.namnder:
        if n.id not in FORSLAG:
            continue
        sheets = [
            SheetSpec("Prioriteringar", PRIORITERING_HEADER, forslag_rows(n.id),
                      titles=(f"Prioriteringsmodell {year} – {n.namn}",), widths={4: 40, 6: 45, 7: 30},
                      number_formats={8: "#,##0"}),
            SheetSpec("Konsekvenser", KONSEKVENS_HEADER, konsekvens_rows(n.id), widths={2: 22, 5: 60, 7: 50}),
        ]
        if n.id in HANDLINGSPLANER:
            plan_rows, activities = HANDLINGSPLANER[n.id]
            header = kinds.headers(kinds.ATGARDSPLAN)[:8]
            sheets += [SheetSpec("Åtgärdsplan", header, plan_rows, widths={4: 40, 5: 45}),
                       SheetSpec("Aktiviteter", kinds.headers(kinds.AKTIVITETER), activities, widths={2: 45})]
        paths.append(write_workbook(folder / "plan" / f"Prioriteringar {n.id} {year}.xlsx", sheets, year - 1))
    ramar = [(n.id, *RAMAR_2027[n.id]) for n in config.namnder if n.id in RAMAR_2027]
    paths.append(write_workbook(folder / f"Ramar {year}.xlsx", [
        SheetSpec("Ramar", ("Nämnd", "Driftram (tkr)", "Investeringsutrymme (tkr)"), ramar,
                  titles=(f"Preliminära ramar {year} (planeringsdirektivet)",), number_formats={2: "#,##0", 3: "#,##0"}),
    ], year - 1))
    return paths
