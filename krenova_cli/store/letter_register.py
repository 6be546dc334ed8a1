"""The letter register `letters.toml`: every number given to a document, once (an agenda book),
and every verification code issued, with the facts it stands for (SPEC 8.7).

`[[letter]]` rows: key, seq, number, date and the document's current `code`. `[[withdrawn]]` rows:
numbers withdrawn by `letters KIND --renumber` (a paper numbered wrongly), with the reason and the
number that replaced them; a withdrawn number, like every number, is never given again. `[[code]]` rows: every
code ever issued (a code is never removed: a paper printed with it must still be found, and shown
as revoked when its facts no longer hold), with its facts and the ledger head when it was issued.
Reading validates the file (each key and each number once, sequence numbers unique, codes unique
and each one the hash of its facts); writing gives the sorted text. Numbering itself (who gets the next number) is `usecases/letters.py`;
the file is changed only inside a transaction, so every number given is in the ledger.
"""

from __future__ import annotations

from dataclasses import dataclass

from krenova_cli.core.errors import DataError, DataErrors, T
from krenova_cli.store import layout

HEADER = ("# Letter numbers given by krenova, one per document (kind/subject). Written by `krenova letters`;\n"
          "# a document rendered again keeps its number. Do not edit by hand.\n\n")


@dataclass(frozen=True)
class Numbered:
    key: str      # kind/subject, e.g. "award/K001", "nomination/dinas-kesehatan", "minutes/4"
    seq: int
    number: str
    date: str     # ISO date printed on the document when it was numbered
    code: str = ""  # the verification code of the facts it states now ("" before codes existed)
    series: str = ""  # the agenda book it is numbered in: "" the shared one, else its kind's own ([letters.KIND])
    dated: str = ""   # the date given with `letters --date`, kept for every later rendering


@dataclass(frozen=True)
class Withdrawn:
    """A number given once and withdrawn: its paper was renumbered."""

    key: str
    seq: int
    number: str
    date: str
    reason: str
    replaced_by: str
    series: str = ""


WITHDRAWN_FIELDS = ("key", "seq", "number", "date", "reason", "replaced_by")
LETTER_FIELDS = {"key", "seq", "number", "date", "code", "series", "dated"}


def _iso_or_empty(text: str) -> bool:
    from datetime import date

    if not text:
        return True
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True


@dataclass(frozen=True)
class Issued:
    """One verification code and the facts it stands for."""

    code: str
    key: str
    facts: dict        # kind, number, entry_id, honour, amount, date, content (see documents/verification.py)
    ledger_head: str   # first 16 hex digits of the ledger head when the code was issued
    ledger_seq: int    # that head's sequence number


CODE_FIELDS = {"code", "key", "kind", "number", "date", "ledger_head", "ledger_seq"}
OPTIONAL_FIELDS = {"entry_id", "honour", "amount", "content"}


def read(store) -> dict[str, Numbered]:
    """Key -> its number; {} when nothing was numbered yet. A damaged register is a DataError."""
    return read_all(store)[0]


def read_codes(store) -> dict[str, Issued]:
    """Code -> the facts it was issued for; {} when no code was issued yet."""
    return read_all(store)[1]


def read_all(store) -> tuple[dict[str, Numbered], dict[str, Issued]]:
    return read_register(store)[:2]


def read_withdrawn(store) -> list[Withdrawn]:
    """The numbers withdrawn by a renumbering, in the order they were given."""
    return read_register(store)[2]


def read_register(store) -> tuple[dict[str, Numbered], dict[str, Issued], list[Withdrawn]]:
    path = store.path(layout.LETTERS)
    if not path.is_file():
        return {}, {}, []
    from krenova_cli.store.parsing import parse_toml

    rel = layout.LETTERS
    data = parse_toml(store.text(rel), rel)
    unknown = set(data) - {"letter", "code", "withdrawn"}
    if unknown:
        raise DataErrors(DataError(rel, None, T("unknown key(s) {keys}; the register holds [[letter]], [[code]] and "
                                                "[[withdrawn]] tables", keys=", ".join(sorted(unknown)))))
    out: dict[str, Numbered] = {}
    seqs: dict[int, str] = {}
    numbers: dict[str, str] = {}
    for i, item in enumerate(data.get("letter") or [], start=1):
        if not isinstance(item, dict) or not {"key", "seq", "number", "date"} <= set(item) <= LETTER_FIELDS:
            raise DataErrors(DataError(rel, None, T("letter {i}: needs exactly key, seq, number, date (and code, series, dated)", i=i)))
        key, seq, number, day, code = item["key"], item["seq"], item["number"], item["date"], item.get("code", "")
        series, dated = item.get("series", ""), item.get("dated", "")
        if not (isinstance(key, str) and isinstance(number, str) and isinstance(seq, int) and not isinstance(seq, bool)
                and seq >= 1 and isinstance(day, str) and isinstance(code, str) and isinstance(series, str)
                and isinstance(dated, str) and _iso_or_empty(dated) and _iso_or_empty(day)):
            raise DataErrors(DataError(rel, None, T("letter {i}: key and number are text, seq a positive whole number, "
                                                    "date and dated dates (YYYY-MM-DD)", i=i)))
        for seen, value, what in ((out, key, T("key")), (seqs, (series, seq), T("sequence number")), (numbers, number, T("number"))):
            if value in seen:
                shown = value[1] if isinstance(value, tuple) else value
                raise DataErrors(DataError(rel, None, T("letter {i}: {what} {value!r} is given twice", i=i, what=what, value=shown)))
        out[key] = Numbered(key, seq, number, day, code, series, dated)
        seqs[(series, seq)] = key
        numbers[number] = key
    withdrawn: list[Withdrawn] = []
    for i, item in enumerate(data.get("withdrawn") or [], start=1):
        if (not isinstance(item, dict) or not set(WITHDRAWN_FIELDS) <= set(item) <= set(WITHDRAWN_FIELDS) | {"series"}
                or not isinstance(item["seq"], int) or isinstance(item["seq"], bool) or item["seq"] < 1
                or not all(isinstance(item[k], str) for k in (*WITHDRAWN_FIELDS, "series") if k != "seq" and k in item)):
            raise DataErrors(DataError(rel, None, T("withdrawn {i}: needs key, seq, number, date, reason and replaced_by "
                                                    "(seq a positive whole number, the others text)", i=i)))
        series = item.get("series", "")
        for seen, value, what in ((seqs, (series, item["seq"]), T("sequence number")), (numbers, item["number"], T("number"))):
            if value in seen:  # a withdrawn number stays taken: never given twice
                shown = value[1] if isinstance(value, tuple) else value
                raise DataErrors(DataError(rel, None, T("withdrawn {i}: {what} {value!r} is given twice", i=i, what=what, value=shown)))
        seqs[(series, item["seq"])] = item["key"]
        numbers[item["number"]] = item["key"]
        withdrawn.append(Withdrawn(*(item[k] for k in WITHDRAWN_FIELDS), series=series))
    codes = _codes(data.get("code") or [], rel)
    for n in out.values():
        if n.code and (n.code not in codes or codes[n.code].key != n.key):
            raise DataErrors(DataError(rel, None, T("letter {key}: code {code} is not a [[code]] of that letter", key=n.key, code=n.code)))
    return out, codes, withdrawn


def _codes(items, rel: str) -> dict[str, Issued]:
    from krenova_cli.core.verification import code_of

    codes: dict[str, Issued] = {}
    for i, item in enumerate(items, start=1):
        if not isinstance(item, dict) or not CODE_FIELDS <= set(item) <= CODE_FIELDS | OPTIONAL_FIELDS:
            raise DataErrors(DataError(rel, None, T("code {i}: needs code, key, kind, number, date, ledger_head and ledger_seq "
                                                    "(and entry_id, honour, amount, content where they apply)", i=i)))
        texts = ("code", "key", "kind", "number", "date", "ledger_head", "entry_id", "honour", "content")
        if (any(k in item and not isinstance(item[k], str) for k in texts)
                or any(k in item and (not isinstance(item[k], int) or isinstance(item[k], bool)) for k in ("amount", "ledger_seq"))):
            raise DataErrors(DataError(rel, None, T("code {i}: amount and ledger_seq are whole numbers, the other facts text", i=i)))
        facts = {k: item.get(k) for k in ("kind", "number", "entry_id", "honour", "amount", "date", "content")}
        issued = Issued(item["code"], item["key"], facts, item["ledger_head"], item["ledger_seq"])
        if issued.code in codes:
            raise DataErrors(DataError(rel, None, T("code {i}: {code} is given twice", i=i, code=issued.code)))
        if code_of(facts, issued.ledger_head) != issued.code:
            raise DataErrors(DataError(rel, None, T("code {i}: {code} is not the code of its facts (edited by hand?)", i=i, code=issued.code)))
        codes[issued.code] = issued
    return codes


def text(register: dict[str, Numbered], codes: dict[str, Issued] | None = None,
         withdrawn: list[Withdrawn] | None = None) -> bytes:
    import tomli_w

    rows = sorted(register.values(), key=lambda n: (n.series, n.seq))
    letters = [{"key": n.key, "seq": n.seq, "number": n.number, "date": n.date} | ({"code": n.code} if n.code else {})
               | ({"series": n.series} if n.series else {}) | ({"dated": n.dated} if n.dated else {})
               for n in rows]
    body: dict = {"letter": letters}
    if withdrawn:
        body["withdrawn"] = [{k: getattr(w, k) for k in WITHDRAWN_FIELDS} | ({"series": w.series} if w.series else {})
                             for w in sorted(withdrawn, key=lambda w: (w.series, w.seq))]
    if codes:
        order = {n.key: i for i, n in enumerate(rows, start=1)}
        body["code"] = [{"code": c.code, "key": c.key} | {k: v for k, v in c.facts.items() if v is not None}
                        | {"ledger_head": c.ledger_head, "ledger_seq": c.ledger_seq}
                        for c in sorted(codes.values(), key=lambda c: (order.get(c.key, 0), c.ledger_seq, c.code))]
    return (HEADER + tomli_w.dumps(body)).encode("utf-8")


# -- The register as the ledger gave it (issue 24 item 4) -------------------------------------------
# Every number `letters` gave and every code it issued is in a ledger record (`letters.number`,
# `letters.renumber`, `letters.code`, and the content of an `adopt` of letters.toml). The register may
# only grow: a row lost or changed by hand would let a printed number be given again and make a
# printed code unknown. `adopt` refuses it and `check` reports it.

@dataclass
class Given:
    """What the ledger says the register gave: number -> (key, record), code -> (key, record), key ->
    its current code, and the numbers given to two papers."""

    numbers: dict
    codes: dict
    current: dict
    twice: list  # (number, first key, its record, second key, its record)


def given_by_ledger(path) -> Given:
    import json

    given = Given({}, {}, {}, [])
    try:
        data = path.read_bytes()
    except OSError:
        return given
    for raw in _lines_with(data, (LETTERS_NAME,)):  # one pass: each record that wrote letters.toml names it
        if b'"action":"letters.' not in raw and b'"action":"adopt"' not in raw:
            continue
        try:
            record = json.loads(raw)
        except ValueError:
            continue  # the chain's own problem: `check` reports it
        if isinstance(record, dict):
            _replay(record, given)
    return given


LETTERS_NAME = layout.LETTERS.encode()


def _lines_with(data: bytes, markers: tuple[bytes, ...]) -> list[bytes]:
    """The ledger's lines holding a marker, in order, found with bytes.find: `check` reads a national
    ledger of tens of MB, of which the letters' records are a few lines."""
    starts = set()
    for marker in markers:
        at = data.find(marker)
        while at != -1:
            start = data.rfind(b"\n", 0, at) + 1
            starts.add(start)
            end = data.find(b"\n", at)
            at = data.find(marker, len(data) if end == -1 else end)
    out = []
    for start in sorted(starts):
        end = data.find(b"\n", start)
        out.append(data[start:] if end == -1 else data[start:end])
    return out


def _replay(record: dict, given: Given) -> None:
    seq, action = record.get("seq"), record.get("action")
    old, new = record.get("old"), record.get("new")

    def number(key, value):
        if not (isinstance(key, str) and isinstance(value, str)):
            return
        first = given.numbers.get(value)
        if first is not None and first[0] != key:
            given.twice.append((value, first[0], first[1], key, seq))
        elif first is None:
            given.numbers[value] = (key, seq)

    def code(key, value):
        if isinstance(key, str) and isinstance(value, str):
            given.codes.setdefault(value, (key, seq))
            given.current[key] = value

    if action in ("letters.number", "letters.renumber") and isinstance(new, dict):
        if action == "letters.renumber" and isinstance(old, dict):
            for key, value in old.items():
                number(key, value)
        for key, value in new.items():
            if key not in ("codes", "reason", "dates"):
                number(key, value)
        for key, value in (new.get("codes") or {}).items() if isinstance(new.get("codes"), dict) else ():
            code(key, value)
    elif action == "letters.code" and isinstance(new, dict):
        for key, value in new.items():
            code(key, value)
    elif action == "adopt" and isinstance(new, dict) and isinstance(new.get("files"), dict):
        content = new["files"].get(layout.LETTERS)
        if not isinstance(content, str):
            return
        from krenova_cli.store.parsing import parse_toml

        try:
            data = parse_toml(content, layout.LETTERS)
        except DataErrors:
            return
        for item in data.get("letter") or []:
            if isinstance(item, dict):
                number(item.get("key"), item.get("number"))
                if item.get("code"):
                    given.current[item.get("key")] = item["code"]
        for item in data.get("withdrawn") or []:
            if isinstance(item, dict):
                number(item.get("key"), item.get("number"))
        for item in data.get("code") or []:
            if isinstance(item, dict) and isinstance(item.get("code"), str):
                given.codes.setdefault(item["code"], (item.get("key"), seq))


def lost_rows(store, given: Given | None = None) -> list[DataError]:
    """Each number or code the ledger gave that letters.toml no longer holds as it was given, and each
    number the ledger gave to two papers (a row deleted by hand, then numbered again)."""
    rel = layout.LETTERS
    given = given or given_by_ledger(store.path(layout.LEDGER))
    try:
        register, codes, withdrawn = read_register(store)
    except DataErrors:
        return []  # the reader's own errors are reported by `check` (letter_problems)
    held = {n.number: n.key for n in register.values()} | {w.number: w.key for w in withdrawn}
    out: list[DataError] = []
    for number, first, first_seq, second, second_seq in given.twice:
        out.append(DataError(rel, None, T(
            "number {number} was given to two papers: {first} (ledger record {a}) and {second} (ledger record {b}), "
            "after rows were removed by hand; give the later paper a new number: `krenova letters {kind} --renumber "
            "--reason TEXT`", number=number, first=first, a=first_seq, second=second, b=second_seq, kind=second.split("/")[0])))
    twice = {t[0] for t in given.twice}
    for number, (key, seq) in sorted(given.numbers.items(), key=lambda kv: kv[1][1] or 0):
        if number in twice:
            continue
        if held.get(number) != key:
            out.append(DataError(rel, None, T(
                "number {number} of {key} (given in ledger record {seq}) was removed or changed by hand; the register "
                "keeps every number given, so restore letters.toml as krenova wrote it (to give papers new numbers: "
                "`krenova letters {kind} --renumber --reason TEXT`)", number=number, key=key, seq=seq, kind=key.split("/")[0])))
    for code, (key, seq) in sorted(given.codes.items(), key=lambda kv: kv[1][1] or 0):
        if code not in codes or codes[code].key != key:
            out.append(DataError(rel, None, T(
                "code {code} of {key} (issued in ledger record {seq}) is no longer in the register: a paper printed with it "
                "would be unknown; restore letters.toml as krenova wrote it", code=code, key=key, seq=seq)))
    for key, code in sorted(given.current.items()):
        if key in register and register[key].code and register[key].code != code:
            out.append(DataError(rel, None, T(
                "letter {key}: its code was changed by hand from {was} to {now}; restore letters.toml as krenova "
                "wrote it", key=key, was=code, now=register[key].code)))
    if out:
        out.extend(_copy_hint(store))
    return out


# krenova's copy of the register as it last wrote it (outside the data): a hand edit that lost rows
# can be undone without a backup of one's own.
COPY = f"{layout.OUT}/letters-register-copy.toml"


def write_copy(store, data: bytes) -> None:
    """Keep the copy (best effort: the register itself is already recorded)."""
    from krenova_cli.store.atomic import atomic_write

    path = store.path(COPY)
    try:
        if path.is_symlink():
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(path, data, sync_dir=False)
    except OSError:
        pass


def _copy_hint(store) -> list[DataError]:
    """The copy, when it is exactly the register the ledger last recorded: copying it back restores it."""
    from krenova_cli.store import integrity
    from krenova_cli.store.ledger import sha256

    path = store.path(COPY)
    try:
        if path.is_symlink() or not path.is_file():
            return []
        known = (integrity.replay_fast(store.path(layout.LEDGER)) or {}).get(layout.LETTERS)
        if known is None or known.digest != sha256(path.read_bytes()):
            return []
    except OSError:
        return []
    return [DataError(layout.LETTERS, None, T("krenova keeps a copy of the register as it last recorded it: copy {copy} over "
                                              "{file} to restore it", copy=COPY, file=layout.LETTERS))]
