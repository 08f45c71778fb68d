"""Swedish descriptions of every template variable, path -> text (docs/mallvariabler.md is generated from them).

Every path in a kind's schema (pipeline.mallar.schema) needs a description: `description_key()` looks the path up in
DESCRIPTIONS, then under its SAME_AS original (kf_mal[].mal[] holds the same mål dicts as mal[]), then, for a
field of a status dict (ord, symbol, farg, hex, text, rt), in STATUS_FIELDS. The generator refuses to write the
document when a path has no description, and when a description names a path the schema does not have.
"""

from __future__ import annotations

# Subtrees that hold the same dicts as another path: described once, under the original.
SAME_AS = {"kf_mal[].mal[]": "mal[]",
           # the kommunövergripande report's economy rows hold the same amount fields as a nämnd's driftredovisning
           "ekonomi.rader[]": "drift.rader[]", "ekonomi.summa": "drift.summa"}

STATUS_FIELDS = {
    "ord": "Statusordet: Uppfyllt, Delvis uppfyllt, Ej uppfyllt, Kan ej bedömas, Informationsmått, eller – "
           "när status saknas.",
    "symbol": "Statusens symbol (✔ ◐ ✖ ○ ℹ); tom när status saknas.",
    "farg": "Statusens färg som namn för CSS-klasser: gron, gul, rod eller gra.",
    "hex": "Statusens färg som hexkod utan #, t.ex. 1E7B34.",
    "text": "Symbol och ord tillsammans, t.ex. ”✔ Uppfyllt” – så ska status visas (aldrig bara färg).",
    "rt": "Symbol och ord som färgad fet text för Word; skrivs med `{{r … }}`, t.ex. `{{r r.status.rt }}`.",
}

_CHART_IMAGE = {
    "png": "Diagrammet som PNG-bild (binärdata; används av programmet, inte direkt i mallar).",
    "bredd_mm": "Diagrammets bredd i Word, i millimeter.",
    "src": "Diagrammet som data-URI för `<img src=\"…\">` i HTML-mallen.",
    "bild": "Diagrammet som bild i Word, med alt-texten inlagd: `{{ ….bild }}` i ett eget stycke.",
}


def _chart(prefix: str, fields: dict[str, str]) -> dict[str, str]:
    return {f"{prefix}.{k}": v for k, v in {**fields, **_CHART_IMAGE}.items()}


_IND = "mal[].indikatorer[]"

DESCRIPTIONS: dict[str, str] = {
    # The kommunövergripande report (kommunrapport) only.
    "dokument.mottagare": "Vem rapporten går till: ”Kommunstyrelsen och kommunfullmäktige”.",
    "dokument.filnamn": "Filnamnet utan ändelse, t.ex. ”2026 Tertialrapport 1 Kommunövergripande”.",
    "ekonomi": "Alla nämnders ekonomi i en tabell.",
    "ekonomi.rader": "En rad per nämnd, i konfigurationens ordning.",
    "ekonomi.rader[].namnd": "Nämndens namn.",
    "ekonomi.summa": "Summaraden för kommunen, summerad direkt från alla verksamheter (lika med nämndernas summa).",
    "kf_mal[].namndmal": "Nämndmålen under KF-målet, från alla nämnder.",
    "kf_mal[].namndmal[].id": "Nämndmålets id.",
    "kf_mal[].namndmal[].namnd": "Nämndens namn.",
    "kf_mal[].namndmal[].formulering": "Nämndmålets formulering.",
    "kf_mal[].namndmal[].beraknad": "Nämndmålets status beräknad från indikatorerna (prognos vid tertial och delår).",
    "kf_mal[].namndmal[].bedomning": "Förvaltningens egen bedömning av nämndmålet.",
    "finansiella_mal": "De finansiella målen: indikatorerna under mål med målområdet Ekonomi.",
    "finansiella_mal[].mal": "Målets id.",
    "finansiella_mal[].namn": "Nyckeltalets namn.",
    "finansiella_mal[].malvarde": "Målvärdet.",
    "finansiella_mal[].varde": "Senaste värdet med period, t.ex. ”0,6 (2025)”.",
    "finansiella_mal[].status": "Status för värdet.",
    "avvikelser[].namnd": "Nämndens namn (i den kommunövergripande rapporten).",
    "namnder": "En del per nämnd, i konfigurationens ordning.",
    "namnder[].namn": "Nämndens namn (rubrik för nämndens del).",
    "namnder[].forvaltning": "Förvaltningens namn.",
    "namnder[].sammanfattning": "Nämndens ekonomi för perioden och helåret i en mening.",
    "namnder[].mal": "Nämndens mål.",
    "namnder[].mal[].id": "Målets id.",
    "namnder[].mal[].formulering": "Målets formulering.",
    "namnder[].mal[].beraknad": "Målets status beräknad från indikatorerna.",
    "namnder[].mal[].bedomning": "Förvaltningens egen bedömning av målet.",
    "namnder[].saknas": "Antal avvikelser i nämnden som saknar åtgärdsplan eller analys.",
    "kommun": "Kommunen.",
    "kommun.namn": "Kommunens namn, t.ex. ”Exempelkommun”.",
    "namnd": "Nämnden som rapporten gäller.",
    "namnd.id": "Nämndens kod i konfigurationen, t.ex. SN.",
    "namnd.namn": "Nämndens namn, t.ex. ”Socialnämnden”.",
    "namnd.forvaltning": "Förvaltningen som tar fram rapporten.",
    "dokument": "Uppgifter om dokumentet.",
    "dokument.typ": "Dokumenttypen, t.ex. ”Tertialrapport 1”.",
    "dokument.titel": "Dokumentets titel: typ, år och nämnd, t.ex. ”Tertialrapport 1 2026 Socialnämnden”.",
    "dokument.ar": "Rapportåret, t.ex. ”2026”.",
    "dokument.period": "Rapportperioden i ord, t.ex. ”januari–april 2026”.",
    "dokument.datum": "Periodens sista dag i ord, t.ex. ”30 april 2026”.",
    "dokument.datum_iso": "Periodens sista dag som ÅÅÅÅ-MM-DD (för metadata).",
    "dokument.amne": "Dokumentets ämne (dokumentegenskap), med dokumentstatus.",
    "dokument.nyckelord": "Nyckelord för dokumentegenskaperna, kommaseparerade.",
    "dokument.status": "Dokumentstatus: förslag eller beslutat (konfigurationens `[dokumentstatus]`).",
    "dokument.status.ord": "”Förslag” eller ”Beslutad”.",
    "dokument.status.text": "Dokumentstatus i ord, t.ex. ”Förslag (ej beslutat)” eller "
                            "”Beslutad 20 maj 2026, § 45”.",
    "sammanfattning": "Sammanfattningens text om ekonomin: utfall mot periodbudget och helårsprognos mot årsbudget.",
    "statusrader": "Sammanfattningens statusrader: antal mål och indikatorer per status.",
    "statusrader[].namn": "Vad raden räknar, t.ex. ”Mål (5), beräknat utifrån indikatorerna”.",
    "statusrader[].text": "Antalen per status med symbol, t.ex. ”✔ 3 uppfyllt, ◐ 1 delvis uppfyllt”.",
    "jamforelse": "Jämförelse med andra kommuner.",
    "jamforelse.grupp": "Jämförelsegruppens namn.",
    "jamforelse.text": "Källhänvisning och förklaring till plats, fjärdedel och gruppens median.",
    "nyckeltal": "Sammanfattningens nyckeltal (tkr): årsbudget, utfall, avvikelser, helårsprognos, investeringar.",
    "nyckeltal[].namn": "Nyckeltalets namn.",
    "nyckeltal[].varde": "Nyckeltalets värde i tkr, formaterat (t.ex. ”1 234”).",
    "drift": "Driftredovisningen per verksamhet.",
    "drift.rader": "En rad per verksamhet.",
    "drift.rader[].kod": "Verksamhetens kod.",
    "drift.rader[].namn": "Verksamhetens namn.",
    "drift.rader[].arsbudget": "Årsbudget, tkr.",
    "drift.rader[].periodbudget": "Periodbudget, tkr.",
    "drift.rader[].utfall": "Utfall för perioden, tkr.",
    "drift.rader[].avvikelse": "Avvikelse mot periodbudget (budget − utfall), tkr.",
    "drift.rader[].prognos": "Helårsprognos, tkr.",
    "drift.rader[].prognos_beraknad": "Helårsprognos beräknad från föregående års profil, tkr.",
    "drift.rader[].avvikelse_helar": "Avvikelse helår (årsbudget − helårsprognos), tkr.",
    "drift.rader[].flagga": "”Ja” när förvaltningens prognos skiljer sig från den beräknade, annars tom.",
    "drift.summa": "Summaraden för nämnden (samma fält som raderna utom kod och namn).",
    "drift.summa.arsbudget": "Årsbudget, tkr.",
    "drift.summa.periodbudget": "Periodbudget, tkr.",
    "drift.summa.utfall": "Utfall för perioden, tkr.",
    "drift.summa.avvikelse": "Avvikelse mot periodbudget, tkr.",
    "drift.summa.prognos": "Helårsprognos, tkr.",
    "drift.summa.prognos_beraknad": "Beräknad helårsprognos, tkr.",
    "drift.summa.avvikelse_helar": "Avvikelse helår, tkr.",
    "drift.summa.flagga": "”Ja” när nämndens prognos skiljer sig från den beräknade, annars tom.",
    "prognoskommentarer": "Förvaltningens kommentarer till helårsprognosen, per verksamhet (bara verksamheter "
                          "med kommentar eller avvikande prognos).",
    "prognoskommentarer[].verksamhet": "Verksamhetens kod och namn.",
    "prognoskommentarer[].text": "Förvaltningens kommentar.",
    "prognoskommentarer[].flagga": "Sant när förvaltningens prognos skiljer sig från den beräknade.",
    "prognoskommentarer[].prognos": "Förvaltningens helårsprognos, tkr.",
    "prognoskommentarer[].beraknad": "Beräknad helårsprognos från föregående års profil, tkr.",
    "investeringar": "Investeringsredovisningen.",
    "investeringar.rader": "En rad per investeringsprojekt.",
    "investeringar.rader[].projekt": "Projektets nummer.",
    "investeringar.rader[].namn": "Projektets namn.",
    "investeringar.rader[].budget": "Årets budget, tkr.",
    "investeringar.rader[].utfall": "Utfall hittills, tkr.",
    "investeringar.rader[].aterstar": "Återstår av budgeten, tkr.",
    "investeringar.summa": "Summaraden för investeringarna.",
    "investeringar.summa.budget": "Summa budget, tkr.",
    "investeringar.summa.utfall": "Summa utfall, tkr.",
    "investeringar.summa.aterstar": "Summa återstår, tkr.",
    "kf_mal": "Nämndens mål grupperade under kommunfullmäktiges mål (sist en grupp för mål utan KF-mål).",
    "kf_mal[].id": "KF-målets id, t.ex. KF1; tomt för gruppen utan KF-mål.",
    "kf_mal[].formulering": "KF-målets formulering.",
    "kf_mal[].signal": "KF-målets samlade signal från alla nämnders mål (status).",
    "kf_mal[].grund": "Vad signalen bygger på; tom för gruppen utan KF-mål.",
    "kf_mal[].mal": "Nämndens mål under KF-målet: samma fält som mal[].",
    "mal": "Nämndens mål i mål- och indikatorbokens ordning.",
    "mal[].id": "Målets id, t.ex. SN1.",
    "mal[].formulering": "Målets formulering.",
    "mal[].kf_id": "Det överordnade KF-målets id (tomt om målet saknar KF-mål).",
    "mal[].kf": "Det överordnade KF-målets id och formulering.",
    "mal[].bedomning": "Förvaltningens egen bedömning av målet (status).",
    "mal[].beraknad": "Målets status beräknad från indikatorerna; en prognos för året vid tertial och delår.",
    "mal[].beraknad_grund": "Vad den beräknade statusen bygger på, t.ex. ”2 av 3 bedömda indikatorer "
                            "uppfyllda”.",
    "mal[].avviker": "Text när förvaltningens bedömning avviker från den beräknade, annars tom.",
    "mal[].kostnad": "Vad målets verksamheter kostar (årsbudget, utfall, prognos); tom utan kopplade verksamheter.",
    "mal[].analys": "Förvaltningens analys av målet.",
    "mal[].indikatorer": "Målets indikatorer.",
    f"{_IND}.id": "Indikatorns id, t.ex. Kolada-nyckeltalet N15535.",
    f"{_IND}.namn": "Indikatorns namn.",
    f"{_IND}.enhet": "Indikatorns enhet, t.ex. %.",
    f"{_IND}.malvarde": "Målvärdet, formaterat; – utan målvärde.",
    f"{_IND}.varde": "Senaste utfall med period, t.ex. ”76,4 (2025)”.",
    f"{_IND}.status": "Indikatorns status (symbol, ord och färg).",
    f"{_IND}.trend": "Trenden med pil, t.ex. ”↗ förbättras”; – utan trend.",
    f"{_IND}.plats": "Plats bland kommunerna, t.ex. ”plats 12 av 290”; – utan jämförelse.",
    f"{_IND}.kvartil": "Fjärdedel bland kommunerna, t.ex. ”bästa fjärdedelen”; tom utan jämförelse.",
    f"{_IND}.grupp": "Jämförelsegruppens median, formaterad.",
    f"{_IND}.riket": "Rikets värde, formaterat.",
    f"{_IND}.km": "Kvinnor och män, t.ex. ”K 80,1, M 75,3”; – utan könsuppdelning.",
    f"{_IND}.kommentar": "Förvaltningens kommentar och åtgärd (analys, orsak, åtgärd).",
    f"{_IND}.spridning": "Spridningen per enhet eller grupp i en mening; tom utan värden per enhet.",
    f"{_IND}.kostnad": "”Vad kostade det” för resurs- och effektivitetsindikatorer; annars tom.",
    f"{_IND}.diagram": "Indikatorns två diagram.",
    f"{_IND}.diagram.historik": "Diagrammet över utvecklingen mot målvärdet; tomt (None) med färre än två "
                                "värden.",
    f"{_IND}.diagram.position": "Diagrammet över platsen bland kommunerna; tomt (None) utan jämförelse.",
    **_chart(f"{_IND}.diagram.historik", {
        "rubrik": "Diagrammets rubrik, t.ex. ”Utveckling 2019–2025”.",
        "kommun": "Kommunens namn (seriens namn).",
        "ar": "Åren för kommunens värden, äldst först.",
        "varden": "Kommunens värden, ett per år.",
        "efter_byte": "Per värde: sant när det ligger efter ett definitionsbyte.",
        "riket_ar": "Åren för rikets värden.",
        "riket_varden": "Rikets värden, ett per år.",
        "riket_efter_byte": "Per rikets värde: sant när det ligger efter ett definitionsbyte.",
        "riket_etikett": "Etiketten för rikets linje.",
        "malvarde": "Målvärdet som tal; tomt (None) utan målvärde.",
        "malvarde_etikett": "Etiketten för målvärdets linje; tom utan målvärde.",
        "definitionsbyte": "Året då definitionen byttes; tomt (None) utan byte.",
        "definitionsbyte_etikett": "Etiketten för definitionsbytet; tom utan byte.",
        "alt": "Diagrammets alt-text: vad diagrammet visar, i ord.",
    }),
    **_chart(f"{_IND}.diagram.position", {
        "rubrik": "Diagrammets rubrik, t.ex. ”Plats bland kommunerna, 2025”.",
        "varden": "Alla kommuners värden, bäst först.",
        "egen_index": "Kommunens position i varden (från 0).",
        "egen_etikett": "Etiketten för kommunens punkt, t.ex. ”Exempelkommun: plats 12 av 290”.",
        "kvartil_granser": "Gränserna mellan fjärdedelarna i varden; tom lista med för få kommuner.",
        "kvartil_namn": "Fjärdedelarnas namn; tom lista med för få kommuner.",
        "andar": "Etiketterna för diagrammets ändar (bäst, sämst).",
        "grupp_median": "Jämförelsegruppens median; tomt (None) utan värde.",
        "grupp_etikett": "Etiketten för gruppens median; tom utan värde.",
        "riket": "Rikets värde; tomt (None) utan värde.",
        "riket_etikett": "Etiketten för rikets värde; tom utan värde.",
        "hogre_ar_battre": "Sant när ett högre värde är bättre.",
        "alt": "Diagrammets alt-text: vad diagrammet visar, i ord.",
    }),
    "framgangar": "Framgångsrika resultat: indikatorer som slår målvärdet med marginal eller ligger bland den "
                  "bästa fjärdedelen.",
    "framgangar[].indikator": "Indikatorns id och namn.",
    "framgangar[].utfall": "Utfallet, formaterat.",
    "framgangar[].skal": "Varför resultatet räknas som framgångsrikt.",
    "framgangar[].svar": "Förvaltningens svar: vad har vi gjort, vad kan andra lära.",
    "handelser": "Viktiga händelser under perioden, en text per händelse.",
    "atgardsplaner": "Nämndens åtgärdsplaner.",
    "atgardsplaner[].id": "Åtgärdsplanens id.",
    "atgardsplaner[].rubrik": "Id och område, som rubrik.",
    "atgardsplaner[].avser": "Vad planen avser (verksamhet, mål eller indikator).",
    "atgardsplaner[].falt": "Planens ifyllda uppgifter, en rad per uppgift, sist ekonomisk effekt helår.",
    "atgardsplaner[].falt[].namn": "Uppgiftens namn, t.ex. ”Varför”.",
    "atgardsplaner[].falt[].varde": "Uppgiftens innehåll.",
    "atgardsplaner[].aktiviteter": "Planens aktiviteter.",
    "atgardsplaner[].aktiviteter[].vad": "VAD: aktiviteten.",
    "atgardsplaner[].aktiviteter[].hur": "HUR: viktiga faktorer.",
    "atgardsplaner[].aktiviteter[].vem": "VEM: ansvarig.",
    "atgardsplaner[].aktiviteter[].nar": "NÄR: tidpunkt.",
    "atgardsplaner[].aktiviteter[].uppfoljning": "Hur aktiviteten följs upp.",
    "atgardseffekt": "Helårsprognos efter åtgärder.",
    "atgardseffekt.finns": "Sant när nämnden har aktiva åtgärdsplaner med ekonomisk effekt; övriga fält utom "
                           "rader finns bara då.",
    "atgardseffekt.prognos": "Helårsprognos före åtgärder, tkr.",
    "atgardseffekt.effekt": "Åtgärdernas effekt helår, tkr.",
    "atgardseffekt.prognos_efter": "Helårsprognos efter åtgärder, tkr.",
    "atgardseffekt.avvikelse_helar": "Budgetavvikelse helår före åtgärder, tkr.",
    "atgardseffekt.avvikelse_efter": "Budgetavvikelse helår efter åtgärder, tkr.",
    "atgardseffekt.planer": "Antal planer som räknas med.",
    "atgardseffekt.rader": "Tabellens rader (tom lista när finns är falskt).",
    "atgardseffekt.rader[].namn": "Radens text.",
    "atgardseffekt.rader[].varde": "Radens belopp, tkr.",
    "beslut": "Åtgärder som behöver beslut av nämnden, kommunstyrelsen eller kommunfullmäktige.",
    "beslut[].id": "Åtgärdsplanens id.",
    "beslut[].omrade": "Åtgärdens område.",
    "beslut[].avser": "Vad åtgärden avser.",
    "beslut[].niva": "Vem som beslutar.",
    "beslut[].effekt": "Ekonomisk effekt helår.",
    "uppfoljning": "Uppföljning av föregående tillfälles åtgärdsplaner.",
    "uppfoljning[].id": "Åtgärdsplanens id.",
    "uppfoljning[].avser": "Vad planen avser.",
    "uppfoljning[].omrade": "Planens område.",
    "uppfoljning[].klart_senast": "Klart senast, som datum i ord.",
    "uppfoljning[].status": "Planens status nu.",
    "uppfoljning[].effekt": "Uppnådd effekt.",
    "uppfoljning[].rapporterad": "Text när planen saknas i detta underlag, annars tom.",
    "uppfoljning[].forsenad": "”⚠ Försenad” när planen är försenad, annars tom.",
    "uppfoljning_tillfalle": "Föregående rapporttillfälle, t.ex. ”Årsredovisning 2025”.",
    "avvikelser": "Avvikelser som kräver åtgärdsplan eller analys, den största först.",
    "avvikelser[].avser": "Verksamheten eller indikatorn som avviker.",
    "avvikelser[].slag": "Slag av avvikelse, t.ex. ”ekonomisk” eller ”mot mål”.",
    "avvikelser[].beskrivning": "Avvikelsen i ord.",
    "avvikelser[].hantering": "Hur avvikelsen hanteras, t.ex. ”Åtgärdsplan ÅP1” eller "
                              "”Åtgärdsplan saknas”.",
    "avvikelser[].saknas": "Sant när åtgärdsplan saknas.",
    "bilaga_enheter": "Bilagan Resultat per enhet och grupp: en tabell per indikator och slag.",
    "bilaga_enheter[].indikator": "Indikatorns id och namn.",
    "bilaga_enheter[].slag": "”Enhet” eller ”Grupp”.",
    "bilaga_enheter[].period": "Perioden som värdena avser.",
    "bilaga_enheter[].malvarde": "Målvärdet, formaterat.",
    "bilaga_enheter[].riktning": "Målriktningen, t.ex. ”Högre är bättre”.",
    "bilaga_enheter[].rader": "En rad per enhet eller grupp.",
    "bilaga_enheter[].rader[].namn": "Enhetens eller gruppens namn.",
    "bilaga_enheter[].rader[].varde": "Värdet, formaterat.",
    "bilaga_enheter[].rader[].under": "”Ja” eller ”Nej”: under målvärdet; – utan målvärde.",
    "diagram": "Diagrammet över årsbudget och helårsprognos per verksamhet.",
    "diagram.etiketter": "Verksamheternas etiketter (kod och namn).",
    "diagram.budget": "Årsbudget per verksamhet, tkr.",
    "diagram.prognos": "Helårsprognos per verksamhet, tkr.",
    "diagram.alt": "Diagrammets alt-text: vad diagrammet visar, i ord.",
    "diagram.rubrik": "Diagrammets rubrik.",
    "diagram.bild": "Diagrammet som bild i Word: `{{ diagram.bild }}` i ett eget stycke. Saknas när nämnden inte "
                    "har några verksamheter.",
    "diagram.src": "Diagrammet som data-URI för `<img src=\"…\">`; tom text när nämnden inte har några "
                   "verksamheter.",
    "styrsystem": "Bilagan Styrsystemsanalys: nämndens varningar om mål och indikatorer.",
    "styrsystem[].mal": "Målets id.",
    "styrsystem[].indikator": "Indikatorns id; tomt när varningen gäller målet.",
    "styrsystem[].avser": "Vad varningen gäller, t.ex. ”Indikator N15535 (mål SN1)”.",
    "styrsystem[].kod": "Varningens kod.",
    "styrsystem[].varning": "Varningen i ord.",
}


def description_key(path: str, is_status_field: bool = False,
                    descriptions: dict[str, str] | None = None) -> str | None:
    """Which entry describes `path`: a key of `descriptions` (DESCRIPTIONS unless given), or
    'STATUS_FIELDS.<field>'; None when nothing does. `is_status_field`: the path is a field of a status dict
    (its parent holds symbol, ord and hex)."""
    texts = DESCRIPTIONS if descriptions is None else descriptions
    if path in texts:
        return path
    for alias, original in SAME_AS.items():
        if path.startswith(alias + "."):
            found = description_key(original + path[len(alias):], is_status_field, texts)
            if found is not None:
                return found
    if is_status_field and path.rsplit(".", 1)[-1] in STATUS_FIELDS:
        return "STATUS_FIELDS." + path.rsplit(".", 1)[-1]
    return None


def description_text(key: str, descriptions: dict[str, str] | None = None) -> str:
    texts = DESCRIPTIONS if descriptions is None else descriptions
    return STATUS_FIELDS[key.split(".", 1)[1]] if key.startswith("STATUS_FIELDS.") else texts[key]
