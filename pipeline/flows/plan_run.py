"""The documents of the planning round (kör ÅR plan), rendered in memory: the prioriteringsmodell workbook per
nämnd and the kommunövergripande sammanställning."""

from __future__ import annotations

from pipeline.config import Config
from pipeline.context.prioritering import workbook_context
import pandas as pd

from pipeline.model.plan import PlanModel
from pipeline.model.prioritering import beraknad_rang, forum_totals
from pipeline.render.prioritering_xlsx import render_prioriteringsmodell
from pipeline.render.report import safe_stem


def prioriteringsmodeller(model: PlanModel, config: Config, ramar=None) -> dict[str, bytes]:
    """{file name: bytes}: one workbook per nämnd with förslag, and the sammanställning of all nämnder (ranked
    within each Typ across the nämnder, totals per nämnd, against the prioriteringsutrymme)."""
    ramar = ramar if ramar is not None else pd.DataFrame(columns=["namnd", "driftram", "investeringsutrymme"])
    out = {}
    for n in config.namnder:
        own = model.forslag[model.forslag["namnd"] == n.id]
        if not len(own):
            continue
        title = f"Prioriteringsmodell {model.year} {n.namn}"
        out[f"{safe_stem(title)}.xlsx"] = render_prioriteringsmodell(
            workbook_context(config.kommun_namn, model.year, title, own, model.preliminar))
    title = f"Prioriteringsmodell {model.year} Sammanställning"
    across = beraknad_rang(model.forslag.drop(columns=["beraknad_rang", "avviker"]), within_namnd=False)
    across = across.assign(avviker=False)   # the nämnder ranked within themselves: no own rank across them
    context = workbook_context(config.kommun_namn, model.year, f"{title} för prioriteringsforum", across,
                               model.preliminar, with_namnd=True)
    context["per_namnd"], context["utrymme"] = forum_totals(model.forslag, ramar)
    out[f"{title}.xlsx"] = render_prioriteringsmodell(context)
    return out


def konsekvensmatriser(model: PlanModel, plan, config: Config, templates_root) -> dict[str, bytes]:
    """Each nämnd's konsekvensmatriser and yttrande as .docx and .pdf."""
    from pipeline.context.konsekvens import konsekvens_context
    from pipeline.render.report import Templates, render_namnd_report

    from pipeline.context.yttrande import yttrande_context

    out = {}
    templates = Templates(templates_root)
    for n in config.namnder:
        if (model.forslag["namnd"] == n.id).any():
            context = konsekvens_context(config.kommun_namn, model, n.id, n.namn, plan.konsekvenser, plan.forslag_info)
            out.update(render_namnd_report(context, templates, "konsekvensmatris"))
            out.update(render_namnd_report(yttrande_context(config.kommun_namn, model, plan, n.id, n.namn), templates,
                                           "yttrande"))
    return out


def plan_summary(model: PlanModel, config: Config) -> str:
    """The run summary of the planning round (Swedish): counts, the computed ranks that differ, the incomplete
    konsekvensbeskrivningar."""
    f = model.forslag
    lines = [f"Planeringsomgången {model.year}{' (preliminär: valår)' if model.preliminar else ''}: "
             f"{f['namnd'].nunique()} nämnder, {len(f)} förslag."]
    differ = f[f["avviker"]]
    if len(differ):
        lines.append("Nämndens rang skiljer sig från den beräknade:")
        lines += [f"  - {r['namnd_namn']} {r['forslag_id']} ({r['typ']}): nämndens rang {r['namndens_rang']}, "
                  f"beräknad {r['beraknad_rang']}" for r in differ.to_dict("records")]
    if len(model.ofullstandiga):
        from pipeline.context.konsekvens import brist

        names = {n.id: n.namn for n in config.namnder}
        lines.append("Ofullständiga konsekvensbeskrivningar:")
        lines += [f"  - {names.get(r['namnd'], r['namnd'])} {r['forslag_id']}: {brist(r['saknas'], r['samma_text'])}"
                  for r in model.ofullstandiga.to_dict("records")]
    return "\n".join(lines) + "\n"
