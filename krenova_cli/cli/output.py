"""Terminal output: rich tables for people; plain, stable JSON and CSV on stdout for scripts."""

from __future__ import annotations

import csv
import json
import sys
from dataclasses import dataclass
from typing import Any, Iterable, Sequence

from krenova_cli.core.rounding import rounded, shown  # noqa: F401  (re-exported for commands)


def print_json(data: Any) -> None:
    """Indented for a person at a terminal; compact (and much faster to encode) for a pipe."""
    from krenova_cli.cli import wording  # noqa: F401  (words a typed problem inside a message)

    indent = 2 if sys.stdout.isatty() else None
    data = _worded(data)
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=indent) + "\n")


_PLAIN = frozenset({str, int, float, bool, type(None)})  # exact types: nothing in them to word


def _worded(value: Any) -> Any:
    """The messages inside a JSON answer (a core or store `Text`) in the interface language, as the
    ones the use cases word, a typed problem inside one worded as on stderr (in English too); keys and
    data values are never `Text` and stay as they are."""
    if isinstance(value, dict):  # values of a plain type (not a `Text`, a str subclass) pass without a call
        return {k: v if type(v) in _PLAIN else _worded(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [v if type(v) in _PLAIN else _worded(v) for v in value]
    if getattr(value, "template", None) is not None:
        from krenova_cli.i18n.messages import localize

        return localize(value)
    return value


RAW = {"on": False}  # set by a command's --raw (see options.RawOpt)


def print_csv(columns: Sequence[str], rows: Iterable[Sequence[Any]], raw: bool | None = None) -> None:
    """CSV on stdout; text that a spreadsheet would run as a formula is prefixed with ' unless --raw."""
    from krenova_cli.core.csvtext import defused

    keep = RAW["on"] if raw is None else raw
    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow(["" if v is None else (v if keep else defused(v)) for v in row])


def plain_stdout_width() -> int | None:
    """The width rich's console would use when stdout is no terminal (a file, a pipe), else None: then
    a command may write a table's characters itself without importing rich (what `status` does)."""
    import os

    env = os.environ
    tty = env.get("TTY_COMPATIBLE", "")
    if tty == "1" or (tty != "0" and env.get("FORCE_COLOR") not in (None, "")) or "IPython" in sys.modules:
        return None
    try:
        if sys.stdout.isatty():
            return None
    except (AttributeError, ValueError, OSError):
        return None
    width = None
    for fd in (0, 1, 2):
        try:
            width, _ = os.get_terminal_size(fd)
        except (AttributeError, ValueError, OSError):
            pass
        else:
            break
    columns = env.get("COLUMNS")
    if columns is not None and columns.isdigit():
        width = int(columns)
    return width or 80


def plain_lines(lines: Sequence[str], width: int) -> str | None:
    """Lines as rich prints them on a non-terminal (a long one wrapped as rich wraps it), or None when one
    needs rich (markup, emoji codes, other than printable ASCII)."""
    import re

    special = re.compile(r":\S*?:")
    out = []
    for line in lines:
        if not re.fullmatch(r"[ -~]*", line) or special.search(line):
            return None
        out += wrapped(line, width) if len(line) > width else [line]
    return "".join(line + "\n" for line in out)


def wrapped(line: str, width: int) -> list[str]:
    """A line of printable ASCII as rich's console prints it `width` cells wide (rich/_wrap.py
    divide_line with folding, then Text.rstrip_end and truncate): a word with its following spaces
    goes to the next line when it does not fit, a word longer than a line is cut into pieces, the
    spaces past the width at the end of a line are dropped. Importing rich for it costs a short
    command (status) a fifth of its time; tests compare the two."""
    import re

    breaks: list[int] = []
    offset = 0
    for m in re.finditer(r"\s*\S+\s*", line):
        start, word = m.start(), m.group()
        length = len(word.rstrip())
        if width - offset >= length:
            offset += len(word)
        elif length > width:
            pieces = [word[i:i + width] for i in range(0, len(word), width)]
            for n, piece in enumerate(pieces):
                if start:
                    breaks.append(start)
                if n == len(pieces) - 1:
                    offset = len(piece)
                else:
                    start += len(piece)
        elif offset and start:
            breaks.append(start)
            offset = len(word)
    out = []
    for a, b in zip([0, *breaks], [*breaks, len(line)]):
        part = line[a:b]
        if len(part) > width:
            spaces = len(part) - len(part.rstrip())
            part = part[: len(part) - min(spaces, len(part) - width)]
        out.append(part[:width])
    return out


def console():
    from rich.console import Console

    class _Answer(Console):
        def on_broken_pipe(self) -> None:
            """A closed pipe is the error boundary's to say (after a commit the change was recorded: exit 3),
            not rich's silent exit 1."""
            import errno
            import os

            self.quiet = True
            raise BrokenPipeError(errno.EPIPE, os.strerror(errno.EPIPE))

    return _Answer(highlight=False)


def err_console():
    from rich.console import Console

    return Console(stderr=True, highlight=False)


def table(title: str | None, columns: Sequence[str], rows: Iterable[Sequence[Any]], justify: dict | None = None):
    from rich.table import Table

    t = Table(title=title, title_justify="left", header_style="bold")
    for c in columns:
        t.add_column(c, justify=(justify or {}).get(c, "left"), overflow="fold")
    for row in rows:
        t.add_row(*("" if v is None else str(v) for v in row))
    return t


@dataclass(frozen=True)
class Column:
    """A column of a table fitted to the terminal.

    `flexible` columns (titles, names) hold text that wraps at spaces; the others (ids, ranks,
    scores, amounts, short codes) always get their full width, so no id, number or code is ever
    broken or cut. A header is never cut either: it wraps at its spaces. `drop` makes a column
    optional and orders what is left out, with a note, before text is squeezed below `want`
    characters (1 first; equal numbers go together, e.g. every judge's column); None is never left
    out. A column whose cells are all empty is not shown.
    """

    name: str
    justify: str = "left"
    flexible: bool = False
    min_width: int = 8
    drop: int | None = None
    want: int = 20


class Alt(str):
    """A cell with a shorter form (a type's code for its name), shown when the table is too wide for the long one."""

    def __new__(cls, long: str, short: str):
        obj = super().__new__(cls, long)
        obj.short = short
        return obj


def _longest_word(text: str) -> int:
    from rich.cells import cell_len

    return max((cell_len(w) for w in text.split()), default=0)


def _fit(columns: Sequence[Column], rows: Iterable[Sequence[Any]], width: int):
    """Which columns fit `width` and how wide each is: (rows as text, kept indexes, widths, dropped names).

    In order: columns without a cell are left out; long forms give way to short ones (`Alt`);
    optional columns are left out (said by the caller) while the text columns would get less than
    they want; then every column gets its least width (whole words, whole header words) and the
    text columns share what is left."""
    from rich.cells import cell_len

    rows = [[v if isinstance(v, Alt) else ("" if v is None else str(v)) for v in row] for row in rows]
    n = len(columns)
    keep = [i for i in range(n) if not rows or any(r[i] != "" for r in rows)]
    fixed_cols = {i for i in range(n) if not columns[i].flexible}

    def measure():
        natural, least, want = {}, {}, {}
        for i in range(n):
            c = columns[i]
            cells = [cell_len(r[i]) for r in rows]
            content = max(cells, default=0)
            head_word = _longest_word(c.name)
            natural[i] = max(content, cell_len(c.name))
            if i in fixed_cols:
                least[i] = max(content, head_word)
            else:
                words = max((_longest_word(r[i]) for r in rows), default=0)
                least[i] = max(head_word, min(natural[i], max(c.min_width, min(words, 16))))
            want[i] = max(least[i], min(natural[i], c.want)) if i not in fixed_cols else least[i]
        return natural, least, want

    def needed(idx, size) -> int:
        return sum(size[i] for i in idx) + 3 * len(idx) + 1

    natural, least, want = measure()
    alt = {i for i in keep if any(isinstance(r[i], Alt) for r in rows)}
    if alt and needed(keep, natural) > width:  # codes (OPD, BUMD) rather than names cut or wrapped
        rows = [[v.short if isinstance(v, Alt) else v for v in r] for r in rows]
        fixed_cols |= alt
        natural, least, want = measure()
    rows = [[str(v) for v in r] for r in rows]
    dropped: list[str] = []
    while needed(keep, want) > width:
        orders = sorted({columns[i].drop for i in keep if columns[i].drop is not None})
        if not orders:
            break
        gone = [i for i in keep if columns[i].drop == orders[0]]
        dropped += [columns[i].name for i in gone]
        keep = [i for i in keep if i not in gone]
    if needed(keep, least) > width:  # narrow: headers may break between letters, text wraps tighter; ids and numbers never
        for i in keep:
            if i in fixed_cols:  # whole words: "15 (top 15)" may wrap at its spaces, "K017" and "98.27" never break
                least[i] = max(max((_longest_word(r[i]) for r in rows), default=0), 1)
            else:
                least[i] = max(1, min(least[i], columns[i].min_width, 8))
            want[i] = max(least[i], min(want[i], least[i]))
    widths = {i: least[i] for i in keep}
    spare = width - needed(keep, widths)

    def grow(targets, limit):
        nonlocal spare
        for i in sorted(targets, key=lambda i: limit[i] - widths[i]):  # first what one line makes whole
            if 0 < limit[i] - widths[i] <= spare:
                spare -= limit[i] - widths[i]
                widths[i] = limit[i]
        while spare > 0:
            growing = [i for i in targets if widths[i] < limit[i]]
            if not growing:
                return
            for i in growing:
                if spare <= 0:
                    return
                widths[i] += 1
                spare -= 1

    flexible = [i for i in keep if i not in fixed_cols]
    grow(flexible, want)
    grow([i for i in keep if i in fixed_cols], natural)  # a header on one line
    grow(flexible, natural)
    return rows, keep, widths, dropped


def fitted_table(title: str | None, columns: Sequence[Column], rows: Iterable[Sequence[Any]], width: int | None = None,
                 styles: Sequence[str | None] | None = None, sections: Sequence[bool] | None = None):
    """A rich table that fits `width` (the terminal's): no word or number broken over lines, and
    the columns left out said on stderr (never dropped silently). Returns the table."""
    width = width or console().width
    rows, keep, widths, dropped = _fit(columns, rows, width)
    if dropped:
        _say_dropped(width, dropped)
    if sum(widths.values()) + 3 * len(keep) + 1 > width:  # too narrow for any table: one block per row
        from rich.text import Text

        return Text(_blocks(title, columns, rows, keep, width), no_wrap=True)
    return _rich_table(title, columns, rows, keep, widths, styles, sections)


def _blocks(title, columns, rows, keep, width) -> str:
    """Each row as `Header: value` lines, wrapped at spaces (a terminal too narrow for a table of the
    columns that must stay: an id or a score is never broken)."""
    out = [title] if title else []
    label = max((len(columns[i].name) for i in keep), default=0) + 2
    for row in rows:
        for i in keep:
            head = (columns[i].name + ":").ljust(label) if label + 8 <= width else columns[i].name + ":"
            text = row[i]
            if label + 8 <= width:
                lines = wrap_words(text, max(8, width - label)) or [""]
                out.append(head + lines[0])
                out += [" " * label + x for x in lines[1:]]
            else:
                out.append(head)
                out += ["  " + x for x in (wrap_words(text, max(8, width - 2)) or [""])]
        out.append("")
    return "\n".join(out).rstrip("\n") + "\n"


def _rich_table(title, columns, rows, keep, widths, styles, sections):
    from rich.table import Table

    t = Table(title=title, title_justify="left", header_style="bold")
    for i in keep:  # every cell fits its width but for long text, which wraps at spaces; headers wrap at spaces
        c = columns[i]
        t.add_column(c.name, justify=c.justify, overflow="fold", width=widths[i], min_width=widths[i], max_width=widths[i])
    from rich.text import Text

    for n, row in enumerate(rows):  # as Text: a title's "[...]" is no markup
        t.add_row(*(Text(row[i]) for i in keep), style=styles[n] if styles else None,
                  end_section=bool(sections[n]) if sections else False)
    return t


def print_fitted(con, title: str | None, columns: Sequence[Column], rows: Iterable[Sequence[Any]], width: int | None = None,
                 styles: Sequence[str | None] | None = None, sections: Sequence[bool] | None = None) -> None:
    """Print `fitted_table` on `con`. When the output is no terminal (a file, a pipe: no colours),
    the same characters are written directly: rich lays out a 5,000-row table in seconds."""
    width = width or con.width
    rows, keep, widths, dropped = _fit(columns, rows, width)
    if sum(widths.values()) + 3 * len(keep) + 1 > width:  # too narrow for any table: one block per row
        if dropped:
            _say_dropped(width, dropped)
        con.file.write(_blocks(title, columns, rows, keep, width))
        return
    text = None if con.is_terminal else _plain_table(title, columns, rows, keep, widths, sections, width)
    table = _rich_table(title, columns, rows, keep, widths, styles, sections) if text is None else None
    if dropped:
        _say_dropped(width, dropped)
    if table is not None:
        con.print(table)
    else:
        con.file.write(text)


_ELIGIBLE = None


def _plain_table(title, columns, rows, keep, widths, sections, width) -> str | None:
    """rich's rendering of the table without colours (heavy head box), or None when a cell needs rich
    itself: markup or emoji codes, text other than printable ASCII, a cell wider than its column."""
    import re

    global _ELIGIBLE
    if _ELIGIBLE is None:
        _ELIGIBLE = re.compile(r"[ -~]*")
    special = re.compile(r"\[|:\S*?:")
    w = [widths[i] for i in keep]
    total = sum(w) + 3 * len(w) + 1
    if total > width or (title is not None and (len(title) > total or not _ELIGIBLE.fullmatch(title) or special.search(title))):
        return None

    def cell(text: str, i: int, k: int) -> list[str] | None:
        if not _ELIGIBLE.fullmatch(text) or ("[" in text or ":" in text) and special.search(text):
            return None
        lines = _wrapped(text, w[k])
        return [x.rjust(w[k]) if columns[i].justify == "right" else x.ljust(w[k]) for x in lines]

    def line_of(cells: list[list[str]], bottom: bool = False) -> list[str]:
        height = max(len(c) for c in cells)
        if bottom:  # rich sets headers on the bottom line
            cells = [[" " * w[k]] * (height - len(c)) + c for k, c in enumerate(cells)]
        return ["\u2502" + "\u2502".join(f" {c[h] if h < len(c) else ' ' * w[k]} " for k, c in enumerate(cells)) + "\u2502"
                for h in range(height)]

    out = []
    if title is not None:
        out.append(title.ljust(total))
    out.append("\u250f" + "\u2533".join("\u2501" * (x + 2) for x in w) + "\u2513")
    head = [cell(columns[i].name, i, k) for k, i in enumerate(keep)]
    if None in head:
        return None
    out += [x.replace("\u2502", "\u2503") for x in line_of(head, bottom=True)]
    out.append("\u2521" + "\u2547".join("\u2501" * (x + 2) for x in w) + "\u2529")
    rule = "\u251c" + "\u253c".join("\u2500" * (x + 2) for x in w) + "\u2524"
    last = len(rows) - 1
    for n, row in enumerate(rows):
        cells = [cell(row[i], i, k) for k, i in enumerate(keep)]
        if None in cells:
            return None
        out += line_of(cells)
        if sections and sections[n] and n < last:
            out.append(rule)
    out.append("\u2514" + "\u2534".join("\u2500" * (x + 2) for x in w) + "\u2518")
    return "\n".join(out) + "\n"


def _wrapped(text: str, width: int) -> list[str]:
    """`text` in lines of at most `width` characters, broken at spaces as rich breaks them (a longer word is folded)."""
    if len(text) <= width:
        return [text]
    lines, line = [], ""
    for word in text.split(" "):
        while len(word) > width:  # only a word wider than its column (never an id or a number: those set the width)
            if line:
                lines.append(line)
                line = ""
            lines.append(word[:width])
            word = word[width:]
        if not line:
            line = word
        elif len(line) + 1 + len(word) <= width:
            line += " " + word
        else:
            lines.append(line)
            line = word
    lines.append(line)
    return lines


def _say_dropped(width: int, dropped: Sequence[str]) -> None:
    from krenova_cli.i18n.messages import _

    message(_("(not shown at {width} columns: {columns}; widen the terminal, or use --json or --csv)").format(
        width=width, columns=", ".join(dropped)))


_STOP = frozenset({"then", "or", "and", "to", "lalu", "atau", "dan", "untuk", "kemudian"})


def _units(text: str) -> list[str]:
    """The words of `text`, a command (`in backticks`, or from `krenova` to the next punctuation or
    joining word outside quotes) kept as one unit so that it is never broken inside a word."""
    words, units, i = text.split(" "), [], 0
    while i < len(words):
        w = words[i]
        if w.startswith("`") and w.count("`") == 1:
            j = i + 1
            while j < len(words) and "`" not in words[j]:
                j += 1
            units.append(" ".join(words[i:j + 1]))
            i = j + 1
        elif w == "krenova":
            j, quotes = i, 0
            while j + 1 < len(words):
                quotes += words[j].count('"')
                if quotes % 2 == 0 and (words[j].endswith((",", ";", ")", ".", ":")) or words[j + 1] in _STOP
                                        or words[j + 1].startswith("(")):
                    break
                j += 1
            units.append(" ".join(words[i:j + 1]))
            i = j + 1
        else:
            units.append(w)
            i += 1
    return units


def _options(command: str) -> list[str]:
    """A command cut before each of its options (`--name ...`) outside quotes and after `&&`: where a shell line may continue."""
    parts, quotes = [""], 0
    for word in command.split(" "):
        if quotes % 2 == 0 and parts[-1] and (word.startswith("--") or parts[-1].endswith("&&")):
            parts.append(word)
        else:
            parts[-1] = (parts[-1] + " " + word) if parts[-1] else word
        quotes += word.count('"')
    return parts


def wrap_words(text: str, width: int, indent: int = 0) -> list[str]:
    """`text` in lines of at most `width` characters, broken only at spaces and never inside a command;
    a command wider than a line continues on the next before one of its options, after ` \\` as a shell
    line continues. Lines after the first are indented by `indent`."""
    from rich.cells import cell_len

    lines, line = [], ""

    def room() -> int:
        return width - (indent if lines else 0)

    for unit in _units(text):
        pieces = [unit]
        if cell_len(unit) > width - indent and " --" in unit:  # wider than any line: continued before an option
            pieces = _options(unit)
        for k, piece in enumerate(pieces):
            if k:
                piece = "    " + piece
            tail = 2 if k + 1 < len(pieces) else 0  # room for " \\"
            if not line:
                line = piece
            elif cell_len(line) + 1 + cell_len(piece.lstrip() if not k else piece) + tail <= room() and not k:
                line += " " + piece
            elif k and cell_len(line) + 1 + cell_len(piece.strip()) + tail <= room():
                line += " " + piece.strip()
            else:
                lines.append(line + (" \\" if k else ""))
                line = piece
    lines.append(line)
    return [lines[0]] + [" " * indent + x for x in lines[1:]]


def hint(con, text: str, style: str | None = None, indent: int = 0, width: int | None = None) -> None:
    """A message or hint on `con`, wrapped at spaces to its width (or `width`), never inside a command."""
    for line in wrap_words(text, width or con.width, indent):
        con.print(line, style=style, markup=False, highlight=False, soft_wrap=True)


def message(text: str) -> None:
    """A message for people, on stderr so stdout stays data (wrapped at a terminal's width)."""
    sys.stderr.write(at_terminal_width(text) + "\n")


def shown_float(value: float | None, places: int = 2) -> str:
    return shown(value, places)


def at_terminal_width(line: str, indent: int = 2) -> str:
    """A message wrapped at spaces (never inside a command) to the terminal's width when stderr is a
    terminal; into a file or a pipe it stays one line, as scripts read it."""
    import shutil
    import sys

    stream = sys.stderr
    if not getattr(stream, "isatty", lambda: False)():
        return line
    width = shutil.get_terminal_size((80, 24)).columns
    if len(line) <= width:
        return line
    lines = wrap_words(line, width, indent)
    return "\n".join([lines[0], *(" " * indent + x for x in lines[1:])])
