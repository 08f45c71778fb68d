"""The run summary (körsammanfattning): what was produced, what deviates, what is missing. Swedish text."""

from __future__ import annotations

from pipeline.config import Config
from pipeline.context.format import tkr


def run_summary(config: Config, staged, model, meta, files: list[str]) -> str:
    """Plain text, deterministic (no clock time): one line per nämnd, then flags and notes."""
    lines = [f"{config.kommun_namn} – {meta.dokumenttyp} {meta.year} (januari–månad {meta.till_manad})", ""]
    lines.append(f"{'Nämnd':<40} {'Årsbudget':>12} {'Prognos':>12} {'Avvikelse helår':>16}  Flaggor")
    totals = model.totals.set_index("namnd")
    plans = {n: set(u.atgardsplan["avser"].dropna()) for n, u in staged.underlag.items()}
    missing_plans = []
    for n in config.namnder:
        if n.id not in totals.index:
            lines.append(f"{n.namn:<40} {'–':>12} {'–':>12} {'–':>16}  ingen budget eller utfall")
            continue
        t = totals.loc[n.id]
        flags = []
        if t["vasentlig"]:
            flags.append("väsentlig avvikelse")
            drift = model.drift[(model.drift["namnd"] == n.id) & model.drift["vasentlig"]]
            covered = plans.get(n.id, set())
            if n.id not in covered and not (set(drift["verksamhet"]) & covered):
                missing_plans.append(f"{n.namn}: avvikelse helår {tkr(t['avvikelse_helar'])} tkr – Åtgärdsplan saknas")
        if t["prognos_flagga"]:
            flags.append("prognoserna skiljer sig")
        lines.append(f"{n.namn:<40} {tkr(t['arsbudget']):>12} {tkr(t['prognos']):>12} {tkr(t['avvikelse_helar']):>16}  "
                     + ", ".join(flags))
    lines += ["", f"Belopp i tkr. Skrivna filer: {len(files)}."]
    if missing_plans:
        lines += ["", "Väsentliga avvikelser utan åtgärdsplan:"] + [f"  - {m}" for m in missing_plans]
    if staged.notes:
        lines += ["", "Att observera:"] + [f"  - {note}" for note in staged.notes]
    return "\n".join(lines) + "\n"
