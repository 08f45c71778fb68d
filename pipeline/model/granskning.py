"""The compliance checklist for the revisorer beside every delårsrapport and årsredovisning: the parts the law
and RKR require (found by heading in the rendered document) and the arithmetic checks, each with both sides.

A part that is missing or a check that fails makes the run fail, unless `[[kontroll_undantag]]` in the config
waives it (by id) with a reason, which the checklist then prints.
"""

from __future__ import annotations

from dataclasses import dataclass

from pipeline.config import Config
from pipeline.model.rur import rur_change, rur_reservation

TOLERANCE_KR = 0.5   # "to the krona": amounts are sums of öre, compared after rounding to whole kronor


@dataclass(frozen=True)
class Part:
    id: str
    lagrum: str          # where the requirement comes from
    namn: str            # what the part is
    rubrik: str          # the heading it stands under in the document (case-insensitive match)


@dataclass(frozen=True)
class Check:
    id: str
    namn: str
    vanster: str
    vanster_belopp: float
    hoger: str
    hoger_belopp: float

    @property
    def ok(self) -> bool:
        return abs(round(self.vanster_belopp) - round(self.hoger_belopp)) <= TOLERANCE_KR


@dataclass(frozen=True)
class Item:
    """One line of the checklist: a part or a check, its result, and a waiver's reason if any."""

    id: str
    slag: str            # "del" or "kontroll"
    namn: str
    lagrum: str
    plats: str           # the heading found (part), or the two sides (check)
    ok: bool
    undantag: str = ""   # the configured reason when waived

    @property
    def godkand(self) -> bool:
        return self.ok or bool(self.undantag)


ARSREDOVISNING_PARTS = (
    Part("fb", "LKBR 11 kap.; RKR R15", "Förvaltningsberättelse", "Förvaltningsberättelse"),
    Part("fb_oversikt", "LKBR 11 kap.; RKR R15", "Översikt över verksamhetens utveckling",
         "Översikt över verksamhetens utveckling"),
    Part("fb_viktiga", "LKBR 11 kap.; RKR R15", "Viktiga förhållanden för resultat och ekonomisk ställning",
         "Viktiga förhållanden för resultat och ekonomisk ställning"),
    Part("fb_handelser", "LKBR 11 kap.; RKR R15", "Händelser av väsentlig betydelse",
         "Händelser av väsentlig betydelse"),
    Part("fb_styrning", "LKBR 11 kap.; RKR R15", "Styrning och uppföljning av den kommunala verksamheten",
         "Styrning och uppföljning av den kommunala verksamheten"),
    Part("fb_geh", "LKBR 11 kap.; RKR R15", "God ekonomisk hushållning och ekonomisk ställning",
         "God ekonomisk hushållning och ekonomisk ställning"),
    Part("fb_balanskrav", "LKBR 11 kap.; kommunallagen 11 kap.", "Balanskravsresultat", "Balanskravsresultat"),
    Part("fb_personal", "LKBR 11 kap.", "Väsentliga personalförhållanden (sjukfrånvaro)",
         "Väsentliga personalförhållanden"),
    Part("fb_forvantad", "LKBR 11 kap.; RKR R15", "Förväntad utveckling", "Förväntad utveckling"),
    Part("rr", "LKBR 5 kap.", "Resultaträkning", "Resultaträkning"),
    Part("br", "LKBR 6 kap.", "Balansräkning", "Balansräkning"),
    Part("kfa", "LKBR 8 kap.", "Kassaflödesanalys", "Kassaflödesanalys"),
    Part("redovisningsprinciper", "LKBR 9 kap.; RKR", "Redovisningsprinciper och avvikelser från RKR:s "
         "rekommendationer", "Redovisningsprinciper"),
    Part("noter", "LKBR 9 kap.", "Noter till resultaträkning, balansräkning och kassaflödesanalys", "Noter"),
    Part("drift", "RKR R14", "Driftredovisning", "Driftredovisning"),
    Part("investering", "RKR R14", "Investeringsredovisning", "Investeringsredovisning"),
)
SAMMANSTALLDA_PART = Part("sammanstallda", "LKBR 12 kap.; RKR R16", "Sammanställda räkenskaper (kommunen och dess bolag)",
                          "Sammanställda räkenskaper")


def arsredovisning_parts(config: Config) -> tuple[Part, ...]:
    """The årsredovisning's parts; the sammanställda räkenskaper only when the config names bolag."""
    return ARSREDOVISNING_PARTS + ((SAMMANSTALLDA_PART,) if config.bolag else ())


DELARSRAPPORT_PARTS = (
    Part("fb", "LKBR 13 kap.; RKR R17", "Förenklad förvaltningsberättelse", "Förvaltningsberättelse"),
    Part("fb_handelser", "LKBR 13 kap.; RKR R17", "Händelser av väsentlig betydelse", "Händelser av väsentlig betydelse"),
    Part("fb_prognos", "RKR R17", "Helårsprognos för årets resultat", "Helårsprognos"),
    Part("fb_balanskrav", "RKR R17", "Balanskravsresultat utifrån helårsprognosen", "Balanskravsresultat"),
    Part("fb_geh", "RKR R17", "Bedömning av god ekonomisk hushållning", "God ekonomisk hushållning"),
    Part("rr", "LKBR 13 kap.; RKR R17", "Resultaträkning för perioden och motsvarande period föregående år",
         "Resultaträkning"),
    Part("br", "LKBR 13 kap.; RKR R17", "Balansräkning vid periodens slut och vid föregående års slut",
         "Balansräkning"),
)


def arithmetic_checks(model) -> list[Check]:
    """The arithmetic checks of the statements in `model.arsredovisning` (issue 7 point 4)."""
    a = model.arsredovisning
    r = a.rakenskaper
    rr = dict(zip(r.resultatrakning["rad"], r.resultatrakning["belopp"]))
    br_ub = dict(zip(r.balansrakning["rad"], r.balansrakning["ub"]))
    br_ib = dict(zip(r.balansrakning["rad"], r.balansrakning["ib"]))
    kfa = dict(zip(r.kassaflodesanalys["rad"], r.kassaflodesanalys["belopp"]))
    balans = dict(zip(a.balanskrav["rad"], a.balanskrav["belopp"]))
    steps = dict(zip(a.avstamning["rad"], a.avstamning["belopp"]))
    total = a.drift_kommun.set_index("del").loc["summa"]
    checks = [
        Check("ek_forandring", "Årets resultat = förändringen av eget kapital",
              "Resultaträkningens årets resultat", rr["arets_resultat"],
              "Balansräkningens förändring av eget kapital", br_ub["summa_eget_kapital"] - br_ib["summa_eget_kapital"]),
        Check("balansrakning", "Balansräkningen balanserar vid periodens slut",
              "Summa tillgångar", br_ub["summa_tillgangar"],
              "Summa eget kapital, avsättningar och skulder", br_ub["summa_ek_avsattningar_skulder"]),
        Check("balansrakning_ib", "Balansräkningen balanserar vid föregående års slut",
              "Summa tillgångar", br_ib["summa_tillgangar"],
              "Summa eget kapital, avsättningar och skulder", br_ib["summa_ek_avsattningar_skulder"]),
        Check("drift_vnk", "Driftredovisningen stämmer med verksamhetens nettokostnader",
              "Driftredovisningen med avstämningsposter", steps["vnk"],
              "Resultaträkningens verksamhetens nettokostnader", -rr["verksamhetens_nettokostnader"]),
        Check("namnder_kommun", "Nämndernas och finansförvaltningens summa = kommunens resultat",
              "Driftredovisningens summa (nettokostnad)", float(total["utfall"]),
              "Resultaträkningens årets resultat (med omvänt tecken)", -rr["arets_resultat"]),
        Check("kassaflode", "Kassaflödesanalysens förändring av likvida medel = balansräkningens",
              "Årets kassaflöde", kfa["arets_kassaflode"],
              "Förändring av kassa och bank i balansräkningen", br_ub["kassa_och_bank"] - br_ib["kassa_och_bank"]),
    ]
    if model.till_manad == 12:
        checks.insert(1, Check("balanskrav", "Årets resultat = balanskravsutredningens första rad",
                               "Resultaträkningens årets resultat", rr["arets_resultat"],
                               "Balanskravsutredningens årets resultat", balans["arets_resultat"]))
        checks.append(Check("rur", "Resultatutjämningsreserven: årets reservering = förändringen i balansräkningen",
                            "Balanskravsutredningens reservering till (+) / disposition från (−) "
                            "resultatutjämningsreserven", rur_reservation(a.balanskrav),
                            "Balansräkningens förändring av resultatutjämningsreserven", rur_change(r.balansrakning)))
        checks.append(Check("investeringar", "Investeringsredovisningen = kassaflödesanalysens investeringar",
                            "Investeringsredovisningens utfall", float(model.investeringar["utfall"].sum()),
                            "Investering i anläggningstillgångar i kassaflödesanalysen", -kfa["investering_materiella"]))
    checks += note_checks(model)
    koncern = getattr(model, "sammanstallda", None)
    if koncern is not None:
        kbr = dict(zip(koncern.balansrakning["rad"], koncern.balansrakning["ub"]))
        krr = dict(zip(koncern.resultatrakning["rad"], koncern.resultatrakning["belopp"]))
        checks.append(Check("sammanstalld_br", "Den sammanställda balansräkningen balanserar",
                            "Summa tillgångar", kbr["summa_tillgangar"],
                            "Summa eget kapital, avsättningar och skulder", kbr["summa_ek_avsattningar_skulder"]))
        checks.append(Check("sammanstallt_resultat", "Sammanställt årets resultat: resultaträkningen = balansräkningen",
                            "Den sammanställda resultaträkningens årets resultat", krr["arets_resultat"],
                            "Den sammanställda balansräkningens årets resultat", kbr["br_arets_resultat"]))
    return checks


RAKNING_TEXT = {"rr": "resultaträkningen", "br": "balansräkningen", "kfa": "kassaflödesanalysen",
                "ansvarsforbindelser": "ansvarsförbindelserna"}


def note_checks(model) -> list[Check]:
    """Each note's sum = the statement line(s) it specifies (model.noter; bokslut only)."""
    out = []
    for n in getattr(model, "noter", ()):
        where = RAKNING_TEXT[n.rakning]
        out.append(Check(f"not_{n.nr}", f"Not {n.nr} {n.rubrik} = "
                         + (f"raden i {where}" if len(n.rader_i_rakning) == 1 else f"raderna i {where}"),
                         f"Not {n.nr}: {n.rader.loc[n.rader['rad'] == n.summa_rad, 'namn'].iloc[0]}", n.summa,
                         f"Raden i {where}" if len(n.rader_i_rakning) == 1 else f"Raderna i {where}",
                         n.rakning_belopp))
    return out


def _normal(text: str) -> str:
    return " ".join(text.lower().split())


def checklist(parts: tuple[Part, ...], headings: dict[str, list[str]], checks: list[Check], config: Config
              ) -> list[Item]:
    """Every part and every check, with waivers. A part is found when, in every format ({"Word": [...],
    "PDF": [...]}: the rendered document's headings), a heading contains its rubrik."""
    waived = {u.kontroll: u.skal for u in config.kontroll_undantag}
    items = []
    for p in parts:
        found, missing = "", []
        for fmt, texts in headings.items():
            hit = next((h for h in texts if _normal(p.rubrik) in _normal(h)), "")
            if hit:
                found = found or hit
            else:
                missing.append(fmt)
        place = f"Rubrik: {found}" if not missing else \
            f"Saknas i {' och '.join(missing)}-versionen" + (f" (finns i den andra: {found})" if found else "")
        items.append(Item(p.id, "del", p.namn, p.lagrum, place, not missing, waived.get(p.id, "")))
    for c in checks:
        items.append(Item(c.id, "kontroll", c.namn, "", f"{c.vanster} = {c.hoger}", c.ok, waived.get(c.id, "")))
    return items


def failures(items: list[Item]) -> list[Item]:
    """The items that make the run fail (not ok and not waived)."""
    return [i for i in items if not i.godkand]


class ComplianceError(Exception):
    """The checklist stops the run: a required part is missing or a check fails, and no waiver covers it."""

    def __init__(self, document: str, items: list[Item]):
        self.document = document
        self.items = items
        super().__init__(f"{document}: " + "; ".join(f"{i.id} {i.namn}" for i in items))

    def __reduce__(self):   # raised in a worker process: must unpickle with its own arguments
        return (ComplianceError, (self.document, self.items))

    def lines(self) -> list[str]:
        """Swedish lines for the CLI: which part or check, where, and how to waive it."""
        out = [f"Granskningslistan stoppar körningen: {self.document} uppfyller inte kraven. Inga dokument skrevs."]
        for i in self.items:
            what = "Delen saknas" if i.slag == "del" else "Kontrollen stämmer inte"
            out.append(f"  – {what}: {i.namn} ({i.id}{', ' + i.lagrum if i.lagrum else ''}). {i.plats}.")
        out.append("Rätta mallen eller indata, eller ange ett undantag med skäl i konfigurationen: "
                   "[[kontroll_undantag]] kontroll = \"<id>\", skal = \"…\".")
        return out
