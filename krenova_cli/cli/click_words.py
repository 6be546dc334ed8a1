"""Typer's own words in the interface language: its usage line, its help option and its usage errors.

Recent Typer vendors a copy of click (`typer._click`) that speaks only English, without gettext; the
root group is click itself, whose words the catalog serves through gettext's global domain. Here the
subcommands' "Usage:", "Show this message and exit." and their `Error:` lines are said through
`_()` when the language is not English (English output stays Typer's own).
"""

from __future__ import annotations

import re
import sys

from krenova_cli.i18n.messages import N_, _

# Typer's (and pydantic's) English error messages -> the catalog's message with the same facts
_PATTERNS = [(re.compile(p), m) for p, m in (
    (r"(?P<message>.+?)\. Did you mean (?P<names>'.+')\?", N_("{message}. Did you mean {names}?")),
    (r"Missing option (?P<hint>.+)\.", N_("Missing option {hint}.")),
    (r"Missing argument (?P<hint>.+)\.", N_("Missing argument {hint}.")),
    (r"Missing parameter: (?P<hint>.+)", N_("Missing parameter: {hint}")),
    (r"Invalid value for (?P<hint>.+?): (?P<message>.*)", N_("Invalid value for {hint}: {message}")),
    (r"Invalid value: (?P<message>.*)", N_("Invalid value: {message}")),
    (r"Got unexpected extra argument\(s\) \((?P<args>.*)\)", N_("Got unexpected extra argument(s) ({args})")),
    (r"Option (?P<name>'.+') requires an argument\.", N_("Option {name} requires an argument.")),
    (r"Option (?P<name>'.+') does not take a value\.", N_("Option {name} does not take a value.")),
    (r"Input should be greater than or equal to (?P<n>\S+)", N_("Input should be greater than or equal to {n}")),
    (r"Input should be less than or equal to (?P<n>\S+)", N_("Input should be less than or equal to {n}")),
    (r"Input should be a valid integer(?:, .*)?", N_("Input should be a valid integer")),
    (r"Input should be a valid number(?:, .*)?", N_("Input should be a valid number")),
    (r"Value (?P<value>.+) is not a valid (?P<kind>\w+)\.", N_("Value {value} is not a valid {kind}.")),
)]


_NO_SUCH_OPTION = re.compile(r"No such option: (?P<name>\S+)(?: \(Possible options: (?P<options>.+)\))?")


def word(message: str) -> str:
    """An English message of Typer in the interface language (one it does not know stays as it is), and
    in click's own words where the two say one thing differently (`No such option '--jsn'. Did you mean
    '--json'?`), so that every command words a usage error alike."""
    from krenova_cli.i18n.messages import ngettext

    m = _NO_SUCH_OPTION.fullmatch(message)
    if m:
        said = _("No such option {name!r}.").format(name=m.group("name"))
        options = [o.strip() for o in (m.group("options") or "").split(",") if o.strip()]
        if options:
            said += " " + ngettext("Did you mean {possibility}?", "(Did you mean one of: {possibilities}?)", len(options)).format(
                possibility=repr(options[0]), possibilities=", ".join(repr(o) for o in options))
        return said
    for pattern, template in _PATTERNS:
        m = pattern.fullmatch(message)
        if m:
            facts = m.groupdict()
            if "message" in facts:
                facts["message"] = word(facts["message"])
            return _(template).format(**facts)
    return _(message)


def _whole_commands(base):
    """A help formatter whose paragraphs naming a command (`Example: krenova ...`) are wrapped at spaces
    and never inside the command (output.wrap_words); the other paragraphs as click wraps them."""
    import importlib

    wrap_text = importlib.import_module(base.__module__).wrap_text

    class WholeCommands(base):
        def write_text(self, text: str) -> None:
            from krenova_cli.cli.output import wrap_words

            if "krenova " not in text or "\b" in text:
                return super().write_text(text)
            indent = " " * self.current_indent
            out = []
            for para in text.split("\n\n"):
                if "krenova " in para:
                    lines = wrap_words(" ".join(para.split()), max(self.width - self.current_indent, 20))
                    out.append("\n".join(indent + x for x in lines))
                else:
                    out.append(wrap_text(para, self.width, initial_indent=indent, subsequent_indent=indent, preserve_paragraphs=True))
            self.write("\n\n".join(out))
            self.write("\n")

    return WholeCommands


def _click_of(command):
    """The Context and HelpFormatter classes of the click a command is made of: Typer's vendored copy
    (`typer._click`, in recent Typer) or click itself (the root, `status`, or an older Typer)."""
    import importlib

    package = "click"
    if type(command).__module__.startswith("typer"):
        try:
            importlib.import_module("typer._click.core")
            package = "typer._click"
        except ImportError:
            pass
    return (importlib.import_module(package + ".core").Context,
            importlib.import_module(package + ".formatting").HelpFormatter)


def whole_commands(command) -> None:
    """Every help of `command` (and its subcommands) keeps the commands it names whole, in every language."""
    Context, HelpFormatter = _click_of(command)

    class WholeContext(Context):
        formatter_class = _whole_commands(HelpFormatter)

    def walk(cmd) -> None:
        if isinstance(cmd.context_class, type) and issubclass(cmd.context_class, Context) \
                and cmd.context_class is Context:
            cmd.context_class = WholeContext
        for sub in getattr(cmd, "commands", {}).values():
            walk(sub)

    walk(command)


def speak(command) -> None:
    """The usage line and the help option of a Typer command (and its subcommands) in the language."""
    Context, HelpFormatter = _click_of(command)
    if Context.__module__.startswith("click."):  # click itself (a command without Typer, or a Typer that
        return                                   # uses click): gettext serves click's words already

    class Formatter(_whole_commands(HelpFormatter)):
        def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
            super().write_usage(prog, args, _("Usage:") + " " if prefix is None else prefix)

    class SpeakingContext(Context):
        formatter_class = Formatter

    def walk(cmd) -> None:
        if isinstance(cmd.context_class, type) and issubclass(cmd.context_class, Context):
            cmd.context_class = SpeakingContext
        original = cmd.get_help_option

        def get_help_option(ctx, original=original):
            option = original(ctx)
            if option is not None and option.help:
                option.help = _(option.help)
            return option

        cmd.get_help_option = get_help_option
        for sub in getattr(cmd, "commands", {}).values():
            walk(sub)

    walk(command)


def show_error(exc) -> None:
    """A usage error of Typer as click shows it (usage line, hint, `Error:` line), in the language."""
    if type(exc).__name__ == "NoArgsIsHelpError":  # a group called alone: its help, already in the language
        exc.show()
        return
    ctx = getattr(exc, "ctx", None)
    out = []
    if ctx is not None:
        hint = ""
        if ctx.command.get_help_option(ctx) is not None:
            option = max(ctx.help_option_names, key=len)  # '--help', as click's own commands say it
            hint = _("Try '{command} {option}' for help.").format(command=ctx.command_path, option=option)
        out.append(ctx.get_usage() + "\n" + hint + ("\n" if hint else ""))
    out.append(_("{error}: {message}").format(error=_("Error"), message=word(exc.format_message())))
    sys.stderr.write("\n".join(out) + "\n")
