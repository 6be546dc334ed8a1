"""The command-line entry point: global options, lazy command loading, the one error boundary.

Command modules are imported only when their command runs, so `krenova --help`
and read commands never pay for openpyxl, Jinja2, Babel or WeasyPrint.
"""

from __future__ import annotations

import errno
import importlib
import os
import sys

import click

from krenova_cli import __version__
from krenova_cli.i18n.messages import N_

# name -> (module in krenova_cli.commands, one-line help shown by `krenova --help`)
COMMANDS: dict[str, tuple[str, str]] = {
    "init": ("init", "Create a competition data directory from a preset."),
    "demo": ("demo", "Run a whole competition on generated, realistic data."),
    "entry": ("entry", "Register and manage entries (add, list, show, edit, withdraw, remove, import, template)."),
    "judge": ("judge", "Register and manage judges and their conflicts (add, list, edit, remove, import)."),
    "assign": ("assign", "Assign judges to entries for a round, balanced and conflict-free."),
    "score": ("score", "Record judges' scores: by argument, interactively, or from sheets/CSV."),
    "sheets": ("sheets", "Write one Excel score sheet per judge for a round."),
    "packets": ("packets", "Write each judge's packet for a round: sheet, proposals, index, letter, checksums."),
    "screen": ("screen", "Pass or stop entries in the administrative screening (round 0)."),
    "standings": ("standings", "Show the ranking of a round."),
    "advance": ("advance", "Close a round and apply its cutoff."),
    "reopen": ("reopen", "Undo the close of a round while the next one has no scores."),
    "schedule": ("schedule", "Show and export the schedule of a presentation round (who presents when, where)."),
    "awards": ("awards", "Decide the places and prizes from the final round."),
    "status": ("status", "Where the competition stands and what to do next."),
    "export": ("export", "Write the Excel recap (or CSV/JSON tables)."),
    "letters": ("letters", "Render official papers: award, certificate, nomination, minutes, awards-minutes, decree, judge-recap, "
                          "presentation-invitation, call, announcement, ceremony-invitation, feedback, sinovik-draft."),
    "check": ("check", "Verify everything: schema, references, ranges, locked rounds, ledger."),
    "log": ("log", "Show the audit history (the ledger)."),
    "analyse": ("analyse", "Test a round's cutoff: other rules, each judge left out, bootstrap, agreement."),
    "settings": ("settings", "Show and change the settings (competition.toml) without an editor."),
    "adopt": ("adopt", "Take a data file edited by hand into the ledger."),
    "verify": ("verify", "Check a paper's verification code (or a PDF): valid, revoked or unknown."),
    "publish": ("publish", "Write a static results and verification website."),
    "serve": ("serve", "Let judges score in a browser with private links."),
}


# name -> the section of the Indonesian guide (docs/panduan.md) that shows the command at work; each
# command's help ends by naming it (tests/e2e/test_guide.py checks that the headings exist)
GUIDE = "docs/panduan.md"
GUIDE_SECTIONS: dict[str, tuple[int, str]] = {
    "init": (2, "Menyiapkan lomba"), "settings": (2, "Menyiapkan lomba"), "demo": (1, "Memasang krenova"),
    "entry": (3, "Pengumuman lomba dan pendaftaran peserta"), "screen": (3, "Pengumuman lomba dan pendaftaran peserta"), "judge": (4, "Dewan juri"), "assign": (4, "Dewan juri"),
    "sheets": (5, "Penilaian setiap babak"), "packets": (5, "Penilaian setiap babak"), "score": (5, "Penilaian setiap babak"),
    "standings": (5, "Penilaian setiap babak"), "status": (5, "Penilaian setiap babak"),
    "advance": (6, "Menutup babak dan peserta yang seri"), "reopen": (6, "Menutup babak dan peserta yang seri"),
    "schedule": (6, "Menutup babak dan peserta yang seri"),
    "analyse": (6, "Menutup babak dan peserta yang seri"), "awards": (7, "Menetapkan juara"),
    "export": (8, "Rekap Excel"), "letters": (9, "Naskah dinas"), "verify": (11, "Verifikasi dan publikasi"),
    "publish": (11, "Verifikasi dan publikasi"), "serve": (5, "Penilaian setiap babak"),
    "check": (13, "Pemeriksaan, riwayat, dan berkas yang disunting tangan"),
    "log": (13, "Pemeriksaan, riwayat, dan berkas yang disunting tangan"),
    "adopt": (13, "Pemeriksaan, riwayat, dan berkas yang disunting tangan"),
}


def _guide_epilog(command: click.Command, name: str) -> None:
    """The command's help (and its subcommands') ends with the guide's section that shows it at work."""
    from krenova_cli.i18n.messages import _

    number, title = GUIDE_SECTIONS[name]
    line = _("Guide: {path}, section {number} ({title}).").format(path=GUIDE, number=number, title=title)
    for cmd in (command, *getattr(command, "commands", {}).values()):
        cmd.epilog = line


def command_of(module_name: str) -> click.Command:
    """The click command of `krenova_cli.commands.<module_name>`, new at each call: its Typer app's, or
    the one `command()` builds in a module written with click alone (no Typer to import)."""
    module = importlib.import_module(f"krenova_cli.commands.{module_name}")
    if hasattr(module, "command"):
        return module.command()
    import typer.main

    return typer.main.get_command(module.app)


class _RootContext(click.Context):
    """The root's help keeps the commands it names whole (`Example: krenova demo && ...`)."""

    @property
    def formatter_class(self):
        from krenova_cli.cli.click_words import _whole_commands

        return _whole_commands(click.HelpFormatter)


class LazyGroup(click.Group):
    context_class = _RootContext

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name not in COMMANDS:
            return None
        command = command_of(COMMANDS[name][0])
        command.name = name
        plain_metavars(command)
        _speak(command)
        _guide_epilog(command, name)
        once_only(command)
        return command

    def resolve_command(self, ctx: click.Context, args: list[str]):
        """An unknown command is a usage error (exit 2) that suggests the nearest ones: `statsu` -> `status`."""
        name = args[0] if args else ""
        if name and not name.startswith("-") and name not in COMMANDS:
            import difflib

            from krenova_cli.i18n.messages import _

            close = difflib.get_close_matches(name, list(COMMANDS), n=3, cutoff=0.6)
            line = _("No such command {name}.").format(name=repr(name))
            if close:
                line += " " + _("Did you mean {names}?").format(names=_(" or ").join(repr(c) for c in close))
            ctx.fail(line + " " + _("See 'krenova --help' for the commands."))
        return super().resolve_command(ctx, args)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        from krenova_cli.i18n.messages import _

        with formatter.section(_("Commands")):
            formatter.write_dl([(name, _(text)) for name, (_m, text) in COMMANDS.items()])

    def format_help_text(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The root's help in the interface language, paragraph by paragraph."""
        from krenova_cli.i18n.messages import localize_help

        original = self.help
        self.help = localize_help(original)
        try:
            super().format_help_text(ctx, formatter)
        finally:
            self.help = original


# The value an option takes, as its help shows it, when its type says too little ("<str>", "<int range>").
_METAVAR_BY_OPTION = {
    "--round": "N", "--per-entry": "K", "--top": "K", "--limit": "N", "--resamples": "N", "--entries": "N",
    "--judges": "N", "--seed": "N", "--year-started": "YEAR", "--since": "DATE", "--format": "FORMAT",
    "--preset": "NAME", "--for": "WHO", "--output": "PATH", "--csv": "DIR", "--from": "FILE", "--reason": "TEXT",
    "--note": "TEXT", "--name": "TEXT", "--title": "TEXT",
}
_ID_OPTIONS = {"--id", "--judge", "--entry", "--prefer", "--add", "--from-entry", "--replace-judge", "--by", "--conflict",
               "--add-conflict", "--remove-conflict", "--category", "--type"}


def _by_type(param) -> str:
    try:
        shown = param.display_type(None)  # Typer's "<int range>", "<path>", "<str>"
    except Exception:  # another click: its own type name
        shown = getattr(getattr(param, "type", None), "name", "")
    shown = str(shown).lower()
    return "N" if "int" in shown else "PATH" if "path" in shown else "NUMBER" if "float" in shown else "TEXT"


def once_only(command: click.Command) -> None:
    """An option that takes one value, given twice, is a usage error (exit 2): click keeps the last one
    silently, and `advance --allow-missing --reason A --prefer K1 --reason B` recorded B as the reason of
    both decisions. For every command and subcommand."""
    for cmd in (command, *getattr(command, "commands", {}).values()):
        if getattr(cmd, "_krenova_once", False):
            continue
        single = {}
        for param in cmd.params:
            # duck-typed: Typer's commands are made of its own vendored click's classes
            if (getattr(param, "param_type_name", "") == "option" and not param.multiple and not param.is_flag
                    and not param.count):
                for opt in (*param.opts, *param.secondary_opts):
                    single[opt] = param
        parse = cmd.parse_args

        def checked(ctx, args, _parse=parse, _single=single):
            seen: dict[click.Parameter, str] = {}
            for arg in args:
                if arg == "--":
                    break
                opt = arg.split("=", 1)[0] if arg.startswith("--") else arg
                param = _single.get(opt)
                if param is None:
                    continue
                if param in seen:
                    from krenova_cli.i18n.messages import _

                    said = (_("{option} was given twice; give it once") if seen[param] == opt else
                            _("{option} was given twice ({first} and {second}); give it once"))
                    raise _usage_error(ctx)(said.format(option=max(param.opts, key=len), first=seen[param], second=opt), ctx)
                seen[param] = opt
            return _parse(ctx, args)

        cmd.parse_args = checked
        cmd._krenova_once = True


def _usage_error(ctx) -> type:
    """The UsageError of the click a context belongs to (Typer's vendored one, or click's)."""
    import sys as _sys

    module = _sys.modules.get(type(ctx).__module__.rsplit(".", 1)[0] + ".exceptions")
    return getattr(module, "UsageError", click.UsageError)


def plain_metavars(command: click.Command) -> None:
    """Every option and argument shows a plain placeholder (N, FILE, TEXT, ID) in help and usage, never
    Typer's type names (`<int range>`, `<list[Path]>`) or its braces around a required argument (`{file}`)."""
    for param in command.params:
        if isinstance(param, click.Option) or getattr(param, "param_type_name", "") == "option":
            if param.metavar is None and not getattr(param, "is_flag", False) and not getattr(param, "count", False):
                opt = max(param.opts, key=len)
                param.metavar = "ID" if opt in _ID_OPTIONS else _METAVAR_BY_OPTION.get(opt, _by_type(param))
                if opt == "--reason":  # as the messages write it: `--reason TEXT`, in Indonesian `--reason ALASAN`
                    from krenova_cli.i18n.messages import _

                    param.metavar = _("--reason TEXT").rsplit(" ", 1)[-1]
        elif getattr(param, "param_type_name", "") == "argument":
            name = param.metavar or (param.name or "").upper()
            name = {"ENTRY_ID": "ID", "JUDGE_ID": "ID"}.get(name, name)
            param.metavar = name + ("..." if param.nargs != 1 and not name.endswith("...") else "")
            base = param.metavar.removesuffix("...")
            many = "..." if param.nargs != 1 else ""
            shown = base + many if param.required else "[" + base + "]" + many  # as click writes them: [CRIT=VALUE]...
            param.display_type_rich = lambda ctx: None
            param.get_usage_pieces = (lambda shown: lambda ctx: [shown])(shown)
    for sub in getattr(command, "commands", {}).values():
        plain_metavars(sub)


def _speak(command: click.Command) -> None:
    """A command's help texts (its own, its options', its subcommands') in the interface language.

    The English stays underneath; `scripts/catalog.py` collects the same texts for the catalog."""
    from krenova_cli.i18n.messages import _, language, localize_help
    from krenova_cli.cli.click_words import speak, whole_commands

    whole_commands(command)
    if language() == "en":
        return

    speak(command)
    _speak_texts(command, _, localize_help)


def _speak_texts(command: click.Command, _, localize_help) -> None:
    command.help = localize_help(command.help)
    if command.short_help:
        command.short_help = _(command.short_help)
    for param in command.params:
        if getattr(param, "help", None):
            param.help = _(param.help)
    for sub in getattr(command, "commands", {}).values():
        _speak_texts(sub, _, localize_help)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("-d", "--dir", "data_dir", metavar="PATH", help="The competition directory (default: $KRENOVA_DIR, else the nearest folder above holding competition.toml).")
@click.option("--debug", is_flag=True, help="Show a traceback for errors.")
@click.option("--version", is_flag=True, expose_value=False, is_eager=True, callback=lambda ctx, param, value: _version(ctx, value),
              help="Show the version and exit.")
@click.pass_context
def root(ctx: click.Context, data_dir: str | None, debug: bool) -> None:
    """krenova: run a multi-round innovation competition from plain files.

    Register entries and judges, record scores round by round, close rounds at
    their cutoffs, decide the prizes, export the Excel recap and print the
    official documents. Every change is logged in ledger.jsonl.

    Example: krenova demo && cd krenova-demo && krenova standings --round 6
    """
    ctx.obj = {"dir": data_dir, "debug": debug}


def _version(ctx: click.Context, value: bool) -> None:
    """`--version` worded when it runs, in the interface language (click's own is fixed at import)."""
    if not value or ctx.resilient_parsing:
        return
    from krenova_cli.i18n.messages import _

    click.echo(_("%(prog)s, version %(version)s") % {"prog": "krenova", "version": __version__})
    ctx.exit()


# The operating system's words for the common failures, through the catalog (English stays the C library's)
_ERRNO = {
    errno.ENOENT: N_("No such file or directory"), errno.EEXIST: N_("File exists"), errno.EACCES: N_("Permission denied"),
    errno.EPERM: N_("Operation not permitted"), errno.ENOSPC: N_("No space left on device"),
    errno.EISDIR: N_("Is a directory"), errno.ENOTDIR: N_("Not a directory"), errno.EROFS: N_("Read-only file system"),
    errno.ENAMETOOLONG: N_("File name too long"), errno.EPIPE: N_("Broken pipe"),
}


def _os_words(exc: OSError) -> str:
    from krenova_cli.i18n.messages import _

    if exc.errno in _ERRNO:
        return _(_ERRNO[exc.errno])
    return str(exc.strerror or exc)


def _typer_exit() -> tuple[type[BaseException], ...]:
    """Typer's own Exit (recent Typer vendors its own click, with its own exception classes)."""
    found: list[type[BaseException]] = []
    typer = sys.modules.get("typer")
    if typer is not None and hasattr(typer, "Exit"):
        found.append(typer.Exit)
    vendored = sys.modules.get("typer._click.exceptions")
    if vendored is not None and hasattr(vendored, "Exit"):
        found.append(vendored.Exit)
    return tuple(found)


def _typer_click(name: str) -> tuple[type[BaseException], ...]:
    vendored = sys.modules.get("typer._click.exceptions")
    return (getattr(vendored, name),) if vendored is not None and hasattr(vendored, name) else ()


def _settings_text(args: list[str]) -> str | None:
    """competition.toml of the folder this call will use, read only for `interface_language`.

    Only the root's options count (`-d PATH`, `-dPATH`, `--dir PATH`, `--dir=PATH`, before the command):
    a `-d` after the command is another option's value (`entry edit K001 --title -d`)."""
    from pathlib import Path

    folder = None
    i = 0
    while i < len(args):
        a = args[i]
        if a in ("-d", "--dir"):
            if i + 1 < len(args):
                folder = Path(args[i + 1])
            i += 2
            continue
        if a.startswith("--dir="):
            folder = Path(a.split("=", 1)[1])
        elif a.startswith("-d") and not a.startswith("--") and len(a) > 2:
            folder = Path(a[2:])
        elif a == "--" or not a.startswith("-"):
            break  # the command: what follows is its own
        i += 1
    if i < len(args) and args[i] in ("init", "demo"):  # the folder is still to be made: its preset speaks
        return _preset_text(args[i + 1:] if args[i] == "init" else [])
    folder = folder or (Path(os.environ["KRENOVA_DIR"]) if os.environ.get("KRENOVA_DIR") else None)
    candidates = [folder] if folder else [Path.cwd(), *Path.cwd().parents]
    for c in candidates:
        try:
            return (c / "competition.toml").read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError, ValueError):
            continue
    return None


def _preset_text(args: list[str]) -> str | None:
    """The text of the preset `init` (its --preset/-p NAME) or `demo` (magelang-2017) will use."""
    name = "magelang-2017"
    for i, a in enumerate(args):
        if a in ("--preset", "-p") and i + 1 < len(args):
            name = args[i + 1]
        elif a.startswith("--preset="):
            name = a.split("=", 1)[1]
    try:
        from krenova_cli.store.packaged import preset_text

        return preset_text(name)
    except Exception:  # an unknown preset: `init` says so, in English
        return None


def _set_language(args: list[str]) -> None:
    import krenova_cli.cli.wording  # noqa: F401  (words the typed problems inside other messages)
    from krenova_cli.i18n import messages

    from krenova_cli.core.languages import language_code

    try:
        chosen = messages.chosen_language(_settings_text(args))
    except Exception:  # whatever the settings hold, finding the language never stops a command: the store says why
        chosen = "en"
    messages.set_language(chosen)
    env = os.environ.get("KRENOVA_LANG")
    if env and language_code(env) is None:
        from krenova_cli.core.errors import one_line

        click.echo(messages._("Warning: KRENOVA_LANG={value} is not a language krenova speaks and is ignored; "
                              "use id (Indonesian: id_ID, id-ID, id.UTF-8 also work) or en (English)").format(
            value=one_line(repr(env))), err=True)
    broken = messages.catalog_problem()
    if broken is not None:
        click.echo(messages._("Warning: the Indonesian messages cannot be read from {path} ({problem}); showing English. "
                              "Reinstall krenova (pip install --force-reinstall krenova), or set KRENOVA_LANG=en").format(
            path=broken[0], problem=broken[1]), err=True)
    for param in root.params:  # the root's options speak the language too (kept English underneath)
        if getattr(param, "help", None):
            english = param.__dict__.setdefault("_krenova_help_en", param.help)
            param.help = messages._(english)


_PLAIN = {"\u2026": "...", "\u201c": '"', "\u201d": '"', "\u2018": "'", "\u2019": "'", "\u2013": "-", "\u2014": "-",
          "\u00a0": " ", "\u2022": "*", "\u2192": "->", "\u2264": "<=", "\u2265": ">=", "\u00d7": "x"}


def _plain_or_question(exc: UnicodeError):
    """A character the terminal cannot show: its plain ASCII look-alike ("..." for the ellipsis), else "?"."""
    if not isinstance(exc, UnicodeEncodeError):
        raise exc
    bad = exc.object[exc.start:exc.end]
    return "".join(_PLAIN.get(ch, "?") for ch in bad), exc.end


def _forgiving_streams() -> None:
    """stdout and stderr never fail on a character their encoding lacks (LC_ALL=C, PYTHONIOENCODING=ascii,
    a latin-1 console): a table's "…" or a title's quotes come out as "..." and '"' instead of a crash."""
    import codecs

    try:
        codecs.lookup_error("krenova-plain")
    except LookupError:
        codecs.register_error("krenova-plain", _plain_or_question)
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None and getattr(stream, "errors", "strict") == "strict":
            try:
                reconfigure(errors="krenova-plain")
            except (ValueError, OSError, LookupError):  # a stream that cannot change: leave it
                pass


# The cyclic garbage collector's first threshold, in allocations (CPython's default is 700). A command
# builds a competition of millions of long-lived, acyclic objects (parsed files, scores, standings):
# at the default, collections that walk them all take a fifth of `check` at national scale and grow
# faster than the folder. Young cycles are still collected, every 100,000 allocations.
GC_THRESHOLD = (100_000, 50, 100)


def main(argv: list[str] | None = None) -> None:
    import gc

    if gc.get_threshold()[0] < GC_THRESHOLD[0]:
        gc.set_threshold(*GC_THRESHOLD)
    args = sys.argv[1:] if argv is None else argv
    _forgiving_streams()
    debug = "--debug" in args or os.environ.get("KRENOVA_DEBUG") == "1"
    from krenova_cli.core.errors import KrenovaError
    from krenova_cli.i18n.messages import _

    _set_language(args)
    error = _("Error")
    from krenova_cli.store import committed

    committed.records.clear()
    try:
        try:
            root.main(args=args, prog_name="krenova", standalone_mode=False)
            sys.stdout.flush()  # the answer reaches its reader (or fails) before the exit code says done
        except SystemExit as exc:
            if committed.records and exc.code not in (0, None):  # click's own exit on a closed pipe, after a commit
                broken = type(sys.stdout).__name__.lstrip("_") == "PacifyFlushWrapper"
                _after_commit(error, _(_ERRNO[errno.EPIPE]) if broken else _("stopped after the change"))
            raise
    except KrenovaError as exc:
        if debug:
            raise
        from krenova_cli.cli.wording import lines as worded

        if committed.records and exc.exit_code == 1:
            _after_commit(error, " ".join(worded(exc)))
        for line in worded(exc):
            click.echo(_("{error}: {message}").format(error=error, message=line), err=True)
        sys.exit(exc.exit_code)
    except click.exceptions.Exit as exc:
        if committed.records and exc.exit_code not in (0, None):
            _after_commit(error, _("stopped after the change"))
        sys.exit(exc.exit_code)
    except _typer_exit() as exc:
        if committed.records and getattr(exc, "exit_code", 0) not in (0, None):
            _after_commit(error, _("stopped after the change"))
        sys.exit(getattr(exc, "exit_code", 0))
    except (click.ClickException, *_typer_click("ClickException")) as exc:
        from krenova_cli.i18n.messages import language

        if type(exc).__module__.startswith("typer."):
            from krenova_cli.cli.click_words import show_error

            show_error(exc)  # Typer's own click speaks only English, and words some errors unlike click
        else:
            exc.show()
        sys.exit(exc.exit_code)
    except (click.exceptions.Abort, *_typer_click("Abort")):
        if committed.records:
            _after_commit(error, _("aborted"))
        click.echo(_("{error}: aborted").format(error=error), err=True)
        sys.exit(1)
    except KeyboardInterrupt:
        if committed.records:
            _after_commit(error, _("interrupted"))
        click.echo(_("{error}: interrupted; every change already saved is complete").format(error=error), err=True)
        sys.exit(1)
    except OSError as exc:
        if debug:
            raise
        where = f"{exc.filename}: " if getattr(exc, "filename", None) else ""
        if committed.records:
            _after_commit(error, where + _os_words(exc))
        if exc.errno == errno.EPIPE:  # `krenova standings | head -1`: the reader has all it wanted
            _quiet_stdout()
            sys.exit(1)
        click.echo(_("{error}: {message}").format(error=error, message=where + _os_words(exc)), err=True)
        sys.exit(1)
    except Exception as exc:  # a bug: say so in one line, the traceback is behind --debug
        if debug:
            raise
        if committed.records:
            _after_commit(error, _("internal error ({kind}: {detail}); run again with --debug and report it").format(
                kind=type(exc).__name__, detail=exc))
        click.echo(_("{error}: internal error ({kind}: {detail}); run again with --debug and report it").format(
            error=error, kind=type(exc).__name__, detail=exc), err=True)
        sys.exit(1)
    sys.exit(0)


# Exit codes (README "Exit codes"): 0 done; 1 refused or failed, nothing changed; 2 usage;
# 3 the change was recorded but the command failed after it (its answer could not be written);
# 4 a change could be neither finished nor undone: it is pending and the next command completes it.
EXIT_RECORDED = 3


def _after_commit(error: str, problem: str) -> None:
    """A failure after the change was committed (the answer could not be written): never exit 1, which
    means nothing changed. Say which ledger record holds the change, so that nobody repeats it."""
    from krenova_cli.core.errors import one_line
    from krenova_cli.i18n.messages import _
    from krenova_cli.store import committed

    records = committed.records
    first, last = records[0], records[-1]
    seqs = f"#{first['seq']}" if first is last else f"#{first['seq']}-#{last['seq']}"
    try:
        click.echo(_("{error}: {problem}; but the change was recorded (ledger record {records}: {action} {target}): "
                     "do not run the command again; `krenova log --limit {n}` shows it").format(
            error=error, problem=one_line(str(problem)), records=seqs, action=last["action"], target=one_line(str(last["target"])),
            n=len(records)), err=True)
    except OSError:  # stderr itself cannot be written (`2>/dev/full`): the exit code alone says it
        pass
    _quiet_stdout()
    sys.exit(EXIT_RECORDED)


def _quiet_stdout() -> None:
    """What is left in stdout's buffer goes nowhere, so that the interpreter's last flush does not fail
    again ("Exception ignored ... BrokenPipeError") after the one line already said why."""
    stream = sys.stdout
    stream = getattr(stream, "wrapped", stream)  # click's PacifyFlushWrapper after a closed pipe
    if stream is not sys.__stdout__:
        return
    try:
        fd = os.open(os.devnull, os.O_WRONLY)
        os.dup2(fd, sys.__stdout__.fileno())
        os.close(fd)
    except (OSError, ValueError, AttributeError):
        pass


if __name__ == "__main__":
    main()
