"""The run summaries (körsammanfattning): what was produced, what deviates, what is missing. Swedish text."""

from __future__ import annotations

from pipeline.config import Config
from pipeline.context.avrundning import rounded_model
from pipeline.context.format import number, period_text, tkr
from pipeline.context.styrsystem import summary_lines as styrsystem_lines
from pipeline.context.atgarder import not_enough_text
from pipeline.context.extern_regi import overdue_lines


def run_summary(config: Config, staged, model, meta, files: list[str], styrsystem=None) -> str:
    """Plain text, deterministic (no clock time): one line per nämnd, then flags and notes; `styrsystem` (the
    warnings of model.styrsystem, optional) adds the Styrsystemsanalys block."""
    model = rounded_model(model)   # the figures as the documents print them (docs/analys.md, Avrundning av belopp)
    lines = [f"{config.kommun_namn} – {meta.dokumenttyp} {meta.year} ({period_text(meta.year, meta.till_manad)})", ""]
    second = "Utfall" if meta.till_manad == 12 else "Prognos"   # the closed year has no prognos
    lines.append(f"{'Nämnd':<40} {'Årsbudget':>12} {second:>12} {'Avvikelse helår':>16}  Flaggor")
    totals = model.totals.set_index("namnd")
    missing = model.avvikelser[model.avvikelser["saknas"]]
    missing_plans = [f"{config.namnd(r['namnd']).namn}: {r['avser']} {r['namn']}"
                     + (f" (avvikelse helår {tkr(r['belopp'])} tkr)" if r["typ"] == "ekonomisk" else " (indikator Ej uppfyllt)")
                     + " – " + ("Åtgärdsplan saknas" if r["typ"] == "ekonomisk" else
                                "Åtgärdsplan eller analys med orsakskategori saknas")
                     for r in missing.to_dict("records")]
    for n in config.namnder:
        if n.id not in totals.index:
            lines.append(f"{n.namn:<40} {'–':>12} {'–':>12} {'–':>16}  ingen budget eller utfall")
            continue
        t = totals.loc[n.id]
        flags = []
        if t["vasentlig"]:
            flags.append("väsentligt underskott" if t["avvikelse_helar"] < 0 else "väsentligt överskott")
        if t["prognos_flagga"]:
            flags.append("prognoserna skiljer sig")
        lines.append(f"{n.namn:<40} {tkr(t['arsbudget']):>12} {tkr(t['prognos']):>12} {tkr(t['avvikelse_helar']):>16}  "
                     + ", ".join(flags))
    lines += ["", f"Belopp i tkr. Skrivna filer: {len(files)}."]
    if missing_plans:
        lines += ["", "Avvikelser som saknar åtgärdsplan (mot mål: plan eller analys med orsakskategori):"] \
            + [f"  - {m}" for m in missing_plans]
    effekt = model.atgardseffekt
    short = [f"  - {config.namnd(r['namnd']).namn}: {not_enough_text(r)}"
             for r in (effekt[effekt["racker_inte"]].to_dict("records") if "racker_inte" in effekt else [])]
    if short:
        lines += ["", "Åtgärder som inte täcker underskottet:"] + short
    lines += evaluation_lines(model, config, meta)
    late = overdue_lines(model, {n.id: n.namn for n in config.namnder}, meta.end_date)
    if late:
        lines += ["", "Utförare i extern regi som inte har svarat i tid:"] + [f"  - {t}" for t in late]
    lines += nyckeltal_lines(model, config)
    if styrsystem is not None:
        lines += [""] + styrsystem_lines(styrsystem, config)
    if staged.notes:
        lines += ["", "Att observera:"] + [f"  - {note}" for note in staged.notes]
    return "\n".join(lines) + "\n"


def evaluation_lines(model, config: Config, meta) -> list[str]:
    """Bilaga 4, "Utvärdera föregående uppföljningstillfälle": per nämnd its previous plans followed up and the
    avvikelser that recur although a plan targeted them (context.atgarder.evaluation_rows)."""
    from pipeline.context.atgarder import evaluation_rows

    rows = evaluation_rows(model, config)
    if not rows:
        return []
    previous = getattr(meta, "previous_text", "") or "föregående tillfälle"
    return ["", f"Utvärdering av föregående uppföljningstillfälle ({previous}):"] + \
        [f"  - {r['namnd']}: {r['text']}" for r in rows]


def nyckeltal_lines(model, config: Config) -> list[str]:
    """Warnings where the kommun's own financial key figure (model.arsredovisning.egna_nyckeltal) and Kolada's
    value for the same KPI and year differ by more than arsredovisning.nyckeltal_tolerans: the documents show the
    own figure; Kolada's is used only for the other kommuner."""
    off = getattr(model, "kolada_skillnader", None)
    if off is None or not len(off):
        return []
    tol = number(config.arsredovisning.nyckeltal_tolerans, 1)
    lines = ["", f"Nyckeltal där kommunens räkenskaper och Kolada skiljer sig mer än {tol} procentenheter (dokumenten "
                 "visar räkenskapernas värde; Koladas används bara för de andra kommunerna):"]
    for r in off.to_dict("records"):
        lines.append(f"  - {r['indikator_id']} {r['ar']}: {number(r['varde'], 1)} enligt {r['kalla'].lower()}, "
                     f"{number(r['kolada'], 1)} i Kolada.")
    return lines


def plan_summary(model, config: Config) -> str:
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
