"""What a document kind gives its templates: the variable schema, derived from the code.

The schema of a kind is the structure of the contexts the pipeline really builds: the bundled example kommun
(exempel.EXEMPELKOMMUN) is read and modelled at every point that makes the kind, the document registry's
builders (pipeline.flows.registry) turn it into that kind's contexts exactly as the flow does, and the
structure of ALL of them (every nämnd's, every point's) is merged (a list that is empty for one nämnd takes
its item structure from the others; a key that only some dicts carry is marked optional). On top of that come
the keys the renderer adds per format (`renderer_keys`, kept in step with pipeline/render by
tests/test_mallar.py).

A schema is a tree of `Node`s: scalar types by their Python type name (str, int, float, bool, NoneType,
RichText, InlineImage, bytes), dicts with their keys, lists with the merged schema of their items. Paths name
a variable as a template reaches it: `namnd.namn`, `kf_mal[].mal[].indikatorer[].status.text` (`[]`: an item
of the list). Only structure is kept, never values, so the schema is deterministic.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field, replace
from typing import Iterator

from exempel import EXEMPELKOMMUN
from pipeline.flows import points, registry

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
    page = out.keys.get("sida")   # the website's figures: render.webb adds each one's SVG
    figures = page.keys.get("figurer") if page is not None and page.is_dict else None
    if figures is not None and figures.is_list and figures.item is not None:
        figures = replace(figures, item=add(figures.item, {"svg": "Markup"}))
        out = replace(out, keys={**out.keys, "sida": replace(page, keys={**page.keys, "figurer": figures})})
    budget = out.keys.get("diagram")
    if budget is not None and budget.is_dict:
        extra = {k: _scalar(t, optional) for k, (t, optional) in BUDGET_CHART_KEYS[fmt].items()}
        out = replace(out, keys={**out.keys, "diagram": replace(budget, keys={**budget.keys, **extra})})
    return out


# --- document kinds --------------------------------------------------------------------------------------

# The kinds rendered through templates, from the document registry (name, title, about, required variables,
# template formats); the xlsx workbooks have no templates.
KINDS = {d.name: d for d in registry.with_templates()}

# Where the example contexts come from: the example kommun's 2026 reporting points, its planning round for 2027
# and its tidplan in a valår (2026) and a normal year (2027); the national comparison of 2022 from the example's
# Kolada data (exempel.KOLADA_DDF) for EXAMPLE_KOMMUNER.
EXAMPLE_RUNS = (("tertial", 2026), ("delar", 2026), ("bokslut", 2026), ("plan", 2027), ("tidplan", 2026),
                ("tidplan", 2027), (points.NATIONAL, 2022))
EXAMPLE_KOMMUNER = ["0580", "0114"]   # Linköping (no U28532 value in 2022) and Upplands Väsby


@functools.lru_cache(maxsize=None)
def example_run(point: str, year: int):
    """The example kommun's run at (point, year): read, validated and modelled once per process, as the flow does
    (pipeline.flows.points); at the national point, the national comparison's (pipeline.nationell)."""
    from pipeline.config import load_config

    if point == points.NATIONAL:
        from datetime import date

        from exempel import KOLADA_DDF
        from pipeline.nationell import national_run

        return national_run(KOLADA_DDF, year, EXAMPLE_KOMMUNER, date(year + 1, 3, 1))
    config = load_config(EXEMPELKOMMUN / "config" / "kommun.toml")
    # the example's KFN has not delivered at tertial 1 (Bilaga 4, "Samla in"): its report is built without it
    inputs = points.read(config, EXEMPELKOMMUN / "inputs", year, point, tillat_saknade=True)
    if inputs.problems:
        raise RuntimeError(f"Exempelkommunens indata ({EXEMPELKOMMUN / 'inputs'}) har {len(inputs.problems.sorted())} "
                           f"fel; variabelschemat byggs från dem. Kör `kommunrapport validera {year} {point}`.")
    return points.model(config, inputs)


@functools.lru_cache(maxsize=None)
def example_built(point: str, year: int) -> registry.Done:
    """Every registered kind's contexts for the example run at (point, year), built by the registry's builders
    (nothing rendered: the checklist then counts every part as found)."""
    done, _jobs = registry.build(example_run(point, year), None, options=registry.OPTIONS)
    return done


def example_contexts(name: str) -> list[dict]:
    """Every example context of kind `name`, over the example runs at the points that make it."""
    return [c for point, year in EXAMPLE_RUNS if point in registry.REGISTRY[name].points
            for c in example_built(point, year).contexts[name]]


def kind(name: str) -> registry.Dokument:
    try:
        return KINDS[name]
    except KeyError:
        raise KeyError(f"okänd dokumentsort {name!r} (kända: {', '.join(KINDS)})") from None


@functools.lru_cache(maxsize=None)
def context_schema(name: str) -> Node:
    """The merged structure of every example context of kind `name` (built once per process)."""
    contexts = example_contexts(kind(name).name)
    if not contexts:
        raise RuntimeError(f"{name}: exemplet gav inga sammanhang att bygga variabelschemat av")
    return merge_all(from_value(c) for c in contexts)


@functools.lru_cache(maxsize=None)
def schema(name: str, fmt: str) -> Node:
    """What a `fmt` ('docx' or 'html') template of kind `name` receives: the context schema plus the keys the
    renderer adds for that format."""
    own = {key: _scalar(type_name) for key, type_name in kind(name).renderer_adds}
    root = renderer_keys(context_schema(name), fmt)
    return replace(root, keys={**root.keys, **own}) if own else root
