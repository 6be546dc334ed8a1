"""Pure: the recap's tables (summary, entries, judges, one per round, awards, judge statistics) as data.

The Excel, CSV and JSON exports all render these same tables, so every format
says the same thing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from math import fsum, sqrt
from typing import Callable, NamedTuple

from krenova_cli.core import lifecycle
from krenova_cli.i18n.labels import LABELS, gone_words  # noqa: F401  (the recap's words; gone_words the recap writer's too)
from krenova_cli.core.closing import decided_order, final_score, would_advance
from krenova_cli.core.ids import natural_key


# Column kinds: text, wrap (long text: printed at a fixed width, wrapped), int, score, rupiah.
@dataclass
class Table:
    key: str
    title: str
    columns: list[str]
    kinds: list[str]
    rows: list[list] = field(default_factory=list)
    cutoff_row: int | None = None  # index of the last advancing row, when a cutoff applies
    missing_cells: set[tuple[int, int]] = field(default_factory=set)
    widths: dict[int, float] = field(default_factory=dict)  # fixed print widths (characters) of wrapped columns


def _f(value: Fraction | None) -> float | None:
    return None if value is None else float(value)


def shown_score(row) -> float | None:
    """A round record's ranking score as a cell holds it: the exact value (the record's `ranking_score`
    is rounded to 4 places: 69.005 under a `0.00` format would show 69.01 for an exact 69.00495...,
    a number rounded twice; SPEC 8.2). Older records without the exact value keep their own."""
    return _f(row.exact_score) if row.exact_score is not None else row.ranking_score


def category_names(state: lifecycle.State) -> dict[str, str]:
    return {c.id: c.name for c in state.competition.categories}


def status_words(state: lifecycle.State, entry_id: str, L: dict) -> str:
    """Where the entry stands; a withdrawn, disqualified or stopped one with the recorded reason."""
    kind, detail = lifecycle.entry_standing(state, entry_id)
    words = L["statuses"][kind].format(detail)
    gone = state.entries[entry_id].withdrawn
    if kind == "stopped" and state.screening is not None:
        return f"{words} ({state.screening.stopped[entry_id]})"
    return f"{words} ({gone.reason})" if kind in ("withdrawn", "disqualified") and gone is not None else words


def entries_table(state: lifecycle.State, L: dict) -> Table:
    cats = category_names(state)
    t = Table("entries", L["entries"], [L[k] for k in ("id", "title", "institution", "type", "category", "contact",
              "phone", "email", "description", "year", "status")],
              ["text", "wrap", "wrap", "text", "wrap", "wrap", "text", "text", "wrap", "int", "wrap"],
              widths={1: 26, 2: 22, 4: 18, 5: 14, 8: 44, 10: 16})
    for e in state.entries.values():
        t.rows.append([e.id, e.title, e.institution, e.entity_type, cats.get(e.category, e.category), e.contact, e.phone,
                       e.email, e.description, e.year_started, status_words(state, e.id, L)])
    return t


def judges_table(state: lifecycle.State, L: dict) -> Table:
    from krenova_cli.core.model import in_conflict

    t = Table("judges", L["judges"], [L[k] for k in ("id", "name", "position", "affiliation", "email", "conflicts")],
              ["text", "wrap", "wrap", "wrap", "text", "wrap"], widths={1: 30, 2: 28, 3: 30, 5: 30})
    for j in state.judges.values():
        conflicted = [e for e in state.entries.values() if in_conflict(j, e)]
        t.rows.append([j.id, j.name, j.position, j.affiliation, j.email, conflict_summary(j, conflicted, L)])
    return t


CONFLICT_IDS_LISTED = 10  # more declared ids than this are counted, not listed


def conflict_summary(judge, conflicted, L: dict) -> str:
    """A judge's conflicts as a committee reads them: by institution and by region with the number of entries
    each keeps the judge from, and the entries declared one by one (listed when few). A national judge
    kept from a province's 150 entries reads "wilayah Jawa Tengah (150)", not 150 ids."""
    from collections import Counter

    declared, by_inst, by_region = [], Counter(), Counter()
    for e in conflicted:
        if e.id in judge.conflicts:
            declared.append(e.id)
        elif not _same_inst(judge, e):  # conflict_reason's order: the entry, the institution, then the region
            by_region[e.region] += 1
        else:
            by_inst[e.institution] += 1
    parts = [f"{name} ({n})" for name, n in sorted(by_inst.items(), key=lambda x: (-x[1], x[0]))]
    parts += [L["region_n"].format(region=name, n=n) for name, n in sorted(by_region.items(), key=lambda x: (-x[1], x[0]))]
    declared.sort(key=natural_key)
    if len(declared) > CONFLICT_IDS_LISTED:
        parts.append(L["declared_n"].format(n=len(declared)))
    elif declared:
        parts.append(", ".join(declared))
    return "; ".join(parts)


def _same_inst(judge, entry) -> bool:
    from krenova_cli.core.names import same_institution

    inst = entry.institution
    return bool((judge.affiliation and same_institution(judge.affiliation, inst))
                or any(same_institution(i, inst) for i in judge.conflict_institutions))


class ShownRow(NamedTuple):
    """What the recap shows of a standings row (`closing.standings_rows` without the rounded scores,
    which the recap takes from the exact standings)."""

    rank: int | None
    tied: bool
    entry_id: str
    title: str
    institution: str
    category: str
    advances: bool
    missing: tuple[str, ...]


def _round_rows(state: lifecycle.State, n: int):
    st = lifecycle.standings(state, n)
    if n in state.records:
        going = state.records[n].advancing
    else:
        going = would_advance(state, st)[0]
    going_set = set(going)
    rows = []
    for r in st.rows:
        e = state.entries.get(r.entry_id)
        rows.append(ShownRow(r.rank, r.tied, r.entry_id, e.title if e else "", e.institution if e else "", e.category if e else "",
                             r.entry_id in going_set, tuple(r.missing)))
    if n in state.records:  # as decided: an entry the committee passed over in a tie is below the cutoff line
        rows = decided_order(rows, going)
    return st, rows


def _cutoff_row(state: lifecycle.State, n: int, rows) -> int | None:
    if state.competition.round(n).advance_top is None:
        return None
    return next((i for i, r in enumerate(rows) if r.advances and (i + 1 == len(rows) or not rows[i + 1].advances)), None)


def round_tables(state: lifecycle.State, n: int, L: dict) -> tuple[Table, Table]:
    """Round n's sheet for reading and its per-judge detail, from one computation of the standings."""
    ranked = _round_rows(state, n)
    return round_table(state, n, L, ranked), round_detail_table(state, n, L, ranked)


def round_table(state: lifecycle.State, n: int, L: dict, ranked=None) -> Table:
    """What a reader of round n needs: rank, entry, institution, category, scores, advanced or not."""
    cats = category_names(state)
    st, rows = ranked or _round_rows(state, n)
    exact = {r.entry_id: r for r in st.rows}
    cols = [L[k] for k in ("rank", "tied", "id", "title", "institution", "category", "round_score", "ranking_score", "advances")]
    kinds = ["int", "text", "text", "wrap", "wrap", "wrap", "score", "score", "text"]
    t = Table(f"round-{n}", L["round"].format(n=n), cols, kinds, widths={3: 34, 4: 28, 5: 30})
    for r in rows:
        t.rows.append([r.rank, "=" if r.tied else "", r.entry_id, r.title, r.institution, cats.get(r.category, r.category),
                       _f(exact[r.entry_id].round_score), _f(exact[r.entry_id].ranking_score), L["yes"] if r.advances else L["no"]])
    t.cutoff_row = _cutoff_row(state, n, rows)
    return t


def round_detail_table(state: lifecycle.State, n: int, L: dict, ranked=None) -> Table:
    """The per-judge detail of round n: each entry's panel as Juri 1..k (the judges who should score it, in
    id order), their totals, the mean of each criterion, and who is still missing."""
    comp = state.competition
    st, rows = ranked or _round_rows(state, n)
    rs = lifecycle.round_scores(state, n)
    panels = lifecycle.expected(state, n)
    k = max((len(p) for p in panels.values()), default=0)
    criteria = comp.criteria_for(n)
    cols = [L["rank"], L["id"], L["panel"], *(L["slot"].format(k=i + 1) for i in range(k)),
            *(L["mean_of"].format(c=c.name) for c in criteria), L["missing"]]
    kinds = ["int", "text", "wrap", *["score"] * (k + len(criteria)), "wrap"]
    panel_width = min(max(10, max((len(" ".join(p)) for p in panels.values()), default=0) + 1), 26)
    t = Table(f"round-{n}-detail", L["round_detail"].format(n=n), cols, kinds, widths={2: panel_width, len(cols) - 1: 14})
    exact = {r.entry_id: r for r in st.rows}
    for i, r in enumerate(rows):
        e = r.entry_id
        totals = exact[e].totals
        panel = sorted(panels.get(e, ()), key=_judge_order) or sorted(totals, key=_judge_order)
        row = [r.rank, e, " ".join(panel)]
        for slot in range(k):
            j = panel[slot] if slot < len(panel) else None
            row.append(_f(totals[j]) if j in totals else None)
            if j is not None and j in r.missing:
                t.missing_cells.add((i, 3 + slot))
        row += _criterion_means(rs, e, criteria)
        row.append(", ".join(r.missing))
        t.rows.append(row)
    t.cutoff_row = _cutoff_row(state, n, rows)
    return t


COMMENT_WIDTH = 45  # characters: each of the comments sheet's two text columns
COMMENT_LINES = 28  # the most lines a row of that sheet holds: a row is never split across printed pages


def comments_table(state: lifecycle.State, n: int, L: dict, ranked=None) -> Table | None:
    """The judges' comments of round n beside its detail sheet: one row per judge and entry commented (in the
    round's order, then the judges' order), the entry's comment and each criterion's under its name. A text
    longer than a printed page goes on in the rows under it, the keys repeated. None when no judge commented."""
    said = state.comments.get(n, {})
    if not any(said.values()):
        return None
    _st, rows = ranked or _round_rows(state, n)
    names = {c.id: c.name for c in state.competition.criteria_for(n)}
    order = list(names)
    cols = [L["rank"], L["id"], L["title"], L["judge"], L["judge_name"], L["comment"], L["criterion_comments"]]
    t = Table(f"round-{n}-comments", L["round_comments"].format(n=n), cols,
              ["int", "text", "wrap", "text", "wrap", "wrap", "wrap"], widths={2: 30, 4: 22, 5: COMMENT_WIDTH, 6: COMMENT_WIDTH})
    shown = [(r.rank, r.entry_id, r.title) for r in rows]
    ranked_ids = {e for _r, e, _t in shown}
    shown += [(None, e, state.entries[e].title if e in state.entries else "")  # commented, yet not in the round's order
              for e in sorted({e for by in said.values() for e in by} - ranked_ids, key=natural_key)]
    for rank, e, title in shown:
        for j in sorted((j for j in said if e in said[j]), key=_judge_order):
            c = said[j][e]
            given = dict(c.get("criteria") or {})
            keys = sorted(given, key=lambda k: (order.index(k) if k in order else len(order), k))
            by_criterion = "\n".join(f"{names.get(k, k)}: {given[k]}" for k in keys if given[k])
            own = comment_chunks(c.get("comment") or "", COMMENT_WIDTH)
            theirs = comment_chunks(by_criterion, COMMENT_WIDTH)
            judge = state.judges.get(j)
            for i in range(max(len(own), len(theirs), 1)):
                t.rows.append([rank, e, title, j, judge.name if judge else "", own[i] if i < len(own) else "",
                               theirs[i] if i < len(theirs) else ""])
    return t


def comment_chunks(text: str, width: float) -> list[str]:
    """`text` cut into pieces of at most COMMENT_LINES lines in a column `width` characters wide: between its
    paragraphs, or between words inside a paragraph longer than that. [] for no text."""
    from krenova_cli.spreadsheets.wrapping import wrapped_lines

    if not text:
        return []
    if wrapped_lines(text, width) <= COMMENT_LINES:
        return [text]
    chunks: list[str] = []
    current: list[str] = []
    for paragraph in text.split("\n"):
        if current and wrapped_lines("\n".join(current + [paragraph]), width) > COMMENT_LINES:
            chunks.append("\n".join(current))
            current = []
        if wrapped_lines(paragraph, width) > COMMENT_LINES:  # a paragraph of its own longer than a row: cut between words
            step = max(1, int(width * COMMENT_LINES // 2))  # a "word" of a thousand letters: cut inside it too
            words = [(" " if i == 0 else "", w[i:i + step]) for w in paragraph.split(" ") for i in range(0, max(len(w), 1), step)]
            piece = ""
            for sep, word in words:
                if piece and wrapped_lines(piece + sep + word, width) > COMMENT_LINES:
                    chunks.append(piece)
                    piece, sep = "", ""
                piece += (sep if piece else "") + word
            current = [piece]
            continue
        current.append(paragraph)
    if current:
        chunks.append("\n".join(current))
    return chunks


def _round_sheets(state: lifecycle.State, n: int, L: dict) -> list[Table]:
    """Round n's sheets: to read, its detail, and its judges' comments when there are any."""
    ranked = _round_rows(state, n)
    said = comments_table(state, n, L, ranked)
    return [round_table(state, n, L, ranked), round_detail_table(state, n, L, ranked), *([said] if said else [])]


def _criterion_means(rs, entry_id: str, criteria) -> list[float | None]:
    """`float(rs.criterion_mean(entry_id, c))` for each criterion; whole scores are divided as ints
    (int / int is the correctly rounded quotient, as the Fraction's float is)."""
    given = [rs.raw[j][entry_id] for j in rs.totals.get(entry_id, {})]
    if not given:
        return [None] * len(criteria)
    out = []
    for c in criteria:
        total = sum(values[c.id] for values in given)
        out.append(total / len(given) if type(total) is int else float(Fraction(total) / len(given)))
    return out


def _judge_order(judge_id: str) -> tuple:
    """J2 before J10: the digits compare as numbers."""
    head = judge_id.rstrip("0123456789")
    tail = judge_id[len(head):]
    return (head, int(tail) if tail else -1, judge_id)


def awards_table(state: lifecycle.State, L: dict, locale: str) -> Table:
    from krenova_cli.i18n.formatting import terbilang

    cats = category_names(state)
    t = Table("awards", L["awards"], [L[k] for k in ("place", "id", "title", "institution", "category", "ranking_score", "prize", "words")],
              ["wrap", "text", "wrap", "wrap", "wrap", "score", "rupiah", "wrap"], widths={0: 11, 2: 30, 3: 26, 4: 22, 7: 26})
    # grouped: the general prizes, then each category's in the settings' order (a prize's title wraps, never cut)
    order = {c.id: i for i, c in enumerate(state.competition.categories, start=1)}
    places = sorted(state.awards.places if state.awards else (), key=lambda p: (order.get(p.category, 0) if p.category else 0, p.place))
    for p in places:
        if p.entry_id is None:  # a vacant place is shown as such
            # a vacant place: nobody receives its prize, so no amount is shown
            t.rows.append([p.title, "-", "tidak ada pemenang" if locale == "id" else "no winner", "", "", None, None, "-"])
            continue
        e = state.entries[p.entry_id]
        score = final_score(state, state.awards.round, p)
        score = _f(score) if isinstance(score, Fraction) else score
        t.rows.append([p.title, e.id, e.title, e.institution, cats.get(e.category, e.category), score, p.amount,
                       terbilang(p.amount, locale, capital=True)])
    return t


def stats_table(state: lifecycle.State, L: dict) -> Table:
    """Per round and judge, on RAW totals (before any normalisation): count, mean, spread, and the mean
    difference from the other judges on the same entries (positive: more lenient than the co-panellists)."""
    from krenova_cli.core.scoring import co_panel_differences

    t = Table("judge-stats", L["stats"], [L[k] for k in ("round_no", "judge", "name", "count", "mean", "sd", "diff")],
              ["int", "text", "wrap", "int", "score", "score", "score"], widths={2: 30})
    for n in range(1, state.last_round + 1):
        if lifecycle.round_state(state, n) == lifecycle.PENDING:
            continue
        rs = lifecycle.round_scores(state, n)
        raw = rs.raw_totals or rs.totals
        # Statistics are for reading, not for ranking: floats are exact enough here.
        per_judge: dict[str, list[float]] = {}
        for totals in raw.values():
            for j, v in totals.items():
                per_judge.setdefault(j, []).append(v.numerator / v.denominator)
        if not per_judge:
            continue
        against = co_panel_differences(raw)
        for j in sorted(per_judge, key=_judge_order):
            vs = per_judge[j]
            mean = fsum(vs) / len(vs)
            var = fsum((v - mean) ** 2 for v in vs) / len(vs)
            _shared, diff = against.get(j, (0, None))
            t.rows.append([n, j, state.judges[j].name if j in state.judges else j, len(vs), mean, sqrt(var), _f(diff)])
    return t


def summary_table(state: lifecycle.State, L: dict) -> Table:
    t = Table("rounds", L["summary"], [L[k] for k in ("round_no", "round_name", "state", "entries_n", "advancing_n", "cutoff")],
              ["int", "wrap", "text", "int", "int", "int"], widths={1: 30})
    for rnd in state.competition.rounds:
        n = rnd.number
        st = lifecycle.round_state(state, n)
        entries = len(lifecycle.active_entries(state, n)) if st != lifecycle.PENDING else None
        going = len(state.records[n].advancing) if n in state.records else None
        t.rows.append([n, rnd.name, L["states"][st], entries, going, rnd.advance_top])
    return t


FINALISTS_SHOWN = 15  # on the page the committee signs; the round sheet lists them all


def finalists_table(state: lifecycle.State, L: dict) -> Table | None:
    """The entries that passed the last closed round, with their ranking score in every round they were ranked
    (the summary lists them, the overview charts the first ten)."""
    closed = sorted(state.records)
    if not closed:
        return None
    last = closed[-1]
    going = state.records[last].advancing
    cols = [L["id"], L["title"], L["institution"], *(L["round"].format(n=n) for n in closed)]
    t = Table("finalists", L["finalists"], cols, ["text", "wrap", "wrap"] + ["score"] * len(closed), widths={1: 30, 2: 26})
    scores = {n: {r.entry_id: shown_score(r) for r in state.records[n].standings} for n in closed}
    for e in going:
        entry = state.entries[e]
        t.rows.append([e, entry.title, entry.institution, *(scores[n].get(e) for n in closed)])
    return t


def analysis_rounds(state: lifecycle.State) -> list[tuple[int, int]]:
    """(round, cutoff) for each closed round with a cutoff, and the last round once it has scores (its cutoff, else
    the number of prize places); a cutoff that keeps every ranked entry is left out."""
    comp = state.competition
    last = len(comp.rounds)
    out = []
    for rnd in comp.rounds:
        n = rnd.number
        if rnd.advance_top is not None and n in state.records:
            top = rnd.advance_top
        elif n == last and lifecycle.round_state(state, n) != lifecycle.PENDING and any(state.scores.get(n, {}).values()):
            top = rnd.advance_top or len({p.place for p in comp.prizes})
        else:
            continue
        if 0 < top < len(lifecycle.active_entries(state, n)):
            out.append((n, top))
    return out


def analysis_table(state: lifecycle.State, L: dict, locale: str) -> Table:
    """The analysis sheet (SPEC 8.6) without the bootstrap: for each round of `analysis_rounds`, the entries that change
    sides of the cutoff under each aggregation and without each judge (the figures of `krenova analyse --json`),
    the panel's agreement, each judge's deviation with its 95% interval, the outliers, and a verdict in words."""
    from krenova_cli.core.analysis import AGGREGATIONS, exact
    from krenova_cli.i18n.verdict import verdict

    cols = [L[k] for k in ("round_no", "aspect", "item", "count_n", "value", "ci_low", "ci_high", "detail")]
    t = Table("analysis", L["analysis"], cols, ["int", "wrap", "wrap", "int", "score", "score", "score", "wrap"],
              widths={1: 24, 2: 30, 7: 56})
    for n, top in analysis_rounds(state):
        data = exact(state, n, top).data(state)
        own = state.competition.aggregation_for(n), state.competition.normalisation_for(n)
        rows = t.rows
        rows.append([n, L["a_cutoff"], f"Top {top}", top, None, None, None, ", ".join(data["actual"]["advancing"])])
        rows.append([n, L["a_verdict"], None, None, None, None, None, " ".join(verdict(data, locale))])
        for name, o in data["aggregations"].items():
            item = L["a_own"].format(rule=name) if AGGREGATIONS[name] == own else name
            rows.append([n, L["a_rule"], item, len(o["changed"]), None, None, None, ", ".join(o["changed"]) or L["none"]])
        for j, o in data["leave_one_out"].items():
            name = state.judges[j].name if j in state.judges else ""
            rows.append([n, L["a_without"], f"{j} {name}".strip(), len(o["changed"]), None, None, None,
                         ", ".join(o["changed"]) or L["none"]])
        rows.append([n, L["a_w"], None, None, data["kendall_w"], None, None, None])
        rows.append([n, L["a_alpha"], None, None, data["alpha"], None, None, None])
        for j, v in data["judges"].items():
            rows.append([n, L["a_dev"], f"{j} {v['name']}".strip(), v["n"], v["mean_deviation"], v["ci_low"], v["ci_high"], None])
        rows.append([n, L["a_out"], L["a_all"], len(data["outliers"]), None, None, None, None])
    return t


def all_tables(state: lifecycle.State, analysis: bool = False) -> list[Table]:
    """Every table of the recap; `analysis` adds the analysis sheet (opt-in: it costs seconds at national scale)."""
    return [t for _key, make in table_makers(state, analysis) for t in make()]


def table_makers(state: lifecycle.State, analysis: bool = False) -> list[tuple[str, Callable[[], list[Table]]]]:
    """`all_tables` in order, as (key, maker) pairs, each table made when asked for: the Excel recap writes
    each sheet and lets its table go before making the next (a national recap's tables are a hundred MB)."""
    locale = state.competition.competition.locale
    L = LABELS[locale]
    makers: list[tuple[str, Callable[[], list[Table]]]] = [
        ("rounds", lambda: [summary_table(state, L)]), ("entries", lambda: [entries_table(state, L)]),
        ("judges", lambda: [judges_table(state, L)])]
    for n in range(1, state.last_round + 1):
        if lifecycle.round_state(state, n) != lifecycle.PENDING:
            makers.append((f"round-{n}", lambda n=n: _round_sheets(state, n, L)))
    makers.append(("awards", lambda: [awards_table(state, L, locale)]))
    makers.append(("judge-stats", lambda: [stats_table(state, L)]))
    makers.append(("finalists", lambda: [t for t in (finalists_table(state, L),) if t is not None]))
    if analysis:
        makers.append(("analysis", lambda: [analysis_table(state, L, locale)]))
    return makers
