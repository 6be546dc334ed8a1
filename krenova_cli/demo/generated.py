"""Pure generation of realistic demo data from the word lists in data/demo, deterministic for a seed.

Scores model a real panel: each entry has a latent quality, each judge a
leniency (one judge is clearly lenient), every value carries noise, so close
calls and disagreement occur naturally.
"""

from __future__ import annotations

import random
from dataclasses import dataclass


@dataclass(frozen=True)
class DemoEntry:
    id: str
    title: str
    institution: str
    entity_type: str
    category: str
    contact: str
    phone: str
    email: str
    description: str
    year_started: int


@dataclass(frozen=True)
class DemoJudge:
    id: str
    name: str
    position: str
    affiliation: str
    email: str


def _person(rng: random.Random, words: dict) -> str:
    p = words["people"]
    return f"{rng.choice(p['first'])} {rng.choice(p['last'])}"


def _institutions(rng: random.Random, words: dict, n: int) -> list[tuple[str, str]]:
    """(institution, entity type) pairs; beyond the city's own list, offices of other places."""
    pool = [(i, "OPD") for i in words["opd"]] + [(b, "BUMD") for b in words["bumd"]]
    extra_needed = max(0, n // 2 - len(pool))
    seen = {name for name, _ in pool}
    while extra_needed > 0:
        kind = rng.choice(words["office_types"])
        name = f"{kind} {rng.choice(words['places'])}"
        if name not in seen:
            seen.add(name)
            pool.append((name, "BUMD" if kind.startswith("Perumda") else "OPD"))
            extra_needed -= 1
        elif len(seen) >= len(words["office_types"]) * len(words["places"]) + len(words["opd"]) + len(words["bumd"]):
            break
    return pool


def entries(rng: random.Random, words: dict, n: int, year: int) -> list[DemoEntry]:
    institutions = _institutions(rng, words, n)
    categories = list(words["titles"])
    out: list[DemoEntry] = []
    used: set[tuple[str, str]] = set()
    width = max(3, len(str(n)))
    for i in range(1, n + 1):
        while True:
            inst, kind = rng.choice(institutions)
            cat = rng.choice(categories)
            heads, objects = words["titles"][cat]
            title = f"{rng.choice(heads)} {rng.choice(objects)}"
            if (inst, title) not in used:
                used.add((inst, title))
                break
            if len(used) > 50 * n:  # word lists exhausted: number the title
                title = f"{title} {i}"
                used.add((inst, title))
                break
        d = words["descriptions"]
        desc = f"{rng.choice(d['openings'])} {rng.choice(d['problems'])}; hasilnya {rng.choice(d['results'])}."
        contact = _person(rng, words)
        handle = contact.lower().replace(" ", ".")
        out.append(DemoEntry(
            id=f"K{i:0{width}d}", title=title, institution=inst, entity_type=kind, category=cat,
            contact=contact, phone=f"08{rng.randint(11, 99)}{rng.randint(10_000_000, 99_999_999)}",
            email=f"{handle}@example.go.id", description=desc, year_started=rng.randint(year - 5, year - 1)))
    return out


def judges(rng: random.Random, words: dict, n: int, conflict_with: str | None) -> list[DemoJudge]:
    p = words["people"]
    out = []
    for i in range(1, n + 1):
        name = f"{rng.choice(p['prefix_titles'])} {_person(rng, words)}, {rng.choice(p['suffix_titles'])}".strip()
        affiliation = rng.choice(p["judge_affiliations"])
        position = rng.choice(p["judge_positions"])
        if i == n and conflict_with:
            # One judge comes from a participating institution: the conflict rule keeps them off its entries.
            affiliation, position = conflict_with, "Kepala Bidang Inovasi"
        out.append(DemoJudge(f"J{i}", name, position, affiliation, f"juri{i}@example.ac.id"))
    return out


@dataclass(frozen=True)
class Panel:
    """The latent truth behind generated scores."""

    quality: dict[str, float]
    leniency: dict[str, float]
    bias: dict[str, float]  # per criterion


def panel(rng: random.Random, entry_ids: list[str], judge_ids: list[str], criteria: list[str]) -> Panel:
    quality = {e: rng.gauss(70, 9) for e in entry_ids}
    leniency = {j: rng.gauss(0, 3) for j in judge_ids}
    if judge_ids:
        leniency[judge_ids[0]] = 9.0  # a clearly lenient judge, visible in the judge statistics
    bias = {c: rng.gauss(0, 4) for c in criteria}
    return Panel(quality, leniency, bias)


def round_scores(rng: random.Random, pnl: Panel, round_no: int, expected: dict[str, list[str]],
                 criteria: list[tuple[str, int, int]]) -> dict[str, dict[str, dict[str, int]]]:
    """judge -> entry -> criterion -> whole-number score within each criterion's range."""
    out: dict[str, dict[str, dict[str, int]]] = {}
    for entry_id in sorted(expected):
        drift = rng.gauss(0, 2) + round_no * 0.3
        for judge_id in expected[entry_id]:
            values = {}
            for cid, lo, hi in criteria:
                raw = pnl.quality[entry_id] + drift + pnl.leniency[judge_id] + pnl.bias[cid] + rng.gauss(0, 6)
                values[cid] = int(min(hi, max(lo, round(raw))))
            out.setdefault(judge_id, {})[entry_id] = values
    return out


def comment(rng: random.Random, words: dict) -> str:
    """A judge's comment on an entry: one strength and one suggestion, as judges write them."""
    c = words["comments"]
    return f"{rng.choice(c['strengths'])} {rng.choice(c['suggestions'])}"


def covering_letter_pdf(words: dict, institution: str, entry_id: str) -> bytes:
    """A one-page PDF standing for the covering letter of an institution's head."""
    return _one_page_pdf([words["proposal"]["letter"].format(id=entry_id), institution[:90], words["proposal"]["note"]])


def proposal_pdf(words: dict, title: str, institution: str, entry_id: str) -> bytes:
    """A one-page PDF standing for an entry's proposal (the demo's proposals are attached like real ones):
    a plain PDF 1.4 with one Helvetica text block and a correct cross-reference table."""
    return _one_page_pdf([words["proposal"]["heading"].format(id=entry_id), title[:90], institution[:90], words["proposal"]["note"]])


def _one_page_pdf(lines: list[str]) -> bytes:
    def text(s: str) -> str:
        ascii_text = s.encode("latin-1", "replace").decode("latin-1")
        return ascii_text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

    body = "BT /F1 12 Tf 72 770 Td 16 TL " + " ".join(f"({text(s)}) '" for s in lines) + " ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d >>\nstream\n" % len(body.encode("latin-1")) + body.encode("latin-1") + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, obj in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + obj + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def proposal_sections(rng: random.Random, words: dict, entries_: list[DemoEntry]) -> dict[str, dict[str, str]]:
    """The national proposal's sections as entries write them on the call's form: most filled in, some left
    empty (the SINOVIK draft marks what an entry gave nothing for)."""
    w = words["sections"]
    out: dict[str, dict[str, str]] = {}
    for e in entries_:
        texts = {"ringkasan": e.description, "latar-belakang": rng.choice(w["background"]),
                 "kebaruan": rng.choice(w["novelty"]), "implementasi": w["implementation"].format(year=e.year_started),
                 "signifikansi": rng.choice(w["significance"]), "adaptabilitas": rng.choice(w["adaptability"]),
                 "sumber-daya": rng.choice(w["resources"]), "keberlanjutan": rng.choice(w["sustainability"])}
        for gap in rng.sample(sorted(texts)[1:], rng.randint(0, 3)):
            texts[gap] = ""
        out[e.id] = texts
    return out
