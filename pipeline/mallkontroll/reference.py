"""docs/mallvariabler.md, generated from the variable schema (pipeline.mallkontroll.schema) and the descriptions
(pipeline.mallkontroll.descriptions): `.venv/bin/python tools/build_mallvariabler.py` writes it, a test checks that
the committed file is what the code produces now.

The generator refuses (TemplateDocError) when a variable has no description, when a description names a
variable no kind has, when a required variable is not in the schema, and when a list was empty for every
nämnd of the example (its items could not be described).
"""

from __future__ import annotations

from pipeline.flows import registry
from pipeline.mallkontroll import descriptions as d
from pipeline.mallkontroll.schema import FORMAT_NAMES, FORMATS, KINDS, Node, is_status, merge, merge_all, node_at, \
    schema, walk

COMMAND = ".venv/bin/python tools/build_mallvariabler.py"

TYPE_WORDS = {"str": "text", "int": "heltal", "float": "decimaltal", "bool": "sant/falskt", "NoneType": "tomt (None)",
              "dict": "objekt", "list": "lista", "RichText": "formaterad text (RichText)",
              "InlineImage": "bild (InlineImage)", "bytes": "binärdata"}
_TYPE_ORDER = ["dict", "list", "str", "int", "float", "bool", "RichText", "InlineImage", "bytes", "NoneType"]


class TemplateDocError(ValueError):
    """The variable reference cannot be generated complete."""


def _types(node: Node) -> str:
    names = sorted(node.types, key=lambda t: (_TYPE_ORDER.index(t) if t in _TYPE_ORDER else 99, t))
    words = []
    for t in names:
        if t == "list" and node.item is not None:
            words.append("lista av " + " eller ".join(_item_word(node.item)))
        else:
            words.append(TYPE_WORDS.get(t, t))
    return " eller ".join(words)


def _item_word(item: Node) -> list[str]:
    names = sorted(item.types, key=lambda t: (_TYPE_ORDER.index(t) if t in _TYPE_ORDER else 99, t))
    plural = {"dict": "objekt", "str": "texter", "int": "heltal", "float": "decimaltal", "bool": "sant/falskt",
              "NoneType": "tomma", "list": "listor"}
    return [plural.get(t, TYPE_WORDS.get(t, t)) for t in names]


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _rows(kind: str, texts: dict[str, str], used: set[str], problems: list[str]) -> list[tuple[str, str, str, str]]:
    """(path, type, formats, description) for every variable of `kind`, in context order."""
    formats = KINDS[kind].templates or ("html",)   # the website's web/ templates are HTML
    per_format = {fmt: schema(kind, fmt) for fmt in formats}
    flat = {fmt: dict(walk(root)) for fmt, root in per_format.items()}
    order = merge_all(per_format[fmt] for fmt in formats)   # for the order only (docx keys first)
    rows = []
    for path, _ in walk(order):
        present = [fmt for fmt in formats if path in flat[fmt]]
        nodes = [flat[fmt][path] for fmt in present]
        node = nodes[0]
        for other in nodes[1:]:
            node = merge(node, other)
        if node.is_list and node.item is None:
            problems.append(f"{kind}: listan {path} är tom för alla nämnder i exemplet, så dess innehåll kan inte "
                            "beskrivas; se till att exempeldata har minst ett element")
        parent = path.rsplit(".", 1)[0] if "." in path else None
        status_field = parent is not None and any(
            (p := node_at(per_format[fmt], parent)) is not None and is_status(p) for fmt in present)
        own = d.BY_KIND.get(kind, {})
        if path in own:   # the kind's own meaning of the path
            used.add(f"{kind}:{path}")
            text = own[path]
        elif (key := d.description_key(path, status_field, texts)) is None:
            problems.append(f"{kind}: variabeln {path} saknar beskrivning (lägg till den i "
                            "pipeline/mallkontroll/descriptions.py)")
            text = ""
        else:
            used.add(key)
            text = d.description_text(key, texts)
        kind_text = _types(node) + ("; saknas ibland" if any(n.optional for n in nodes) else "")
        where = "Word och PDF" if len(present) == len(FORMATS) else f"bara {FORMAT_NAMES[present[0]]}"
        rows.append((path, kind_text, where, text))
    for alternatives in KINDS[kind].required:
        for path in alternatives:
            if not any(path in flat[fmt] for fmt in formats):
                problems.append(f"{kind}: den obligatoriska variabeln {path} finns inte i variabelschemat")
    return rows


INTRO = """\
# Mallvariabler

<!-- Genererad från koden (pipeline/mallkontroll) med `@COMMAND@`. Ändra inte för hand:
     ändra beskrivningarna i pipeline/mallkontroll/descriptions.py och kör kommandot igen. -->

Varje dokument skrivs från två mallar i mallmappen (programmets standardmallar, en kopia från
`kommunrapport mallar kopiera` eller kommunens egen mapp, se `[mallar] mapp` i konfigurationen): `docx/<sort>.docx` för Word (docxtpl) och `html/<sort>.html` för
PDF (Jinja2 och WeasyPrint). Här står alla variabler som mallarna får, per dokumentsort, och vilka en mall
måste använda.

Listan är byggd från koden: strukturen hos de data som programmet bygger för exempelkommunens alla nämnder
(`exempel/exempelkommun`: `config/kommun.toml`, `inputs/`, vid varje tillfälle där sorten görs; jämförelserapporten
från exemplets Kolada-data, `exempel/data/kolada-ddf-dump-2024`, år 2022), plus det som renderingen lägger till: färgad status (`rt`) och
diagrambilder (`bild`) i Word, diagram som data-URI (`src`) i HTML.

## Kontrollera en mall

    kommunrapport mallar kontrollera [MALLMAPP]

kontrollerar varje mall i mappen (standard: programmets mallar) och skriver en rad per fel, med fil och plats (rad i
HTML, stycke i Word räknat från början av dokumentet, tabellcellernas stycken medräknade; sidhuvud och sidfot
räknas för sig):

- variabler som mallen använder men som programmet inte ger, även genom loopar (`{% for r in m.indikatorer %}`
  ger `r` fälten i `m.indikatorer[]`), `{% set %}`, `{% with %}` och makron, och okända filter och tester;
- obligatoriska variabler (nedan) som mallen aldrig använder;
- fel i mallspråket (Jinjas eget felmeddelande);
- i Word: en tagg vars `{{`, `}}`, `{%` eller `%}` har delats av dold text, och text som försvinner för att den
  står i samma stycke, tabellrad eller cell som en `{%p`-, `{%tr`- eller `{%tc`-tagg.

Slutkoden är 0 när allt stämmer, 1 när något hittades och 2 när mappen inte finns.

En okänd variabel blir tom i Word utan varning, medan PDF-körningen stoppar med ett fel: kontrollera därför
mallarna innan en körning.

## Skrivsätt

- `a.b` är fältet `b` i objektet `a`: `{{ namnd.namn }}`.
- `a[]` är ett element i listan `a`: loopa med `{% for r in drift.rader %}{{ r.namn }}{% endfor %}`.
- Typer: text, heltal, decimaltal, sant/falskt, tomt (None), objekt, lista, formaterad text (RichText, bara
  Word), bild (InlineImage, bara Word), binärdata. ”Saknas ibland”: fältet finns inte i alla objekt; fråga med
  `{% if … %}` först. Ett fält som kan vara tomt (None) frågas också med `{% if … %}`.
- Alla tal som en läsare ser är redan formaterade som text (`1 234`, `76,4`); de råa talen finns bara i
  diagramdata.

## Word-mallar (docxtpl)

- `{%p … %}` i ett eget stycke styr hela stycken (`{%p for s in statusrader %}` … `{%p endfor %}`), `{%tr … %}`
  hela tabellrader, `{%tc … %}` hela celler. Stycket, raden eller cellen med taggen ersätts av taggen: annan
  text där försvinner.
- `{{r … }}` skriver formaterad text: `{{r r.status.rt }}` ger status som färgad symbol och ord.
- Bilder skrivs med `{{ diagram.bild }}` och `{{ r.diagram.historik.bild }}` i egna stycken.
- Word delar ofta en tagg i flera textbitar (”runs”) när man skriver eller formaterar. docxtpl lagar det så länge
  bara formatering ligger mellan bitarna. Ligger dold text mellan tecknen i `{{`, `}}`, `{%` eller `%}` (en spårad
  ändring, ett fält) ser docxtpl inte taggen: godkänn ändringarna, eller radera taggen och skriv den på nytt i
  ett svep. Typografiska citattecken (’ ” ) i taggar gör inget; docxtpl byter dem mot raka.
"""


def render_markdown(texts: dict[str, str] | None = None) -> str:
    """The whole of docs/mallvariabler.md. `texts`: the descriptions (DESCRIPTIONS unless given)."""
    texts = d.DESCRIPTIONS if texts is None else texts
    problems: list[str] = []
    used: set[str] = set()
    out = [INTRO.replace("@COMMAND@", COMMAND).rstrip("\n"), ""]
    for name, kind in KINDS.items():
        rows = _rows(name, texts, used, problems)
        described = {r[0]: r[3] for r in rows}
        out += [f"## {kind.title} (`{name}`)", "", kind.about, "",
                f"Mallar: {' och '.join(f'`{f}`' for f in kind.template_files())}.", "", "### Obligatoriska variabler", "",
                "En mall av den här sorten måste använda var och en av dessa (där flera står räcker en av "
                "dem):", ""]
        for alternatives in kind.required:
            names = " eller ".join(f"`{p}`" for p in alternatives)
            out.append(f"- {names}: {described.get(alternatives[0], '')}")
        out += ["", "### Alla variabler"]
        section = None
        for path, type_text, where, text in rows:
            top = path.split(".", 1)[0].split("[", 1)[0]
            if top != section:
                section = top
                out += ["", f"#### `{top}`", "", "| Variabel | Typ | Finns i | Beskrivning |", "|---|---|---|---|"]
            out.append(f"| `{path}` | {_cell(type_text)} | {where} | {_cell(text)} |")
        out.append("")
    out += ["## Dokument utan mallar", "",
            "De här dokumenten skrivs av programmet direkt, utan mall; de har inga mallvariabler.", ""]
    out += [f"- {doc.title} (`{doc.name}`): {doc.about}" for doc in registry.REGISTRY.values()
            if not (doc.templates or doc.web_templates)]
    out.append("")
    stale = sorted(set(texts) - used) + sorted(f"{kind}:{path}" for kind, own in d.BY_KIND.items() for path in own
                                               if f"{kind}:{path}" not in used)
    problems += [f"beskrivningen av {k} hör inte till någon variabel (ta bort eller rätta den i "
                 "pipeline/mallkontroll/descriptions.py)" for k in stale]
    if problems:
        raise TemplateDocError("docs/mallvariabler.md kan inte skrivas:\n" + "\n".join(f"- {p}" for p in problems))
    return "\n".join(out).rstrip("\n") + "\n"
