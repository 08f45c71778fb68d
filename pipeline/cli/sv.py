"""Swedish texts for click/typer's own help and error messages (they use gettext's `_`)."""

from __future__ import annotations

import importlib
import re

SWEDISH = {
    "Usage:": "Användning:",
    "Options": "Flaggor",
    "Commands": "Kommandon",
    "Arguments": "Argument",
    "Show this message and exit.": "Visa den här hjälpen och avsluta.",
    "Missing argument": "Argument saknas",
    "Missing option": "Flagga saknas",
    "Missing command.": "Kommando saknas.",
    "Missing parameter": "Parameter saknas",
    "No such command {name!r}.": "Kommandot {name!r} finns inte.",
    "No such option {name!r}.": "Flaggan {name!r} finns inte.",
    "Try '{command} {option}' for help.": "Prova '{command} {option}' för hjälp.",
    "Error: {message}": "Fel: {message}",
    "Invalid value for {param_hint}: {message}": "Ogiltigt värde för {param_hint}: {message}",
    "Invalid value: {message}": "Ogiltigt värde: {message}",
    "{value!r} is not a valid {number_type}.": "{value!r} är inte ett giltigt {number_type}.",
    "{value} is not in the range {range}.": "{value} ligger inte inom {range}.",
    "integer": "heltal",
    "Missing argument {param_hint}.": "Argument saknas: {param_hint}.",
    "default: {default}": "standard: {default}",
    "required": "obligatorisk",
    "Aborted!": "Avbrutet!",
}


_MESSAGES = (
    (re.compile(r"^Missing argument '([^']+)'\.$"), r"Argumentet \1 saknas."),
    (re.compile(r"^No such option: (\S+)"), r"Flaggan \1 finns inte."),
    (re.compile(r"^No such command '([^']+)'\.$"), r"Kommandot '\1' finns inte."),
    (re.compile(r"^Got unexpected extra (?:arguments?|argument\(s\)) \((.*)\)$"), r"Oväntade extra argument: \1"),
    (re.compile(r"^Invalid value for '([^']+)': (.*)$"), r"Ogiltigt värde för '\1': \2"),
    (re.compile(r"^'([^']+)' is not a valid integer\.?$"), r"'\1' är inte ett heltal."),
    (re.compile(r"is not in the range"), "ligger inte inom"),
)


def translate_message(message: str) -> str:
    for pattern, replacement in _MESSAGES:
        message = pattern.sub(replacement, message)
    return message


def _(text: str) -> str:
    return SWEDISH.get(text, text)


_CLICK_MODULES = ("core", "decorators", "exceptions", "formatting", "types", "parser", "termui", "utils")


def _modules():
    """typer's vendored click (typer._click.*), or click itself in older typer versions."""
    names = ["typer.core"] + [f"{base}.{m}" for base in ("typer._click", "click") for m in _CLICK_MODULES]
    for name in names:
        try:
            yield importlib.import_module(name)
        except ImportError:
            continue


def install() -> None:
    _patch_vendored_click()
    for module in _modules():
        if hasattr(module, "_") and callable(module._):
            module._ = _  # type: ignore[attr-defined]


def _patch_vendored_click() -> None:
    """typer 0.2x vendors click with a few hard-coded English strings; give them Swedish words.

    Not a public API: typer (0.29) vendors click as the private package `typer._click` and offers no hook for its
    texts; click's own are translated through gettext's `_` (above). The methods replaced here are click's public
    ones. Should typer move or drop `typer._click`, the import fails and these few texts stay English: nothing
    else changes."""
    try:
        from typer._click import core, exceptions, formatting
        from typer._click.utils import echo
    except ImportError:  # older typer uses click itself, translated through `_` above
        return

    original_write_usage = formatting.HelpFormatter.write_usage

    def write_usage(self, prog, args="", prefix=None):
        return original_write_usage(self, prog, args, "Användning: " if prefix is None else prefix)

    formatting.HelpFormatter.write_usage = write_usage

    original_get_help_option = core.Command.get_help_option

    def get_help_option(self, ctx):
        option = original_get_help_option(self, ctx)
        if option is not None:
            option.help = SWEDISH["Show this message and exit."]
        return option

    core.Command.get_help_option = get_help_option

    def show_usage_error(self, file=None):
        hint = ""
        if self.ctx is not None and self.ctx.command.get_help_option(self.ctx) is not None:
            hint = f"Prova '{self.ctx.command_path} {self.ctx.help_option_names[0]}' för hjälp.\n"
        if self.ctx is not None:
            echo(f"{self.ctx.get_usage()}\n{hint}", file=file, err=file is None)
        echo(f"Fel: {translate_message(self.format_message())}", file=file, err=file is None)

    def show_error(self, file=None):
        echo(f"Fel: {self.format_message()}", file=file, err=file is None)

    exceptions.UsageError.show = show_usage_error
    exceptions.ClickException.show = show_error
