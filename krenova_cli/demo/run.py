"""`krenova demo`: the whole lifecycle on generated data, through the same code paths as the commands.

Scores arrive the three ways they do in a real competition: typed by argument
(round 1, a few entries), filled Excel sheets (round 2, two judges) and CSV
files (the rest). The round 4 data are planned so that a tie falls exactly on
the Top 15 cutoff, which the demo resolves the way a committee would: with
`--prefer` and a recorded reason.
"""

from __future__ import annotations

import csv
import random
import shutil
import tomllib
from contextlib import ExitStack
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path
from typing import Callable

from krenova_cli.demo import generated
from krenova_cli.core import lifecycle
from krenova_cli.core.errors import T, UserError
from krenova_cli.usecases.create import create
from krenova_cli.usecases.entries import import_entries, withdraw_entry
from krenova_cli.usecases.judges import import_judges
from krenova_cli.store.packaged import data_dir
from krenova_cli.usecases.awards import decide_awards
from krenova_cli.usecases.rounds import CloseOptions, close_round
from krenova_cli.usecases.scores import import_file, record_one
from krenova_cli.core.scoring import Rubric, score_round
from krenova_cli.store.datafolder import Store
from krenova_cli.store import layout

ACTOR = "krenova-demo"


@dataclass
class DemoResult:
    path: Path
    entries: int
    judges: int
    top15: list[str] = field(default_factory=list)
    top5: list[str] = field(default_factory=list)
    awards: dict = field(default_factory=dict)
    files: list[Path] = field(default_factory=list)
    packets: list[Path] = field(default_factory=list)
    document_format: str = "html"
    note: str = ""


class Clock:
    """The demo's simulated calendar: each step happens on the competition's own dates."""

    def __init__(self, start: date):
        self.now = datetime.combine(start, time(9, 0), tzinfo=timezone.utc)

    def at(self, day: date | None, hour: int = 9) -> None:
        if day is not None:
            self.now = max(self.now, datetime.combine(day, time(hour, 0), tzinfo=timezone.utc))

    def __call__(self) -> datetime:
        self.now += timedelta(seconds=1)
        return self.now


def prepare_folder(path: Path, force: bool) -> None:
    if path.exists() and any(path.iterdir()):
        if not force:
            raise UserError(T("{path} is not empty; choose another folder or pass --force to replace it", path=str(path)))
        if not (path / layout.DEMO_MARK).is_file() or (path / layout.DEMO_MARK).is_symlink():
            raise UserError(T("{path} was not created by `krenova demo`; --force replaces only a demo folder (a real competition "
                              "is never deleted)", path=str(path)))
        _unchanged_since_the_demo(path)
        shutil.rmtree(path)


def _unchanged_since_the_demo(path: Path) -> None:
    """--force replaces a demo folder only while it holds nothing but the demo's own work: every
    ledger record made by the demo, and every data file as the ledger says (issue 24 item 13: an
    awards undo made in a demo folder for practice is somebody's work)."""
    from krenova_cli.core.errors import DataErrors
    from krenova_cli.store import ledger

    way_out = T("--force replaces only a demo folder nobody has changed: choose another folder, or remove this one yourself")
    records, problems = ledger.verify(path / layout.LEDGER)
    if problems:
        raise UserError(T("{path}: {problem}; {way_out}", path=str(path), problem=problems[0].as_text(), way_out=way_out))
    for record in records:
        if record.get("actor") != ACTOR:
            raise UserError(T("{path} holds changes made after the demo (record {seq}: {action} by {actor}); {way_out}",
                              path=str(path), seq=record.get("seq"), action=record.get("action"),
                              actor=record.get("actor"), way_out=way_out))
    try:
        Store(path, actor=ACTOR).guard(mutating=True)
    except DataErrors as exc:
        raise UserError(T("{path}: {problem}; {way_out}", path=str(path), problem=exc.errors[0].as_text(),
                          way_out=way_out)) from None


def run(path: Path, n_entries: int = 53, n_judges: int = 5, seed: int = 2017, fmt: str = "auto",
        force: bool = False, step: Callable[[str], None] = lambda s: None, documents: bool = True,
        open_round: int | None = None) -> DemoResult:
    """The whole lifecycle; with `open_round` it stops when that round opens, with no scores in it (the judges'
    portal of `demo --serve` then has a round to score), and decides no awards."""
    if n_entries < 16:
        raise UserError(T("--entries must be at least 16: the preset keeps a Top 15 after round 4"))
    if n_judges < 3:
        raise UserError(T("--judges must be at least 3"))
    prepare_folder(path, force)
    rng = random.Random(seed)
    words = tomllib.loads((data_dir() / "demo" / "words.toml").read_text(encoding="utf-8"))
    step(T("creating the competition (preset {preset})", preset="magelang-2017"))
    clock = Clock(date(2017, 5, 2))
    create(path, "magelang-2017", {"clock": clock, "actor": ACTOR})
    (path / layout.DEMO_MARK).write_text("created by `krenova demo`; `krenova demo --force` may replace this folder\n")
    store = Store(path, clock=clock, actor=ACTOR)
    # The validation cache is saved once, at the end: a national demo makes some forty loads and changes,
    # each of which would otherwise write its megabytes again (a demo stopped half way only costs speed).
    held = ExitStack()
    held.enter_context(store.holding_cache())
    comp = store.competition()
    inputs = path / "out" / "demo-input"
    inputs.mkdir(parents=True, exist_ok=True)

    step(T("the secretariat's settings for the year's papers: the call, the presentations of round 5, the ceremony"))
    _year_settings(store)
    step(T("registering {count} entries from an Excel file", count=n_entries))
    gen_entries = generated.entries(rng, words, n_entries, comp.competition.year)
    _write_entries_xlsx(inputs / "peserta.xlsx", gen_entries, generated.proposal_sections(rng, words, gen_entries))
    import_entries(store, inputs / "peserta.xlsx")
    step(T("registering {count} judges from a CSV file", count=n_judges))
    conflict_inst = gen_entries[rng.randrange(len(gen_entries))].institution
    gen_judges = generated.judges(rng, words, n_judges, conflict_inst)
    _write_judges_csv(inputs / "juri.csv", gen_judges)
    import_judges(store, inputs / "juri.csv")
    step(T("attaching {count} proposals (one PDF per entry, named by its id)", count=n_entries))
    _attach_proposals(store, inputs / "proposal", gen_entries, words)
    step(T("administrative screening (round 0): covering letters attached, incomplete entries decided, closed"))
    clock.at(date(2017, 5, 11))  # the day after the call's deadline
    _screening(store, inputs / "surat-pengantar", gen_entries, words, rng)

    crit_ids = [c.id for c in comp.criteria]
    pnl = generated.panel(rng, [e.id for e in gen_entries], [j.id for j in gen_judges], crit_ids)
    planned: dict[int, dict] = {}
    result = DemoResult(path, n_entries, n_judges)
    for rnd in comp.rounds:
        n = rnd.number
        clock.at(rnd.start)
        if n == open_round:
            break
        state = store.load(rounds=())
        if n == 2:
            victim = lifecycle.active_entries(state, 2)[-1]
            withdraw_entry(store, victim, "Surat pengunduran diri dari instansi: inovasi belum berjalan penuh")
            state = store.load(rounds=())
        if n == 1:
            step(T("round {n} ({name}): a packet per judge (score sheet, proposals, index, letter)", n=n, name=rnd.name))
            from krenova_cli.usecases.packets import make_packets

            result.packets.extend(p.path for p in make_packets(store, n, None))
        step(T("round {n} ({name}): recording scores", n=n, name=rnd.name))
        if n == 3 and 4 <= len(comp.rounds):
            planned = _plan_tie(rng, pnl, state, comp)
        batch = planned.get(n) or generated.round_scores(rng, pnl, n, lifecycle.expected(state, n), _crit_ranges(comp, n))
        _record(store, state, n, batch, inputs, _comments(rng, words, batch))
        clock.at(rnd.end, 15)
        step(T("round {n} ({name}): closing", n=n, name=rnd.name))
        prefer = _tie_choice(store, n)
        record = close_round(store, CloseOptions(n, prefer=prefer, reason=(
            "Rapat pleno dewan juri: nilai dan kebaruan sama persis; juri memilih inovasi yang lebih siap direplikasi "
            "berdasarkan hasil verifikasi lapangan") if prefer else ""))
        if rnd.advance_top == 15:
            result.top15 = list(record.advancing)
        if rnd.advance_top == 5:
            result.top5 = list(record.advancing)
    if open_round is None:
        clock.at(comp.competition.award_date)
        step(T("deciding the awards"))
        result.awards = decide_awards(store, (), "", False, False)
        if documents:
            _outputs(store, result, fmt, step)
    step(T("checking everything"))
    from krenova_cli.usecases.check import audit

    problems = audit(store)
    if problems:
        raise UserError(T("the demo's own data failed `krenova check`: {problem}", problem=str(problems[0])))
    held.close()
    return result


def _outputs(store: Store, result: DemoResult, fmt: str, step: Callable[[str], None]) -> None:
    from krenova_cli.documents import rendering
    from krenova_cli.spreadsheets import recap_writer

    step(T("exporting the Excel recap"))
    result.files.append(recap_writer.export(store, None))
    chosen, note = rendering.choose_format(fmt)
    result.document_format, result.note = chosen, note
    from krenova_cli.usecases.letters import write_letters

    # in date order, so that the agenda book's numbers follow the dates: the call, the screening's and each round's minutes with the
    # shortlist's announcement and the invitations to the presentations that follow it, the last round's recaps,
    # the ceremony's invitations, then the awards' minutes, decree and letters, the certificates of the ceremony,
    # and after it the judges' notes to each participant and the national drafts
    last = len(store.competition().rounds)
    batches: list[tuple[str, dict]] = [("call", {})]
    if store.competition().screening.round:
        batches.append(("minutes", {"round_no": 0}))  # the administrative screening's minutes
    for n in range(1, last + 1):
        batches.append(("minutes", {"round_no": n}))
        if store.competition().round(n).advance_top:
            batches.append(("announcement", {"round_no": n}))
        if n + 1 <= last and store.competition().round(n + 1).presentation:
            batches.append(("presentation-invitation", {"round_no": n + 1}))
    batches += [("judge-recap", {"round_no": last}), ("ceremony-invitation", {}), ("awards-minutes", {}), ("decree", {}),
                ("award", {}), ("nomination", {}), ("certificate", {"audience": "finalists"}), ("feedback", {}),
                ("sinovik-draft", {})]
    for kind, opts in batches:
        step(T("rendering {kind} documents ({format})", kind=kind, format=chosen))
        result.files.extend(write_letters(store, kind, fmt=chosen, **opts).files)


def _crit_ranges(comp, n: int) -> list[tuple[str, int, int]]:
    return [(c.id, int(c.min), int(c.max)) for c in comp.criteria_for(n)]


def _plan_tie(rng, pnl, state, comp) -> dict[int, dict]:
    """Scores of rounds 3 and 4 with an exact tie across the Top 15 cutoff of round 4."""
    exp = lifecycle.expected(state, 3)
    r3 = generated.round_scores(rng, pnl, 3, exp, _crit_ranges(comp, 3))
    r4 = generated.round_scores(rng, pnl, 4, exp, _crit_ranges(comp, 4))
    top = comp.round(4).advance_top or 15
    if len(exp) <= top:
        return {3: r3, 4: r4}
    scores = {}
    for n, batch in ((3, r3), (4, r4)):
        scores[n] = score_round(n, Rubric.of(comp.criteria_for(n)), batch, exp).scores
    order = sorted(exp, key=lambda e: (-(scores[3][e] + scores[4][e]), e))
    at_cut = order[top - 1]
    for other in order[top:top + 10]:
        if exp[other] == exp[at_cut]:  # same judges, so copying the scores makes an exact tie
            for batch in (r3, r4):
                for judge in exp[at_cut]:
                    batch[judge][other] = dict(batch[judge][at_cut])
            break
    return {3: r3, 4: r4}


def _tie_choice(store: Store, n: int) -> tuple[str, ...]:
    """The committee's choice when a tie falls on the cutoff: the first of the tied entries, as many as fit."""
    from krenova_cli.core.cutoff import tie_across

    top = store.competition().round(n).advance_top
    if top is None:
        return ()
    state = store.load(rounds=lifecycle.rounds_needed(store.competition(), n))
    st = lifecycle.standings(state, n)
    tied = tie_across(st.ranked(), top)
    if not tied:
        return ()
    free = top - (st.row(tied[0]).rank - 1)
    return tuple(tied[:free])


def _attach_proposals(store: Store, folder: Path, gen_entries: list, words: dict) -> None:
    """Each entry's proposal, as the secretariat receives them: a folder of PDFs named by id, attached at once."""
    from krenova_cli.usecases.attachments import attach_from_folder

    folder.mkdir(parents=True, exist_ok=True)
    for e in gen_entries:
        (folder / f"{e.id}.pdf").write_bytes(generated.proposal_pdf(words, e.title, e.institution, e.id))
    attach_from_folder(store, folder)


def _comments(rng: random.Random, words: dict, batch: dict) -> dict[tuple[str, str], str]:
    """What the judges write: a comment on about half of the entries each judge scores."""
    typed = {(sorted(batch)[0], e) for e in sorted(batch[sorted(batch)[0]])[:3]} if batch else set()  # round 1's typed scores
    return {(j, e): generated.comment(rng, words) for j in sorted(batch) for e in sorted(batch[j])
            if rng.random() < 0.5 or (j, e) in typed}


def _record(store: Store, state, n: int, batch: dict, inputs: Path, comments: dict[tuple[str, str], str]) -> None:
    """Round 1: a few scores typed by argument; round 2: Excel sheets for two judges; otherwise CSV, with the
    judges' comments in its `catatan` column."""
    batch = {j: dict(v) for j, v in batch.items()}
    if n == 1:
        first = sorted(batch)[0]
        for entry_id in sorted(batch[first])[:3]:
            values = batch[first].pop(entry_id)
            crit = next(iter(values))
            record_one(store, n, first, entry_id, [f"{c}={v}" for c, v in values.items()], False, "",
                       comments.get((first, entry_id)), {crit: comments[(first, entry_id)].split(". ", 1)[-1]} if (first, entry_id) in comments else None)
    if n == 2:
        from krenova_cli.spreadsheets.score_sheets import write_sheet

        for judge_id in sorted(batch)[: 2 if len(state.entries) <= 500 else 1]:
            path = inputs / f"round-{n}-{judge_id}.xlsx"
            write_sheet(state, n, judge_id, path)
            _fill_sheet(path, batch.pop(judge_id))
            import_file(store, path, n, False, "")
    rows = [(e, j, c, v, comments.get((j, e), "") if i == 0 else "")
            for j in sorted(batch) for e in sorted(batch[j]) for i, (c, v) in enumerate(batch[j][e].items())]
    if rows:
        path = inputs / f"nilai-round-{n}.csv"
        with open(path, "w", newline="", encoding="utf-8") as fh:
            w = csv.writer(fh)
            w.writerow(["peserta", "juri", "kriteria", "nilai", "catatan"])
            w.writerows(rows)
        import_file(store, path, n, False, "")


def _fill_sheet(path: Path, values: dict[str, dict[str, int]]) -> None:
    """What a judge does in Excel: type a value in each score cell."""
    import openpyxl

    from krenova_cli.spreadsheets.score_sheets import FIRST_ROW, FIXED

    wb = openpyxl.load_workbook(path)
    ws = wb["Nilai"]
    crit = wb["_krenova"]["B5"].value.split(",")
    for row in ws.iter_rows(min_row=FIRST_ROW):
        entry_id = row[1].value
        if entry_id in values:
            for j, cid in enumerate(crit):
                row[len(FIXED) + j].value = values[entry_id][cid]
    wb.save(path)


def _write_entries_xlsx(path: Path, entries: list, sections: dict[str, dict[str, str]]) -> None:
    """The registration workbook, with the national proposal's sections the call's form asks for (one column
    each, headed by the section's id; a cell left empty where the entry gave nothing)."""
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Peserta")
    section_ids = sorted({s for texts in sections.values() for s in texts})
    ws.append(["id", "judul", "instansi", "jenis", "kategori", "narahubung", "telepon", "email", "deskripsi", "tahun_mulai",
               *section_ids])
    for e in entries:
        ws.append([e.id, e.title, e.institution, e.entity_type, e.category, e.contact, e.phone, e.email,
                   e.description, e.year_started, *(sections.get(e.id, {}).get(s, "") for s in section_ids)])
    wb.save(path)


# What the secretariat sets before the year's papers: the call's deadline and where to submit, round 5 as the
# finalists' presentations (paparan) with its schedule, the ceremony's venue and time.
YEAR_SETTINGS = (
    ("screening.round", "true"),
    ("call.deadline", "2017-05-10"),
    ("call.submit_to", '"Sekretariat Krenova, Bidang Penelitian dan Pengembangan Bappeda Kota Magelang, '
                       'Jalan Sarwo Edi Wibowo Nomor 2, Magelang, atau surel krenova@example.go.id"'),
    ("call.contact", '"Sekretariat Krenova, telepon (0293) 000000"'),
    ("rounds.5.presentation", "true"),
    ("rounds.5.presentation_date", "2017-08-02"),
    ("rounds.5.presentation_start", '"08:30"'),
    ("rounds.5.minutes_per_entry", "20"),
    ("rounds.5.room", '"Ruang Rapat Bappeda Kota Magelang"'),
    ("rounds.5.break_start", '"12:00"'),
    ("ceremony.venue", '"Pendopo Pengabdian Rumah Dinas Wali Kota Magelang"'),
    ("ceremony.time", '"19.00 WIB"'),
)


# the documents every entry must attach (the call lists them; the screening checks them)
REQUIRED_DOCUMENTS = (["name=Proposal inovasi", "kind=proposal"], ["name=Surat pengantar kepala perangkat daerah"])


def _year_settings(store: Store) -> None:
    from krenova_cli.usecases.settings import set_setting
    from krenova_cli.usecases.settings_lists import add_item

    for key, value in YEAR_SETTINGS:
        set_setting(store, key, value)
    for pairs in REQUIRED_DOCUMENTS:
        add_item(store, "screening.documents", pairs)


def _screening(store: Store, folder: Path, gen_entries: list, words: dict, rng: random.Random) -> None:
    """The secretariat's administrative screening: each entry's covering letter attached, but two entries
    sent none; one is stopped, the other passes with the committee's reason (its letter promised by phone)."""
    from krenova_cli.usecases.attachments import attach_plan
    from krenova_cli.usecases.screening import close_screening, decide

    missing = sorted(rng.sample([e.id for e in gen_entries], 2))
    folder.mkdir(parents=True, exist_ok=True)
    plan: dict[str, list[Path]] = {}
    for e in gen_entries:
        if e.id not in missing:
            plan[e.id] = [folder / f"surat-pengantar-{e.id}.pdf"]
            plan[e.id][0].write_bytes(generated.covering_letter_pdf(words, e.institution, e.id))
    attach_plan(store, plan, None, REQUIRED_DOCUMENTS[1][0].split("=", 1)[1])
    decide(store, [missing[0]], "stop", "Surat pengantar kepala perangkat daerah tidak dilampirkan sampai batas waktu")
    decide(store, [missing[1]], "pass", "Surat pengantar sudah ditandatangani dan dikirim menyusul sesuai pernyataan "
                                         "kepala perangkat daerah melalui telepon kepada sekretariat")
    close_screening(store)


def _write_judges_csv(path: Path, judges: list) -> None:
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["id", "nama", "jabatan", "instansi", "email"])
        for j in judges:
            w.writerow([j.id, j.name, j.position, j.affiliation, j.email])
