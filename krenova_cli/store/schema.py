"""Pydantic models of what is on disk: the edge where files are validated (unknown keys forbidden).

Validation returns the plain objects of `model.py`, which the rest of the program uses. Score
files are deliberately *not* modelled here: at national scale they hold hundreds of thousands of
values, validated as plain mappings in `validate.py`.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints, field_validator, model_validator

from krenova_cli.core import model
from krenova_cli.core.errors import T
from krenova_cli.core.model import NATIONAL, RESERVED, frac
from krenova_cli.core.ranking import parse_tie_break
from krenova_cli.core.scoring import AGGREGATIONS, NORMALISATIONS

def _not_reserved(value: str) -> str:
    if value.upper() in RESERVED:
        raise ValueError(T("{value!r} is a name Windows reserves for a device; choose another id", value=value))
    return value


Id = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$"), AfterValidator(_not_reserved)]
Text = Annotated[str, StringConstraints(max_length=2000)]
Name = Annotated[str, StringConstraints(min_length=1, max_length=300, strip_whitespace=True)]
Number = int | float
MAX_SECTION = 10_000  # characters of one section of an entry's proposal (about 1,400 words)
SectionText = Annotated[str, StringConstraints(max_length=MAX_SECTION)]  # each one held to `_plain_text` (Entry.proposal)


def _clock(value: str) -> str:
    if not re.fullmatch(r"([01][0-9]|2[0-3])[:.][0-5][0-9]", value):  # 08:30, or 08.30 as Indonesian writes it
        raise ValueError(T("{value!r} is not a time of day; write it as HH:MM on the 24-hour clock, e.g. \"08:30\"",
                           value=value))
    return value


Clock = Annotated[str, AfterValidator(_clock)]  # a time of day, "08:30"


def _registered(registry: dict, what: str) -> AfterValidator:
    """Allowed values are the keys of a core registry (adding an aggregation adds its name here)."""
    def check(value: str | None) -> str | None:
        if value is not None and value not in registry:
            raise ValueError(T("{value!r} is not a known {what}; choose one of {allowed}", value=value, what=what,
                               allowed=", ".join(registry)))
        return value
    return AfterValidator(check)


AggregationName = Annotated[str, _registered(AGGREGATIONS, T("aggregation"))]
NormalisationName = Annotated[str, _registered(NORMALISATIONS, T("normalisation"))]


_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _plain_text(value: Any) -> Any:
    """Bidirectional controls can make a name print reversed (an RTL override); control characters
    other than tab and newline hide or break text. Both are refused in every text field."""
    if isinstance(value, str):
        m = _BIDI.search(value)
        if m:
            raise ValueError(T("contains the bidirectional control U+{code:04X}, which can make text display reversed; remove it",
                               code=ord(m.group())))
        m = _CONTROL.search(value)
        if m:
            raise ValueError(T("contains the control character U+{code:04X}; remove it", code=ord(m.group())))
        word = model.mixed_script_word(value)
        if word:
            raise ValueError(T("{word!r} mixes Latin letters with Cyrillic or Greek look-alikes; retype it in Latin letters", word=word))
    elif isinstance(value, (list, tuple)):
        for item in value:
            _plain_text(item)
    return value


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False, str_strip_whitespace=True)

    @field_validator("*", mode="before")
    @classmethod
    def _no_hidden_controls(cls, value: Any) -> Any:
        return _plain_text(value)


class Meta(Model):
    id: Id
    name: Name
    organiser: Name
    organiser_short: str = ""
    government: str = ""
    city: str = ""
    address: str = ""
    year: int = Field(ge=1900, le=2200)
    locale: Literal["id", "en"] = "id"
    letter_number: str = "{seq:03d}/{year}"
    award_date: date | None = None
    award_place: str = ""
    national_competition: str = NATIONAL
    letter_number_start: int = Field(default=1, ge=1, le=10_000_000)
    emblem: str = ""
    logo: str = ""
    phone: str = ""
    email: str = ""
    website: str = ""
    postal_code: str = ""
    cc: list[Annotated[str, StringConstraints(max_length=300)]] = Field(default=[], max_length=50)
    timezone: str = "Asia/Jakarta"
    verify_url: str = ""

    @field_validator("verify_url")
    @classmethod
    def _verify_url(cls, value: str) -> str:
        if not value:
            return value
        if (not re.fullmatch(r"https?://[^\s{}<>\"'\\]+\{code\}[^\s{}<>\"'\\]*", value) or value.count("{code}") != 1
                or len(value) > 300):
            raise ValueError(T("{value!r}: give the address of a verification page with {{code}} where the code goes, "
                               "e.g. https://inovasi.example.go.id/v/{{code}}.html", value=value))
        return value

    @field_validator("emblem", "logo")
    @classmethod
    def _image(cls, value: str) -> str:
        if not value:
            return value
        from pathlib import PurePosixPath

        p = PurePosixPath(value.replace("\\", "/"))
        if p.is_absolute() or ".." in p.parts or ":" in value:
            raise ValueError(T("{value!r}: name an image file inside the competition folder (e.g. templates/logo.png)", value=value))
        if p.suffix.lower() not in (".png", ".jpg", ".jpeg", ".svg", ".gif"):
            raise ValueError(T("{value!r}: the image must be .png, .jpg, .svg or .gif", value=value))
        return value

    @field_validator("timezone")
    @classmethod
    def _zone(cls, value: str) -> str:
        from zoneinfo import ZoneInfo

        try:
            ZoneInfo(value)
        except (ValueError, LookupError, OSError):
            raise ValueError(T("{value!r} is not a time zone; use a name such as Asia/Jakarta, Asia/Makassar or Asia/Jayapura",
                               value=value)) from None
        return value

    @field_validator("letter_number")
    @classmethod
    def _pattern(cls, value: str) -> str:
        return checked_pattern(value)


def checked_pattern(value: str) -> str:
    problem = _letter_pattern_problem(value)
    if problem is not None:
        raise ValueError(T("{problem}; use {{seq}} (or {{n}}), {{year}} and {{month}} (Roman) with a width of at most 12, "
                           "e.g. \"{{seq:03d}}/{{month}}/{{year}}\"", problem=problem))
    return value


# a format spec of str.format without nesting: [[fill]align][sign][z][#][0][width][,_][.precision][type]
_SPEC = re.compile(r"(?:.?[<>=^])?[-+ ]?z?#?0?(?P<width>\d*)[,_]?(?:\.(?P<precision>\d+))?[bcdeEfFgGnosxX%]?", re.S)


def _letter_pattern_problem(value: str):
    """Why a letter number pattern cannot number letters, or None: only the three plain fields, no attribute
    or index (`{seq.real}`), no conversion, no field inside a spec (`{seq:{seq}}`), widths of at most 12."""
    import string

    if len(value) > 200:
        return T("the pattern is longer than 200 characters")
    try:
        parts = list(string.Formatter().parse(value))
    except ValueError as exc:
        return T("{pattern!r} is not a pattern ({problem})", pattern=value, problem=str(exc))
    for _literal, field, spec, conversion in parts:
        if field is None:
            continue
        if field not in ("seq", "n", "year", "month"):
            return T("{{{field}}} is not one of the fields", field=field)
        if conversion is not None or "{" in (spec or "") or "}" in (spec or ""):
            return T("{{{field}}} takes only a width and a format here (no field inside it, no !conversion)", field=field)
        m = _SPEC.fullmatch(spec or "")
        if m is None:
            return T("{{{field}:{spec}}} is not a format", field=field, spec=spec)
        if int(m.group("width") or 0) > 12 or int(m.group("precision") or 0) > 12:
            return T("{{{field}:{spec}}} is too wide (a width is at most 12)", field=field, spec=spec)
    try:
        value.format(seq=1, n=1, year=2000, month="XII")
    except (ValueError, TypeError, KeyError, IndexError, AttributeError) as exc:
        return T("{pattern!r} is not a pattern ({problem})", pattern=value, problem=str(exc))
    return None


class Named(Model):
    id: Id
    name: Name
    description: Text = ""


class Criterion(Model):
    id: Id
    name: Name
    weight: Number = Field(gt=0)
    min: Number = 0
    max: Number = 100
    step: Number = Field(default=1, gt=0)

    @model_validator(mode="after")
    def _range(self) -> "Criterion":
        lo, hi, step = frac(self.min), frac(self.max), frac(self.step)
        if lo >= hi:
            raise ValueError(T("min {low} must be below max {high}", low=self.min, high=self.max))
        if ((hi - lo) / step).denominator != 1:
            raise ValueError(T("step {step} does not divide the range {low}..{high}", step=self.step, low=self.min, high=self.max))
        return self


class RankWeight(Model):
    round: int = Field(ge=1)
    weight: Number = Field(gt=0)


class Round(Model):
    number: int = Field(ge=1)
    name: Name
    start: date | None = None
    end: date | None = None
    criteria: list[Id] | None = None
    advance_top: int | None = Field(default=None, ge=1)
    rank_by: list[RankWeight] | None = None
    aggregation: AggregationName | None = None
    normalisation: NormalisationName | None = None
    tie_break: list[str] | None = None
    judges: list[Id] | None = None  # the round's pool of judges (empty: every active judge)
    # a presentation round (paparan): its schedule (core/schedule.py), set one key at a time
    presentation: bool = False
    presentation_date: date | None = None
    presentation_start: Clock | None = None   # "08:30"
    presentation_end: Clock | None = None     # the day's end: later slots go on the next working day
    minutes_per_entry: int | None = Field(default=None, ge=1, le=480)
    room: Name | None = None
    break_start: Clock | None = None          # a break (ishoma): no presentation overlaps it
    break_minutes: int | None = Field(default=None, ge=1, le=480)


class Scoring(Model):
    aggregation: AggregationName = "mean"
    normalisation: NormalisationName = "none"
    tie_break: list[str] = []
    min_scores: int = Field(default=3, ge=1, le=1000)
    min_spread: Number = Field(default=1, ge=0, le=100)
    clip: bool = False


class Prize(Model):
    place: int = Field(ge=1)
    title: Name
    amount: int = Field(ge=0)
    category: Id | None = None
    min_score: Number | None = Field(default=None, ge=0, le=100)  # this prize's own pass mark (a group's passing grade)


class AwardsSettings(Model):
    min_score: Number | None = Field(default=None, ge=0, le=100)


class AttachmentSettings(Model):
    types: list[Literal["pdf", "docx", "xlsx", "pptx", "jpg", "png"]] = Field(
        default=["pdf", "docx", "xlsx", "pptx", "jpg", "png"], min_length=1, max_length=6)
    max_file_mb: int = Field(default=20, ge=1, le=2000)
    max_entry_mb: int = Field(default=50, ge=1, le=20000)
    max_pixels: int = Field(default=50_000_000, ge=1, le=1_000_000_000)
class RequiredDocument(Model):
    """[[screening.documents]]: a document every entry (of `categories`, empty: of every category) attaches."""
    name: Name
    kind: Literal["proposal", "annex", "photo"] | None = None
    categories: list[Id] = []


class ScreeningSettings(Model):
    """[screening]: the required documents, and the administrative round before round 1 (`round = true`)."""
    round: bool = False
    name: Annotated[str, StringConstraints(max_length=120)] = ""
    documents: list[RequiredDocument] = Field(default=[], max_length=50)

    @model_validator(mode="after")
    def _unique(self) -> "ScreeningSettings":
        seen: set[str] = set()
        for doc in self.documents:
            key = model.normalise_name(doc.name)
            if key in seen:
                raise ValueError(T("documents: {name!r} is named twice", name=doc.name))
            seen.add(key)
        return self


class DecreeSettings(Model):
    """`[decree]`: what the decree cites under Mengingat and the budget it charges; without them, the
    laws in force on its date for a region (documents/laws.py) and the regional budget (APBD)."""
    legal_basis: list[Annotated[str, StringConstraints(min_length=1, max_length=600)]] | None = None
    budget: Name | None = None


class CallSettings(Model):
    """`[call]`: the call for proposals' deadline, where and how to submit, whom to ask, the documents asked."""
    deadline: date | None = None
    submit_to: Annotated[str, StringConstraints(max_length=600)] = ""
    contact: Annotated[str, StringConstraints(max_length=300)] = ""
    required_documents: list[Annotated[str, StringConstraints(min_length=1, max_length=300)]] | None = Field(default=None, max_length=20)


class CeremonySettings(Model):
    """`[ceremony]`: the awards ceremony's venue and time (its date is `competition.award_date`)."""
    venue: Annotated[str, StringConstraints(max_length=300)] = ""
    time: Annotated[str, StringConstraints(max_length=100)] = ""


class InstitutionNames(Model):
    """[institution_names]: the competition's additions to data/institutions.toml (SPEC 9.3)."""
    abbreviations: dict[Annotated[str, StringConstraints(min_length=1, max_length=60)], Name] = {}
    acronyms: list[Annotated[str, StringConstraints(min_length=1, max_length=20)]] = []
    small_words: list[Annotated[str, StringConstraints(min_length=1, max_length=20)]] = []
    government_words: list[Annotated[str, StringConstraints(min_length=1, max_length=30)]] = []


class Signatory(Model):
    name: str = ""
    title: Name
    nip: str = ""
    rank: str = ""
    office: Literal["region", "agency"] = "region"


PAPER_KINDS = ("award", "certificate", "nomination", "minutes", "awards-minutes", "decree", "judge-recap",
               "call", "announcement", "ceremony-invitation", "feedback", "presentation-invitation", "sinovik-draft")


class LetterSeries(Model):
    """`[letters.KIND]`: a kind numbered in its own agenda book (a decree in the legal division's
    register): its own pattern and its own sequence from `start`."""

    number: str
    start: int = Field(default=1, ge=1, le=10_000_000)

    @field_validator("number")
    @classmethod
    def _pattern(cls, value: str) -> str:
        import string

        checked_pattern(value)
        if not any(field in ("seq", "n") for _l, field, _s, _c in string.Formatter().parse(value)):
            raise ValueError(T("{pattern!r} has no {{n}}: every paper of the kind needs its own number, e.g. "
                               "\"188.45/{{n}}/{{year}}\"", pattern=value))
        return value


class ProposalSection(Model):
    """A section of `[sinovik]`'s outline: its judges' weight (per cent), its word limit, the criteria feeding it."""

    id: Id
    name: Name
    weight: Number = Field(default=0, ge=0, le=100)
    max_words: int | None = Field(default=None, ge=1, le=100_000)
    criteria: list[Id] | None = None


class SinovikSettings(Model):
    """`[sinovik]`: the national competition's proposal outline (default: KIPP 2023's general group)."""

    outline: Name | None = None
    sections: list[ProposalSection] | None = Field(default=None, min_length=1, max_length=40)

    @model_validator(mode="after")
    def _outline(self) -> "SinovikSettings":
        if self.sections is None:
            return self
        seen: set[str] = set()
        for s in self.sections:
            if s.id in seen:
                raise ValueError(T("duplicate section id {id!r} in [sinovik]", id=s.id))
            seen.add(s.id)
        total = sum(frac(s.weight) for s in self.sections)
        if total != 100:
            shown = f"{float(total):g}"
            raise ValueError(T("the weights of the [sinovik] sections add up to {total}; they must add up to 100 (to move weight "
                               "from one section to another, change both in competition.toml, then `krenova adopt "
                               "competition.toml --reason TEXT`)", total=shown))
        return self


class Competition(Model):
    competition: Meta
    entity_types: list[Named]
    categories: list[Named]
    criteria: list[Criterion]
    scoring: Scoring = Scoring()
    rounds: list[Round]
    prizes: list[Prize] = []
    awards: AwardsSettings = AwardsSettings()
    attachments: AttachmentSettings = AttachmentSettings()
    decree: DecreeSettings = DecreeSettings()
    call: CallSettings = CallSettings()
    ceremony: CeremonySettings = CeremonySettings()
    interface_language: str | None = None
    institution_names: InstitutionNames | None = None
    screening: ScreeningSettings = ScreeningSettings()

    @field_validator("interface_language")
    @classmethod
    def _language(cls, value: str | None) -> str | None:
        from krenova_cli.core.languages import language_code

        if value is None:
            return None
        code = language_code(value)
        if code is None:
            raise ValueError(T("{value!r} is not a language krenova speaks; use id (Indonesian) or en (English)", value=value))
        return code
    signatory: Signatory
    agency_signatory: Signatory | None = None
    letters: dict[str, LetterSeries] = {}
    sinovik: SinovikSettings = SinovikSettings()

    @field_validator("letters")
    @classmethod
    def _kinds(cls, value: dict) -> dict:
        for kind in value:
            if kind not in PAPER_KINDS:
                raise ValueError(T("[letters.{kind}]: not a kind of paper; use one of {kinds}", kind=kind, kinds=", ".join(PAPER_KINDS)))
        return value

    @model_validator(mode="after")
    def _references(self) -> "Competition":
        for what, items in ((T("entity type"), self.entity_types), (T("category"), self.categories), (T("criterion"), self.criteria)):
            seen: set[str] = set()
            for item in items:
                if item.id in seen:
                    raise ValueError(T("duplicate {what} id {id!r}", what=what, id=item.id))
                seen.add(item.id)
        if not self.rounds:
            raise ValueError(T("at least one round is needed"))
        plain = model.competition_from(self.model_dump(mode="json"))
        criteria = {c.id for c in self.criteria}
        for i, rnd in enumerate(self.rounds, start=1):
            if rnd.number != i:
                raise ValueError(T("rounds must be numbered 1, 2, 3 ... in order; found {number} at position {i}", number=rnd.number, i=i))
            for cid in rnd.criteria or ():
                if cid not in criteria:
                    raise ValueError(T("round {i}: unknown criterion {criterion!r}", i=i, criterion=cid))
            for rw in rnd.rank_by or ():
                if rw.round > i:
                    raise ValueError(T("round {i}: rank_by names round {later}, which comes later", i=i, later=rw.round))
            for key in plain.tie_break_for(i):
                _check_tie_break(key, i, plain)
        places = [p.place for p in self.prizes]
        if places != list(range(1, len(places) + 1)):
            raise ValueError(T("prize places must be 1, 2, 3 ... in order; found {places}", places=places))
        for n, section in enumerate(self.sinovik.sections or (), start=1):
            for cid in section.criteria or ():
                if cid not in criteria:
                    known = [c for c in section.criteria if c in criteria]
                    listed = "[" + ", ".join(f'"{c}"' for c in known) + "]"
                    raise ValueError(T("[sinovik] section {section!r}: unknown criterion {criterion!r}; name one of {ids} "
                                       "(`krenova settings set sinovik.sections.{n}.criteria '{listed}'`)",
                                       section=section.id, criterion=cid, ids=", ".join(sorted(criteria)), n=n, listed=listed))
        categories = {c.id for c in self.categories}
        for p in self.prizes:
            if p.category is not None and p.category not in categories:
                raise ValueError(T("prize {title!r}: unknown category {category!r}", title=p.title, category=p.category))
        for i, doc in enumerate(self.screening.documents, start=1):
            for cid in doc.categories:
                if cid not in categories:
                    raise ValueError(T("screening.documents.{i} ({name}): unknown category {category!r}", i=i, name=doc.name,
                                       category=cid))
        return self


def _check_tie_break(key: str, number: int, comp: model.Competition) -> None:
    parsed = parse_tie_break(key)  # ValueError names the allowed forms
    if parsed.kind == "criterion":
        for rnd, _w in comp.rank_by(number):
            if parsed.arg not in {c.id for c in comp.criteria_for(rnd)}:
                raise ValueError(T("tie_break {key!r}: round {n} does not score criterion {criterion!r}", key=key, n=rnd,
                                   criterion=parsed.arg))
    elif parsed.kind == "round" and not 1 <= int(parsed.arg) <= number:
        raise ValueError(T("tie_break {key!r}: name an earlier round, e.g. 'round:3'", key=key))


class Said(Model):
    """What a person says with a change (a reason, a note), wherever it is kept: the rule of free text."""

    text: Annotated[str, StringConstraints(max_length=300)]


class Withdrawal(Model):
    round: int = Field(ge=1)
    reason: Name
    disqualified: bool = False


class ScreeningDecision(Model):
    decision: Literal["pass", "stop"]
    reason: Annotated[str, StringConstraints(max_length=300)] = ""

    @model_validator(mode="after")
    def _stop_says_why(self) -> "ScreeningDecision":
        if self.decision == "stop" and not self.reason:
            raise ValueError(T("an entry stopped in the administrative screening needs a reason"))
        return self


class Entry(Model):
    id: Id
    title: Name
    institution: Name
    entity_type: Id
    category: Id
    contact: str = ""
    phone: str = ""
    email: str = ""
    description: Text = ""
    year_started: int | None = Field(default=None, ge=1900, le=2200)
    withdrawn: Withdrawal | None = None
    head_title: str = ""
    region: Annotated[str, StringConstraints(max_length=300)] = ""
    screening: ScreeningDecision | None = None
    proposal: dict[Id, Annotated[SectionText, BeforeValidator(lambda v: _plain_text(v))]] = {}


class Retirement(Model):
    round: int = Field(ge=1)
    reason: Name
    back: int | None = Field(default=None, ge=2)


class Judge(Model):
    id: Id
    name: Name
    position: str = ""
    affiliation: str = ""
    email: str = ""
    conflicts: list[Id] = []
    conflict_institutions: list[Name] = []
    conflict_regions: list[Name] = []
    retired: Retirement | None = None


class Judges(Model):
    judges: list[Judge] = []


class Assignment(Model):
    round: int = Field(ge=1)
    entries: dict[Id, list[Id]]


# -- validation at the edge: data in, plain objects out -----------------------------------------
def validated(cls: type[Model], data: Any) -> dict:
    """The data as the model normalises it (raises pydantic's ValidationError)."""
    return cls.model_validate(data).model_dump(mode="json")


def competition(data: Any) -> model.Competition:
    return model.competition_from(validated(Competition, data))


def entry(data: Any) -> model.Entry:
    return model.entry_from(validated(Entry, data))


def judge(data: Any) -> model.Judge:
    return model.judge_from(validated(Judge, data))
