"""Formatting of mål and indicator figures for the documents (statuses, comparisons, costs)."""

from __future__ import annotations

import pandas as pd

from pipeline.context.common import STATUS_STYLE, ReportMeta, status
from pipeline.context.format import EMPTY, count_phrase, indicator_value, percent, period_text, tkr, value_with_period
from pipeline.model.mal import PROGNOS_WORDS, STATUS_INFORMATION, STATUS_KAN_EJ

# A status word counted: (singular, plural), e.g. '1 uppfyllt', '2 uppfyllda' (a mål or an indikator).
STATUS_COUNT_WORDS = {"Uppfyllt": ("uppfyllt", "uppfyllda"), "Delvis uppfyllt": ("delvis uppfyllt", "delvis uppfyllda"),
                      "Ej uppfyllt": ("ej uppfyllt", "ej uppfyllda"), STATUS_KAN_EJ: ("kan ej bedömas", "kan ej bedömas")}


def status_counts(mal_items: list[dict]) -> list[dict]:
    """The opening of the sammanfattning: how many mål and indicators have each status, symbol + word."""
    def count(words: list[str]) -> str:
        parts = [f"{STATUS_STYLE[w][0]} {count_phrase(words.count(w), *STATUS_COUNT_WORDS[w])}"
                 for w in STATUS_STYLE if words.count(w)]
        return ", ".join(parts) if parts else "inga"
    mal_words = [m["beraknad"]["ord"] for m in mal_items]
    ind_words = [i["status"]["ord"] for m in mal_items for i in m["indikatorer"]]
    information = ind_words.count(STATUS_INFORMATION)
    return [
        {"namn": f"Mål ({len(mal_words)}), beräknat utifrån indikatorerna", "text": count(mal_words)},
        {"namn": f"Indikatorer ({len(ind_words)})",
         "text": count(ind_words) + (f"; {information} informationsmått utan status" if information else "")},
    ]


def year_status(word: str, meta: ReportMeta) -> dict:
    """A computed mål status as symbol + word + colour: at tertial and delår phrased as a prognosis for the year
    (Bedöms uppfyllas …), at bokslut as a verdict."""
    return status(word, PROGNOS_WORDS[word] if meta.tillfalle in ("tertial", "delar") else word)


def computed_mal_status(computed, mal_id: str, own: str | None, meta: ReportMeta) -> dict:
    """The mål's status computed from its indicators: a prognosis for the year at tertial and delår, a verdict
    at bokslut; flagged where the förvaltning's own bedömning says otherwise."""
    if computed is None or mal_id not in computed.index:
        word, row = STATUS_KAN_EJ, None
    else:
        row = computed.loc[mal_id]
        word = row["beraknad"]
    if row is not None and row["bedomda"]:
        judged = int(row["bedomda"])
        basis = (f"{int(row['uppfyllda'])} av {count_phrase(judged, 'bedömd indikator', 'bedömda indikatorer')} "
                 f"{'uppfylld' if judged == 1 else 'uppfyllda'}, {int(row['delvis'])} delvis")
    else:
        basis = "inga bedömda indikatorer"
    differs = isinstance(own, str) and own != STATUS_KAN_EJ and word != STATUS_KAN_EJ and own != word
    return {"beraknad": year_status(word, meta), "beraknad_grund": basis,
            "avviker": "Förvaltningens bedömning avviker från den beräknade." if differs else ""}


def cost_text(costs, mal_id: str, meta: ReportMeta) -> str:
    """'Verksamheterna 407, 440: årsbudget …' – what the mål's verksamheter cost; '' without linked ones."""
    if costs is None or mal_id not in costs.index:
        return ""
    c = costs.loc[mal_id]
    change = ""
    if pd.notna(c["utfall_fg"]):
        same = str(meta.year - 1) if meta.till_manad == 12 else f"samma period {meta.year - 1}"
        change = f" ({same}: {tkr(c['utfall_fg'])} tkr"
        change += f", {'+' if c['forandring'] >= 0 else ''}{percent(c['forandring'])})" if pd.notna(c["forandring"]) else ")"
    codes = ", ".join(c["verksamheter"])
    word = "Verksamheten" if len(c["verksamheter"]) == 1 else "Verksamheterna"
    if meta.till_manad == 12:   # the closed year: its utfall, no prognos
        return f"{word} {codes}: årsbudget {tkr(c['arsbudget'])} tkr, utfall {meta.year} {tkr(c['utfall'])} tkr{change}."
    return (f"{word} {codes}: årsbudget {tkr(c['arsbudget'])} tkr, utfall {period_text(meta.year, meta.till_manad)} "
            f"{tkr(c['utfall'])} tkr{change}, helårsprognos {tkr(c['prognos'])} tkr.")


def value_text(row: dict, meta: ReportMeta) -> str:
    """An indicator's value with its period: '76,4 (2025)'. A value too old to judge says so; at the bokslut a
    value of only part of the report year is named as such, never presented as the year's."""
    text = indicator_value(row["varde"])
    period = row.get("varde_period")
    if not isinstance(period, str) or not period:
        return text
    if row.get("for_gammal") in (True,):
        return f"{text} ({period}, för gammalt för att bedöma)"
    if meta.till_manad == 12 and row.get("del_av_aret") in (True,):
        return f"{text} ({period}, del av året; helårsvärde saknas)"
    return value_with_period(row["varde"], period, row.get("varde_kalla"))


KVARTIL_TEXT = {"bäst": "bästa fjärdedelen", "mellan": "mittersta hälften", "sämst": "sämsta fjärdedelen"}


def comparison_texts(row: dict) -> dict:
    """Trend, plats, jämförelsegrupp, riket and K/M of one indicator row, formatted."""
    plats = (f"plats {int(row['plats'])} av {int(row['antal'])}" if pd.notna(row.get("plats")) else EMPTY)
    kvartil = row.get("kvartil")
    km = EMPTY
    if pd.notna(row.get("varde_k")) and pd.notna(row.get("varde_m")):
        km = f"K {indicator_value(row['varde_k'])}, M {indicator_value(row['varde_m'])}"
    trend = f"{row['trend_pil']} {row['trend_ord']}".strip() if isinstance(row.get("trend_ord"), str) else EMPTY
    return {
        "trend": trend,
        "plats": plats,
        "kvartil": KVARTIL_TEXT.get(kvartil, "") if isinstance(kvartil, str) else "",
        "grupp": indicator_value(row.get("grupp_median")),
        "riket": indicator_value(row.get("riket")),
        "km": km,
    }




def avvikelse_row(r: dict, meta: ReportMeta | None = None) -> dict:
    """One row of the avvikelser table: what, which kind, how far off, and how it is handled. At the bokslut an
    economic deviation is the year's underskott, not a prognosis."""
    kind = r["typ"]
    if kind == "ekonomisk":
        closed = meta is not None and meta.till_manad == 12
        description = f"{'underskott' if closed else 'prognostiserat underskott'} {tkr(-r['belopp'])} tkr"
    elif kind == "mot mål":
        description = f"{indicator_value(r['varde'])} mot målvärdet {indicator_value(r['malvarde'])}"
    elif kind == "mot andra kommuner":
        description = f"sämsta fjärdedelen, plats {int(r['plats'])} av {int(r['antal'])}"
    elif kind == "trend försämras":
        description = "försämras: " + " → ".join(indicator_value(v) for v in r["trend_varden"])
    else:
        description = f"skillnad K − M {indicator_value(r['kon_gap'])}, {percent(r['avstand'])} av totalvärdet"
        if pd.notna(r.get("kon_gap_fg")):
            description += f" (året innan {indicator_value(r['kon_gap_fg'])})"
    if r["saknas"]:
        handling = "Åtgärdsplan saknas"
    elif isinstance(r["atgard_ids"], str) and r["atgard_ids"]:
        handling = f"Åtgärdsplan {r['atgard_ids']}"
    elif r["har_analys"]:
        kategori = r.get("orsakskategori")
        handling = f"Analys finns (orsak: {kategori})" if isinstance(kategori, str) else "Analys finns"
    else:
        handling = EMPTY
    return {"avser": f"{r['avser']} {r['namn'] if isinstance(r['namn'], str) else ''}".strip(), "slag": kind,
            "beskrivning": description, "hantering": handling, "saknas": bool(r["saknas"])}


def best_rows(basta: pd.DataFrame, indikatorer: pd.DataFrame) -> list[dict]:
    """"Vad gör de bästa?": per indicator of the nämnd (indikatorer) with a result deviation, the best kommuner of
    each group with their values, for the period of the kommun's latest value."""
    from pipeline.model.grupp import kommun_names

    if not len(basta) or not len(indikatorer):
        return []
    names = kommun_names()
    own = indikatorer.drop_duplicates("indikator_id")
    info = dict(zip(own["indikator_id"], own["namn"]))
    out = []
    for ind in [i for i in own["indikator_id"] if i in set(basta["indikator_id"])]:
        rows = basta[basta["indikator_id"] == ind]
        groups = [{"namn": label, "kommuner": "; ".join(f"{names.get(k, k)} {indicator_value(v)}"
                                                        for k, v in zip(g["kommun"], g["varde"]))}
                  for label, g in rows.groupby("grupp", sort=False)]
        out.append({"indikator": f"{ind} {_text_or(info.get(ind))}".strip(), "period": str(rows["period"].iloc[0]),
                    "grupper": groups})
    return out


def cause_groups(analys: pd.DataFrame, mal: pd.DataFrame, indikatorer: pd.DataFrame, names: dict[str, str]) -> list[dict]:
    """The nämnd's causes grouped by the SKL guide's categories ("Checklista sök orsaker", in its order): per
    category the Analys rows that name it, each with what it is about and its Orsak (else its Analys text)."""
    from pipeline.read.kinds import ORSAKSKATEGORIER

    if not len(analys) or "orsakskategori" not in analys:
        return []
    mal_text = {m["mal_id"]: f"{m['mal_id']} {_text_or(m.get('formulering'))}".strip() for m in mal.to_dict("records")}
    ind_text = {i["indikator_id"]: f"{i['indikator_id']} {_text_or(i.get('namn'))}".strip()
                for i in indikatorer.to_dict("records")} if len(indikatorer) else {}
    labels = {"mal": mal_text, "indikator": ind_text,
              "verksamhet": {k: f"{k} {v}".strip() for k, v in names.items()}}
    groups = []
    for kategori in ORSAKSKATEGORIER:
        rows = analys[analys["orsakskategori"].astype(object) == kategori]
        items = [{"avser": labels.get(r["avser_typ"], {}).get(r["avser"], str(r["avser"])),
                  "orsak": _text_or(r.get("orsak")) or _text_or(r.get("analys"))} for r in rows.to_dict("records")]
        if items:
            groups.append({"kategori": kategori, "rader": items})
    return groups


def _text_or(value) -> str:
    return value.strip() if isinstance(value, str) else ""


def indicator_comment(analys: pd.DataFrame, indikator_id: str) -> str:
    """'Kommentar och åtgärd' of an indicator: the nämnd's Analys rows for it (Analys, Orsak, Åtgärd)."""
    rows = analys[(analys["avser_typ"] == "indikator") & (analys["avser"] == indikator_id)]
    parts = []
    for r in rows.to_dict("records"):
        for label, key in (("", "analys"), ("Orsak: ", "orsak"), ("Åtgärd: ", "atgard")):
            value = r.get(key)
            if isinstance(value, str) and value.strip():
                text = value.strip()
                parts.append(label + text + ("" if text.endswith((".", "!", "?")) else "."))
    return " ".join(parts)


def spread_text(spridning: pd.DataFrame, indikator_id: str) -> str:
    """'Per enhet (2025): lägst Förskolan Norrsken 86, högst Förskolan Solrosen 94; 2 av 5 under målvärdet.'"""
    rows = spridning[spridning["indikator_id"] == indikator_id] if len(spridning) else spridning
    texts = []
    for r in rows.to_dict("records"):
        word = "enhet" if r["slag"] == "Enhet" else "grupp"
        text = (f"Per {word} ({r['period']}): lägst {r['lagst_namn']} {indicator_value(r['lagst'])}, "
                f"högst {r['hogst_namn']} {indicator_value(r['hogst'])}")
        if r["med_malvarde"]:
            text += f"; {int(r['under_mal'])} av {int(r['antal'])} under målvärdet"
        texts.append(text + ". Alla i bilagan.")
    return " ".join(texts)


def appendix_units(enheter: pd.DataFrame, indikatorer: pd.DataFrame) -> list[dict]:
    """The appendix 'Resultat per enhet och grupp': one table per (indicator, slag)."""
    if enheter.empty:
        return []
    info = indikatorer.drop_duplicates("indikator_id").set_index("indikator_id")
    out = []
    for (ind, slag), rows in enheter.groupby(["indikator_id", "slag"], sort=True):
        if ind not in info.index:
            continue
        i = info.loc[ind]
        out.append({
            "indikator": f"{ind} {i['namn']}", "slag": slag, "period": str(rows["period"].iloc[0]),
            "malvarde": indicator_value(i["malvarde"]), "riktning": str(i["riktning"]),
            "rader": [{"namn": r["namn"], "varde": indicator_value(r["varde"]),
                       "under": EMPTY if pd.isna(r["under_mal"]) else ("Ja" if r["under_mal"] else "Nej")}
                      for r in rows.to_dict("records")],
        })
    return out


def indicator_cost_text(kostnad: pd.DataFrame, indikator_id: str, meta: ReportMeta) -> str:
    """'Vad kostade det: verksamhet 407 …' beside a Resurs or Effektivitet indicator; '' for other indicators."""
    rows = kostnad[kostnad["indikator_id"] == indikator_id] if len(kostnad) else kostnad
    if rows.empty:
        return ""
    r = rows.iloc[0]
    codes = ", ".join(r["verksamheter"])
    word = "verksamhet" if len(r["verksamheter"]) == 1 else "verksamheterna"
    now = f"utfall {tkr(r['prognos'])} tkr" if meta.till_manad == 12 else f"helårsprognos {tkr(r['prognos'])} tkr"
    return (f"Vad kostade det: {word} {codes} hade enligt huvudboken en nettokostnad på {tkr(r['nettokostnad_fg'])} tkr "
            f"{meta.year - 1}; årsbudget {meta.year} {tkr(r['arsbudget'])} tkr, {now}.")


def kf_signal(kf_row, meta: ReportMeta) -> dict:
    """A KF-mål's own signal, rolled up from its nämndmål across all nämnder."""
    namnder = ", ".join(kf_row["namnder"]) or "inga"
    counts = ", ".join(count_phrase(int(kf_row[key]), *STATUS_COUNT_WORDS[word]) for key, word in
                       (("uppfyllda", "Uppfyllt"), ("delvis", "Delvis uppfyllt"), ("ej", "Ej uppfyllt")))
    basis = f"sammanvägt från {int(kf_row['namndmal'])} nämndmål i {namnder}: {counts}"
    if bool(kf_row.get("begransad", False)):
        basis += "; högst delvis uppfyllt eftersom ett finansiellt mål inte är uppfyllt"
    return {"signal": year_status(kf_row["beraknad"], meta), "grund": basis}


def framgang_rows(framgangar: pd.DataFrame) -> list[dict]:
    """Framgångsrika resultat with room for the förvaltning's answer."""
    out = []
    for r in framgangar.to_dict("records"):
        why = []
        if isinstance(r["skal"], str) and "över målvärdet" in r["skal"]:
            why.append(f"{percent(r['marginal'])} bättre än målvärdet {indicator_value(r['malvarde'])}")
        if isinstance(r["skal"], str) and "bästa fjärdedelen" in r["skal"]:
            why.append(f"bästa fjärdedelen, plats {int(r['plats'])} av {int(r['antal'])}")
        out.append({"indikator": f"{r['indikator_id']} {r['namn']}", "utfall": indicator_value(r["varde"]),
                    "skal": "; ".join(why), "svar": r["svar"] or EMPTY})
    return out
