"""The document registry: every document kind the program writes, declared once.

A kind says at which points it is made (pipeline.flows.points), what it needs, how its contexts are built from
the run (`contexts(run, done)`: the existing context builders of pipeline.context, nothing computed here), its
output formats and file name, its templates and how it is rendered. The one flow (pipeline.flows.run), the
template checker (pipeline.mallkontroll), docs/mallvariabler.md and the tests all iterate REGISTRY; adding a
document kind is one entry here and its templates.

Dependencies between kinds are declared, not coded as special paths: `uses_contexts` (the tjänsteskrivelser are
written from the reports' contexts) and `uses_rendered` (the granskningslista reads the headings of the rendered
delårsrapport or årsredovisning). `build(run, submit)` builds the kinds of a point in registry order and hands
every context to `submit`, waiting for a kind's rendered files only where another kind reads them.
"""

from __future__ import annotations

from concurrent.futures import Future
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Callable

from pipeline.fel import DocumentFailed
from pipeline.flows.points import NATIONAL, REPORT_POINTS, Run
from pipeline.render.report import Templates, render_namnd_report, render_word_document, report_stem, safe_stem

DOCX, HTML = "docx", "html"


@dataclass
class Done:
    """What a run has built so far: each kind's contexts and, when rendering, each context's rendered files
    ({kind: [{file name: bytes}, …]}; None when only contexts are built, as for the variable schema)."""

    contexts: dict[str, list[dict]] = field(default_factory=dict)
    files: dict[str, list[dict[str, bytes]]] | None = None
    templates: Templates | None = None   # the templates rendered with


@dataclass(frozen=True)
class Dokument:
    """One document kind. `name` names its templates (docx/<name>.docx, html/<name>.html); `title` and `about`
    (Swedish) describe it in docs/mallvariabler.md; `required` lists the template variables without which the
    document is not that document (each entry: alternative paths, one of which the template must use)."""

    name: str
    title: str
    about: str
    points: tuple[str, ...]                              # where it is made (pipeline.flows.points)
    needs: tuple[str, ...]                               # the inputs and model parts its builder reads
    contexts: Callable[[Run, Done], list[dict]]          # the run's contexts of this kind (pipeline.context)
    formats: tuple[str, ...]                             # the files written per context
    file_name: Callable[[dict], str]                     # a context's file stem
    render: Callable[[dict, Templates], dict[str, bytes]]   # a context's rendered files (picklable: the pool runs it)
    templates: tuple[str, ...] = ()                      # template formats: docx, html
    required: tuple[tuple[str, ...], ...] = ()
    in_pool: bool = True                                 # CPU-heavy: rendered in the process pool
    uses_contexts: tuple[str, ...] = ()                  # kinds whose contexts its builder reads
    uses_rendered: tuple[str, ...] = ()                  # kinds whose rendered files its builder reads
    first: bool = False                                  # one long document: built and queued before the rest
    attachments: Callable[[Run, Done, dict, dict[str, bytes]], dict[str, bytes]] | None = None   # more files
    option: str | None = None                            # made only when the run asks for it (e.g. "publicera")
    web_templates: tuple[str, ...] = ()                  # web/<name>.html page templates (the website)
    renderer_adds: tuple[tuple[str, str], ...] = ()      # (key, type) its renderer adds to every context

    def template_files(self) -> tuple[str, ...]:
        return tuple(f"{fmt}/{self.name}.{fmt}" for fmt in self.templates) + \
            tuple(f"web/{name}.html" for name in self.web_templates)


# --- builders: the run's contexts of each kind (the context functions of pipeline.context) --------------------

def _tertialrapport(run: Run, done: Done) -> list[dict]:
    from pipeline.context.tertial import build_contexts

    return build_contexts(run.meta, run.config, run.staged, run.model, run.styrning.warnings, run.charts)


def _kommunrapport(run: Run, done: Done) -> list[dict]:
    from pipeline.context.kommun import kommun_context

    return [kommun_context(run.meta, run.config, run.staged, run.model)]


def _styrsystemsanalys(run: Run, done: Done) -> list[dict]:
    from pipeline.context.styrsystem import workbook_context

    return [workbook_context(run.meta, run.config, run.staged.mal, run.staged.indikatorer, run.model.indikatorer,
                             run.styrning)]


def _delarsrapport(run: Run, done: Done) -> list[dict]:
    from pipeline.context.arsredovisning import delarsrapport_context

    return [delarsrapport_context(run.meta, run.config, run.staged, run.model)]


def _arsredovisning(run: Run, done: Done) -> list[dict]:
    from pipeline.context.arsredovisning import arsredovisning_context

    return [arsredovisning_context(run.meta, run.config, run.staged, run.model)]


YEAR_END = {"delar": "delarsrapport", "bokslut": "arsredovisning"}   # the kommun's report at each year-end point


def _tjansteskrivelse(run: Run, done: Done) -> list[dict]:
    """To every nämnd with its report, to KS with the kommunövergripande report, and at delår and bokslut to KF
    with the delårsrapport or årsredovisning."""
    from pipeline.context.tjansteskrivelse import (kf_tjansteskrivelse, ks_tjansteskrivelse, namnd_tjansteskrivelse,
                                                   plans_needing_decision)
    from pipeline.model.rur import rur_reservation

    meta, config = run.meta, run.config
    beslut = plans_needing_decision(run.model, config)
    out = [namnd_tjansteskrivelse(meta, config, c) for c in done.contexts["tertialrapport"]]
    out += [ks_tjansteskrivelse(meta, config, c, beslut) for c in done.contexts["kommunrapport"]]
    if run.tillfalle in YEAR_END:
        balans = run.model.arsredovisning.balanskrav
        out += [kf_tjansteskrivelse(meta, config, {**c, "sammanfattning": c["nyckeltal_text"]}, beslut,
                                    float(balans.loc[balans["rad"] == "balanskravsresultat", "belopp"].iloc[0]),
                                    rur_reservation(balans))
                for c in done.contexts[YEAR_END[run.tillfalle]]]
    return out


def _checklist(run: Run, done: Done):
    """(the checked document's title, checklist items, arithmetic checks) of the run's delårsrapport or
    årsredovisning; raises ComplianceError when a part is missing or a check fails and the config does not waive
    it. Headings from the rendered Word file and the HTML behind the PDF; when nothing is rendered (the variable
    schema) every part counts as found."""
    from pipeline.model.granskning import (DELARSRAPPORT_PARTS, ComplianceError, arithmetic_checks,
                                           arsredovisning_parts, checklist, failures)
    from pipeline.render.docx import docx_headings
    from pipeline.render.pdf import html_headings

    config, meta, kind = run.config, run.meta, YEAR_END[run.tillfalle]
    context = done.contexts[kind][0]
    parts = arsredovisning_parts(config) if run.tillfalle == "bokslut" else DELARSRAPPORT_PARTS
    if done.files is None:
        headings = {"Word": [p.rubrik for p in parts], "PDF": [p.rubrik for p in parts]}
    else:
        docx_bytes = next(data for name, data in done.files[kind][0].items() if name.endswith(".docx"))
        headings = {"Word": docx_headings(docx_bytes),
                    "PDF": html_headings(done.templates.html_dir(), f"{kind}.html", context)}
    checks = arithmetic_checks(run.model)
    items = checklist(parts, headings, checks, config)
    document = f"{context['dokument']['typ']} {meta.year} {meta.kommun}"
    if done.files is not None and failures(items):
        raise ComplianceError(document, failures(items))
    return document, items, checks


def _granskningslista(run: Run, done: Done) -> list[dict]:
    from pipeline.context.granskning import granskning_context

    document, items, checks = _checklist(run, done)
    return [granskning_context(run.meta, run.config, document, items, checks)]


def _granskningslista_json(run: Run, done: Done, context: dict, files: dict[str, bytes]) -> dict[str, bytes]:
    from pipeline.context.granskning import granskning_json

    _document, items, checks = _checklist(run, done)
    return {f"{report_stem(context)}.json": granskning_json(context, items, checks)}


FORUM = " för prioriteringsforum"   # the sammanställning's title; its file is named without it


def _prioriteringsmodell(run: Run, done: Done) -> list[dict]:
    """One workbook per nämnd with förslag, and the sammanställning of all nämnder (ranked within each Typ across
    the nämnder, totals per nämnd, against the prioriteringsutrymme)."""
    import pandas as pd

    from pipeline.context.prioritering import workbook_context
    from pipeline.model.prioritering import beraknad_rang, forum_totals

    model, config = run.model, run.config
    ramar = run.staged.ramar if run.staged.ramar is not None else \
        pd.DataFrame(columns=["namnd", "driftram", "investeringsutrymme"])
    out = []
    for n in config.namnder:
        own = model.forslag[model.forslag["namnd"] == n.id]
        if len(own):
            out.append(workbook_context(config.kommun_namn, model.year, f"Prioriteringsmodell {model.year} {n.namn}",
                                        own, model.preliminar))
    across = beraknad_rang(model.forslag.drop(columns=["beraknad_rang", "avviker"]), within_namnd=False)
    across = across.assign(avviker=False)   # the nämnder ranked within themselves: no own rank across them
    context = workbook_context(config.kommun_namn, model.year, f"Prioriteringsmodell {model.year} Sammanställning"
                               f"{FORUM}", across, model.preliminar, with_namnd=True)
    context["per_namnd"], context["utrymme"] = forum_totals(model.forslag, ramar)
    return out + [context]


def _plan_namnder(run: Run) -> list:
    """The nämnder with förslag in the planning round."""
    return [n for n in run.config.namnder if (run.model.forslag["namnd"] == n.id).any()]


def _konsekvensmatris(run: Run, done: Done) -> list[dict]:
    from pipeline.context.konsekvens import konsekvens_context

    plan = run.staged
    return [konsekvens_context(run.config.kommun_namn, run.model, n.id, n.namn, plan.konsekvenser, plan.forslag_info)
            for n in _plan_namnder(run)]


def _yttrande(run: Run, done: Done) -> list[dict]:
    from pipeline.context.yttrande import yttrande_context

    return [yttrande_context(run.config.kommun_namn, run.model, run.staged, n.id, n.namn) for n in _plan_namnder(run)]


def _tidplan(run: Run, done: Done) -> list[dict]:
    from pipeline.context.tidplan import tidplan_context

    return [tidplan_context(run.config.kommun_namn, run.year, run.extra["valar"], run.staged,
                            run.extra["aktiviteter"])]


def _tidplan_ics(run: Run, done: Done, context: dict, files: dict[str, bytes]) -> dict[str, bytes]:
    from pipeline.context.tidplan import tidplan_events
    from pipeline.render.ics import render_ics

    events = tidplan_events(run.config.kommun_namn, run.year, run.extra["aktiviteter"])
    return {f"{context['dokument']['filnamn']}.ics": render_ics(context["dokument"]["titel"], events)}


def _rapportunderlag(run: Run, done: Done) -> list[dict]:
    from pipeline.context.underlag import plan_sheets, report_sheets, underlag_context

    config, tillfalle = run.config, run.tillfalle
    return [underlag_context(config, run.year, tillfalle, n.id,
                             plan_sheets(n.id, run.inputs.previous) if tillfalle == "plan"
                             else report_sheets(config, run.staged, n.id))
            for n in config.namnder]


def _namndbeslut(run: Run, done: Done) -> list[dict]:
    from pipeline.context.underlag import beslut_context

    return [beslut_context(run.config, run.staged, run.year, run.tillfalle, n.id) for n in run.config.namnder
            if n.id in run.staged.underlag]


def _jamforelserapport(run: Run, done: Done) -> list[dict]:
    from pipeline.context.nationell import comparison_contexts

    return comparison_contexts(run.staged, run.model, run.extra["grupper"], run.extra["kommuner"], run.year,
                               run.extra["datum"])


def _sifferkallor(run: Run, done: Done) -> list[dict]:
    from pipeline.context.sifferkallor import sifferkallor_context

    return [sifferkallor_context(run, done.contexts)]


WEB_DOWNLOADS = ("tertialrapport", "kommunrapport", "delarsrapport", "arsredovisning", "styrsystemsanalys")


def _downloads(done: Done) -> dict[str, int]:
    """{file name: size} of the documents the website offers for download: as rendered, or, when nothing is
    rendered (the variable schema), the names the registry gives them."""
    out: dict[str, int] = {}
    for name in WEB_DOWNLOADS:
        kind = REGISTRY[name]
        if done.files is not None and name in done.files:
            for files in done.files[name]:
                out.update({f: len(b) for f, b in files.items() if f.endswith((".docx", ".pdf", ".xlsx"))})
        else:
            for c in done.contexts.get(name, []):
                out.update({f"{kind.file_name(c)}.{fmt}": 0 for fmt in kind.formats})
    return out


def _webbplats(run: Run, done: Done) -> list[dict]:
    from pipeline.context.webb import site_contexts
    from pipeline.staging.namndbeslut import decided_text

    year_end = done.contexts.get(YEAR_END.get(run.tillfalle, ""), [None])[0]
    beslut = [{"namnd": r["namnd"], "atgard_id": r["atgard_id"], "text": decided_text(r)}
              for r in run.staged.namndbeslut.to_dict("records")] if len(run.staged.namndbeslut) else []
    return site_contexts(run.meta, run.config, run.model, done.contexts["kommunrapport"][0],
                         done.contexts["tertialrapport"], year_end, sorted(_downloads(done).items()), beslut,
                         run.config.webb.kontakt)


def _webbplats_files(run: Run, done: Done, context: dict, files: dict[str, bytes]) -> dict[str, bytes]:
    """Beside the start page: the stylesheet, datapackage.json and the downloadable documents."""
    from pipeline.context.webb import START
    from pipeline.render.webb import site_files

    if context["sida"]["mall"] != START:
        return {}
    downloads = {f: b for name in WEB_DOWNLOADS for rendered in (done.files or {}).get(name, [])
                 for f, b in rendered.items() if f.endswith((".docx", ".pdf", ".xlsx"))}
    return site_files(done.contexts["webbplats"], done.templates, downloads)


# --- rendering (module-level functions: the process pool pickles them by reference) ----------------------------

def _render_webbplats(context: dict, templates: Templates) -> dict[str, bytes]:
    from pipeline.render.webb import render_page

    return render_page(context, templates)


def _render_styrsystemsanalys(context: dict, templates: Templates) -> dict[str, bytes]:
    from pipeline.context.styrsystem import FILENAME
    from pipeline.render.styrsystem_xlsx import render_styrsystemsanalys

    return {FILENAME: render_styrsystemsanalys(context)}


def _prioriteringsmodell_stem(context: dict) -> str:
    return safe_stem(context["titel"].removesuffix(FORUM))


def _render_prioriteringsmodell(context: dict, templates: Templates) -> dict[str, bytes]:
    from pipeline.render.prioritering_xlsx import render_prioriteringsmodell

    return {f"{_prioriteringsmodell_stem(context)}.xlsx": render_prioriteringsmodell(context)}


def _render_rapportunderlag(context: dict, templates: Templates) -> dict[str, bytes]:
    from pipeline.render.underlag_xlsx import render_underlag

    return {f"{context['filnamn']}.xlsx": render_underlag(context)}


def _render_jamforelserapport(context: dict, templates: Templates) -> dict[str, bytes]:
    from pipeline.render.jamforelserapport import render_jamforelserapport

    return render_jamforelserapport(context, templates.html_dir())


def _render_sifferkallor(context: dict, templates: Templates) -> dict[str, bytes]:
    from pipeline.render.sifferkallor_csv import FILENAME, render_sifferkallor

    return {FILENAME: render_sifferkallor(context)}


def _report(kind: str) -> Callable[[dict, Templates], dict[str, bytes]]:
    return partial(render_namnd_report, kind=kind)


def _styrsystem_stem(context: dict) -> str:
    from pipeline.context.styrsystem import FILENAME

    return FILENAME.removesuffix(".xlsx")


# --- the registry ------------------------------------------------------------------------------------------

REPORT_NEEDS = ("indata", "modell")

REGISTRY: dict[str, Dokument] = {d.name: d for d in (
    Dokument(
        name="tertialrapport",
        title="Tertialrapport",
        about="Nämndens uppföljning efter januari–april: en rapport per nämnd, som .docx och .pdf.",
        points=REPORT_POINTS,
        needs=(*REPORT_NEEDS, "styrsystemsanalys", "indikatordiagram"),
        contexts=_tertialrapport, formats=("docx", "pdf"), file_name=report_stem, render=_report("tertialrapport"),
        templates=(DOCX, HTML),
        required=(
            ("kommun.namn",), ("namnd.namn",), ("dokument.titel",), ("dokument.typ",), ("dokument.period",),
            ("sammanfattning",), ("nyckeltal",),
            ("kf_mal", "mal"),
            ("kf_mal[].mal[].indikatorer", "mal[].indikatorer"),
            ("kf_mal[].mal[].indikatorer[].status", "mal[].indikatorer[].status"),
            ("drift.rader",), ("investeringar.rader",), ("avvikelser",), ("atgardsplaner",), ("handelser",),
        ),
    ),
    Dokument(
        name="kommunrapport",
        title="Kommunövergripande rapport",
        about="Uppföljningen för hela kommunen till kommunstyrelsen och kommunfullmäktige vid varje "
              "rapporttillfälle: en rapport, som .docx och .pdf.",
        points=REPORT_POINTS, needs=REPORT_NEEDS,
        contexts=_kommunrapport, formats=("docx", "pdf"), file_name=report_stem, render=_report("kommunrapport"),
        templates=(DOCX, HTML), first=True,
        required=(
            ("kommun.namn",), ("dokument.titel",), ("dokument.typ",), ("dokument.period",), ("sammanfattning",),
            ("ekonomi.rader",), ("ekonomi.summa",), ("kf_mal",), ("kf_mal[].signal",), ("finansiella_mal",),
            ("avvikelser",), ("namnder",),
        ),
    ),
    Dokument(
        name="styrsystemsanalys",
        title="Styrsystemsanalys",
        about="Mål och indikatorer granskade vid varje rapporttillfälle: en arbetsbok (.xlsx) utan mall.",
        points=REPORT_POINTS, needs=(*REPORT_NEEDS, "styrsystemsanalys"),
        contexts=_styrsystemsanalys, formats=("xlsx",), file_name=_styrsystem_stem, render=_render_styrsystemsanalys,
        in_pool=False,
    ),
    Dokument(
        name="delarsrapport",
        title="Delårsrapport (kommunen)",
        about="Kommunens delårsrapport till kommunfullmäktige (LKBR 13 kap., RKR R17): förenklad "
              "förvaltningsberättelse, helårsprognos, balanskravsresultat, god ekonomisk hushållning, resultat- och "
              "balansräkning. Som .docx och .pdf, med granskningslista.",
        points=("delar",), needs=(*REPORT_NEEDS, "räkenskaper"),
        contexts=_delarsrapport, formats=("docx", "pdf"), file_name=report_stem, render=_report("delarsrapport"),
        templates=(DOCX, HTML), first=True,
        required=(
            ("kommun.namn",), ("dokument.titel",), ("dokument.typ",), ("dokument.period",), ("handelser",),
            ("prognos",), ("drift.rader",), ("balanskrav",), ("god_hushallning",), ("resultatrakning.rader",),
            ("balansrakning.rader",),
        ),
    ),
    Dokument(
        name="arsredovisning",
        title="Årsredovisning",
        about="Kommunens årsredovisning (LKBR 11–12 kap., RKR R14 och R15): förvaltningsberättelse, resultat- "
              "och balansräkning, kassaflödesanalys, drift- och investeringsredovisning. Som .docx och .pdf, med "
              "granskningslista.",
        points=("bokslut",), needs=(*REPORT_NEEDS, "räkenskaper"),
        contexts=_arsredovisning, formats=("docx", "pdf"), file_name=report_stem, render=_report("arsredovisning"),
        templates=(DOCX, HTML), first=True,
        required=(
            ("kommun.namn",), ("dokument.titel",), ("dokument.typ",), ("femar.rader",), ("handelser",),
            ("styrning",), ("god_hushallning",), ("balanskrav",), ("personal.rader",), ("resultatrakning.rader",),
            ("balansrakning.rader",), ("kassaflodesanalys.rader",), ("drift.rader",), ("investeringar.rader",),
        ),
    ),
    Dokument(
        name="tjansteskrivelse",
        title="Tjänsteskrivelse",
        about="Följer med varje rapport till nämnd, kommunstyrelse och kommunfullmäktige: ärendet i korthet, "
              "nyckeltal, avvikelser, åtgärder som behöver beslut och förslag till beslut, med diarienummer och "
              "datum. Bara Word (.docx), för ärendehanteringssystemet.",
        points=REPORT_POINTS, needs=(*REPORT_NEEDS, "räkenskaper"),
        contexts=_tjansteskrivelse, formats=("docx",), file_name=lambda c: safe_stem(c["dokument"]["filnamn"]),
        render=partial(render_word_document, kind="tjansteskrivelse"),
        templates=(DOCX,),
        required=(("arende.diarienummer",), ("arende.rubrik",), ("forslag",), ("sammanfattning",)),
        uses_contexts=("tertialrapport", "kommunrapport", "delarsrapport", "arsredovisning"),
    ),
    Dokument(
        name="tidplan",
        title="Tidplan för budgetprocessen",
        about="Årets tidplan för mål och resursplan (kommandot tidplan): besluten och varje delprocess med "
              "aktiviteter, vecka, datum, ansvarig och deltagare; valår enligt Bilaga 2. Som .docx och .pdf (och .ics).",
        points=("tidplan",), needs=("tidplan",),
        contexts=_tidplan, formats=("docx", "pdf", "ics"), file_name=report_stem, render=_report("tidplan"),
        templates=(DOCX, HTML),
        required=(("dokument.titel",), ("delprocesser",), ("delprocesser[].aktiviteter",)),
        attachments=_tidplan_ics,
    ),
    Dokument(
        name="konsekvensmatris",
        title="Konsekvensmatriser",
        about="Planeringsomgången (kör ÅR plan): per nämnd SKR:s matris för konsekvensbedömning för varje förslag, "
              "sammanfattningen och prioriteringsmatrisen. Som .docx och .pdf.",
        points=("plan",), needs=("planeringsunderlag", "planmodell"),
        contexts=_konsekvensmatris, formats=("docx", "pdf"), file_name=report_stem, render=_report("konsekvensmatris"),
        templates=(DOCX, HTML),
        required=(("forslag",), ("forslag[].matris",), ("sammanfattning",)),
    ),
    Dokument(
        name="yttrande",
        title="Nämndens yttrande i planeringsomgången",
        about="Prioritera inom nämnd (Motala Bilaga 1): förslagen i ordningen prioriteringar inom ram, "
              "kommunövergripande prioriteringar, investeringar, effektiviseringar och ransoneringar, med "
              "konsekvensanalys, ekonomisk avstämning mot ramarna och åtgärds- och handlingsplaner. Som .docx och .pdf.",
        points=("plan",), needs=("planeringsunderlag", "ramar", "planmodell"),
        contexts=_yttrande, formats=("docx", "pdf"), file_name=report_stem, render=_report("yttrande"),
        templates=(DOCX, HTML),
        required=(("avsnitt",), ("avsnitt[].forslag",), ("avstamning",)),
    ),
    Dokument(
        name="granskningslista",
        title="Granskningslista för revisorerna",
        about="Bredvid delårsrapporten och årsredovisningen: varje del som lag och RKR kräver och var den står, "
              "och varje aritmetisk kontroll med båda sidor. Som .docx, .pdf och .json.",
        points=("delar", "bokslut"), needs=(*REPORT_NEEDS, "räkenskaper"),
        contexts=_granskningslista, formats=("docx", "pdf", "json"), file_name=report_stem,
        render=_report("granskningslista"), templates=(DOCX, HTML),
        required=(("kommun.namn",), ("dokument.titel",), ("dokument.granskat",), ("delar",), ("kontroller",)),
        uses_contexts=("delarsrapport", "arsredovisning"), uses_rendered=("delarsrapport", "arsredovisning"),
        attachments=_granskningslista_json,
    ),
    Dokument(
        name="prioriteringsmodell",
        title="Prioriteringsmodell",
        about="Planeringsomgången (kör ÅR plan): nämndens förslag med rangordning per nämnd och en sammanställning "
              "för prioriteringsforum. Arbetsböcker (.xlsx) utan mall.",
        points=("plan",), needs=("planeringsunderlag", "ramar", "planmodell"),
        contexts=_prioriteringsmodell, formats=("xlsx",), file_name=_prioriteringsmodell_stem,
        render=_render_prioriteringsmodell, in_pool=False,
    ),
    Dokument(
        name="rapportunderlag",
        title="Rapportunderlag",
        about="Förifyllda arbetsböcker (.xlsx) per nämnd inför ett rapporttillfälle eller planeringsomgången "
              "(kommandot underlag), utan mall.",
        points=("underlag",), needs=("indata",),
        contexts=_rapportunderlag, formats=("xlsx",), file_name=lambda c: c["filnamn"],
        render=_render_rapportunderlag, in_pool=False,
    ),
    Dokument(
        name="namndbeslut",
        title="Nämndbeslut",
        about="Per nämnd en arbetsbok (.xlsx) där nämndsekreteraren för in nämndens beslut om varje åtgärd "
              "(Beslutad, Ändrad, Avslagen, Tillagd av nämnden), paragraf, datum och SKL-guidens checklista "
              "beslut; nästa rapporttillfälle följer upp de beslutade åtgärderna. Utan mall.",
        points=REPORT_POINTS, needs=REPORT_NEEDS,
        contexts=_namndbeslut, formats=("xlsx",), file_name=lambda c: c["filnamn"],
        render=_render_rapportunderlag, in_pool=False,
    ),
    Dokument(
        name="jamforelserapport",
        title="Jämförelserapport",
        about="Den nationella jämförelsen (kommandot jämförelse ÅR --data MAPP): per kommun varje nyckeltal i "
              "Koladas data med värde, plats bland alla kommuner, fjärdedel, kommungruppens median, riket, trend och "
              "kvinnor och män. Som .docx (utan mall), .pdf och webbsida (båda från HTML-mallen).",
        points=(NATIONAL,), needs=("kolada-data",),
        contexts=_jamforelserapport, formats=("docx", "pdf", "html"), file_name=lambda c: c["dokument"]["filnamn"],
        render=_render_jamforelserapport, templates=(HTML,), renderer_adds=(("webbsida", "bool"),),
        required=(("kommun.namn",), ("dokument.titel",), ("rader",), ("rader[].varde",), ("rader[].plats",),
                  ("rader[].kvartil",), ("rader[].grupp_median",), ("rader[].trend",), ("kalla",)),
    ),
    Dokument(
        name="webbplats",
        title="Webbplats",
        about="Rapporttillfället som tillgänglig webbplats (kommandot publicera, eller kör --publicera): startsida, "
              "en sida per nämnd och per KF-mål, medborgarsidor på klarspråk, åtgärder, nedladdningar, "
              "tillgänglighetsredogörelse, och varje tabell som öppna data (CSV och datapackage.json). Mapp webb/.",
        points=REPORT_POINTS, needs=(*REPORT_NEEDS, "indikatordiagram"),
        contexts=_webbplats, formats=("html",), file_name=lambda c: c["sida"]["fil"].removesuffix(".html"),
        render=_render_webbplats, option="publicera",
        web_templates=("start", "namnd", "mal", "medborgare", "atgarder", "nedladdning", "tillganglighet", "kommun"),
        uses_contexts=("tertialrapport", "kommunrapport", "delarsrapport", "arsredovisning"),
        uses_rendered=WEB_DOWNLOADS, attachments=_webbplats_files,
    ),
    Dokument(
        name="sifferkallor",
        title="Sifferkällor",
        about="Varje siffra i drift- och investeringsredovisningen, nyckeltalen, indikatortabellerna, kommunens "
              "ekonomitabell och delårsrapportens och årsredovisningens räkningar, femårsöversikt och noter med sin "
              "källa: huvudbokens filter, antal rader och oavrundad summa, budgeten, rapportunderlaget eller "
              "beräkningen. En CSV-fil (UTF-8, semikolon) utan mall; kommandot spåra läser den.",
        points=REPORT_POINTS, needs=REPORT_NEEDS,
        contexts=_sifferkallor, formats=("csv",), file_name=lambda c: "sifferkallor",
        render=_render_sifferkallor, in_pool=False,
        uses_contexts=("tertialrapport", "kommunrapport", "delarsrapport", "arsredovisning", "webbplats"),
    ),
)}


def build_order(kinds: list[Dokument]) -> list[Dokument]:
    """The order in which a run builds and queues its kinds: the `first` ones (one long document each: the kommun's
    report, delårsrapport or årsredovisning), then the rest, each group in registry order. The render workers take
    the queue in order, so the longest document no longer starts last and leaves one worker idle meanwhile."""
    return [d for d in kinds if d.first] + [d for d in kinds if not d.first]


def _check_order() -> None:
    seen: set[str] = set()
    for d in build_order(list(REGISTRY.values())):
        late = set(d.uses_contexts + d.uses_rendered) - seen
        if late & REGISTRY.keys():
            raise RuntimeError(f"{d.name} används före {', '.join(sorted(late))} i REGISTRY")
        seen.add(d.name)


_check_order()


OPTIONS = frozenset(d.option for d in REGISTRY.values() if d.option)


def kinds_at(point: str, options: frozenset[str] = frozenset()) -> list[Dokument]:
    """The kinds a point makes, in registry order (every dependency before the kind that uses it); a kind with an
    `option` only when `options` has it."""
    return [d for d in REGISTRY.values() if point in d.points and (d.option is None or d.option in options)]


def with_templates() -> list[Dokument]:
    """The kinds rendered through templates (what `mallar kontrollera` checks): docx/html, or the website's web/."""
    return [d for d in REGISTRY.values() if d.templates or d.web_templates]


# --- building a run's documents -------------------------------------------------------------------------------

@dataclass
class Job:
    kind: Dokument
    context: dict
    future: Future   # anything with .result() -> {file name: bytes}


def build(run: Run, submit: Callable[[Dokument, dict], Future] | None,
          templates: Templates | None = None, options: frozenset[str] = frozenset()) -> tuple[Done, list[Job]]:
    """Build the contexts of every kind made at the run's point, in registry order, and hand each to
    `submit(kind, context)` (which starts its rendering). A kind that reads another's rendered files waits for
    them first. With `submit` None only the contexts are built (nothing rendered)."""
    done = Done(files=None if submit is None else {}, templates=templates)
    jobs: list[Job] = []
    for kind in build_order(kinds_at(run.point, options)):
        if done.files is not None:
            for used in kind.uses_rendered:
                done.files[used] = [job.future.result() for job in jobs if job.kind.name == used]
        done.contexts[kind.name] = kind.contexts(run, done)
        if submit is not None:
            jobs += [Job(kind, c, submit(kind, c)) for c in done.contexts[kind.name]]
    return done, jobs


def files_of(run: Run, done: Done, job: Job) -> dict[str, bytes]:
    """A finished job's files: the rendered ones and the kind's attachments (the checklist's .json, the .ics)."""
    files = job.future.result()
    if job.kind.attachments is not None:
        files = {**files, **job.kind.attachments(run, done, job.context, files)}
    return files


def failed(kind: Dokument, context: dict) -> DocumentFailed:
    """The error that names the document whose rendering failed (raise it `from` the cause)."""
    try:
        return DocumentFailed(f"{kind.file_name(context)} ({kind.title})")
    except Exception:  # noqa: BLE001  a context too broken to name: the kind says enough
        return DocumentFailed(kind.title)


def render_now(kind: Dokument, context: dict, templates: Templates) -> Future:
    """Render in this thread; a finished Future. A failure names the document."""
    future: Future = Future()
    try:
        future.set_result(kind.render(context, templates))
    except Exception as exc:
        raise failed(kind, context) from exc
    return future


def render_in_pool(kind: Dokument, context: dict, templates: Templates) -> Future:
    """Render in the process pool (pipeline.render.pool); a Future whose failure names the document."""
    from pipeline.render import pool

    named: Future = Future()

    def relay(rendered: Future) -> None:
        if rendered.exception() is None:
            named.set_result(rendered.result())
            return
        try:
            raise failed(kind, context) from rendered.exception()
        except DocumentFailed as exc:
            named.set_exception(exc)

    pool.submit(kind.render, context, templates).add_done_callback(relay)
    return named


def render_in_process(run: Run, templates_root: Path, options: frozenset[str] = frozenset()) -> dict[str, bytes]:
    """Every document of the run rendered in this process, without Prefect (the tests, the template checker):
    {file name: bytes}."""
    templates = Templates(templates_root)
    done, jobs = build(run, lambda kind, context: render_now(kind, context, templates), templates, options)
    out: dict[str, bytes] = {}
    for job in jobs:
        out.update(files_of(run, done, job))
    return out
