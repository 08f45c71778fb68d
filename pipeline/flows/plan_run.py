"""The prioriteringsutrymme of the planning round's sammanställning (the prioriteringsmodell's builder in
pipeline.flows.registry calls it)."""

from __future__ import annotations

from pipeline.model.plan import PlanModel
from pipeline.read import kinds


def forum_totals(model: PlanModel, ramar) -> tuple[list[dict], list[dict]]:
    """Per nämnd: the förslag's sum per Typ (tkr); and the prioriteringsutrymme (each row with the formula the
    workbook computes it with): what the nämnder free up
    (effektiviseringar and ransoneringar) against the kommunövergripande prioriteringar, and the investeringar
    against the summed investeringsutrymme of the Ramar (docs/planering_kalla.md)."""
    f = model.forslag
    per_namnd = [{"namnd": name, **{typ: float(g.loc[g["typ"] == typ, "kostnad"].sum()) for typ in kinds.TYPER},
                  "summa": float(g["kostnad"].sum())}
                 for name, g in f.groupby("namnd_namn", sort=True)]
    frees = -float(f.loc[f["typ"].isin(["Effektivisering", "Ransonering"]), "kostnad"].sum())
    asked = float(f.loc[f["typ"] == "Kommunövergripande prioritering", "kostnad"].sum())
    invest = float(f.loc[f["typ"] == "Investering", "kostnad"].sum())
    # formel: the same arithmetic for the workbook, {Typ} = the sum of that Typ, {n} = the n-th row here
    rows = [{"namn": "Frigörs genom effektiviseringar och ransoneringar", "belopp": frees,
             "formel": "-({Effektivisering}+{Ransonering})"},
            {"namn": "Begärs för kommunövergripande prioriteringar", "belopp": asked,
             "formel": "{Kommunövergripande prioritering}"},
            {"namn": "Kvar (+) eller saknas (−) för kommunövergripande prioriteringar", "belopp": frees - asked,
             "formel": "{0}-{1}"},
            {"namn": "Investeringsförslag", "belopp": invest, "formel": "{Investering}"}]
    if len(ramar):
        space = float(ramar["investeringsutrymme"].sum())
        rows += [{"namn": "Investeringsutrymme enligt ramarna", "belopp": space, "formel": None},
                 {"namn": "Kvar (+) eller saknas (−) av investeringsutrymmet", "belopp": space - invest,
                  "formel": "{4}-{3}"}]
    return per_namnd, rows
