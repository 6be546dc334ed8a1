"""Plain frozen objects the whole program works with, built from data that `store/schema.py` validated.

Validation happens once at the edge (pydantic, in `store/schema.py`); everything after it reads these
dataclasses. Building them needs no pydantic, so a read command whose files are unchanged since
they were last validated (see the store's validation cache) never imports it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field, fields
from datetime import date
from fractions import Fraction
from functools import lru_cache
from typing import Any

from krenova_cli.core.errors import T

ID_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,63}")
# Names Windows reserves for devices: a data directory may be copied to a Windows share.
RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)), *(f"LPT{i}" for i in range(1, 10))}
NATIONAL = "Kompetisi Inovasi Pelayanan Publik (KIPP)"


def is_id(value: object) -> bool:
    return isinstance(value, str) and ID_RE.fullmatch(value) is not None and value.upper() not in RESERVED


def frac(value: int | float | str | Fraction) -> Fraction:
    """Exact value of a number as written (0.1 is 1/10, never the binary float)."""
    if isinstance(value, Fraction):
        return value
    if isinstance(value, int):
        return Fraction(value)
    return Fraction(str(value))


# Invisible characters that are not format characters (Cf) yet show nothing: default-ignorable
# code points (combining grapheme joiner, Hangul fillers, variation selectors, Mongolian free
# variation selectors, tag characters...), and blanks that are not Unicode spaces.
_IGNORABLE = re.compile("[\u034f\u17b4\u17b5\u180b-\u180f\ufe00-\ufe0f\ufff0-\ufff8"
                        "\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0000-\U000e0fff]")
_BLANKS = re.compile("[\u115f\u1160\u2800\u3000\u3164\uffa0]")  # shown as a blank
@lru_cache(maxsize=1)
def _spoof_checker():
    import icu  # PyICU (the pyicu-wheels distribution): Unicode's own confusable data, imported on first use

    return icu.SpoofChecker()


def skeleton(text: str) -> str:
    """The UTS #39 confusable skeleton of `text` (ICU's SpoofChecker): look-alike letters of any script
    (Cyrillic, Greek, dotless i, Lisu, Armenian, Cherokee...) become one prototype, so two strings that
    look the same have the same skeleton."""
    return _spoof_checker().getSkeleton(0, text)


@lru_cache(maxsize=65536)
def normalise_name(text: str) -> str:
    """Names as a person compares them, the one comparison of conflicts of interest, duplicate titles
    and institutions: Unicode NFKC (fullwidth and composed forms alike), format and other invisible
    characters (zero-width spaces, soft hyphens, bidi marks, fillers) removed, case folded, look-alike
    letters of every script read as one (UTS #39 skeletons), whitespace collapsed.

    The skeleton is taken of the case-folded text and folded again (a Lisu NA's prototype is a capital
    N), then taken once more, so "DINAS", "Dinas", "D\u0131nas" and "Di\ua4e0as" meet."""
    if text.isascii():  # the common case: each ASCII character's key, looked up (`_ascii_keys`)
        return " ".join(text.translate(_ascii_keys()).split())
    return _name_key(text)


def _name_key(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    text = _BLANKS.sub(" ", _IGNORABLE.sub("", text))
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Cf")
    folded = unicodedata.normalize("NFKC", text.casefold())
    key = skeleton(skeleton(folded).casefold())
    return " ".join(key.split())


@lru_cache(maxsize=1)
def _ascii_keys() -> dict[int, str]:
    """Each ASCII character's key by the full path: NFKC, case folding and skeletons act on ASCII text one
    character at a time, so a name in ASCII is keyed by a table instead of two calls into ICU
    (tests/unit/test_parsing.py checks the table against the full path)."""
    keys = {}
    for code in range(128):
        ch = chr(code)
        if unicodedata.category(ch) == "Cc" or ch.isspace():  # control characters and whitespace: as the full path
            keys[code] = " " if ch.isspace() else ch
            continue
        folded = unicodedata.normalize("NFKC", ch.casefold())
        keys[code] = skeleton(skeleton(folded).casefold())
    return keys


def mixed_script_word(text: str) -> str | None:
    """The first word that mixes Latin letters with Cyrillic or Greek ones (a look-alike letter typed
    into a Latin name), or None."""
    if text.isascii():  # the common case: no Cyrillic or Greek letter at all
        return None
    for word in text.split():
        scripts = set()
        for ch in word:
            if ch.isalpha():
                name = unicodedata.name(ch, "")
                scripts.add("latin" if name.startswith("LATIN") else "cyrillic" if name.startswith("CYRILLIC")
                            else "greek" if name.startswith("GREEK") else "other")
        if "latin" in scripts and scripts & {"cyrillic", "greek"}:
            return word
    return None


def _date(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(value)


@dataclass(frozen=True)
class Meta:
    id: str
    name: str
    organiser: str
    year: int
    organiser_short: str = ""
    government: str = ""
    city: str = ""
    address: str = ""
    locale: str = "id"
    letter_number: str = "{seq:03d}/{year}"
    award_date: date | None = None
    award_place: str = ""
    national_competition: str = NATIONAL
    letter_number_start: int = 1
    # The letterhead (Tata Naskah Dinas): images are files inside the data folder.
    emblem: str = ""
    logo: str = ""
    phone: str = ""
    email: str = ""
    website: str = ""
    postal_code: str = ""
    cc: tuple[str, ...] = ()
    timezone: str = "Asia/Jakarta"
    # Where a paper's QR code leads: "https://site/v/{code}.html" (see `krenova publish`); "" = the code.
    verify_url: str = ""


@dataclass(frozen=True)
class Named:
    id: str
    name: str
    description: str = ""


@dataclass(frozen=True)
class Criterion:
    id: str
    name: str
    weight: int | float
    min: int | float = 0
    max: int | float = 100
    step: int | float = 1


@dataclass(frozen=True)
class RankWeight:
    round: int
    weight: int | float


@dataclass(frozen=True)
class Round:
    number: int
    name: str
    start: date | None = None
    end: date | None = None
    criteria: tuple[str, ...] | None = None
    advance_top: int | None = None
    rank_by: tuple[RankWeight, ...] | None = None
    aggregation: str | None = None
    normalisation: str | None = None
    tie_break: tuple[str, ...] | None = None
    judges: tuple[str, ...] | None = None  # the round's pool of judges (None or empty: every active judge)
    # a presentation round (paparan) and its schedule (core/schedule.py computes the slots)
    presentation: bool = False
    presentation_date: date | None = None
    presentation_start: str | None = None  # "08:30"
    presentation_end: str | None = None  # the day's end: later slots go on the next working day
    minutes_per_entry: int | None = None
    room: str | None = None
    break_start: str | None = None  # a break (ishoma) no presentation overlaps
    break_minutes: int | None = None


@dataclass(frozen=True)
class Scoring:
    aggregation: str = "mean"
    normalisation: str = "none"
    tie_break: tuple[str, ...] = ()
    # z-score edge cases (see core/scoring.py): a judge with fewer totals in the round than
    # `min_scores` keeps raw totals; one whose totals spread less than `min_spread` points is shifted.
    min_scores: int = 3
    min_spread: int | float = 1
    clip: bool = False  # normalised totals clipped to 0..100


@dataclass(frozen=True)
class Prize:
    place: int
    title: str
    amount: int
    category: str | None = None
    min_score: int | float | None = None  # this prize's own pass mark, besides [awards] min_score


@dataclass(frozen=True)
class AttachmentSettings:
    """`[attachments]`: the kinds of file an entry may carry and how large they may be."""

    types: tuple[str, ...] = ("pdf", "docx", "xlsx", "pptx", "jpg", "png")
    max_file_mb: int = 20
    max_entry_mb: int = 50
    max_pixels: int = 50_000_000


@dataclass(frozen=True)
class RequiredDocument:
    """One document the administrative screening asks of an entry: its name ("Surat pengantar kepala
    OPD"), the attachment kind that counts as it when a file names no document (`kind`), and the
    categories that must give it (empty: every category)."""

    name: str
    kind: str | None = None
    categories: tuple[str, ...] = ()

    def asked_of(self, category: str) -> bool:
        return not self.categories or category in self.categories


@dataclass(frozen=True)
class ScreeningSettings:
    """`[screening]`: the documents every entry must attach (`documents`) and whether an administrative
    round (seleksi administrasi, round 0) comes before round 1 (`round`)."""

    round: bool = False
    name: str = ""
    documents: tuple[RequiredDocument, ...] = ()

    @property
    def required_documents(self) -> tuple[RequiredDocument, ...]:
        """What the call for proposals lists when `[call] required_documents` is not given (year_papers.py)."""
        return self.documents


@dataclass(frozen=True)
class AwardsSettings:
    """`[awards]`: `min_score` is the pass mark for a prize; a place whose entry scores below it stays vacant."""

    min_score: int | float | None = None


@dataclass(frozen=True)
class DecreeSettings:
    """`[decree]`: the decree's legal basis (Mengingat) and the budget it charges; None: a region's
    (the laws in force on the decree's date, the regional budget)."""

    legal_basis: tuple[str, ...] | None = None
    budget: str | None = None


@dataclass(frozen=True)
class CallSettings:
    """`[call]`: what the call for proposals asks: the last day to submit (None: the day before round 1
    starts), where and how to submit, whom to ask, and the documents a proposal carries (None: the
    usual four, documents/year_papers.py)."""

    deadline: date | None = None
    submit_to: str = ""
    contact: str = ""
    required_documents: tuple[str, ...] | None = None


@dataclass(frozen=True)
class CeremonySettings:
    """`[ceremony]`: where and at what time the awards are presented (the date is `competition.award_date`)."""

    venue: str = ""
    time: str = ""


@dataclass(frozen=True)
class ProposalSection:
    """A section of the national competition's proposal outline: its weight in the judging (per cent),
    its word limit (None: no limit) and the competition's criteria whose scores and comments speak to it
    (None: the criteria whose id or name matches the section's)."""

    id: str
    name: str
    weight: int | float = 0
    max_words: int | None = None
    criteria: tuple[str, ...] | None = None


# KIPP 2023's proposal outline for its general group (Kelompok Umum) and its judges' weights: the
# default of `[sinovik]`; a preset states its own year's outline.
KIPP_OUTLINE = "Proposal KIPP 2023 Kelompok Umum"
KIPP_SECTIONS = (
    ProposalSection("ringkasan", "Ringkasan", 0, 200),
    ProposalSection("latar-belakang", "Latar Belakang dan Tujuan", 10),
    ProposalSection("kebaruan", "Kebaruan/Nilai Tambah", 15),
    ProposalSection("implementasi", "Implementasi Inovasi", 5),
    ProposalSection("signifikansi", "Signifikansi", 30),
    ProposalSection("adaptabilitas", "Adaptabilitas", 20),
    ProposalSection("sumber-daya", "Sumber Daya", 5),
    ProposalSection("keberlanjutan", "Strategi Keberlanjutan", 15),
)


@dataclass(frozen=True)
class SinovikSettings:
    """`[sinovik]`: the outline of the national competition's proposal the SINOVIK drafts follow."""

    outline: str = KIPP_OUTLINE
    sections: tuple[ProposalSection, ...] = KIPP_SECTIONS

    def section(self, section_id: str) -> ProposalSection | None:
        return next((s for s in self.sections if s.id == section_id), None)


@dataclass(frozen=True)
class Signatory:
    """Who signs: the head of region (`office = "region"`, letterhead with the state emblem) or an
    agency head (`office = "agency"`, letterhead of the agency with the region's logo)."""

    title: str
    name: str = ""
    nip: str = ""
    rank: str = ""
    office: str = "region"


@dataclass(frozen=True)
class LetterSeries:
    """A kind of paper numbered in its own agenda book: its pattern and first sequence number."""

    kind: str
    number: str
    start: int = 1


@dataclass(frozen=True)
class Competition:
    competition: Meta
    entity_types: tuple[Named, ...]
    categories: tuple[Named, ...]
    criteria: tuple[Criterion, ...]
    rounds: tuple[Round, ...]
    signatory: Signatory
    scoring: Scoring = field(default_factory=Scoring)
    prizes: tuple[Prize, ...] = ()
    agency_signatory: Signatory | None = None
    awards: AwardsSettings = field(default_factory=AwardsSettings)
    decree: DecreeSettings = field(default_factory=DecreeSettings)
    call: CallSettings = field(default_factory=CallSettings)
    ceremony: CeremonySettings = field(default_factory=CeremonySettings)
    interface_language: str | None = None  # the command line's language (KRENOVA_LANG overrides it)
    attachments: AttachmentSettings = field(default_factory=AttachmentSettings)
    letters: tuple[LetterSeries, ...] = ()  # kinds numbered in their own agenda book ([letters.KIND])
    sinovik: SinovikSettings = field(default_factory=SinovikSettings)
    screening: ScreeningSettings = field(default_factory=ScreeningSettings)

    def letter_series(self, kind: str) -> tuple[str, str, int]:
        """The series a kind is numbered in ("" for the shared agenda book), its pattern and first number."""
        own = next((s for s in self.letters if s.kind == kind), None)
        if own is None:
            return "", self.competition.letter_number, self.competition.letter_number_start
        return kind, own.number, own.start
    institution_names: Any = None  # [institution_names]: additions to data/institutions.toml (core/names.py)

    def category_name(self, category_id: str) -> str:
        """What people call a category (its id when the settings give no such category)."""
        return next((c.name for c in self.categories if c.id == category_id), category_id)

    def entity_type_name(self, type_id: str) -> str:
        return next((t.name for t in self.entity_types if t.id == type_id), type_id)

    def round(self, number: int) -> Round:
        if not 1 <= number <= len(self.rounds):
            raise IndexError(number)
        return self.rounds[number - 1]

    def criteria_for(self, number: int) -> list[Criterion]:
        ids = self.round(number).criteria
        if ids is None:
            return list(self.criteria)
        by_id = {c.id: c for c in self.criteria}
        return [by_id[c] for c in ids]

    def rank_by(self, number: int) -> list[tuple[int, Fraction]]:
        spec = self.round(number).rank_by
        if not spec:
            return [(number, Fraction(1))]
        return [(rw.round, frac(rw.weight)) for rw in spec]

    def aggregation_for(self, number: int) -> str:
        return self.round(number).aggregation or self.scoring.aggregation

    def normalisation_for(self, number: int) -> str:
        return self.round(number).normalisation or self.scoring.normalisation

    def tie_break_for(self, number: int) -> list[str]:
        tb = self.round(number).tie_break
        return list(self.scoring.tie_break if tb is None else tb)


@dataclass(frozen=True)
class Withdrawal:
    round: int
    reason: str
    disqualified: bool = False  # the committee took it out (plagiarism, false data), not the entrant


@dataclass(frozen=True)
class ScreeningDecision:
    """The secretariat's word on an entry in the administrative screening: `pass` or `stop`, and why."""

    decision: str
    reason: str = ""


@dataclass(frozen=True)
class Entry:
    id: str
    title: str
    institution: str
    entity_type: str
    category: str
    contact: str = ""
    phone: str = ""
    email: str = ""
    description: str = ""
    year_started: int | None = None
    withdrawn: Withdrawal | None = None
    head_title: str = ""  # the office of the institution's head, e.g. "Kepala Dinas Kesehatan Kota Magelang"
    region: str = ""
    screening: ScreeningDecision | None = None  # decided in the administrative screening (before it closes)
    # the entry's own words for the national proposal: section id ([sinovik] sections) -> text
    proposal: dict[str, str] = field(default_factory=dict, hash=False)


@dataclass(frozen=True)
class Retirement:
    """A judge who left: expected in no round from `round` on (scores already given stay and count)."""

    round: int
    reason: str
    back: int | None = None  # reactivated: expected again from this round on

    def covers(self, n: int) -> bool:
        return self.round <= n and (self.back is None or n < self.back)


@dataclass(frozen=True)
class Judge:
    id: str
    name: str
    position: str = ""
    affiliation: str = ""
    email: str = ""
    conflicts: tuple[str, ...] = ()
    conflict_institutions: tuple[str, ...] = ()
    conflict_regions: tuple[str, ...] = ()
    retired: Retirement | None = None

    def retired_by(self, n: int) -> bool:
        """The judge has left by round n (is expected in no round from their retirement on)."""
        return self.retired is not None and self.retired.covers(n)


from krenova_cli.core.names import compare_with, same_institution  # noqa: E402  (names as one office writes them, SPEC 9.3)

compare_with(normalise_name)


def conflict_reason(judge: Judge, entry: Entry) -> str | None:
    """Why the judge may not score the entry (None: no conflict). Institutions compare as
    `names.same_institution` reads them, regions after normalise_name."""
    if entry.id in judge.conflicts:
        return T("declared conflict")
    inst = entry.institution
    if judge.affiliation and same_institution(judge.affiliation, inst):
        return T("same institution: {institution}", institution=entry.institution)
    if judge.conflict_institutions and any(same_institution(i, inst) for i in judge.conflict_institutions):
        return T("declared conflict with the institution {institution}", institution=entry.institution)
    if entry.region and judge.conflict_regions and normalise_name(entry.region) in {normalise_name(r) for r in judge.conflict_regions}:
        return T("declared conflict with the region {region}", region=entry.region)
    return None


def in_conflict(judge: Judge, entry: Entry) -> bool:
    return conflict_reason(judge, entry) is not None


# -- building from validated data (model_dump(mode="json") of the pydantic models) -------------
def _tuple(items, build=None):
    if items is None:
        return None
    return tuple(build(i) if build else i for i in items)


def _attachment_settings(d: dict) -> AttachmentSettings:
    return AttachmentSettings(**{k: (tuple(v) if k == "types" else v) for k, v in d.items()})


def _call_settings(d: dict) -> CallSettings:
    return CallSettings(deadline=_date(d.get("deadline")), submit_to=d.get("submit_to", ""), contact=d.get("contact", ""),
                        required_documents=_tuple(d.get("required_documents")))


def competition_from(d: dict) -> Competition:
    meta = dict(d["competition"])
    meta["award_date"] = _date(meta.get("award_date"))
    if "cc" in meta:
        meta["cc"] = tuple(meta["cc"])
    rounds = []
    for r in d["rounds"]:
        r = dict(r)
        r["start"], r["end"] = _date(r.get("start")), _date(r.get("end"))
        r["presentation_date"] = _date(r.get("presentation_date"))
        r["criteria"] = _tuple(r.get("criteria"))
        r["tie_break"] = _tuple(r.get("tie_break"))
        r["rank_by"] = _tuple(r.get("rank_by"), lambda x: RankWeight(**x))
        r["judges"] = _tuple(r.get("judges")) or None
        rounds.append(Round(**r))
    scoring = dict(d.get("scoring") or {})
    if "tie_break" in scoring:
        scoring["tie_break"] = tuple(scoring["tie_break"])
    return Competition(
        competition=Meta(**meta),
        entity_types=tuple(Named(**x) for x in d["entity_types"]),
        categories=tuple(Named(**x) for x in d["categories"]),
        criteria=tuple(Criterion(**x) for x in d["criteria"]),
        rounds=tuple(rounds),
        signatory=Signatory(**d["signatory"]),
        scoring=Scoring(**scoring),
        prizes=tuple(Prize(**x) for x in d.get("prizes") or ()),
        agency_signatory=Signatory(**d["agency_signatory"]) if d.get("agency_signatory") else None,
        awards=AwardsSettings(**(d.get("awards") or {})),
        attachments=_attachment_settings(d.get("attachments") or {}),
        decree=DecreeSettings(legal_basis=_tuple((d.get("decree") or {}).get("legal_basis")),
                              budget=(d.get("decree") or {}).get("budget")),
        call=_call_settings(d.get("call") or {}),
        ceremony=CeremonySettings(**(d.get("ceremony") or {})),
        interface_language=d.get("interface_language"),
        letters=tuple(LetterSeries(kind=k, **v) for k, v in (d.get("letters") or {}).items()),
        institution_names=d.get("institution_names"),
        screening=_screening_settings(d.get("screening") or {}),
        sinovik=_sinovik(d.get("sinovik")),
    )


def _screening_settings(d: dict) -> ScreeningSettings:
    docs = tuple(RequiredDocument(name=x["name"], kind=x.get("kind"), categories=tuple(x.get("categories") or ()))
                 for x in d.get("documents") or ())
    return ScreeningSettings(round=bool(d.get("round", False)), name=d.get("name") or "", documents=docs)


def _sinovik(d: dict | None) -> SinovikSettings:
    if not d:
        return SinovikSettings()
    sections = d.get("sections")
    return SinovikSettings(
        outline=d.get("outline") or KIPP_OUTLINE,
        sections=KIPP_SECTIONS if sections is None else tuple(
            ProposalSection(**(dict(x) | {"criteria": _tuple(x.get("criteria"))})) for x in sections))


def entry_from(d: dict) -> Entry:
    d = dict(d)
    if "proposal" in d:
        d["proposal"] = dict(d["proposal"] or {})
    if d.get("withdrawn") is not None:
        d["withdrawn"] = Withdrawal(**d["withdrawn"])
    if d.get("screening") is not None:
        d["screening"] = ScreeningDecision(**d["screening"])
    return Entry(**d)


def judge_from(d: dict) -> Judge:
    d = dict(d)
    for key in ("conflicts", "conflict_institutions", "conflict_regions"):
        d[key] = tuple(d.get(key) or ())
    if d.get("retired") is not None:
        d["retired"] = Retirement(**d["retired"])
    return Judge(**d)


def as_dict(obj: Any, keep: tuple[str, ...] = ()) -> dict:
    """The stored form of a plain object: fields at their default are left out (except `keep`)."""
    out = {}
    for f in fields(obj):
        value = getattr(obj, f.name)
        if f.name not in keep and (value == f.default or value is None or value == () or value == "" or value == {}):
            continue
        if isinstance(value, tuple):
            value = [as_dict(v) if hasattr(v, "__dataclass_fields__") else v for v in value]
        elif hasattr(value, "__dataclass_fields__"):
            value = as_dict(value)
        elif isinstance(value, date):
            value = value.isoformat()
        out[f.name] = value
    return out
