"""Pure: the recap's tables (summary, entries, judges, one per round, awards, judge statistics) as data.

The Excel, CSV and JSON exports all render these same tables, so every format
says the same thing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from math import fsum, sqrt

from krenova_cli.core import lifecycle
from krenova_cli.core.closing import standings_rows, would_advance

LABELS = {
    "id": {
        "summary": "Ringkasan", "entries": "Peserta", "judges": "Juri", "round": "Babak {n}", "awards": "Pemenang",
        "stats": "Statistik Juri", "rank": "Peringkat", "tied": "Seri", "id": "ID", "title": "Judul",
        "institution": "Instansi", "type": "Jenis", "category": "Kategori", "contact": "Narahubung", "phone": "Telepon",
        "email": "Email", "description": "Deskripsi", "year": "Tahun Mulai", "status": "Status",
        "name": "Nama", "position": "Jabatan", "affiliation": "Instansi",
        "conflicts": "Konflik", "round_score": "Nilai Babak", "ranking_score": "Nilai Peringkat",
        "advances": "Lolos", "missing": "Nilai Belum Masuk", "yes": "Ya", "no": "Tidak", "place": "Juara",
        "prize": "Hadiah (Rp)", "words": "Terbilang", "judge": "Juri", "round_no": "Babak", "count": "Jumlah Dinilai",
        "mean": "Rata-rata", "sd": "Simpangan Baku", "diff": "Selisih dari Rata-rata Panel", "state": "Status",
        "entries_n": "Peserta", "advancing_n": "Lolos", "cutoff": "Batas Lolos", "round_name": "Nama Babak",
        "mean_of": "Rerata {c}", "score": "Nilai",
        "states": {"open": "berjalan", "closed": "selesai", "pending": "belum mulai"},
    },
    "en": {
        "summary": "Summary", "entries": "Entries", "judges": "Judges", "round": "Round {n}", "awards": "Awards",
        "stats": "Judge statistics", "rank": "Rank", "tied": "Tied", "id": "ID", "title": "Title",
        "institution": "Institution", "type": "Type", "category": "Category", "contact": "Contact", "phone": "Phone",
        "email": "Email", "description": "Description", "year": "Year started", "status": "Status",
        "name": "Name", "position": "Position", "affiliation": "Affiliation",
        "conflicts": "Conflicts", "round_score": "Round score", "ranking_score": "Ranking score",
        "advances": "Advances", "missing": "Missing scores", "yes": "Yes", "no": "No", "place": "Place",
        "prize": "Prize (Rp)", "words": "In words", "judge": "Judge", "round_no": "Round", "count": "Scored",
        "mean": "Mean", "sd": "Std. dev.", "diff": "Difference from panel mean", "state": "State",
        "entries_n": "Entries", "advancing_n": "Advancing", "cutoff": "Cutoff", "round_name": "Round name",
        "mean_of": "Mean {c}", "score": "Score",
        "states": {"open": "open", "closed": "closed", "pending": "pending"},
    },
}

# column kinds: text, int, score, rupiah
@dataclass
class Table:
    key: str
    title: str
    columns: list[str]
    kinds: list[str]
    rows: list[list] = field(default_factory=list)
    cutoff_row: int | None = None  # index of the last advancing row, when a cutoff applies
    missing_cells: set[tuple[int, int]] = field(default_factory=set)


def _f(value: Fraction | None) -> float | None:
    return None if value is None else float(value)


def entries_table(state: lifecycle.State, L: dict) -> Table:
    t = Table("entries", L["entries"], [L[k] for k in ("id", "title", "institution", "type", "category", "contact",
              "phone", "email", "description", "year", "status")],
              ["text"] * 9 + ["int", "text"])
    for e in state.entries.values():
        t.rows.append([e.id, e.title, e.institution, e.entity_type, e.category, e.contact, e.phone, e.email,
                       e.description, e.year_started, lifecycle.entry_status(state, e.id)])
    return t


def judges_table(state: lifecycle.State, L: dict) -> Table:
    from krenova_cli.core.model import in_conflict

    t = Table("judges", L["judges"], [L[k] for k in ("id", "name", "position", "affiliation", "email", "conflicts")],
              ["text"] * 6)
    for j in state.judges.values():
        conflicts = ", ".join(sorted(e.id for e in state.entries.values() if in_conflict(j, e)))
        t.rows.append([j.id, j.name, j.position, j.affiliation, j.email, conflicts])
    return t


def round_table(state: lifecycle.State, n: int, L: dict) -> Table:
    comp = state.competition
    st = lifecycle.standings(state, n)
    rs = lifecycle.round_scores(state, n)
    if n in state.records:
        going = state.records[n].advancing
    else:
        going, _tie = would_advance(state, st)
    rows = standings_rows(state, st, going)
    judges = sorted({j for js in lifecycle.expected(state, n).values() for j in js})
    criteria = comp.criteria_for(n)
    cols = [L["rank"], L["tied"], L["id"], L["title"], L["institution"], L["category"], *judges,
            *(L["mean_of"].format(c=c.name) for c in criteria), L["round_score"], L["ranking_score"], L["advances"], L["missing"]]
    kinds = ["int", "text", "text", "text", "text", "text", *["score"] * (len(judges) + len(criteria) + 2), "text", "text"]
    t = Table(f"round-{n}", L["round"].format(n=n), cols, kinds)
    top = comp.round(n).advance_top
    exact = {r.entry_id: r for r in st.rows}
    for i, r in enumerate(rows):
        e = r.entry_id
        totals = exact[e].totals
        row = [r.rank, "=" if r.tied else "", e, r.title, r.institution, r.category]
        for k, j in enumerate(judges):
            if j in totals:
                row.append(_f(totals[j]))
            else:
                row.append(None)
                if j in r.missing:
                    t.missing_cells.add((i, 6 + k))
        row += [_f(rs.criterion_mean(e, c.id)) for c in criteria]
        row += [_f(exact[e].round_score), _f(exact[e].ranking_score), L["yes"] if r.advances else L["no"],
                ", ".join(r.missing)]
        t.rows.append(row)
        if top is not None and r.advances and (i + 1 == len(rows) or not rows[i + 1].advances):
            t.cutoff_row = i
    return t


def awards_table(state: lifecycle.State, L: dict, locale: str) -> Table:
    from krenova_cli.i18n.formatting import terbilang

    t = Table("awards", L["awards"], [L[k] for k in ("place", "id", "title", "institution", "category", "ranking_score", "prize", "words")],
              ["text", "text", "text", "text", "text", "score", "rupiah", "text"])
    for p in state.awards.places if state.awards else ():
        e = state.entries[p.entry_id]
        t.rows.append([p.title, e.id, e.title, e.institution, e.category, p.ranking_score, p.amount,
                       terbilang(p.amount, locale, capital=True)])
    return t


def stats_table(state: lifecycle.State, L: dict) -> Table:
    t = Table("judge-stats", L["stats"], [L[k] for k in ("round_no", "judge", "name", "count", "mean", "sd", "diff")],
              ["int", "text", "text", "int", "score", "score", "score"])
    for n in range(1, state.last_round + 1):
        if lifecycle.round_state(state, n) == lifecycle.PENDING:
            continue
        rs = lifecycle.round_scores(state, n)
        # Statistics are for reading, not for ranking: floats are exact enough here.
        per_judge: dict[str, list[float]] = {}
        for totals in rs.totals.values():
            for j, v in totals.items():
                per_judge.setdefault(j, []).append(v.numerator / v.denominator)
        everything = [v for vs in per_judge.values() for v in vs]
        if not everything:
            continue
        panel = fsum(everything) / len(everything)
        for j in sorted(per_judge):
            vs = per_judge[j]
            mean = fsum(vs) / len(vs)
            var = fsum((v - mean) ** 2 for v in vs) / len(vs)
            t.rows.append([n, j, state.judges[j].name if j in state.judges else j, len(vs), mean, sqrt(var), mean - panel])
    return t


def summary_table(state: lifecycle.State, L: dict) -> Table:
    t = Table("rounds", L["summary"], [L[k] for k in ("round_no", "round_name", "state", "entries_n", "advancing_n", "cutoff")],
              ["int", "text", "text", "int", "int", "int"])
    for rnd in state.competition.rounds:
        n = rnd.number
        st = lifecycle.round_state(state, n)
        entries = len(lifecycle.active_entries(state, n)) if st != lifecycle.PENDING else None
        going = len(state.records[n].advancing) if n in state.records else None
        t.rows.append([n, rnd.name, L["states"][st], entries, going, rnd.advance_top])
    return t


def finalists_table(state: lifecycle.State, L: dict) -> Table | None:
    """Ranking scores of the final round's entries in every round they were ranked (for the chart)."""
    closed = sorted(state.records)
    if not closed:
        return None
    last = closed[-1]
    finalists = state.records[last].advancing[:10]
    cols = [L["id"], *(L["round"].format(n=n) for n in closed)]
    t = Table("finalists", "Finalis", cols, ["text"] + ["score"] * len(closed))
    scores = {n: {r.entry_id: r.ranking_score for r in state.records[n].standings} for n in closed}
    for e in finalists:
        t.rows.append([e, *(scores[n].get(e) for n in closed)])
    return t


def all_tables(state: lifecycle.State) -> list[Table]:
    locale = state.competition.competition.locale
    L = LABELS[locale]
    tables = [summary_table(state, L), entries_table(state, L), judges_table(state, L)]
    for n in range(1, state.last_round + 1):
        if lifecycle.round_state(state, n) != lifecycle.PENDING:
            tables.append(round_table(state, n, L))
    tables.append(awards_table(state, L, locale))
    tables.append(stats_table(state, L))
    fin = finalists_table(state, L)
    if fin is not None:
        tables.append(fin)
    return tables
