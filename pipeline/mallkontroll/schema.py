"""What a document kind gives its templates: the variable schema, derived from the code.

The schema of a kind is the structure of the contexts the pipeline really builds: for `tertialrapport` the
bundled example kommun (config/kommun.toml, inputs/, 2026 tertial) is read, modelled and turned into one
context per nämnd exactly as the flow does (pipeline.flows.rapport.rapport_flow), and the structure of ALL nämnder's
contexts is merged (a list that is empty for one nämnd takes its item structure from the others; a key that
only some dicts carry is marked optional). On top of that come the keys the renderer adds per format
(`renderer_keys`, kept in step with pipeline/render by tests/test_mallar.py).

A schema is a tree of `Node`s: scalar types by their Python type name (str, int, float, bool, NoneType,
RichText, InlineImage, bytes), dicts with their keys, lists with the merged schema of their items. Paths name
a variable as a template reaches it: `namnd.namn`, `kf_mal[].mal[].indikatorer[].status.text` (`[]`: an item
of the list). Only structure is kept, never values, so the schema is deterministic.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field, replace
from typing import Callable, Iterator

from exempel import EXEMPELKOMMUN

FORMATS = ("docx", "html")
FORMAT_NAMES = {"docx": "Word", "html": "PDF"}


@dataclass(frozen=True)
class Node:
    """One variable's structure: the Python types seen, a dict's keys, a list's item."""

    types: frozenset[str]
    keys: dict[str, "Node"] = field(default_factory=dict)
    item: "Node | None" = None
    optional: bool = False   # missing from some of the dicts that hold it

    @property
    def is_dict(self) -> bool:
        return "dict" in self.types

    @property
    def is_list(self) -> bool:
        return "list" in self.types


def from_value(value) -> Node:
    """The structure of one plain-data value (dicts, lists, scalars)."""
    if isinstance(value, dict):
        return Node(frozenset({"dict"}), {str(k): from_value(v) for k, v in value.items()})
    if isinstance(value, list):
        item = None
        for v in value:
            item = from_value(v) if item is None else merge(item, from_value(v))
        return Node(frozenset({"list"}), item=item)
    return Node(frozenset({type(value).__name__}))


def merge(a: Node, b: Node) -> Node:
    """Both structures in one: types united, keys merged (a key only one of two dicts has becomes optional),
    list items merged. Key order: a's, then b's new ones."""
    keys: dict[str, Node] = {}
    if a.is_dict and b.is_dict:
        for k in list(a.keys) + [k for k in b.keys if k not in a.keys]:
            if k in a.keys and k in b.keys:
                keys[k] = replace(merge(a.keys[k], b.keys[k]), optional=a.keys[k].optional or b.keys[k].optional)
            else:
                keys[k] = replace(a.keys.get(k) or b.keys[k], optional=True)
    else:
        keys = dict(a.keys) if a.is_dict else dict(b.keys)
    item = merge(a.item, b.item) if a.item is not None and b.item is not None else (a.item or b.item)
    return Node(a.types | b.types, keys, item, a.optional or b.optional)


def merge_all(nodes) -> Node | None:
    out = None
    for n in nodes:
        out = n if out is None else merge(out, n)
    return out


def walk(node: Node, prefix: str = "") -> Iterator[tuple[str, Node]]:
    """Every variable path below `node` with its node, depth first in key order. A list's items continue the
    path with `[]`; a list of scalars is one path (its item is described by the list's type)."""
    for key, child in node.keys.items():
        path = f"{prefix}.{key}" if prefix else key
        yield path, child
        if child.is_dict:
            yield from walk(child, path)
        if child.is_list and child.item is not None and child.item.is_dict:
            yield from walk(child.item, path + "[]")


def node_at(root: Node, path: str) -> Node | None:
    """The node at `path` ('kf_mal[].mal', 'namnd.namn'), None when there is none."""
    node = root
    for part in path.split("."):
        items = 0
        while part.endswith("[]"):
            part, items = part[:-2], items + 1
        node = node.keys.get(part) if node.is_dict else None
        for _ in range(items):
            node = node.item if node is not None else None
        if node is None:
            return None
    return node


# --- what the renderer adds (pipeline/render) -------------------------------------------------------------

STATUS_KEYS = frozenset({"symbol", "ord", "hex"})        # render.docx._with_rich_status: a status dict
INDICATOR_CHART_KINDS = ("historik", "position", "matris")   # render.report.INDICATOR_CHARTS
# render.report.with_indicator_images: every indicator chart dict, in both formats.
CHART_KEYS = {"png": "bytes", "bredd_mm": "int", "src": "str"}
CHART_KEYS_DOCX = {"bild": "InlineImage"}                 # render.docx._with_images
STATUS_KEYS_DOCX = {"rt": "RichText"}                     # render.docx._with_rich_status
# The budget chart at the top-level `diagram`: render.docx.render_docx sets diagram.bild when there is a chart
# (a nämnd with verksamheter), render.pdf.render_html always sets diagram.src ('' without a chart).
BUDGET_CHART_KEYS = {"docx": {"bild": ("InlineImage", True)}, "html": {"src": ("str", False)}}


def is_status(node: Node) -> bool:
    return node.is_dict and STATUS_KEYS <= node.keys.keys()


def _scalar(type_name: str, optional: bool = False) -> Node:
    return Node(frozenset({type_name}), optional=optional)


def renderer_keys(root: Node, fmt: str) -> Node:
    """`root` (a context schema) with the keys the renderer adds for format `fmt` ('docx' or 'html')."""
    if fmt not in FORMATS:
        raise ValueError(f"okänt format {fmt!r}")

    def add(node: Node, extra: dict[str, str]) -> Node:
        return replace(node, keys={**node.keys, **{k: _scalar(t) for k, t in extra.items() if k not in node.keys}})

    def visit(node: Node) -> Node:
        if node.is_list and node.item is not None:
            node = replace(node, item=visit(node.item))
        if not node.is_dict:
            return node
        keys = {}
        for key, child in node.keys.items():
            child = visit(child)
            if key == "diagram" and child.is_dict and set(INDICATOR_CHART_KINDS) & child.keys.keys():
                charts = {}
                for k, chart in child.keys.items():
                    if k in INDICATOR_CHART_KINDS and chart.is_dict:
                        chart = add(chart, {**CHART_KEYS, **(CHART_KEYS_DOCX if fmt == "docx" else {})})
                    charts[k] = chart
                child = replace(child, keys=charts)
            keys[key] = child
        node = replace(node, keys=keys)
        if fmt == "docx" and is_status(node):
            node = add(node, STATUS_KEYS_DOCX)
        return node

    out = visit(root)
    budget = out.keys.get("diagram")
    if budget is not None and budget.is_dict:
        extra = {k: _scalar(t, optional) for k, (t, optional) in BUDGET_CHART_KEYS[fmt].items()}
        out = replace(out, keys={**out.keys, "diagram": replace(budget, keys={**budget.keys, **extra})})
    return out


# --- document kinds --------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Kind:
    """A document kind: its name (the templates' file name), a title and a line about it (Swedish, for
    docs/mallvariabler.md), the example contexts its schema is
    derived from, and the variables without which the document is not that document. Each entry of
    `required` is a tuple of alternative paths; the template must use at least one of them."""

    name: str
    title: str
    about: str
    contexts: Callable[[], list[dict]]
    required: tuple[tuple[str, ...], ...]
    formats: tuple[str, ...] = FORMATS   # the template formats of the kind (the tjänsteskrivelse is Word only)


@functools.lru_cache(maxsize=None)
def _example_run(tillfalle: str = "tertial"):
    """The example kommun's 2026 `tillfalle` read, staged and modelled once per process, as pipeline.flows.rapport does:
    (config, staged, model, meta). Every kind's example contexts are built from these runs."""
    from pipeline.config import load_config
    from pipeline.context.tertial import ReportMeta
    from pipeline.model.report import build_report_model
    from pipeline.flows.validate import read_and_stage

    year = 2026
    config = load_config(EXEMPELKOMMUN / "config" / "kommun.toml")
    _raw, staged, problems = read_and_stage(config, EXEMPELKOMMUN / "inputs", year, tillfalle)
    if problems:
        raise RuntimeError(f"Exempelkommunens indata ({EXEMPELKOMMUN / 'inputs'}) har {len(problems.sorted())} fel; "
                           f"variabelschemat byggs från dem. Kör `kommunrapport validera 2026 {tillfalle}`.")
    return config, staged, build_report_model(staged, config), ReportMeta.of(config, year, tillfalle)


def _tertialrapport_contexts() -> list[dict]:
    """Every nämnd's report context for the example kommun, built as pipeline.flows.rapport does, at the tertial and at
    the bokslut (the same template serves the delårsrapport and verksamhetsberättelse of a nämnd)."""
    from pipeline.context.diagram import report_indicator_charts
    from pipeline.context.tertial import build_contexts
    from pipeline.model.styrsystem import styrsystem_for_run

    out = []
    for tillfalle in ("tertial", "bokslut"):
        config, staged, model, meta = _example_run(tillfalle)
        charts = report_indicator_charts(staged, model, config)
        styrning = styrsystem_for_run(staged, model, config)
        out += build_contexts(meta, config, staged, model, styrning.warnings, charts)
    return out


def _kommunrapport_contexts() -> list[dict]:
    """The kommunövergripande report's context for the example kommun, built as pipeline.flows.rapport does."""
    from pipeline.context.kommun import kommun_context

    config, staged, model, meta = _example_run()
    return [kommun_context(meta, config, staged, model)]


def _year_end_contexts(tillfalle: str) -> list[dict]:
    """The kommun's delårsrapport (delar) or årsredovisning (bokslut) context for the example kommun."""
    from pipeline.flows.year_end import year_end_context

    config, staged, model, meta = _example_run(tillfalle)
    return [year_end_context(meta, config, staged, model)[1]]


def _tjansteskrivelse_contexts() -> list[dict]:
    """The example's tjänsteskrivelser: to every nämnd and KS at the tertial, to KF at delår and bokslut."""
    from pipeline.context.kommun import kommun_context
    from pipeline.context.tjansteskrivelse import (kf_tjansteskrivelse, ks_tjansteskrivelse, namnd_tjansteskrivelse,
                                                   plans_needing_decision)

    config, staged, model, meta = _example_run()
    out = [namnd_tjansteskrivelse(meta, config, c) for c in _tertialrapport_contexts()[:len(config.namnder)]]
    out.append(ks_tjansteskrivelse(meta, config, kommun_context(meta, config, staged, model),
                                   plans_needing_decision(model, config)))
    for tillfalle in ("delar", "bokslut"):
        config, staged, model, meta = _example_run(tillfalle)
        context = _year_end_contexts(tillfalle)[0]
        out.append(kf_tjansteskrivelse(meta, config, {**context, "sammanfattning": context["nyckeltal_text"]},
                                       plans_needing_decision(model, config), 0.0))
    return out


def _tidplan_contexts() -> list[dict]:
    """The example's tidplan in a valår (2026) and a normal year (2027)."""
    from pipeline.config import load_config
    from pipeline.context.tidplan import tidplan_context
    from pipeline.config.tidplan import dated, load_tidplan, valar_for

    config = load_config(EXEMPELKOMMUN / "config" / "kommun.toml")
    tidplan = load_tidplan(config.planering.tidplan)
    out = []
    for year in (2026, 2027):
        valar = valar_for(year, config.planering.valar)
        out.append(tidplan_context(config.kommun_namn, year, valar, tidplan, dated(tidplan, year, valar)))
    return out


@functools.lru_cache(maxsize=1)
def _example_plan():
    """The example kommun's planning round for 2027, read, staged and modelled once: (config, plan, model)."""
    from pipeline.config import load_config
    from pipeline.model.plan import build_plan_model
    from pipeline.flows.validate import read_and_stage_plan

    config = load_config(EXEMPELKOMMUN / "config" / "kommun.toml")
    _raw, plan, problems = read_and_stage_plan(config, EXEMPELKOMMUN / "inputs", 2027)
    if problems:
        raise RuntimeError("Exempelkommunens planeringsunderlag har fel; kör `kommunrapport validera 2027 plan`.")
    from pipeline.flows.validate import read_previous_year

    return config, plan, build_plan_model(plan, config, read_previous_year(config, EXEMPELKOMMUN / "inputs", 2027))


def _konsekvensmatris_contexts() -> list[dict]:
    """Every nämnd's konsekvensmatriser in the example's planning round."""
    from pipeline.context.konsekvens import konsekvens_context

    config, plan, model = _example_plan()
    return [konsekvens_context(config.kommun_namn, model, n.id, n.namn, plan.konsekvenser, plan.forslag_info)
            for n in config.namnder if (model.forslag["namnd"] == n.id).any()]


def _yttrande_contexts() -> list[dict]:
    """Every nämnd's yttrande in the example's planning round."""
    from pipeline.context.yttrande import yttrande_context

    config, plan, model = _example_plan()
    return [yttrande_context(config.kommun_namn, model, plan, n.id, n.namn)
            for n in config.namnder if (model.forslag["namnd"] == n.id).any()]


def _granskningslista_contexts() -> list[dict]:
    """The checklist contexts of the example's delårsrapport and årsredovisning (every part taken as found)."""
    from pipeline.context.granskning import granskning_context
    from pipeline.model.granskning import arithmetic_checks, checklist
    from pipeline.flows.year_end import KINDS as YEAR_END

    out = []
    for tillfalle in ("delar", "bokslut"):
        config, staged, model, meta = _example_run(tillfalle)
        parts = YEAR_END[tillfalle][2]
        checks = arithmetic_checks(model)
        headings = [p.rubrik for p in parts]
        items = checklist(parts, {"Word": headings, "PDF": headings}, checks, config)
        out.append(granskning_context(meta, config, f"{meta.dokumenttyp} {meta.year} {meta.kommun}", items, checks))
    return out


KINDS: dict[str, Kind] = {
    "tertialrapport": Kind(
        name="tertialrapport",
        title="Tertialrapport",
        about="Nämndens uppföljning efter januari–april: en rapport per nämnd, som .docx och .pdf.",
        contexts=_tertialrapport_contexts,
        required=(
            ("kommun.namn",), ("namnd.namn",), ("dokument.titel",), ("dokument.typ",), ("dokument.period",),
            ("sammanfattning",), ("nyckeltal",),
            ("kf_mal", "mal"),
            ("kf_mal[].mal[].indikatorer", "mal[].indikatorer"),
            ("kf_mal[].mal[].indikatorer[].status", "mal[].indikatorer[].status"),
            ("drift.rader",), ("investeringar.rader",), ("avvikelser",), ("atgardsplaner",), ("handelser",),
        ),
    ),
    "kommunrapport": Kind(
        name="kommunrapport",
        title="Kommunövergripande rapport",
        about="Uppföljningen för hela kommunen till kommunstyrelsen och kommunfullmäktige vid varje "
              "rapporttillfälle: en rapport, som .docx och .pdf.",
        contexts=_kommunrapport_contexts,
        required=(
            ("kommun.namn",), ("dokument.titel",), ("dokument.typ",), ("dokument.period",), ("sammanfattning",),
            ("ekonomi.rader",), ("ekonomi.summa",), ("kf_mal",), ("kf_mal[].signal",), ("finansiella_mal",),
            ("avvikelser",), ("namnder",),
        ),
    ),
    "delarsrapport": Kind(
        name="delarsrapport",
        title="Delårsrapport (kommunen)",
        about="Kommunens delårsrapport till kommunfullmäktige (LKBR 13 kap., RKR R17): förenklad "
              "förvaltningsberättelse, helårsprognos, balanskravsresultat, god ekonomisk hushållning, resultat- och "
              "balansräkning. Som .docx och .pdf, med granskningslista.",
        contexts=lambda: _year_end_contexts("delar"),
        required=(
            ("kommun.namn",), ("dokument.titel",), ("dokument.typ",), ("dokument.period",), ("handelser",),
            ("prognos",), ("drift.rader",), ("balanskrav",), ("god_hushallning",), ("resultatrakning.rader",),
            ("balansrakning.rader",),
        ),
    ),
    "arsredovisning": Kind(
        name="arsredovisning",
        title="Årsredovisning",
        about="Kommunens årsredovisning (LKBR 11–12 kap., RKR R14 och R15): förvaltningsberättelse, resultat- "
              "och balansräkning, kassaflödesanalys, drift- och investeringsredovisning. Som .docx och .pdf, med "
              "granskningslista.",
        contexts=lambda: _year_end_contexts("bokslut"),
        required=(
            ("kommun.namn",), ("dokument.titel",), ("dokument.typ",), ("femar.rader",), ("handelser",),
            ("styrning",), ("god_hushallning",), ("balanskrav",), ("personal.rader",), ("resultatrakning.rader",),
            ("balansrakning.rader",), ("kassaflodesanalys.rader",), ("drift.rader",), ("investeringar.rader",),
        ),
    ),
    "tjansteskrivelse": Kind(
        name="tjansteskrivelse",
        title="Tjänsteskrivelse",
        about="Följer med varje rapport till nämnd, kommunstyrelse och kommunfullmäktige: ärendet i korthet, "
              "nyckeltal, avvikelser, åtgärder som behöver beslut och förslag till beslut, med diarienummer och "
              "datum. Bara Word (.docx), för ärendehanteringssystemet.",
        contexts=_tjansteskrivelse_contexts,
        required=(("arende.diarienummer",), ("arende.rubrik",), ("forslag",), ("sammanfattning",)),
        formats=("docx",),
    ),
    "tidplan": Kind(
        name="tidplan",
        title="Tidplan för budgetprocessen",
        about="Årets tidplan för mål och resursplan (kommandot tidplan): besluten och varje delprocess med "
              "aktiviteter, vecka, datum, ansvarig och deltagare; valår enligt Bilaga 2. Som .docx och .pdf (och .ics).",
        contexts=_tidplan_contexts,
        required=(("dokument.titel",), ("delprocesser",), ("delprocesser[].aktiviteter",)),
    ),
    "konsekvensmatris": Kind(
        name="konsekvensmatris",
        title="Konsekvensmatriser",
        about="Planeringsomgången (kör ÅR plan): per nämnd SKR:s matris för konsekvensbedömning för varje förslag, "
              "sammanfattningen och prioriteringsmatrisen. Som .docx och .pdf.",
        contexts=_konsekvensmatris_contexts,
        required=(("forslag",), ("forslag[].matris",), ("sammanfattning",)),
    ),
    "yttrande": Kind(
        name="yttrande",
        title="Nämndens yttrande i planeringsomgången",
        about="Prioritera inom nämnd (Motala Bilaga 1): förslagen i ordningen prioriteringar inom ram, "
              "kommunövergripande prioriteringar, investeringar, effektiviseringar och ransoneringar, med "
              "konsekvensanalys, ekonomisk avstämning mot ramarna och åtgärds- och handlingsplaner. Som .docx och .pdf.",
        contexts=_yttrande_contexts,
        required=(("avsnitt",), ("avsnitt[].forslag",), ("avstamning",)),
    ),
    "granskningslista": Kind(
        name="granskningslista",
        title="Granskningslista för revisorerna",
        about="Bredvid delårsrapporten och årsredovisningen: varje del som lag och RKR kräver och var den står, "
              "och varje aritmetisk kontroll med båda sidor. Som .docx, .pdf och .json.",
        contexts=_granskningslista_contexts,
        required=(("kommun.namn",), ("dokument.titel",), ("dokument.granskat",), ("delar",), ("kontroller",)),
    ),
}


def kind(name: str) -> Kind:
    try:
        return KINDS[name]
    except KeyError:
        raise KeyError(f"okänd dokumentsort {name!r} (kända: {', '.join(KINDS)})") from None


@functools.lru_cache(maxsize=None)
def context_schema(name: str) -> Node:
    """The merged structure of every example context of kind `name` (built once per process)."""
    contexts = kind(name).contexts()
    if not contexts:
        raise RuntimeError(f"{name}: exemplet gav inga sammanhang att bygga variabelschemat av")
    return merge_all(from_value(c) for c in contexts)


@functools.lru_cache(maxsize=None)
def schema(name: str, fmt: str) -> Node:
    """What a `fmt` ('docx' or 'html') template of kind `name` receives: the context schema plus the keys the
    renderer adds for that format."""
    return renderer_keys(context_schema(name), fmt)
