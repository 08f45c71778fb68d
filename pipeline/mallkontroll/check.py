"""Check a template folder against what the pipeline provides (`kommunrapport mallar kontrollera`).

A template folder holds docx/<kind>.docx (docxtpl) and html/<kind>.html (Jinja2) for every document kind the
code knows (the document registry's kinds with templates, pipeline.mallkontroll.schema.KINDS). For each
template this module reports, with file and place:

- every variable the template uses that the pipeline does not provide: names, attribute and item chains
  (`namnd.nmn` is the unknown key `nmn` under `namnd`), resolved through `{% for %}` (the loop variable is the
  list's item; `{% for d in [a, b] %}` binds d to both), `{% set %}`, `{% with %}`, `{% if %}`, macros and
  `{% include %}`; unknown filters and tests too. Jinja's own globals, filters and tests are fine;
- every required variable (the registry's Dokument.required) the template never uses;
- broken Jinja syntax, with Jinja's own message;
- in a .docx: a `{{`, `}}`, `{%` or `%}` whose two characters Word has separated by hidden text (a tracked
  deletion or a field code), which docxtpl cannot repair; text that docxtpl throws away because it shares a
  paragraph, table row or cell with a `{%p`, `{%tr` or `{%tc` tag; `{%tr` / `{%tc` outside a table.

How a .docx is read. docxtpl renders the XML of the body, each header and footer, the footnotes and six core
properties; before Jinja sees the XML, DocxTemplate.patch_xml (docxtpl 0.20) 1) removes XML markup between
the two characters of a delimiter (`{` + markup + `{` becomes `{{`; the same for `{%`, `{#`, `%}`, `}}`, `#}`),
so a delimiter split over runs is repaired as long as only markup (run properties, proofing marks,
bookmarks) lies between, but not when character data does (`w:delText` of a tracked deletion,
`w:instrText` of a field code); 2) inside a tag removes everything between `</w:t>` and the next `<w:t>`, so a
tag split over runs (a `{%p`/`{%tr`/`{{r` prefix too) is repaired; 3) turns typographic quotes inside tags
into straight ones; 4) replaces the whole paragraph / table row / cell / run holding `{%p …%}`,
`{%tr …%}`, `{%tc …%}`, `{{r …}}` by the bare tag (`{% … %}`), keeping only the first such tag. This module
rebuilds the same Jinja source with one line per paragraph (body order, paragraphs in table cells included,
headers, footers and footnotes separately), so Jinja's line numbers are paragraph numbers, and walks the
parsed tree (jinja2.nodes) itself.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import jinja2
from jinja2 import nodes
from lxml import etree

from pipeline.flows.points import NATIONAL
from pipeline.mallkontroll.schema import KINDS, Node, node_at, schema
from pipeline.resources import FOLDER as RESOURCES

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
BARRIER = "\x00"   # character data docxtpl does not treat as markup (tracked deletions, field codes)
DOC = "docs/mallvariabler.md"
MAX_KEYS_LISTED = 12
EXCERPT = 60

# docxtpl renders these core properties as Jinja templates (DocxTemplate.render_properties).
PROPERTIES = {"title": "Rubrik", "subject": "Ämne", "author": "Författare", "comments": "Kommentarer",
              "identifier": "Identifierare", "language": "Språk"}
_QUOTES = str.maketrans({"\u201c": '"', "\u201d": '"', "\u2018": "'", "\u2019": "'"})
_SCOPE_WORDS = {"p": ("stycke", "stycket"), "tr": ("tabellrad", "tabellraden"), "tc": ("tabellcell", "tabellcellen")}
_PY_TYPES = {"dict": dict, "list": list, "str": str, "int": int, "float": float, "bool": bool}
_OPAQUE = {"RichText", "InlineImage", "bytes"}
_STRUCTURE_FILTERS = {"sort", "reverse", "list", "unique", "selectattr", "rejectattr", "select", "reject",
                      "batch", "slice"}
_ITEM_FILTERS = {"first", "last", "random", "min", "max"}
_ATTRIBUTE_ARG_FILTERS = {"selectattr", "rejectattr", "groupby"}   # first positional argument is an attribute


@dataclass(frozen=True)
class Finding:
    """One problem in one template: file, place ('' = the whole file) and a Swedish message."""

    file: str
    place: str
    message: str
    order: tuple = ()

    def text(self) -> str:
        return f"{self.file}, {self.place}: {self.message}" if self.place else f"{self.file}: {self.message}"


@dataclass
class Result:
    findings: list[Finding] = field(default_factory=list)
    checked: list[str] = field(default_factory=list)    # template files checked
    notes: list[str] = field(default_factory=list)      # remarks that are not errors


# --- values a template expression can have -----------------------------------------------------------------

@dataclass(frozen=True)
class Val:
    """What an expression refers to: schema nodes with their paths (`alts`; several after `a or b` or in a
    list literal), a dict or list made in the template (`keys` / `items`), or anything (`known` False: a
    call's result, a literal, a Jinja global), which is never reported."""

    alts: tuple[tuple[Node, str], ...] = ()
    keys: dict | None = None
    items: "Val | None" = None
    known: bool = True


ANY = Val(known=False)
LOOP = Val(keys={k: ANY for k in ("index", "index0", "revindex", "revindex0", "first", "last", "length",
                                   "cycle", "depth", "depth0", "previtem", "nextitem", "changed")})


def union(a: Val, b: Val) -> Val:
    if not a.known or not b.known:
        return ANY
    alts = a.alts + tuple(x for x in b.alts if x not in a.alts)
    keys = None if a.keys is None and b.keys is None else {**(b.keys or {}), **(a.keys or {})}
    items = a.items if b.items is None else (b.items if a.items is None else union(a.items, b.items))
    return Val(alts, keys, items)


def union_all(values: list[Val]) -> Val:
    out = None
    for v in values:
        out = v if out is None else union(out, v)
    return out if out is not None else ANY


def _child(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _expr_text(node) -> str:
    if isinstance(node, nodes.Name):
        return node.name
    if isinstance(node, nodes.Getattr):
        return f"{_expr_text(node.node)}.{node.attr}"
    if isinstance(node, nodes.Getitem) and isinstance(node.arg, nodes.Const):
        value = node.arg.value
        return f"{_expr_text(node.node)}.{value}" if isinstance(value, str) and value.isidentifier() \
            else f"{_expr_text(node.node)}[{value!r}]"
    return "(uttryck)"


def _type_words(node: Node) -> str:
    words = {"str": "text", "int": "ett heltal", "float": "ett tal", "bool": "sant/falskt", "NoneType": "tomt",
             "list": "en lista", "dict": "ett objekt"}
    return " eller ".join(words.get(t, t) for t in sorted(node.types))


# --- a source: Jinja text plus how its lines map to places --------------------------------------------------

@dataclass
class Source:
    file: str                                   # as shown to the user
    text: str                                   # the Jinja source
    place: Callable[[int, str], str]            # (line, focus text) -> place
    order: int = 0                              # sort key within the file
    counts_usage: bool = True                   # False: properties that render_docx overwrites
    env: jinja2.Environment | None = None
    loader_dir: Path | None = None              # html: where include/extends find templates


class Checker:
    """Walks one template file's sources against one schema; collects findings and the paths used."""

    def __init__(self, root: Node, env: jinja2.Environment, other: tuple[str, Node] | None = None):
        self.root_node = root
        self.other = other      # (format name, schema) of the other format: "finns bara i …" hints
        self.env = env
        self.findings: dict[tuple, Finding] = {}
        self.used: set[str] = set()
        self.quiet = 0
        self.source: Source | None = None
        self.including: list[Path] = []
        self.fallback_dirs: tuple[Path, ...] = ()   # where an include not beside the template is looked up
        self.broken = False
        self.builtins = set(env.globals) | {"self", "super", "caller", "varargs", "kwargs"}

    # reporting
    def report(self, lineno: int | None, message: str, focus: str = "") -> None:
        if self.quiet:
            return
        src = self.source
        place = src.place(lineno or 1, focus) if lineno else ""
        key = (src.file, place, message)
        if key not in self.findings:
            self.findings[key] = Finding(src.file, place, message, (src.order, lineno or 0))

    def mark(self, path: str) -> None:
        if self.source is None or self.source.counts_usage:
            self.used.add(path)

    # parsing
    def parse(self, source: Source) -> nodes.Template | None:
        env = source.env or self.env
        try:
            return env.parse(source.text)
        except jinja2.TemplateSyntaxError as exc:
            self.broken = True
            tag = re.match(r"Encountered unknown tag '(p|tr|tc|r)'", exc.message or "")
            hint = (f" Taggen {{%{tag.group(1)} … %}} måste sluta med %}} i samma stycke." if tag else "")
            previous, self.source = self.source, source
            try:
                self.report(exc.lineno, f"fel i mallspråket: Jinja säger \"{exc.message}\".{hint} Rätta taggen; "
                                        "variablerna kontrolleras när felet är rättat.")
            finally:
                self.source = previous
            return None

    def check(self, source: Source) -> None:
        tree = self.parse(source)
        if tree is None:
            return
        previous, self.source = self.source, source
        try:
            self.stmts(tree.body, Scope())
        finally:
            self.source = previous

    # statements
    def stmts(self, body, scope: "Scope") -> None:
        for n in body:
            self.stmt(n, scope)

    def stmt(self, n, scope: "Scope") -> None:
        if isinstance(n, nodes.Output):
            for x in n.nodes:
                if not isinstance(x, nodes.TemplateData):
                    self.expr(x, scope)
        elif isinstance(n, nodes.For):
            items = self.iterate(self.expr(n.iter, scope))
            inner = scope.child()
            self.bind(n.target, items, inner)
            inner.set("loop", LOOP)
            if n.test is not None:
                self.expr(n.test, inner)
            self.stmts(n.body, inner)
            self.stmts(n.else_, scope)
        elif isinstance(n, nodes.If):
            self.expr(n.test, scope)
            self.stmts(n.body, scope)
            for branch in n.elif_:
                self.stmt(branch, scope)
            self.stmts(n.else_, scope)
        elif isinstance(n, nodes.Assign):
            self.bind(n.target, self.expr(n.node, scope), scope)
        elif isinstance(n, nodes.AssignBlock):
            self.stmts(n.body, scope)
            if n.filter is not None:
                self.expr(n.filter, scope)
            self.bind(n.target, ANY, scope)
        elif isinstance(n, nodes.With):
            values = [self.expr(v, scope) for v in n.values]
            inner = scope.child()
            for target, value in zip(n.targets, values):
                self.bind(target, value, inner)
            self.stmts(n.body, inner)
        elif isinstance(n, (nodes.Macro, nodes.CallBlock)):
            if isinstance(n, nodes.Macro):
                scope.set(n.name, ANY)
            else:
                self.expr(n.call, scope)
            for d in n.defaults:
                self.expr(d, scope)
            inner = scope.child()
            for a in n.args:
                self.bind(a, ANY, inner)
            self.stmts(n.body, inner)
        elif isinstance(n, nodes.FilterBlock):
            self.stmts(n.body, scope)
            self.expr(n.filter, scope)
        elif isinstance(n, nodes.Include):
            self.include(n.template, scope, n.ignore_missing, n.lineno)
        elif isinstance(n, nodes.Extends):
            self.include(n.template, scope, False, n.lineno)
        elif isinstance(n, nodes.Import):
            self.expr(n.template, scope)
            scope.set(n.target, ANY)
        elif isinstance(n, nodes.FromImport):
            self.expr(n.template, scope)
            for name in n.names:
                scope.set(name[1] if isinstance(name, tuple) else name, ANY)
        elif isinstance(n, nodes.Block):
            self.stmts(n.body, scope)
        else:
            self.visit_children(n, scope)

    def include(self, template, scope: "Scope", ignore_missing: bool, lineno: int) -> None:
        self.expr(template, scope)
        src = self.source
        if not isinstance(template, nodes.Const) or not isinstance(template.value, str) or src.loader_dir is None:
            return
        path = src.loader_dir / template.value
        for fallback in self.fallback_dirs:   # a kommun's web/ may lean on the program's layout.html
            if not path.is_file() and (fallback / template.value).is_file():
                path = fallback / template.value
        if path in self.including:
            return
        if not path.is_file():
            if not ignore_missing:
                self.report(lineno, f"mallen \"{template.value}\" som tas in finns inte i {src.loader_dir.name}/")
            return
        sub = Source(_display_sibling(src.file, template.value), path.read_text(encoding="utf-8"),
                     lambda line, focus: f"rad {line}", src.order, src.counts_usage, src.env, src.loader_dir)
        tree = self.parse(sub)
        if tree is None:
            return
        previous, self.source = self.source, sub
        self.including.append(path)
        try:
            self.stmts(tree.body, scope)
        finally:
            self.including.pop()
            self.source = previous

    def bind(self, target, value: Val, scope: "Scope") -> None:
        if isinstance(target, nodes.Name):
            scope.set(target.name, value)
        elif isinstance(target, (nodes.Tuple, nodes.List)):
            for item in target.items:
                self.bind(item, ANY, scope)
        elif isinstance(target, nodes.NSRef):
            scope.lookup(target.name)

    # expressions
    def expr(self, n, scope: "Scope") -> Val:
        if n is None:
            return ANY
        if isinstance(n, nodes.Name):
            return self.name(n, scope)
        if isinstance(n, nodes.Getattr):
            return self.attr(self.expr(n.node, scope), n.attr, _expr_text(n), n.lineno)
        if isinstance(n, nodes.Getitem):
            base = self.expr(n.node, scope)
            if isinstance(n.arg, nodes.Const) and isinstance(n.arg.value, str):
                return self.attr(base, n.arg.value, _expr_text(n), n.lineno)
            self.expr(n.arg, scope)
            if isinstance(n.arg, nodes.Slice):
                return base
            return self.iterate(base) if isinstance(n.arg, nodes.Const) and isinstance(n.arg.value, int) else ANY
        if isinstance(n, nodes.Filter):
            return self.filter(n, scope)
        if isinstance(n, nodes.Test):
            if n.name in ("defined", "undefined"):
                self.quiet += 1
                try:
                    self.expr(n.node, scope)
                finally:
                    self.quiet -= 1
            else:
                self.expr(n.node, scope)
            self.arguments(n, scope)
            if n.name not in self.env.tests:
                self.report(n.lineno, f"okänt test \"{n.name}\" (is {n.name})", n.name)
            return ANY
        if isinstance(n, nodes.CondExpr):
            self.expr(n.test, scope)
            return union(self.expr(n.expr1, scope), self.expr(n.expr2, scope) if n.expr2 is not None else ANY)
        if isinstance(n, (nodes.And, nodes.Or)):
            return union(self.expr(n.left, scope), self.expr(n.right, scope))
        if isinstance(n, (nodes.List, nodes.Tuple)):
            return Val(items=union_all([self.expr(i, scope) for i in n.items]))
        if isinstance(n, nodes.Dict):
            keys = {}
            for pair in n.items:
                self.expr(pair.key, scope)
                value = self.expr(pair.value, scope)
                if not isinstance(pair.key, nodes.Const):
                    return ANY
                keys[str(pair.key.value)] = value
            return Val(keys=keys)
        if isinstance(n, nodes.Call):
            self.expr(n.node, scope)
            self.arguments(n, scope)
            return ANY
        self.visit_children(n, scope)
        return ANY

    def visit_children(self, n, scope: "Scope") -> None:
        """Every expression and statement below `n` (helpers such as Operand, Keyword and Pair included)."""
        for child in n.iter_child_nodes():
            if isinstance(child, nodes.Expr):
                self.expr(child, scope)
            elif isinstance(child, nodes.Stmt):
                self.stmt(child, scope)
            else:
                self.visit_children(child, scope)

    def arguments(self, n, scope: "Scope") -> list[Val]:
        values = [self.expr(a, scope) for a in n.args]
        for kw in n.kwargs:
            self.expr(kw.value, scope)
        self.expr(n.dyn_args, scope)
        self.expr(n.dyn_kwargs, scope)
        return values

    def name(self, n: nodes.Name, scope: "Scope") -> Val:
        found = scope.lookup(n.name)
        if found is not None:
            return found
        child = self.root_node.keys.get(n.name)
        if child is not None:
            self.mark(n.name)
            return Val(((child, n.name),))
        if n.name in self.builtins:
            return ANY
        names = list(self.root_node.keys) + scope.names()
        close = difflib.get_close_matches(n.name, names, n=1)
        hint = f"menar du \"{close[0]}\"?" if close else f"se {DOC}"
        self.report(n.lineno, f"okänd variabel \"{n.name}\" ({hint})", n.name)
        return ANY

    def attr(self, base: Val, key: str, text: str, lineno: int) -> Val:
        """`base.key` (also base["key"]); `text` is the expression as written, for the message."""
        if not base.known:
            return ANY
        found = []
        for node, path in base.alts:
            if node.is_dict and key in node.keys:
                found.append((node.keys[key], _child(path, key)))
        if found:
            for _, path in found:
                self.mark(path)
            return union(Val(tuple(found)), base.keys[key]) if base.keys and key in base.keys else Val(tuple(found))
        if base.keys is not None and key in base.keys:
            return base.keys[key]
        # Python attributes of the value's type (dict.items, str.upper …): Jinja finds them too.
        types = {t for node, _ in base.alts for t in node.types}
        if base.items is not None:
            types.add("list")
        if base.keys is not None:
            types.add("dict")
        if types & _OPAQUE or any(hasattr(_PY_TYPES[t], key) for t in types if t in _PY_TYPES):
            return ANY
        self.unknown_key(base, key, text, lineno)
        return ANY

    def unknown_key(self, base: Val, key: str, text: str, lineno: int) -> None:
        parent = text.rsplit(".", 1)[0] if "." in text else "(uttryck)"
        dicts = [(node, path) for node, path in base.alts if node.is_dict]
        keys = list(dict.fromkeys(k for node, _ in dicts for k in node.keys)) + list(base.keys or {})
        paths = " och ".join(dict.fromkeys(path or "(sammanhanget)" for _, path in dicts))
        subject = "uttrycket" if parent == "(uttryck)" else parent
        where = f"{subject} är {paths}; " if dicts and paths != parent else ""
        if not dicts and base.keys is None:
            node, path = base.alts[0] if base.alts else (None, "")
            what = _type_words(node) if node is not None else "inget objekt"
            self.report(lineno, f"okänd variabel \"{text}\" ({parent} är {what} och har inga fält)", key)
            return
        elsewhere = self.other is not None and any(
            node_at(self.other[1], _child(path, key)) is not None for _, path in dicts if path)
        if elsewhere:
            hint = f"finns bara i {self.other[0]}mallen"
        elif len(keys) <= MAX_KEYS_LISTED:
            hint = f"finns: {', '.join(keys)}"
        else:
            close = difflib.get_close_matches(key, keys, n=1)
            hint = f"menar du \"{close[0]}\"?" if close else f"{len(keys)} fält, se {DOC}"
        self.report(lineno, f"okänd variabel \"{text}\" ({where}{hint})", key)

    def iterate(self, value: Val) -> Val:
        """What a for loop over `value` binds: the items of a list (the keys of a dict are texts)."""
        if not value.known or value.keys is not None:
            return ANY
        items = []
        for node, path in value.alts:
            if not node.is_list or node.item is None:
                return ANY     # a dict (its keys), a text (its characters), a list never seen with items
            items.append(Val(((node.item, path + "[]"),)))
        if value.items is not None:
            items.append(value.items)
        return union_all(items)

    def filter(self, n: nodes.Filter, scope: "Scope") -> Val:
        base = self.expr(n.node, scope) if n.node is not None else ANY
        args = self.arguments(n, scope)
        if n.name not in self.env.filters:
            self.report(n.lineno, f"okänt filter \"{n.name}\" (|{n.name})", n.name)
            return ANY
        attribute = next((kw.value for kw in n.kwargs if kw.key == "attribute"), None)
        if attribute is None and n.name in _ATTRIBUTE_ARG_FILTERS and n.args:
            attribute = n.args[0]
        picked = None
        if isinstance(attribute, nodes.Const) and isinstance(attribute.value, str):
            picked, text = self.iterate(base), f"{_expr_text(n.node)}[]" if n.node is not None else "(uttryck)[]"
            for part in attribute.value.split("."):
                text += f".{part}"
                picked = self.iterate(picked) if part.isdigit() else self.attr(picked, part, text, n.lineno)
        if n.name == "map":
            return Val(items=picked) if picked is not None else ANY
        if n.name in ("default", "d"):
            return union(base, args[0]) if args else base
        if n.name in _STRUCTURE_FILTERS and n.name not in ("batch", "slice"):
            return base
        if n.name in _ITEM_FILTERS:
            return self.iterate(base)
        return ANY


class Scope:
    """Names a template binds ({% for %}, {% set %}, macro arguments …), innermost first."""

    def __init__(self, parent: "Scope | None" = None):
        self.parent, self.vars = parent, {}

    def child(self) -> "Scope":
        return Scope(self)

    def set(self, name: str, value: Val) -> None:
        self.vars[name] = value

    def lookup(self, name: str) -> Val | None:
        scope = self
        while scope is not None:
            if name in scope.vars:
                return scope.vars[name]
            scope = scope.parent
        return None

    def names(self) -> list[str]:
        out, scope = [], self
        while scope is not None:
            out += list(scope.vars)
            scope = scope.parent
        return out


def _display_sibling(file: str, name: str) -> str:
    return str(Path(file).parent / name)


def _excerpt(text: str, focus: str = "") -> str:
    text = " ".join(text.split())
    if len(text) <= EXCERPT:
        return text
    at = text.find(focus) if focus else -1
    start = 0 if at < 0 else max(0, min(at - EXCERPT // 3, len(text) - EXCERPT))
    out = text[start:start + EXCERPT]
    return ("…" if start else "") + out + ("…" if start + EXCERPT < len(text) else "")


# --- .docx -------------------------------------------------------------------------------------------------

@dataclass
class Paragraph:
    element: object
    shown: str          # the paragraph's text as Word shows it (runs joined)
    line: str = ""      # its line in the Jinja source


def _pieces(p) -> list[tuple[str, bool]]:
    """The paragraph's character data in document order: (text, visible). Visible: w:t (and m:t, a:t);
    anything else holding text (w:delText, w:instrText …) is not markup to docxtpl. Paragraphs nested in
    text boxes are their own paragraphs."""
    out: list[tuple[str, bool]] = []

    def walk(el) -> None:
        for child in el:
            if not isinstance(child.tag, str) or child.tag == f"{W}p":
                continue
            if child.text:
                out.append((child.text, etree.QName(child).localname == "t"))
            walk(child)
    walk(p)
    return out


_SPLIT = re.compile(r"\{\x00+[{%#]|[%}#]\x00+\}")
_PREFIX = {y: re.compile(r"(\{%|\{\{|\{#)" + y + r" ([^}%#]*(?:%\}|\}\}|#\}))") for y in ("tr", "tc", "p")}


def _clean_quotes(text: str) -> str:
    return re.sub(r"(?<=\{[{%])(.*?)(?=[}%]\})", lambda m: m.group(0).translate(_QUOTES), text)


def _docx_lines(root) -> tuple[list[Paragraph], list[tuple[int, str, str]]]:
    """The paragraphs of one part (body, header, footer, footnotes) with their Jinja lines, as docxtpl's
    patch_xml sees them, and the problems found on the way: (paragraph index, message, focus text)."""
    paragraphs, problems = [], []
    for i, p in enumerate(root.iter(f"{W}p")):
        pieces = _pieces(p)
        raw = "".join(text if visible else BARRIER for text, visible in pieces)
        for m in _SPLIT.finditer(raw):
            delimiter = m.group(0).replace(BARRIER, "")
            problems.append((i, f"taggens början eller slut \"{delimiter}\" är delad av dold text (en spårad "
                                "ändring eller ett fält), så docxtpl ser inte taggen: godkänn eller avvisa "
                                "ändringarna, eller radera taggen och skriv den på nytt i ett svep", delimiter))
        shown = "".join(text for text, visible in pieces if visible)
        line = _clean_quotes(raw.replace(BARRIER, "")).replace("\r", " ").replace("\n", " ")
        paragraphs.append(Paragraph(p, shown, line))
    consumed: set[int] = set()
    index = {par.element: i for i, par in enumerate(paragraphs)}
    for y in ("tr", "tc", "p"):
        for i, par in enumerate(paragraphs):
            m = _PREFIX[y].search(par.line) if i not in consumed else None
            if m is None:
                continue
            scope = par.element
            if y != "p":
                scope = next(par.element.iterancestors(f"{W}{y}"), None)
                if scope is None:
                    problems.append((i, f"{m.group(1)}{y} står utanför en {_SCOPE_WORDS[y][0]}, och docxtpl "
                                        "ersätter då fel del av dokumentet: använd "
                                        f"{m.group(1)}p eller flytta taggen in i tabellen", m.group(0)))
                    scope = par.element
            members = [j for j in (index[q] for q in scope.iter(f"{W}p")) if j not in consumed]
            dropped = [(par.line[:m.start()] + par.line[m.end():]).strip()]
            dropped += [paragraphs[j].line.strip() for j in members if j != i]
            dropped = [t for t in dropped if t]
            if dropped:
                word, the = _SCOPE_WORDS[y] if scope is not par.element else _SCOPE_WORDS["p"]
                problems.append((i, f"texten \"{_excerpt(' '.join(dropped))}\" står i samma {word} som "
                                    f"{m.group(0)} och kommer inte med i dokumentet (docxtpl ersätter hela "
                                    f"{the} med taggen): flytta taggen till ett eget stycke", m.group(0)))
            for j in members:
                paragraphs[j].line = ""
                consumed.add(j)
            par.line = m.group(1) + " " + m.group(2)
    for par in paragraphs:
        line = re.sub(r"(\{\{|\{%)r ", r"\1 ", par.line)
        line = re.sub(r"\{%\s*(?:colspan|cellbg)\s+([^%]*?)\s*%\}", r"{{ \1 }}", line)
        par.line = re.sub(r"\{%\s*(?:vm|hm)\s*%\}", "", line)
    return paragraphs, problems


def _docx_place(label: str, paragraphs: list[Paragraph]) -> Callable[[int, str], str]:
    def place(line: int, focus: str) -> str:
        where = f"{label}, stycke {line}" if label else f"stycke {line}"
        shown = paragraphs[line - 1].shown if 0 < line <= len(paragraphs) else ""
        return f"{where} (\"{_excerpt(shown, focus)}\")" if shown.strip() else where
    return place


def _docx_sources(document, file: str) -> tuple[list[Source], list[Finding]]:
    """The Jinja sources of an opened .docx: body, headers, footers, footnotes (one line per paragraph) and
    the core properties docxtpl renders (one source each); and the problems found while reading the runs."""
    # Plain lxml trees (python-docx's element classes override .text of runs and paragraphs).
    parts = [("", etree.fromstring(document.part.blob).find(f"{W}body"))]
    package = {str(p.partname): p for p in document.part.package.iter_parts()}
    named = set()
    for rel in document.part.rels.values():
        kind = rel.reltype.rsplit("/", 1)[-1]
        if not rel.is_external and kind in ("header", "footer"):
            named.add((str(rel.target_part.partname), kind))
    for partname, kind in sorted(named):
        word = "sidhuvud" if kind == "header" else "sidfot"
        parts.append((f"{word} {partname.rsplit('/', 1)[-1]}", etree.fromstring(package[partname].blob)))
    for partname, part in sorted(package.items()):
        if part.content_type.endswith("wordprocessingml.footnotes+xml"):
            parts.append(("fotnoter", etree.fromstring(part.blob)))

    sources, findings = [], []
    for order, (label, root) in enumerate(parts):
        paragraphs, problems = _docx_lines(root)
        place = _docx_place(label, paragraphs)
        findings += [Finding(file, place(i + 1, focus), message, (order, i + 1)) for i, message, focus in problems]
        sources.append(Source(file, "\n".join(par.line for par in paragraphs), place, order))
    properties = document.core_properties
    for order, (attr, word) in enumerate(PROPERTIES.items(), start=len(parts)):
        value = getattr(properties, attr) or ""
        if "{" in value:
            sources.append(Source(file, value.replace("\n", " "), lambda line, focus, w=word: f"dokumentegenskapen "
                                  f"{w}", order, counts_usage=False, env=jinja2.Environment()))
    return sources, findings


# --- a folder --------------------------------------------------------------------------------------------------

def _display(path: Path) -> str:
    """Relative to the current folder; a template the program ships as 'kommunrapport:templates/…' (as in the
    manifest)."""
    if path.is_absolute():
        if path.is_relative_to(Path.cwd()):
            return str(path.relative_to(Path.cwd()))
        if path.is_relative_to(RESOURCES):
            return f"kommunrapport:{path.relative_to(RESOURCES).as_posix()}"
    return str(path)


def _required_findings(checker: Checker, kind: str, file: str) -> list[Finding]:
    out = []
    for alternatives in KINDS[kind].required:
        if not any(p in checker.used for p in alternatives):
            names = " eller ".join(f"\"{p}\"" for p in alternatives)
            out.append(Finding(file, "", f"obligatorisk variabel {names} används aldrig i mallen (en "
                                         f"{kind} behöver den; se {DOC})", (99, 0)))
    return out


def check_docx(path: Path, kind: str, file: str | None = None) -> list[Finding]:
    """Findings for one .docx template of `kind`."""
    import docx

    file = file or _display(path)
    try:
        document = docx.Document(str(path))
    except Exception as exc:  # noqa: BLE001 – not a Word file, or a damaged one: python-docx raises many kinds
        return [Finding(file, "", f"filen kan inte läsas som ett Word-dokument (.docx): {exc}")]
    sources, findings = _docx_sources(document, file)
    env = jinja2.Environment(autoescape=True)   # as render.docx renders (docxtpl, autoescape=True)
    checker = Checker(schema(kind, "docx"), env, ("HTML-", schema(kind, "html")))
    for source in sources:
        checker.check(source)
    findings += checker.findings.values()
    if not checker.broken:
        findings += _required_findings(checker, kind, file)
    return findings


def check_html(path: Path, kind: str, file: str | None = None, fallback: Path | None = None) -> list[Finding]:
    """Findings for one HTML template of `kind` (and the templates it includes or extends, looked up beside it and
    then in `fallback`)."""
    from pipeline.render.pdf import html_environment

    file = file or _display(path)
    env = html_environment(path.parent)
    checker = Checker(schema(kind, "html"), env, ("Word-", schema(kind, "docx")))
    checker.fallback_dirs = (fallback,) if fallback is not None else ()
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return [Finding(file, "", f"filen kan inte läsas som text (UTF-8): {exc}")]
    checker.including.append(path)
    checker.check(Source(file, text, lambda line, focus: f"rad {line}", 0, env=env, loader_dir=path.parent))
    findings = list(checker.findings.values())
    if not checker.broken:
        findings += _required_findings(checker, kind, file)
    return findings


def check_folder(root: Path) -> Result:
    """Every template of every known kind in `root` (which holds docx/ and html/)."""
    result = Result()
    for name in KINDS:
        for fmt, check in (("docx", check_docx), ("html", check_html)):
            if fmt not in KINDS[name].templates:
                continue
            path = root / fmt / f"{name}.{fmt}"
            file = _display(path)
            if not path.is_file() and NATIONAL in KINDS[name].points:
                continue   # `kommunrapport jämförelse` renders with the program's own template, not a kommun's set
            if not path.is_file():
                result.findings.append(Finding(file, "", f"mallen saknas: programmet behöver den för "
                                                         f"{name} ({'Word' if fmt == 'docx' else 'PDF'})"))
                continue
            result.checked.append(file)
            result.findings += sorted(check(path, name, file),
                                      key=lambda f: (f.file != file, f.file, f.order, f.message))
    for name in KINDS:
        for page in KINDS[name].web_templates:   # the website: web/<page>.html, the program's when the set has none
            path = root / "web" / f"{page}.html"
            if not path.is_file():   # the program's own web/<page>.html is used (render.webb.web_environment)
                continue
            file = _display(path)
            result.checked.append(file)
            result.findings += sorted(check_html(path, name, file, RESOURCES / "templates" / "web"),
                                      key=lambda f: (f.file != file, f.file, f.order, f.message))
    docx_dir = root / "docx"
    if docx_dir.is_dir():
        for path in sorted(docx_dir.glob("*.docx")):
            if not path.name.startswith("~$") and "docx" not in getattr(KINDS.get(path.stem), "templates", ()):
                result.notes.append(f"{_display(path)} används inte: programmet känner bara till "
                                    f"{', '.join(f'{k}.docx' for k in KINDS if 'docx' in KINDS[k].templates)}.")
    return result
