"""Decisions lock what they rest on (issue 24 items 2, 3, 14; SPEC 9.1).

Every settable key of the settings, changed after a closed round and after the awards: either
refused (exit 1, the folder unchanged) or accepted with every read command still working. Every
refusal's advice, followed to the end, leads to the change the user meant.
"""

from __future__ import annotations

import re
import shutil
import typing
from datetime import date, timedelta
from pathlib import Path

import pytest

from tests.conftest import run, score_all, tree_hash

READS = (("check",), ("status",), ("standings",), ("awards",), ("entry", "list"))


def _demo(base: Path) -> Path:
    d = base / "decided"
    r = run("demo", d, "--entries", 16, "--judges", 3, "--no-documents")
    assert r.code == 0, r.err
    return d


@pytest.fixture(scope="module")
def decided(tmp_path_factory) -> Path:
    """Six rounds closed and the awards decided (the demo without its documents)."""
    return _demo(tmp_path_factory.mktemp("decided"))


KINDS = ("award", "certificate", "nomination", "minutes", "awards-minutes", "decree", "judge-recap",
         "call", "announcement", "ceremony-invitation", "feedback", "sinovik-draft")


@pytest.fixture(scope="module")
def printed(decided, tmp_path_factory) -> Path:
    """The decided competition with every kind of paper numbered (HTML: the numbers and codes are the same)."""
    d = tmp_path_factory.mktemp("printed") / "c"
    shutil.copytree(decided, d, symlinks=True)
    r = run("-d", d, "settings", "set", "ceremony.venue", "Pendopo Pengabdian Kota Magelang")  # the invitations' place
    assert r.code == 0, r.err
    for kind in KINDS:
        r = run("-d", d, "letters", kind, "--format", "html")
        assert r.code == 0, (kind, r.err)
    return d


def _papers_hold(d: Path) -> list[str]:
    """Every code ever issued is valid, or revoked naming the ledger record that changed its facts (the last)."""
    from krenova_cli.store.datafolder import Store
    from krenova_cli.usecases.verify import verify_all

    import json

    last = json.loads((d / "ledger.jsonl").read_text().splitlines()[-1])["seq"]
    _checker, verdicts = verify_all(Store(d))
    # the fixture's codes are all valid: one change later, a code revoked names that change
    return [f"{v.code} ({(v.facts or {}).get('kind')}) {v.status} naming {v.revoked_by} instead of record {last}"
            for v in verdicts if v.status != "valid" and (v.revoked_by or {}).get("seq") != last]


def _registered(base: Path) -> Path:
    """A new competition under `base` with 20 entries over the four categories and three judges."""
    import os

    os.environ.setdefault("KRENOVA_ACTOR", "tester")
    d = base / "comp"
    assert run("init", d).code == 0
    cats = ["tata-kelola", "tik", "kesejahteraan-sosial", "pelayanan-langsung"]
    lines = ["id,judul,instansi,jenis,kategori"] + [f"K{i:03d},Inovasi {i},Dinas {i},OPD,{cats[i % 4]}" for i in range(1, 21)]
    (base / "e.csv").write_text("\n".join(lines) + "\n")
    assert run("-d", d, "entry", "import", base / "e.csv").code == 0
    (base / "j.csv").write_text("id,nama,instansi\nJ1,Juri Satu,Universitas Tidar\nJ2,Juri Dua,UNDIP\nJ3,Juri Tiga,UGM\n")
    assert run("-d", d, "judge", "import", base / "j.csv").code == 0
    return d


@pytest.fixture(scope="module")
def closed_one(tmp_path_factory) -> Path:
    """Round 1 closed, round 2 not scored."""
    base = tmp_path_factory.mktemp("closed")
    d = _registered(base)
    score_all(d, 1, lambda e, j, c: 60 + int(e[1:]) + len(c) % 3, base)
    assert run("-d", d, "advance", "--round", 1).code == 0, "round 1 closes"
    return d


@pytest.fixture(scope="module")
def screened_one(tmp_path_factory) -> Path:
    """An administrative screening closed (issue 27 part 2), round 1 open and unscored."""
    base = tmp_path_factory.mktemp("screened")
    d = _registered(base)
    p = d / "competition.toml"
    p.write_text(p.read_text() + '\n[screening]\nround = true\n\n[[screening.documents]]\nname = "Proposal"\nkind = "proposal"\n'
                 'categories = ["tik"]\n')
    assert run("-d", d, "adopt", "competition.toml", "--reason", "seleksi administrasi").code == 0
    assert run("-d", d, "screen", "stop", "K001", "--reason", "Proposal tidak ada").code == 0
    assert run("-d", d, "screen", "pass", *[f"K{i:03d}" for i in range(2, 21)], "--reason", "Proposal dikirim lewat surel").code == 0
    assert run("-d", d, "advance", "--round", 0).code == 0, "the screening closes"
    return d


def _copy(src: Path, tmp_path: Path) -> Path:
    d = tmp_path / "c"
    shutil.copytree(src, d, symlinks=True)
    return d


# -- every settable key -------------------------------------------------------------------------
def _model_keys(model, data, prefix: str) -> list[str]:
    """Every dotted key the schema allows for these settings (lists of tables counted from 1)."""
    out = []
    for name, field in model.model_fields.items():
        key = f"{prefix}{name}"
        inner = _table(field.annotation)
        value = data.get(name) if isinstance(data, dict) else None
        if inner is None:
            out.append(key)
        elif isinstance(value, list):
            for i, item in enumerate(value, start=1):
                out += _model_keys(inner, item, f"{key}.{i}.")
        elif _is_list(field.annotation):
            out.append(key)  # an optional list of tables not written (rounds.N.rank_by): set as a whole
        else:
            out += _model_keys(inner, value or {}, f"{key}.")
    return out


def _table(annotation):
    from pydantic import BaseModel

    for arg in (annotation, *typing.get_args(annotation)):
        if isinstance(arg, type) and issubclass(arg, BaseModel):
            return arg
        for inner in typing.get_args(arg):
            if isinstance(inner, type) and issubclass(inner, BaseModel):
                return inner
    return None


def _is_list(annotation) -> bool:
    return "list" in str(annotation)


def every_key(d: Path) -> list[str]:
    import tomllib

    from krenova_cli.store.schema import Competition

    data = tomllib.loads((d / "competition.toml").read_text())
    return [k for k in _model_keys(Competition, data, "") if k != "interface_language" or True]


def _current(d: Path, key: str):
    import tomllib

    node = tomllib.loads((d / "competition.toml").read_text())
    for part in key.split("."):
        if isinstance(node, list):
            node = node[int(part) - 1]
        elif isinstance(node, dict):
            node = node.get(part)
        else:
            return None
    return node


ABSENT = {  # a value for a key the preset does not write
    "min_score": "95", "min_scores": "2", "min_spread": "2", "clip": "true", "timezone": '"Asia/Makassar"',
    "verify_url": '"https://krenova.example.go.id/v/{code}"', "rank": '"Pembina"', "criteria": '["kebaruan"]',
    "advance_top": "3", "aggregation": '"median"', "normalisation": '"zscore"', "tie_break": '["criterion:efektivitas"]',
    "category": '"tik"', "description": '"Uraian"', "rank_by": '[{round = 1, weight = 1}]', "interface_language": '"en"',
    "agency_signatory": '{title = "Kepala"}', "award_date": "2017-08-20",
    # a presentation round's schedule (rounds.N.presentation ...)
    "presentation": "true", "presentation_date": "2017-08-02", "presentation_start": '"08:30"', "presentation_end": '"16:00"',
    "minutes_per_entry": "20", "room": '"Ruang Rapat Wali Kota"', "break_start": '"12:00"', "break_minutes": "60",
    "deadline": "2017-05-10", "required_documents": '["Proposal inovasi"]', "venue": '"Gedung Wiworo Wiji Pinilih"',
    "round": "true", "documents": '[{name = "Proposal", kind = "proposal"}]',
}


def changed_value(d: Path, key: str) -> str:
    """A plausible new value for the key, as a user would type it."""
    from krenova_cli.usecases.settings import toml_value

    old = _current(d, key)
    last = key.rsplit(".", 1)[-1]
    if old is None:
        return ABSENT.get(last, '"x"')
    if isinstance(old, bool):
        return toml_value(not old)
    if isinstance(old, int) and last == "year":
        return str(old + 1)
    if last == "step":
        return "5" if old != 5 else "1"  # 5 divides the preset's 0..100: the lock, not the schema, must answer
    if last in ("aggregation", "normalisation"):
        return {"mean": "median", "median": "mean", "none": "zscore", "zscore": "none"}.get(old, "mean")
    if isinstance(old, (int, float)):
        return toml_value(old + 5 if last != "max" else old - 5)
    if isinstance(old, date):
        return (old + timedelta(days=1)).isoformat()
    if isinstance(old, list):
        if last == "tie_break":
            return '["criterion:efektivitas"]'
        return toml_value(old + ["Arsip"]) if all(isinstance(v, str) for v in old) else toml_value(old[:1])
    if last in ("emblem", "logo"):
        return '"templates/none.png"'
    if last == "letter_number":
        return '"071/{seq:03d}/Balitbang/{year}"'
    if last == "id":
        return f"{old}-baru"
    if last in ("locale", "office"):
        return {"id": "en", "en": "id", "region": "agency", "agency": "region"}[old]
    return f"{old} Baru" if old else "Baru"


def _assert_lawful(d: Path, key: str, value: str, reads=READS) -> str:
    before = tree_hash(d)
    r = run("-d", d, "settings", "set", key, value)
    assert "Traceback" not in r.err, (key, r.err)
    if r.code == 1:
        assert tree_hash(d) == before, f"settings set {key} {value} refused but changed the folder"
        assert len(r.errors) >= 1, (key, r.err)
        return "refused"
    assert r.code == 0, (key, value, r.code, r.err)
    for read in reads:
        rr = run("-d", d, *read)
        assert rr.code == 0, f"settings set {key} {value} exited 0, then `{' '.join(read)}` exits {rr.code}: {rr.err[-600:]}"
    if (d / "letters.toml").exists():
        assert not _papers_hold(d)


def test_verify_names_the_change_that_revoked_not_the_first_after_the_code(printed, tmp_path):
    d = _copy(printed, tmp_path)
    # changes of what no paper's facts hold, then one that revokes: verify names the last
    winner = _awards(d)["places"][0]["entry_id"]
    assert run("-d", d, "entry", "edit", winner, "--phone", "0293 123456").code == 0
    assert run("-d", d, "settings", "set", "signatory.name", "Ir. Budi").code == 0
    r = run("-d", d, "settings", "set", "competition.award_date", "2017-08-19")
    assert "certificate" in r.err and "revokes" in r.err, r.err
    assert not _papers_hold(d), f"settings set {key} {value}: {_papers_hold(d)[:3]}"
    return "accepted"


def _keys_of(fixture_dir: Path) -> list[str]:
    return every_key(fixture_dir)


@pytest.mark.parametrize("state", ["printed", "closed_one", "screened_one"])
def test_every_setting_after_a_decision_is_refused_or_leaves_every_read_working(state, request, tmp_path):
    src = request.getfixturevalue(state)
    keys = _keys_of(src)
    assert len(keys) > 80, keys  # every key of the preset and the optional ones
    failures = []
    outcome = {}
    for key in keys:
        d = _copy(src, tmp_path / key.replace(".", "_"))
        value = changed_value(d, key)
        try:
            outcome[key] = _assert_lawful(d, key, value, READS if state == "printed" else
                                          tuple(r for r in READS if r != ("awards",)) + ((("entry", "list", "--incomplete"),)
                                                                                        if state == "screened_one" else ()))
        except AssertionError as exc:
            failures.append(f"{key}={value}: {str(exc).splitlines()[0][:300]}")
        shutil.rmtree(d.parent)
    assert not failures, "\n".join(failures)
    # the decisions' own keys are refused
    if state == "printed":
        for key in ("prizes.1.amount", "awards.min_score", "prizes.2.title", "criteria.1.step", "categories.2.id"):
            assert outcome[key] == "refused", key
    elif state == "closed_one":
        for key in ("criteria.1.step", "criteria.1.weight", "categories.2.id", "screening.round"):
            assert outcome[key] == "refused", key  # a screening cannot begin once round 1 has
    else:  # a closed screening rests on its documents
        for key in ("screening.round", "screening.documents.1.name", "screening.documents.1.kind",
                    "screening.documents.1.categories"):
            assert outcome[key] == "refused", key
        assert outcome["screening.name"] != "refused"  # its name only: the minutes print it, nothing rests on it


# -- every refusal's advice, followed to the end ------------------------------------------------
_ADVICE = re.compile(r"`(krenova [^`]*)`")


def _command(text: str) -> list[str]:
    import shlex

    words = shlex.split(text.replace("TEXT", "'koreksi panitia'"))[1:]
    assert not any(w in ("N", "ID", "IDS", "...", "FILE") for w in words), f"advice with a placeholder left: {text}"
    return words


def follow(d: Path, intended: list[str], done, max_steps: int = 6, end=None) -> list[str]:
    """Run the intended command; on a refusal run the first command its error names, then the intended
    command again (unless the first already made the change), then the rest of the advice; repeat.
    The intended change must be in place within max_steps commands and the folder must check."""
    queue: list[list[str]] = [intended]
    ran: list[str] = []
    while queue:
        cmd = queue.pop(0)
        if cmd is intended and done():
            continue
        assert len(ran) < max_steps, f"the advice loops: {ran}"
        r = run("-d", d, *cmd)
        ran.append(" ".join(cmd) + f" -> {r.code}")
        assert "Traceback" not in r.err
        if r.code == 0:
            continue
        assert r.code == 1 and r.errors, (cmd, r.err)
        advice = [_command(a) for a in _ADVICE.findall(r.errors[0])]
        advice = [a for a in advice if a[0] not in ("check", "status", "log")]
        assert advice, f"a refusal with no way out: {r.errors[0]}"
        queue = [advice[0], intended, *advice[1:], *queue]
    assert done() and (end is None or end()), f"the intended change is not in place after {ran}"
    for read in READS:
        if read == ("awards",) and not (d / "awards.json").exists():
            continue
        rr = run("-d", d, *read)
        assert rr.code == 0, (ran, read, rr.err[-500:])
    return ran


def _adopted(d: Path) -> bool:
    from krenova_cli.store import layout

    return '"action":"adopt"' in (d / layout.LEDGER).read_text().replace(" ", "")


def _awards(d: Path) -> dict | None:
    import json

    p = d / "awards.json"
    return json.loads(p.read_text()) if p.exists() else None


def test_a_prize_amount_after_the_awards_leads_to_the_awards_with_it(decided, tmp_path):
    d = _copy(decided, tmp_path)
    ran = follow(d, ["settings", "set", "prizes.1.amount", "7500000"],
                 lambda: _current(d, "prizes.1.amount") == 7500000 and (_awards(d) or {}).get("places", [{}])[0].get("amount") == 7500000)
    assert ran[0].endswith("-> 1") and "awards --undo" in ran[1], ran


def test_a_pass_mark_after_the_awards_leads_to_the_awards_with_it(decided, tmp_path):
    d = _copy(decided, tmp_path)
    follow(d, ["settings", "set", "awards.min_score", "88"],
           lambda: _current(d, "awards.min_score") == 88 and (_awards(d) or {}).get("settings", {}).get("min_score") == "88")


def test_a_prize_amount_edited_by_hand_after_the_awards_is_no_dead_end(decided, tmp_path):
    d = _copy(decided, tmp_path)
    text = (d / "competition.toml").read_text()
    (d / "competition.toml").write_text(text.replace("amount = 5000000", "amount = 7500000", 1))
    # the commands the issue found looping all name the way out
    for cmd in (["awards", "--redo", "--reason", "x"], ["awards", "--undo", "--reason", "x"], ["settings", "set", "prizes.1.amount", "7500000"]):
        r = run("-d", d, *cmd)
        assert r.code == 1 and "krenova adopt" in r.err, r.err
    ran = follow(d, ["adopt", "competition.toml", "--reason", "nilai hadiah dikoreksi"], lambda: _adopted(d),
                 end=lambda: (_awards(d) or {}).get("places", [{}])[0].get("amount") == 7500000)
    assert any("--reopen" in step for step in ran), ran
    assert run("-d", d, "check").code == 0


def test_a_closed_rounds_weight_leads_through_reopen_and_advance(closed_one, tmp_path):
    d = _copy(closed_one, tmp_path)
    follow(d, ["settings", "set", "criteria.1.weight", "30"],
           lambda: _current(d, "criteria.1.weight") == 30 and (d / "rounds" / "round-1.json").exists())


def test_a_closed_rounds_weight_edited_by_hand_is_adopted_with_the_round_reopened(closed_one, tmp_path):
    d = _copy(closed_one, tmp_path)
    text = (d / "competition.toml").read_text()
    (d / "competition.toml").write_text(text.replace("weight = 25", "weight = 30", 1))
    ran = follow(d, ["adopt", "competition.toml", "--reason", "bobot dikoreksi"], lambda: _adopted(d),
                 end=lambda: (d / "rounds" / "round-1.json").exists())
    assert any("--reopen" in step for step in ran) and any(step.startswith("advance") for step in ran), ran


@pytest.mark.parametrize("key,value,words", [
    ("criteria.1.step", "5", "Keep the setting as it is"),       # round 1 reopens, but its scores are not on steps of 5
    ("categories.2.id", "teknologi", "categories.2.name"),        # entries name the id: its name is what can change
    ("entity_types.1.id", "PD", "entity_types.1.name"),
])
def test_a_change_that_cannot_be_made_says_what_can(closed_one, tmp_path, key, value, words):
    d = _copy(closed_one, tmp_path)
    seen = []
    for _ in range(4):  # follow the reopen advice, if any, until the refusal that says what can be done
        before = tree_hash(d)
        r = run("-d", d, "settings", "set", key, value)
        assert r.code == 1 and tree_hash(d) == before, r.err
        seen.append(r.errors[0])
        if words in r.errors[0]:
            break
        step = _command(_ADVICE.findall(r.errors[0])[0])
        assert run("-d", d, *step).code == 0
    assert words in seen[-1], seen


# -- identity is a fact (issue 24 item 3) -------------------------------------------------------
def _register(d: Path) -> dict:
    import tomllib

    return tomllib.loads((d / "letters.toml").read_text())


def _code_of(d: Path, key: str) -> str:
    return next(x["code"] for x in _register(d)["letter"] if x["key"] == key)


def _verdict(d: Path, code: str) -> dict:
    r = run("-d", d, "verify", code, "--json")
    v = r.json()
    assert r.code == (0 if v["status"] == "valid" else 1), (r.code, r.err)
    return v


def test_swapping_two_winners_titles_after_the_letters_revokes_the_old_letters(decided, tmp_path):
    d = _copy(decided, tmp_path)
    assert run("-d", d, "letters", "award", "--format", "html").code == 0
    aw = _awards(d)
    (p1, w1), (p2, w2) = [(p["place"], p["entry_id"]) for p in aw["places"][:2]]
    old = {w1: _code_of(d, f"award/{p1}/{w1}"), w2: _code_of(d, f"award/{p2}/{w2}")}
    import tomllib

    t1, t2 = (tomllib.loads((d / "entries" / f"{w}.toml").read_text())["title"] for w in (w1, w2))
    # an identity edit after the awards needs a reason, and the refusal says how to give it
    errors = __import__("tests.conftest", fromlist=["refused"]).refused(d, "entry", "edit", w1, "--title", t2 + " (sementara)")
    assert "--reason" in errors[0] and "award" in errors[0], errors
    for w, title in ((w1, t2 + " (sementara)"), (w2, t1), (w1, t2)):
        r = run("-d", d, "entry", "edit", w, "--title", title, "--reason", "judul tertukar pada formulir")
        assert r.code == 0, r.err
    for w, code in old.items():
        v = _verdict(d, code)
        assert v["status"] == "revoked", v
        assert v["revoked_by"]["action"] == "entry.edit" and v["revoked_by"]["target"] == w, v
        assert v["revoked_by"]["reason"] == "judul tertukar pada formulir", v
    assert run("-d", d, "check").code == 0
    # printed again: new codes, valid; the old ones stay revoked
    assert run("-d", d, "letters", "award", "--format", "html").code == 0
    for w, key in ((w1, f"award/{p1}/{w1}"), (w2, f"award/{p2}/{w2}")):
        new = _code_of(d, key)
        assert new != old[w] and _verdict(d, new)["status"] == "valid"
        assert _verdict(d, old[w])["status"] == "revoked"
    r = run("-d", d, "check")
    assert r.code == 0, r.err


@pytest.mark.parametrize("kind", ["award", "certificate", "decree", "awards-minutes", "nomination", "sinovik-draft"])
def test_every_paper_that_prints_an_entrys_identity_is_revoked_by_its_edit(decided, tmp_path, kind):
    d = _copy(decided, tmp_path)
    r = run("-d", d, "letters", kind, "--format", "html")
    assert r.code == 0, r.err
    winner = _awards(d)["places"][0]["entry_id"]
    mine = [c for c in _register(d)["code"] if winner in (c.get("entry_id") or "").split(", ")]
    assert mine, kind
    r = run("-d", d, "entry", "edit", winner, "--institution", "Dinas Baru Kota Magelang", "--reason", "nama dinas berubah")
    assert r.code == 0, r.err
    assert f"Warning: this change revokes {len(mine)} printed paper" in r.err and f"`krenova letters {kind}`" in r.err, r.err
    for c in mine:
        v = _verdict(d, c["code"])
        assert v["status"] == "revoked" and v["revoked_by"]["action"] == "entry.edit", (kind, v)


def test_an_edit_of_what_no_paper_prints_needs_no_reason(printed, tmp_path):
    d = _copy(printed, tmp_path)
    winner = _awards(d)["places"][0]["entry_id"]
    r = run("-d", d, "entry", "edit", winner, "--phone", "0293 123456")
    assert r.code == 0 and "revokes" not in r.err, r.err
    # the entry's proposal is the SINOVIK draft's text, not among its facts (issue 27 part 6)
    r = run("-d", d, "entry", "edit", winner, "--proposal", "ringkasan=Layanan izin satu hari.")
    assert r.code == 0 and "revokes" not in r.err, r.err
    assert not _papers_hold(d)


def test_a_setting_printed_on_numbered_papers_says_which_it_revokes(printed, tmp_path):
    import tomllib

    d = _copy(printed, tmp_path)
    codes = tomllib.loads((d / "letters.toml").read_text(encoding="utf-8"))["code"]
    reached = [c for c in codes if c["kind"] == "feedback" and c["honour"].endswith("(Penilaian VI)")]
    r = run("-d", d, "settings", "set", "rounds.6.name", "Penilaian Final")
    assert r.code == 0
    # the minutes of round 6, and the papers of the year that name it: the call's timeline, the round's
    # announcement, the feedback letters of the entries that reached it (and only those)
    assert len(reached) >= 10
    assert (f"Warning: this change revokes {len(reached) + 3} printed papers (announcement 1, call 1, feedback "
            f"{len(reached)}, minutes 1)" in r.err and "`krenova letters minutes`" in r.err), r.err
    assert not _papers_hold(d)


def test_verify_names_the_change_that_revoked_not_the_first_after_the_code(printed, tmp_path):
    d = _copy(printed, tmp_path)
    # changes of what no paper's facts hold, then one that revokes: verify names the last
    winner = _awards(d)["places"][0]["entry_id"]
    assert run("-d", d, "entry", "edit", winner, "--phone", "0293 123456").code == 0
    assert run("-d", d, "settings", "set", "signatory.name", "Ir. Budi").code == 0
    r = run("-d", d, "settings", "set", "competition.award_date", "2017-08-19")
    assert "certificate" in r.err and "revokes" in r.err, r.err
    assert not _papers_hold(d)


# -- the same decision again: the same codes valid again (issue 24 item 14) ----------------------
def test_the_same_awards_decided_again_make_every_papers_code_valid_again(decided, tmp_path):
    d = _copy(decided, tmp_path)
    kinds = ("award", "decree", "awards-minutes")
    for kind in kinds:
        assert run("-d", d, "letters", kind, "--format", "html").code == 0
    first = {x["key"]: (x["code"], x["number"]) for x in _register(d)["letter"]}
    assert {k.split("/")[0] for k in first} == set(kinds)
    assert run("-d", d, "awards", "--undo", "--reason", "periksa ulang").code == 0
    for code, _n in first.values():
        assert _verdict(d, code)["status"] == "revoked"
    assert run("-d", d, "awards").code == 0
    for code, _n in first.values():
        assert _verdict(d, code)["status"] == "valid", (code, _verdict(d, code))
    for kind in kinds:
        assert run("-d", d, "letters", kind, "--format", "html").code == 0
    again = {x["key"]: (x["code"], x["number"]) for x in _register(d)["letter"]}
    assert again == first, "the same decision's papers keep their numbers and codes"
    assert run("-d", d, "check").code == 0


# -- settings habits (issue 26 item 5) ----------------------------------------------------------
@pytest.mark.parametrize("key", ["signatory.title", "prizes.1.amount", "criteria.1.weight", "rounds.2.start",
                                 "competition.year", "scoring.tie_break", "competition.cc", "rounds.4.advance_top",
                                 "awards.min_score", "competition.locale"])
def test_setting_a_value_to_what_it_is_says_nothing_changed(comp, key):
    from krenova_cli.usecases.settings import toml_value

    if key == "awards.min_score":
        assert run("-d", comp, "settings", "set", key, "80").code == 0
    value = _current(comp, key)
    before = tree_hash(comp)
    r = run("-d", comp, "settings", "set", key, toml_value(value))
    assert r.code == 0, r.err
    assert "nothing changed" in r.err, r.err
    assert tree_hash(comp) == before, "nothing is logged"


def test_moving_dates_to_the_year_they_are_in_says_nothing_changed(comp):
    before = tree_hash(comp)
    r = run("-d", comp, "settings", "set", "competition.year", "2017", "--move-dates")
    assert r.code == 0 and "nothing changed" in r.err, r.err
    assert tree_hash(comp) == before


@pytest.mark.parametrize("key,value,other", [
    ("rounds.2.start", "2017-06-01", "rounds.1.end"),   # round 2 starting before round 1 ends
    ("rounds.1.end", "2017-06-20", "rounds.2.start"),   # round 1 ending after round 2 starts
    ("rounds.3.end", "2017-07-01", "rounds.3.start"),   # a round ending before it starts
])
def test_overlapping_round_dates_are_refused_naming_both(comp, key, value, other):
    from tests.conftest import refused

    errors = refused(comp, "settings", "set", key, value)
    assert key in errors[0] and other in errors[0] and "krenova settings set" in errors[0], errors


def test_moving_dates_onto_a_weekend_proposes_the_working_day(comp):
    # 2017-06-09 (round 1's end) is a Friday; in 2018 it is a Saturday
    r = run("-d", comp, "settings", "set", "competition.year", "2018", "--move-dates")
    assert r.code == 0, r.err
    warned = [line for line in r.err.splitlines() if "rounds.1.end" in line and "Saturday" in line]
    assert warned and "krenova settings set rounds.1.end 2018-06-08" in warned[0], r.err


def test_a_mistyped_anchor_says_first_that_no_record_has_it(comp):
    from krenova_cli.store.datafolder import Store
    from krenova_cli.usecases.check import anchor

    good = anchor(Store(comp))
    typo = good[:-1] + ("0" if good[-1] != "0" else "1")
    r = run("-d", comp, "check", "--anchor", typo)
    assert r.code == 1
    line = r.errors[0]
    assert "no record" in line and line.index("no record") < line.find("rewritten") if "rewritten" in line else True, line
    assert good in line, "the near head is proposed"
    assert run("-d", comp, "check", "--anchor", good).code == 0


# -- older records and codes keep working -------------------------------------------------------
def test_codes_issued_before_identities_were_facts_still_match():
    from krenova_cli.core.verification import same_facts
    from krenova_cli.documents.verification import facts_of

    doc = {"kind": "award", "number": "070/001/2017", "entry": {"id": "K001", "title": "A", "institution": "Dinas"},
           "place_title": "Juara I", "amount": 5000000, "date": date(2017, 8, 17)}
    now = facts_of(doc)
    legacy = {k: v for k, v in now.items() if k != "legacy_content"} | {"content": None}
    assert same_facts(legacy, now) and same_facts(now, legacy)
    issued = {k: v for k, v in now.items() if k != "legacy_content"}
    swapped = facts_of(doc | {"entry": doc["entry"] | {"title": "B"}})
    assert same_facts(issued, now) and not same_facts(issued, swapped) and not same_facts(swapped, issued)
    assert not same_facts(legacy | {"amount": 1}, now)


def test_a_decree_numbered_under_its_older_key_keeps_it():
    from krenova_cli.documents.builders import own_keys

    docs = [{"kind": "decree", "key": "decree/abc", "stem": "a", "legacy_key": "decree/2017-08-17T10:00:00Z"},
            {"kind": "decree", "key": "decree/def", "stem": "b", "legacy_key": "decree/x"}]
    own_keys(docs, {"decree/2017-08-17T10:00:00Z": object(), "decree/def": object()})
    assert [d["key"] for d in docs] == ["decree/2017-08-17T10:00:00Z", "decree/def"]


def test_a_round_record_kept_before_step_was_kept_is_not_moved():
    from krenova_cli.core.locks import moved

    before = {"criteria": [{"id": "a", "weight": "1", "min": "0", "max": "100"}], "advance_top": 5}
    assert moved(before, {"criteria": [{"id": "a", "weight": "1", "min": "0", "max": "100", "step": "1"}], "advance_top": 5}) == []
    assert moved(before | {"criteria": [{"id": "a", "weight": "1", "min": "0", "max": "100", "step": "1"}]},
                 {"criteria": [{"id": "a", "weight": "1", "min": "0", "max": "100", "step": "5"}], "advance_top": 5}) == ["criteria"]


def test_an_identity_edit_after_the_awards_leads_to_the_edit_with_its_reason(decided, tmp_path):
    import tomllib

    d = _copy(decided, tmp_path)
    winner = _awards(d)["places"][0]["entry_id"]
    title = "Sistem Informasi Pelayanan Terpadu 'SIPADU' 2.0"
    ran = follow(d, ["entry", "edit", winner, "--title", title, "--institution", "Dinas Kominfo Kota Magelang"],
                 lambda: tomllib.loads((d / "entries" / f"{winner}.toml").read_text())["title"] == title)
    assert len(ran) == 2 and "--reason" in ran[1], ran
    last = run("-d", d, "log", "--json").json()[-1]
    assert last["action"] == "entry.edit" and last["new"]["institution"] == "Dinas Kominfo Kota Magelang"
