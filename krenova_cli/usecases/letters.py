"""`letters`: build the documents of a kind, give each its number from the letter register, render them.

A document whose key (kind and subject: entry, institution, round, judge) is in `letters.toml`
keeps its number; a new one takes the next sequence number of the agenda book
(`letter_number_start` for the first) and the `letter_number` pattern filled with it and its date.
So no two documents ever share a number and rendering again changes nothing. New numbers are
recorded (one logged change) only after every document rendered: a rendering that fails records
nothing, so exit 1 leaves the folder as it was.

Each document also gets its verification code (SPEC 8.7): the code of its facts and the ledger
head, recorded in the register with the facts in the same change as the numbers. A document whose
facts are those of a code already issued for it keeps that code; new facts get a new code, and the
old one stays in the register to be shown as revoked.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable

from krenova_cli.core.errors import UserError
from krenova_cli.documents import builders
from krenova_cli.i18n.messages import _, ngettext
from krenova_cli.store import layout, letter_register
from krenova_cli.store.datafolder import Store
from krenova_cli.usecases.settings import date_warnings, other_year_dates, shown_dates

SCORE_KINDS = {"judge-recap"}  # kinds that read the score files
DRAFT_KINDS = {"sinovik-draft"}  # kinds that read every closed round's scores and the judges' comments


@dataclass
class Numbering:
    """What a run gives and has not recorded yet: new numbers, new current codes, new [[code]] rows."""

    seen: dict                                   # the register as read (key -> Numbered)
    seen_codes: dict                             # its codes as read (code -> Issued)
    new: dict = field(default_factory=dict)      # key -> Numbered
    codes: dict = field(default_factory=dict)    # key -> its new current code
    issued: dict = field(default_factory=dict)   # code -> Issued, the codes not in the register yet
    seen_withdrawn: list = field(default_factory=list)  # the register's withdrawn numbers as read
    withdrawn: list = field(default_factory=list)       # numbers this run withdraws (`--renumber`)
    reason: str = ""                                     # why they are withdrawn
    dated: dict = field(default_factory=dict)            # key -> the date given with --date, for papers numbered before
    out_of_order: list = field(default_factory=list)     # (new Numbered, earlier-numbered Numbered dated later)

    def __bool__(self) -> bool:
        return bool(self.new or self.codes or self.dated)


def number_documents(store: Store, kind: str, audience: str | None = None, round_no: int | None = None,
                     renumber: str | None = None, dated=None):
    """The state, the documents of a kind each with its register number and verification code, and
    what is new (not yet recorded). With `renumber` (the reason), the documents already numbered get
    new numbers and their old ones are withdrawn (kept in the register, never given again)."""
    state = store.load(rounds=())
    wanted = [round_no] if round_no is not None else sorted(state.records)
    if kind in SCORE_KINDS:
        state = store.add_scores(state, [n for n in wanted if n in state.records])
    elif kind == "minutes":  # the minutes name the judges a z-score left raw or only shifted
        state = store.add_scores(state, [n for n in wanted if n in state.records and state.records[n].normalisation != "none"])
    comments = None
    if kind in DRAFT_KINDS:
        from krenova_cli.usecases.scores import round_comments

        state = store.add_scores(state, sorted(state.records))
        comments = {n: round_comments(store, n) for n in sorted(state.records)}
    docs = builders.documents(state, kind, audience, round_no, comments)
    if not docs:
        raise UserError(_("no {kind} documents to write").format(kind=kind))
    register, codes, withdrawn = letter_register.read_register(store)
    builders.own_keys(docs, register)
    meta = state.competition.competition
    builders.date_papers(docs, register, dated)
    series, pattern, start = state.competition.letter_series(kind)
    again = set()
    if renumber is not None:
        again = {d["key"] for d in docs if not d.get("annex_of") and d["key"] in register}
        if not again:
            raise UserError(_("no {kind} paper has a number yet, so there is nothing to renumber; "
                              "`krenova letters {kind}` numbers them").format(kind=kind))
    new: dict[str, letter_register.Numbered] = {}
    # each agenda book its own sequence: the shared one, or the kind's own ([letters.KIND] in the settings)
    seq = max([n.seq for n in register.values() if n.series == series]
              + [w.seq for w in withdrawn if w.series == series] + [start - 1])
    taken = {n.number for n in register.values()} | {w.number for w in withdrawn}
    for d in docs:
        if d.get("annex_of"):  # an annex (lampiran) carries the number of its document, which comes first
            d["number"] = next(x["number"] for x in docs if x["key"] == d["annex_of"])
            continue
        known = None if d["key"] in again else register.get(d["key"])
        if known is None:
            seq += 1
            number = builders.letter_number(pattern, seq, d["date"])
            if number in taken:
                raise UserError(_("letter number {number} is already in {file}; the letter_number pattern "
                                  "needs {{seq}} so that every document gets its own number").format(number=number, file=layout.LETTERS))
            taken.add(number)
            known = new[d["key"]] = letter_register.Numbered(d["key"], seq, number, d["date"].isoformat(), series=series,
                                                             dated=dated.isoformat() if dated else "")
        d["number"] = known.number
    if new:
        odd = other_year_dates(state.competition)
        if odd:  # a number once given stays: refuse before a paper dated in another year takes one
            year = meta.year
            raise UserError(_("the papers would be numbered and dated with dates of another year than {year} ({listing}), "
                              "and a number once given stays; move the dates first: `krenova settings set competition.year "
                              "{year} --move-dates` (or correct each with `krenova settings set KEY DATE`)").format(
                year=year, listing=shown_dates(odd)))
    numbering = Numbering(register, codes, new, seen_withdrawn=withdrawn, reason=(renumber or "").strip())
    numbering.withdrawn = [letter_register.Withdrawn(k, register[k].seq, register[k].number, register[k].date,
                                                     numbering.reason, new[k].number, register[k].series)
                           for k in sorted(again, key=lambda k: (register[k].series, register[k].seq))]
    if dated:
        numbering.dated = {k: dated.isoformat() for k, n in register.items()
                           if k not in new and n.dated != dated.isoformat() and any(d["key"] == k for d in docs)}
    numbering.out_of_order = _out_of_order(register, new, series)
    _issue_codes(store, docs, register | new, numbering)
    return state, docs, numbering


def _out_of_order(register: dict, new: dict, series: str) -> list[tuple]:
    """Each new number dated before a paper of the same agenda book that already has a smaller number:
    an agenda book's numbers follow its dates."""
    def day(n):
        return n.dated or n.date

    earlier = sorted((n for n in register.values() if n.series == series and n.key not in new), key=lambda n: n.seq)
    out = []
    for n in sorted(new.values(), key=lambda n: n.seq):
        later = [e for e in earlier if e.seq < n.seq and day(e) > day(n)]
        if later:
            out.append((n, max(later, key=day)))
        earlier.append(n)
    return out


def _issue_codes(store: Store, docs: list[dict], register: dict, numbering: Numbering) -> None:
    """Give each document its verification code: the code already issued for the same facts, or a
    new one with the ledger head as it is now (the state the facts were read from)."""
    from krenova_cli.core.errors import DataErrors
    from krenova_cli.core.verification import FACT_KEYS, code_of, same_facts
    from krenova_cli.documents.verification import facts_of
    from krenova_cli.store import ledger

    by_key: dict[str, list] = {}
    for c in numbering.seen_codes.values():
        by_key.setdefault(c.key, []).append(c)
    head = None
    for d in docs:
        if d.get("annex_of"):
            continue  # an annex is part of its document: it carries the document's code (below)
        facts = facts_of(d)
        match = next((c for c in sorted(by_key.get(d["key"], ()), key=lambda c: -c.ledger_seq)
                      if same_facts(c.facts, facts)), None)
        if match is None:
            if head is None:
                head, problems = ledger.read_head(store.path(layout.LEDGER))
                if problems:
                    raise DataErrors(problems)
            stated = {k: facts.get(k) for k in FACT_KEYS}  # `legacy_content` is for matching older codes only
            match = letter_register.Issued(code_of(stated, head.hash[:16]), d["key"], stated, head.hash[:16], head.seq)
            numbering.issued[match.code] = match
        d["verify_code"] = match.code
        if register[d["key"]].code != match.code:
            numbering.codes[d["key"]] = match.code
    by_doc = {d["key"]: d.get("verify_code") for d in docs if not d.get("annex_of")}
    for d in docs:
        if d.get("annex_of"):
            d["verify_code"] = by_doc.get(d["annex_of"])


def record_numbers(store: Store, kind: str, numbering: Numbering) -> None:
    """Record the new numbers and codes, if the register is still the one they were given from
    (another `letters` run in between would have taken the same sequence numbers)."""
    if not numbering:
        return
    with store.transaction() as tx:
        if letter_register.read_register(store) != (numbering.seen, numbering.seen_codes, numbering.seen_withdrawn):
            raise UserError(_("another `krenova letters` gave numbers at the same time; {file} changed. "
                              "Run the command again (numbers already given are kept)").format(file=layout.LETTERS))
        numbered = numbering.seen | numbering.new
        for key, code in numbering.codes.items():
            numbered[key] = replace(numbered[key], code=code)
        for key, day in numbering.dated.items():
            numbered[key] = replace(numbered[key], dated=day)
        dates = {"dates": numbering.dated} if numbering.dated else {}
        written = letter_register.text(numbered, numbering.seen_codes | numbering.issued,
                                       numbering.seen_withdrawn + numbering.withdrawn)
        tx.put(layout.LETTERS, written)
        if numbering.withdrawn:
            tx.commit("letters.renumber", kind, {w.key: w.number for w in numbering.withdrawn},
                      {k: n.number for k, n in numbering.new.items()} | {"reason": numbering.reason}
                      | ({"codes": numbering.codes} if numbering.codes else {}) | dates)
        elif numbering.new:
            tx.commit("letters.number", kind, None, {k: n.number for k, n in numbering.new.items()}
                      | ({"codes": numbering.codes} if numbering.codes else {}) | dates)
        else:
            tx.commit("letters.code", kind, {k: numbering.seen[k].code or None for k in numbering.codes}, numbering.codes | dates)
    letter_register.write_copy(store, written)  # committed: krenova's copy, to undo a hand edit that loses rows


def write_letters(store: Store, kind: str, fmt: str = "html", audience: str | None = None, round_no: int | None = None,
                  combine: bool = False, out_dir: Path | None = None,
                  progress: Callable[[int, int], None] | None = None, renumber: str | None = None, dated=None):
    from krenova_cli.documents import rendering

    from krenova_cli.documents.verification import add_qr

    store.recover_if_pending()
    if renumber is not None and not renumber.strip():
        raise UserError(_("--renumber needs --reason TEXT (the withdrawn numbers and the reason are logged)"))
    state, docs, numbering = number_documents(store, kind, audience, round_no, renumber, dated)
    if fmt == "docx":  # HTML and PDF: rendering makes each batch's QR codes as it goes, overlapping the layouts
        add_qr(docs, state.competition.competition.verify_url, fmt)
    if numbering:
        store.guard(mutating=True)  # numbers will be recorded: refuse before rendering, as every change does
    folder = out_dir or store.path(layout.letters_out(kind))
    # Rendered into a hidden folder beside the papers (same filesystem) and moved into place only once
    # the register holds their numbers: a run that fails at the register, or is refused because another
    # run numbered at the same moment, leaves no paper whose number and code were never recorded. A run
    # that fails leaves the output folder as it was (the folders it made removed, the papers it had
    # moved put back); once the register is written, a failure says the numbers were recorded.
    from krenova_cli.store import placing

    made = placing.missing_parents(folder)
    staging = None
    try:
        folder.mkdir(parents=True, exist_ok=True)
        staging = placing.staging_in(folder, STAGING)
        if fmt == "docx":  # an annex is for the printed papers; the Word minutes point to the recap instead
            docs = [d | {"annex": None, "annex_in_recap": bool(d.get("annex"))} for d in docs if not d.get("annex_of")]
            from krenova_cli.documents.images import letterhead_images
            from krenova_cli.documents.word import render_docx

            result = render_docx(store, docs, builders.common(state) | letterhead_images(store, state), kind, staging, combine, progress)
        else:
            result = rendering.render(store, state, kind, fmt, audience, round_no, combine, staging, progress, docs=docs)
        record_numbers(store, kind, numbering)
    except BaseException:
        if staging is not None:
            placing.discard(staging)
        placing.remove_empty(made)
        raise
    _place(store, kind, folder, staging, result, state, docs, numbering, made)
    result.renumbered = len(numbering.withdrawn)
    result.out_of_order = numbering.out_of_order
    return result


REVOKED_FOLDER = {"id": "dicabut", "en": "revoked"}
SUFFIXES = (".html", ".pdf", ".docx")


def _move_revoked(store: Store, state, kind: str, folder: Path, docs: list[dict], numbering: Numbering,
                  written: set[str], place) -> list[Path]:
    """Move the papers of this kind that a decision revoked out of the way of a clerk printing the
    folder, into its `dicabut/` folder (never deleted): the file of a paper whose code this run
    replaced, and each file of a paper that no longer exists (a disqualified winner's letter). Papers
    of the kind that still hold (another round's minutes, other certificates) stay."""
    import os

    # A paper whose number or code this run gave anew may replace a file of the same name that states
    # other facts (the certificate of an entry whose honour changed): that file is revoked if its code is
    # not the new one. Only these files are read, so a run that changes nothing reads none.
    replaced = set()
    for d in docs:
        head = d if not d.get("annex_of") else next((x for x in docs if x["key"] == d["annex_of"]), d)
        if head["key"] in numbering.new or head["key"] in numbering.codes:
            for suffix in SUFFIXES:
                old = folder / f"{d['stem']}{suffix}"
                if old.is_file() and not old.is_symlink() and _code_in(old) != head.get("verify_code"):
                    replaced.add(d["stem"])
    try:
        current = {d["stem"] for d in builders.documents(state, kind, "participants", None)}
    except UserError:  # no paper of the kind can be made now (the awards undone): none holds
        current = set()
    except Exception:  # a kind that needs what this run did not load: only the replaced papers are known
        current = {p.stem for p in folder.iterdir()} if folder.is_dir() else set()
    current |= {d["stem"] for d in docs}
    combined = {f"{kind}-semua", f"{kind}-all"}
    moving = []
    for p in sorted(folder.iterdir()) if folder.is_dir() else ():
        if not p.is_file() or p.is_symlink() or p.suffix not in SUFFIXES or p.stem in combined:
            continue
        if not (p.stem == kind or p.stem.startswith(f"{kind}-")):
            continue
        if p.stem in replaced or p.stem not in current:
            moving.append(p)
    if not moving:
        return []
    aside = folder / REVOKED_FOLDER.get(state.competition.competition.locale, "dicabut")
    place.mkdir(aside)
    moved = []
    for p in moving:
        target, n = aside / p.name, 1
        while os.path.lexists(target):
            n += 1
            target = aside / f"{p.stem}-{n}{p.suffix}"
        moved.append(place.move(p, target))
    return moved


def _code_in(path: Path) -> str | None:
    """The verification code printed on a paper this program wrote (None when it cannot be read)."""
    import re

    try:
        if path.suffix == ".html":
            found = re.search(r'<span class="vcode">([0-9A-Z]{10})</span>', path.read_text(encoding="utf-8", errors="replace"))
            return found and found.group(1)
        if path.suffix == ".docx":
            import zipfile

            with zipfile.ZipFile(path) as z:  # the code is in the footer (every page), or the body
                xml = "".join(z.read(n).decode("utf-8", "replace") for n in z.namelist()
                              if n.startswith("word/") and n.endswith(".xml") and ("footer" in n or n == "word/document.xml"))
            text = re.sub(r"<[^>]+>", "", xml)
            found = re.search(r"(?:Kode verifikasi|Verification code)\s*:?\s*([0-9A-Z]{10})", text)
            return found and found.group(1)
        from krenova_cli.usecases.verify import codes_in_pdf

        codes = codes_in_pdf(path)
        return codes[0] if len(codes) == 1 else None
    except Exception:  # a damaged or foreign file: treated as stating other facts (moved aside, never deleted)
        return None


STAGING = ".krenova-letters-"  # the hidden folder a run renders into (see write_letters)


def _place(store: Store, kind: str, folder: Path, staging: Path, result, state, docs: list[dict],
           numbering: Numbering, made: list[Path]) -> None:
    """Move the rendered papers into place, and the revoked ones aside, all or none."""
    from krenova_cli.store import committed, placing

    place = placing.Placement(staging)
    try:
        result.moved = _move_revoked(store, state, kind, folder, docs, numbering, {p.name for p in result.files}, place)
        result.files = [place.move(p, folder / p.name) for p in result.files]
        result.combined = result.combined and place.move(result.combined, folder / result.combined.name)
    except OSError as exc:
        problem = (f"{exc.filename}: " if exc.filename else "") + (exc.strerror or str(exc))
        stuck = place.undo()
        if stuck is not None:
            raise placing.PlacementStuck(_(
                "{folder}: the papers could not be put in place ({problem}) nor the earlier ones put back "
                "({again}); the earlier papers are kept in {staging}: move them back by hand").format(
                folder=folder, problem=problem, again=stuck.strerror or str(stuck), staging=staging)) from None
        placing.discard(staging)
        placing.remove_empty(made)
        if committed.records:  # the register holds the numbers: not exit 1, which means nothing changed
            from krenova_cli.core.errors import AfterCommit

            raise AfterCommit(_(
                "{folder}: the papers could not be put in place ({problem}); their numbers and codes are recorded "
                "in the letter register, the folder is as it was: free some space and run `krenova letters {kind}` "
                "again to write them (the same numbers and codes)").format(folder=folder, problem=problem, kind=kind)) from None
        raise
    placing.discard(staging)


def warnings(store: Store) -> list[str]:
    """What a signed paper would lack: a signatory without a name."""
    comp = store.competition()
    out = []
    for where, sig in (("signatory", comp.signatory), ("agency_signatory", comp.agency_signatory)):
        if sig is not None and not sig.name.strip():
            out.append(_("[{table}] name is empty in {file}: the papers show a dotted line where {title} signs").format(
                table=where, file=layout.SETTINGS, title=sig.title))
    out.extend(date_warnings(comp))
    return out




def stale_papers(folder: Path, kind: str, written: list[Path]) -> list[str]:
    """Papers of this kind in the output folder that this run did not write: an earlier decision's
    letters (a disqualified winner's) must not be printed by mistake."""
    if not folder.is_dir():
        return []
    mine = {p.name for p in written}
    suffixes = {p.suffix for p in written}
    return sorted(p.name for p in folder.iterdir()
                  if p.is_file() and p.suffix in suffixes and p.name not in mine
                  and (p.stem == kind or p.stem.startswith(f"{kind}-")))
