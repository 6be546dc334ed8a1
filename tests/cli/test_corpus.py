"""The bad-input corpus: every case gets one clear `Error:` line naming the place, exit 1, no traceback,
and the data directory byte-for-byte unchanged. Titles that look like code are accepted as literal text."""

import json
import re
import shutil
import time
import zipfile
from pathlib import Path

import pytest

from tests.conftest import CRITERIA, run, score_all, tree_hash

FULL = [f"{c}=70" for c in CRITERIA]


@pytest.fixture(scope="module")
def base(tmp_path_factory) -> Path:
    """Round 1 closed, round 2 open with some scores; a score sheet for J1 in round 2."""
    import os

    os.environ.setdefault("KRENOVA_ACTOR", "tester")
    os.environ["KRENOVA_NOW"] = "2017-08-17T10:00:00+00:00"  # the tests' clock (the ledger never goes back in time)
    root = tmp_path_factory.mktemp("corpus")
    d = root / "comp"
    run("init", d)
    lines = ["id,judul,instansi,jenis,kategori"] + [f"K{i:03d},Inovasi {i},Dinas {i},OPD,tik" for i in range(1, 11)]
    (root / "e.csv").write_text("\n".join(lines) + "\n")
    assert run("-d", d, "entry", "import", root / "e.csv").code == 0
    (root / "j.csv").write_text("id,nama,instansi\nJ1,A,X\nJ2,B,Dinas 2\n")
    assert run("-d", d, "judge", "import", root / "j.csv").code == 0
    score_all(d, 1, lambda e, j, c: 60 + int(e[1:]), root)
    assert run("-d", d, "advance", "--round", "1").code == 0
    assert run("-d", d, "score", "K003", "--round", "2", "--judge", "J1", *FULL).code == 0
    assert run("-d", d, "sheets", "--round", "2").code == 0  # into out/sheets, copied with the directory
    return d


def edit(rel, old, new):
    def setup(d, tmp):
        p = d / rel
        text = p.read_text()
        assert old in text, (rel, old)
        p.write_text(text.replace(old, new, 1))
    return setup


def write(rel, text):
    def setup(d, tmp):
        (d / rel).parent.mkdir(parents=True, exist_ok=True)
        (d / rel).write_text(text)
    return setup


def file_in_tmp(name, content):
    def setup(d, tmp):
        (tmp / name).write_bytes(content if isinstance(content, bytes) else content.encode())
    return setup


def score_json(d, judge="J1", n=2):
    return d / "scores" / f"round-{n}" / f"{judge}.json"


def mutate_score(fn):
    def setup(d, tmp):
        p = score_json(d)
        p.write_text(fn(p.read_text()))
    return setup


def zip_bomb(d, tmp):
    with zipfile.ZipFile(tmp / "bomb.xlsx", "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/workbook.xml", "<workbook/>")
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as f:
            block = b"\0" * (1 << 20)
            for _ in range(210):
                f.write(block)
    assert (tmp / "bomb.xlsx").stat().st_size < 1_000_000


XML_BOMB = ('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
            '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;"><!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">]>'
            '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1">'
            '<c r="A1" t="inlineStr"><is><t>&lol4;</t></is></c></row></sheetData></worksheet>')


def xml_bomb(d, tmp):
    import openpyxl

    wb = openpyxl.Workbook()
    wb.active.append(["judul", "instansi", "jenis", "kategori"])
    wb.save(tmp / "ok.xlsx")
    with zipfile.ZipFile(tmp / "ok.xlsx") as zin, zipfile.ZipFile(tmp / "xmlbomb.xlsx", "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = XML_BOMB.encode() if info.filename == "xl/worksheets/sheet1.xml" else zin.read(info.filename)
            zout.writestr(info, data)


def big_csv(d, tmp):
    row = b"K001,J1,kebaruan,80\n"
    with open(tmp / "big.csv", "wb") as f:
        f.write(b"entry,judge,criterion,value\n")
        f.write(row * (50 * 2**20 // len(row)))


def sheet_altered(d, tmp):
    import openpyxl

    src = d / "out" / "sheets" / "round-2-J1.xlsx"
    wb = openpyxl.load_workbook(src)
    ws = wb["_krenova"]
    ws["C2"], ws["C3"] = ws["C3"].value, ws["C2"].value  # two entries swapped in the binding
    wb.save(tmp / "altered.xlsx")


def sheet_other_judge(d, tmp):
    shutil.copy(d / "out" / "sheets" / "round-2-J1.xlsx", tmp / "round-2-J1.xlsx")


def sheet_other_competition(d, tmp):
    import openpyxl

    from krenova_cli.spreadsheets.score_sheets import checksum

    wb = openpyxl.load_workbook(d / "out" / "sheets" / "round-2-J1.xlsx")
    meta = wb["_krenova"]
    meta["B2"] = "kompetisi-lain"
    entries = [c.value for c in meta["C"] if c.value]
    meta["B8"] = checksum("kompetisi-lain", 2, "J1", meta["B5"].value.split(","), entries)
    wb.save(tmp / "other.xlsx")


def truncate_ledger(d, tmp):
    p = d / "ledger.jsonl"
    p.write_bytes(p.read_bytes()[:-40])


def alter_ledger_middle(d, tmp):
    p = d / "ledger.jsonl"
    lines = p.read_text().splitlines()
    rec = json.loads(lines[2])
    rec["actor"] = "someone-else"
    lines[2] = json.dumps(rec, sort_keys=True, separators=(",", ":"))
    p.write_text("\n".join(lines) + "\n")


def cut_ledger_after_close(d, tmp):
    p = d / "ledger.jsonl"
    lines = p.read_text().splitlines()
    p.write_text("\n".join(lines[:3]) + "\n")  # init, entry.import, judge.import: the round's close is gone


def hand_edit_closed_round(d, tmp):
    p = score_json(d, "J1", 1)
    p.write_text(p.read_text().replace('"kebaruan": 61', '"kebaruan": 99', 1))


def planted(files, chain=True, raw=None):
    def setup(d, tmp):
        if raw is not None:
            (d / ".krenova-pending.json").write_text(raw)
            return
        from tests.cli.test_trust import plant_marker

        plant_marker(d, files, chain)
    return setup


def symlink(rel, target):
    def setup(d, tmp):
        p = d / rel
        real = tmp / "moved"
        if p.exists():
            shutil.move(p, real)
        p.symlink_to(real if target is None else target)
    return setup


def fifo(rel):
    def setup(d, tmp):
        import os

        os.mkfifo(d / rel)
    return setup


def hard_link(rel):
    def setup(d, tmp):
        import os

        os.link(d / rel, tmp / "alias")
    return setup


def folder_instead(rel):
    def setup(d, tmp):
        (d / rel).unlink()
        (d / rel).mkdir()
    return setup


def ledger_lines(fn):
    def setup(d, tmp):
        p = d / "ledger.jsonl"
        lines = p.read_text().splitlines()
        p.write_text("\n".join(fn(lines)) + "\n")
    return setup


def copy_file(src, dst):
    def setup(d, tmp):
        shutil.copy(d / src, d / dst)
    return setup


def delete(rel):
    def setup(d, tmp):
        (d / rel).unlink()
    return setup


def other_competitions_round(d, tmp):
    p = d / "rounds" / "round-1.json"
    data = json.loads(p.read_text())
    data["advancing"] = list(reversed(data["advancing"]))[:3]
    p.write_text(json.dumps(data, indent=1) + "\n")


def forked(d, tmp):
    other = tmp / "clone"
    shutil.copytree(d, other)
    from tests.conftest import run as _run

    assert _run("-d", d, "judge", "add", "--name", "Mine").code == 0  # registration of entries is closed here
    assert _run("-d", other, "judge", "add", "--name", "Theirs").code == 0
    mine = (d / "ledger.jsonl").read_text().splitlines()
    theirs = (other / "ledger.jsonl").read_text().splitlines()
    (d / "ledger.jsonl").write_text("\n".join(mine + theirs[-1:]) + "\n")


def template(body):
    def setup(d, tmp):
        (d / "templates" / "letterhead.html").write_text(body)
    return setup


def formula_sheet(d, tmp):
    import openpyxl
    from openpyxl.utils import get_column_letter

    from krenova_cli.spreadsheets.score_sheets import FIRST_ROW, FIXED

    wb = openpyxl.load_workbook(d / "out" / "sheets" / "round-2-J1.xlsx")
    ws = wb["Nilai"] if "Nilai" in wb.sheetnames else wb.worksheets[0]
    for j in range(5):
        ws.cell(row=FIRST_ROW, column=len(FIXED) + 1 + j, value=70)
    ws.cell(row=FIRST_ROW, column=len(FIXED) + 1, value="=SUM(1,69)")
    wb.save(tmp / "formula.xlsx")


def far_cells(d, tmp):
    from tests.cli.test_trust import far_cells_xlsx

    far_cells_xlsx(tmp / "far.xlsx")


def two_csvs(d, tmp):
    head = "entry,judge,criterion,value\n"
    crit = ["kebaruan", "efektivitas", "kemanfaatan", "replikasi", "keberlanjutan"]
    (tmp / "a.csv").write_text(head + "".join(f"K004,J1,{c},70\n" for c in crit))
    (tmp / "b.csv").write_text(head + "".join(f"K005,J1,{c},170\n" for c in crit))


ID = "[A-Za-z0-9]"  # noqa: F841  (documentation: ids are letters, digits, - and _)

CASES = [
    # (name, setup, command, expected Error line: exact text or a regex when it starts with ^)
    ("toml-broken", edit("competition.toml", 'name = "Krenova', 'name = "Krenova\n'), ["status"], r"^Error: competition.toml:\d+: invalid TOML"),
    ("toml-duplicate-key", edit("competition.toml", "year = 2017", "year = 2017\nyear = 2018"), ["status"], "Error: competition.toml:16: invalid TOML: duplicate key (each key may appear once)"),
    ("toml-nan", edit("competition.toml", "weight = 25", "weight = nan"), ["status"], r"^Error: competition.toml:\d+: criteria.0.weight: NaN and infinity are not allowed"),
    ("toml-inf", edit("competition.toml", "weight = 25", "weight = inf"), ["check"], r"^Error: competition.toml:\d+: criteria.0.weight: NaN and infinity"),
    ("toml-unknown-key", edit("competition.toml", "year = 2017", "year = 2017\ncolour = 'red'"), ["status"], r"^Error: competition.toml:16: competition.colour: unknown key"),
    ("toml-zero-weight", edit("competition.toml", "weight = 25", "weight = 0"), ["status"], r"^Error: competition.toml:\d+: criteria.0.weight: Input should be greater than 0"),
    ("toml-min-above-max", edit("competition.toml", "min = 0\nmax = 100\nstep = 1\n\n[[criteria]]\nid = \"efektivitas\"", "min = 100\nmax = 0\nstep = 1\n\n[[criteria]]\nid = \"efektivitas\""), ["status"], r"^Error: competition.toml:\d+: criteria.0: min 100 must be below max 0"),
    ("toml-unknown-criterion-in-round", edit("competition.toml", 'name = "Penilaian II"', 'name = "Penilaian II"\ncriteria = ["gaya"]'), ["status"], r"^Error: competition.toml: round 2: unknown criterion 'gaya'"),
    ("toml-rank-by-later-round", edit("competition.toml", "rank_by = [{ round = 3,", "rank_by = [{ round = 5,"), ["status"], r"^Error: competition.toml: round 4: rank_by names round 5, which comes later"),
    ("toml-bad-tie-break", edit("competition.toml", 'tie_break = ["criterion:kebaruan"]', 'tie_break = ["random"]'), ["status"], r"^Error: competition.toml: tie_break 'random' is not one of"),
    ("entry-broken-toml", edit("entries/K002.toml", 'title = "Inovasi 2"', 'title = "Inovasi 2'), ["check"], r"^Error: entries/K002.toml:2: invalid TOML"),
    ("entry-duplicate-key", edit("entries/K002.toml", 'title = "Inovasi 2"', 'title = "Inovasi 2"\ntitle = "x"'), ["entry", "list"], "Error: entries/K002.toml:3: invalid TOML: duplicate key (each key may appear once)"),
    ("entry-unknown-key", edit("entries/K002.toml", 'title = "Inovasi 2"', 'title = "Inovasi 2"\nbudget = 5'), ["entry", "list"], "Error: entries/K002.toml:3: budget: unknown key (remove it or check its spelling)"),
    ("entry-unknown-category", edit("entries/K002.toml", 'category = "tik"', 'category = "tatakelola"'), ["check"], "Error: entries/K002.toml: category: 'tatakelola' is not one of kesejahteraan-sosial, pelayanan-langsung, tata-kelola, tik"),
    ("entry-id-mismatch", edit("entries/K002.toml", 'id = "K002"', 'id = "K102"'), ["status"], "Error: entries/K002.toml:1: id 'K102' does not match the file name 'K002'"),
    ("entry-path-like-file", write("entries/a b.toml", 'id = "a b"\n'), ["status"], "Error: entries/a b.toml: file name is not a valid entry id; rename the file"),
    ("entry-year-out-of-range", edit("entries/K002.toml", 'category = "tik"', 'category = "tik"\nyear_started = 1200'), ["status"], r"^Error: entries/K002.toml:6: year_started: Input should be greater than or equal to 1900"),
    ("judges-duplicate-id", edit("judges.toml", 'id = "J2"', 'id = "J1"'), ["status"], "Error: judges.toml: duplicate judge id 'J1'"),
    ("judges-unknown-key", edit("judges.toml", 'id = "J2"', 'id = "J2"\nrating = 5'), ["judge", "list"], r"^Error: judges.toml:\d+: judges.1.rating: unknown key"),
    ("judges-unknown-conflict", edit("judges.toml", 'id = "J2"', 'id = "J2"\nconflicts = ["K999"]'), ["check"], "Error: judges.toml: judge J2: conflict with unknown entry 'K999'"),
    ("score-broken-json", mutate_score(lambda t: t.replace("}}", "}", 1)), ["standings", "--round", "2"], r"^Error: scores/round-2/J1.json:\d+: invalid JSON"),
    ("score-nan", mutate_score(lambda t: t.replace('"kebaruan": 70', '"kebaruan": NaN')), ["status"], "Error: scores/round-2/J1.json: invalid JSON value: NaN is not allowed"),
    ("score-infinity", mutate_score(lambda t: t.replace('"kebaruan": 70', '"kebaruan": 1e999')), ["status"], "Error: scores/round-2/J1.json: invalid JSON value: 1e999 is out of range"),
    ("score-duplicate-entry", mutate_score(lambda t: t.replace('"K003":', '"K003": {"kebaruan": 1},\n"K003":')), ["status"], "Error: scores/round-2/J1.json:3: duplicate key 'K003'"),
    ("score-out-of-range", mutate_score(lambda t: t.replace('"kebaruan": 70', '"kebaruan": 170')), ["standings", "--round", "2"], "Error: scores/round-2/J1.json:2: K003: 170 is above the maximum 100 of kebaruan"),
    ("score-off-step", mutate_score(lambda t: t.replace('"kebaruan": 70', '"kebaruan": 70.5')), ["status"], "Error: scores/round-2/J1.json:2: K003: 70.5 is not a whole number (kebaruan is scored in steps of 1)"),
    ("score-unknown-entry", mutate_score(lambda t: t.replace('"K003"', '"K404"')), ["status"], "Error: scores/round-2/J1.json:2: 'K404': unknown entry"),
    ("score-path-like-entry", mutate_score(lambda t: t.replace('"K003"', '"../K003"')), ["status"], "Error: scores/round-2/J1.json:2: '../K003': not a valid id"),
    ("score-unknown-criterion", mutate_score(lambda t: t.replace('"kebaruan"', '"gaya"')), ["status"], r"^Error: scores/round-2/J1.json:2: K003: unknown criterion 'gaya'"),
    ("score-wrong-judge", mutate_score(lambda t: t.replace('"judge": "J1"', '"judge": "J2"')), ["status"], "Error: scores/round-2/J1.json:1: judge is 'J2' but the file is named for J1"),
    ("score-huge-exponent", mutate_score(lambda t: t.replace('"kebaruan": 70', '"kebaruan": 6e31666666')), ["status"], "Error: scores/round-2/J1.json: invalid JSON value: 6e31666666 is out of range"),
    ("cli-huge-exponent", None, ["score", "K004", "--round", "2", "--judge", "J1", *FULL[:-1], "keberlanjutan=1e999999999"], "Error: keberlanjutan: '1e999999999' is not a number"),
    ("score-string-value", mutate_score(lambda t: t.replace('"kebaruan": 70', '"kebaruan": "70"')), ["status"], "Error: scores/round-2/J1.json:2: K003: '70' is not a number"),
    ("score-conflicted-judge-file", write("scores/round-2/J2.json", '{"round": 2, "judge": "J2", "scores": {\n"K002": {"efektivitas": 1, "kebaruan": 1, "keberlanjutan": 1, "kemanfaatan": 1, "replikasi": 1}\n}}\n'), ["check"], "Error: scores/round-2/J2.json: K002: judge J2 is in conflict with this entry and may not score it"),
    ("cli-path-like-id", None, ["entry", "add", "--id", "../x", "--title", "T", "--institution", "I", "--type", "OPD", "--category", "tik"], "Error: --id: '../x' is not a valid id (letters, digits, '-' and '_', at most 64, starting with a letter or digit)"),
    ("cli-slash-id", None, ["entry", "add", "--id", "a/b", "--title", "T", "--institution", "I", "--type", "OPD", "--category", "tik"], "Error: --id: 'a/b' is not a valid id (letters, digits, '-' and '_', at most 64, starting with a letter or digit)"),
    ("cli-device-id", None, ["entry", "add", "--id", "CON", "--title", "T", "--institution", "I", "--type", "OPD", "--category", "tik"], "Error: --id: 'CON' is a name Windows reserves for a device; choose another id"),
    ("cli-empty-id", None, ["entry", "add", "--id", "", "--title", "T", "--institution", "I", "--type", "OPD", "--category", "tik"], "Error: --id: an empty id; leave --id out to get the next K number"),
    ("cli-long-id", None, ["entry", "add", "--id", "x" * 200, "--title", "T", "--institution", "I", "--type", "OPD", "--category", "tik"], r"^Error: --id: 'x{200}' is not a valid id"),
    ("cli-conflicted-judge", None, ["score", "K002", "--judge", "J2", *FULL], "Error: K002: judge J2 is in conflict with K002 (same institution: Dinas 2) and may not score it"),
    ("cli-closed-round", None, ["score", "K003", "--round", "1", "--judge", "J1", *FULL, "--replace"], "Error: round 1 is closed and its scores are locked; to correct them, `krenova reopen --round 1 --reason TEXT` first"),
    ("cli-eliminated-or-unknown", None, ["score", "K404", "--round", "2", "--judge", "J1", *FULL], "Error: K404: unknown entry 'K404'"),
    ("sheet-of-another-round", sheet_other_judge, ["score", "--round", "3", "--from", "{tmp}/round-2-J1.xlsx"], "Error: round-2-J1.xlsx: this sheet is for round 2, not round 3"),
    ("sheet-checksum-altered", sheet_altered, ["score", "--from", "{tmp}/altered.xlsx"], "Error: altered.xlsx: the binding sheet was altered (checksum mismatch); use the sheet as `krenova sheets` wrote it"),
    ("sheet-of-another-competition", sheet_other_competition, ["score", "--from", "{tmp}/other.xlsx"], "Error: other.xlsx: this sheet belongs to competition 'kompetisi-lain', not 'krenova-magelang-2017'"),
    ("xlsx-zip-bomb", zip_bomb, ["entry", "import", "{tmp}/bomb.xlsx"], "Error: bomb.xlsx: refused: it would expand to 210 MB (limit 64 MB); a zip bomb or an oversized workbook"),
    ("xlsx-xml-bomb", xml_bomb, ["entry", "import", "{tmp}/xmlbomb.xlsx"], "Error: xmlbomb.xlsx: refused: the workbook's XML declares entities (an XML bomb?)"),
    ("xlsx-not-a-zip", file_in_tmp("fake.xlsx", "judul,instansi\n"), ["entry", "import", "{tmp}/fake.xlsx"], "Error: fake.xlsx: not an Excel .xlsx file (File is not a zip file); save it as .xlsx or .csv"),
    ("csv-50mb", big_csv, ["score", "--from", "{tmp}/big.csv"], "Error: big.csv: refused: 50 MB is over the 32 MB limit; split the file"),
    ("csv-not-utf8", file_in_tmp("latin.csv", "judul,instansi,jenis,kategori\nPelayanan \xe9,X,OPD,tik\n".encode("latin-1")), ["entry", "import", "{tmp}/latin.csv"], "Error: latin.csv:2: not UTF-8 text; save it as 'CSV UTF-8'"),
    ("csv-nul-bytes", file_in_tmp("nul.csv", b"judul,instansi\x00\n"), ["entry", "import", "{tmp}/nul.csv"], "Error: nul.csv: contains NUL bytes; not a text CSV file"),
    ("csv-unknown-column", file_in_tmp("col.csv", "nama,instansi,anggaran\nA,B,5\n"), ["judge", "import", "{tmp}/col.csv"], r"^Error: col.csv row 1: unknown column 'anggaran'; known columns:"),
    ("registration-closed", None, ["entry", "add", "--title", "T", "--institution", "I", "--type", "OPD", "--category", "tik"], r"^Error: registration is closed: round 1 \(Penilaian I\) was closed on \d{4}-\d\d-\d\d; to register more entries, reopen it first"),
    ("settings-bad-year", None, ["settings", "set", "competition.year", "abc"], "Error: competition.year: 'abc' is not a whole number; write digits only, without dots, commas or spaces, e.g. krenova settings set competition.year 2017"),
    ("ledger-truncated-line", truncate_ledger, ["judge", "add", "--name", "T"], "Error: ledger.jsonl: the last record is cut short (an interrupted write or a truncated file); run `krenova check`"),
    ("ledger-truncated-check", truncate_ledger, ["check"], r"^Error: ledger.jsonl:\d+: the last record is cut short \(truncated ledger\)"),
    ("ledger-record-changed", alter_ledger_middle, ["check"], "Error: ledger.jsonl:3: record 3 was altered: its hash does not match its content"),
    ("ledger-cut-after-close", cut_ledger_after_close, ["check"], r"^Error: ledger.jsonl: cut short: round 1 closed at record \d+, which is missing"),
    ("closed-round-edited-by-hand", hand_edit_closed_round, ["check"], r"^Error: scores/round-1/J1.json: changed after round 1 closed: edited by hand\?"),
    ("assignment-unknown-judge", write("assignments/round-2.toml", 'round = 2\n[entries]\nK003 = ["J9"]\n'), ["check"], "Error: assignments/round-2.toml: K003: unknown judge 'J9'"),
    ("round-record-garbage", write("rounds/round-2.json", '{"round": 2}\n'), ["status"], r"^Error: rounds/round-2.json: not a round record \(missing advancing,"),
    ("advance-wrong-round", None, ["advance", "--round", "3"], "Error: round 3 has not started: round 2 is still open (close it with `krenova advance --round 2`)"),
    # issue 12: every promise holds under attack
    ("pending-dotdot-path", planted({"../x": "pwned"}), ["status"], r"^Error: .krenova-pending.json: the pending change names '\.\./x' is not a data file of a competition folder; nothing was applied"),
    ("pending-absolute-path", planted({"/tmp/krenova-corpus-victim": None}), ["check"], r"^Error: .krenova-pending.json: the pending change names '/tmp/krenova-corpus-victim' is not a data file"),
    ("pending-garbage", planted(None, raw="garbage"), ["status"], r"^Error: .krenova-pending.json: the pending-change marker is damaged \(not JSON\)"),
    ("pending-empty-object", planted(None, raw="{}"), ["entry", "list"], r"^Error: .krenova-pending.json: the pending-change marker is damaged \(not a record and its files\)"),
    ("pending-not-chained", planted({"entries/K099.toml": 'id = "K099"\n'}, chain=False), ["status"], r"^Error: .krenova-pending.json: an interrupted change does not follow the ledger's last record"),
    ("entry-edited-by-hand", edit("entries/K002.toml", 'title = "Inovasi 2"', 'title = "Inovasi Dua"'), ["entry", "add", "--title", "T", "--institution", "I", "--type", "OPD", "--category", "tik"], "Error: entries/K002.toml: changed outside krenova (last written by ledger record 2)"),
    ("judges-edited-by-hand", edit("judges.toml", 'name = "B"', 'name = "Bambang"'), ["score", "K004", "--round", "2", "--judge", "J1", *FULL], "Error: judges.toml: changed outside krenova (last written by ledger record 3)"),
    ("judges-edited-check", edit("judges.toml", 'name = "B"', 'name = "Bambang"'), ["check"], "Error: judges.toml: changed outside krenova (last written by ledger record 3)"),
    ("round-record-deleted", delete("rounds/round-1.json"), ["check"], r"^Error: "),
    ("round-record-of-another-competition", other_competitions_round, ["check"], r"^Error: rounds/round-1.json: "),
    ("score-file-added-by-hand", copy_file("scores/round-2/J1.json", "scores/round-2/J2.json"), ["check"], r"^Error: scores/round-2/J2.json:"),
    ("ledger-cut-to-first-line", ledger_lines(lambda lines: lines[:1]), ["check"], r"^Error: "),
    ("ledger-line-duplicated", ledger_lines(lambda lines: lines[:3] + lines[2:]), ["check"], "Error: ledger.jsonl:4: record 3 appears twice (a duplicated line); the ledger was edited"),
    ("ledger-records-reordered", ledger_lines(lambda lines: lines[:2] + [lines[3], lines[2]] + lines[4:]), ["check"], r"^Error: ledger.jsonl:3: record 4 does not follow record 2: the chain is broken"),
    ("ledger-forked", forked, ["check"], r"^Error: ledger.jsonl:\d+: two different records \d+ follow record \d+: the ledger was forked"),
    ("ledger-symlink", symlink("ledger.jsonl", None), ["status"], "Error: ledger.jsonl: a symbolic link; krenova reads and writes no links inside the competition folder (replace it with the file itself)"),
    ("entry-symlink-dev-zero", symlink("entries/K011.toml", "/dev/zero"), ["status"], "Error: entries/K011.toml: a symbolic link; krenova reads and writes no links inside the competition folder (replace it with the file itself)"),
    ("entry-fifo", fifo("entries/K012.toml"), ["status"], "Error: entries/K012.toml: a FIFO (named pipe); krenova reads only plain files (remove it)"),
    ("scores-folder-symlink", symlink("scores/round-1", None), ["standings", "--round", "1"], "Error: scores/round-1: a symbolic link; krenova reads and writes no links inside the competition folder (replace it with the file itself)"),
    ("out-symlink", symlink("out", None), ["export"], "Error: out: a symbolic link; krenova reads and writes no links inside the competition folder (replace it with the file itself)"),
    ("template-folder-symlink", symlink("templates/sys", "/etc"), ["letters", "minutes", "--round", "1", "--format", "html"], "Error: templates/sys: a symbolic link; krenova reads and writes no links inside the competition folder (replace it with the file itself)"),
    ("entry-hard-link", hard_link("entries/K001.toml"), ["status"], "Error: entries/K001.toml: a hard link (2 names for one file); a change through another name would bypass the ledger (replace it with a copy)"),
    ("entry-replaced-by-folder", folder_instead("entries/K004.toml"), ["status"], "Error: entries/K004.toml: a folder where a file belongs (move it away)"),
    ("sync-conflict-copy", copy_file("entries/K001.toml", "entries/K001 (1).toml"), ["status"], r"^Error: entries/K001 \(1\).toml: a sync-conflict copy: two copies of this folder were changed at once"),
    ("sync-conflict-named", copy_file("judges.toml", "judges-conflict-20170817.toml"), ["entry", "list"], r"^Error: judges-conflict-20170817.toml: a sync-conflict copy"),
    ("cli-bidi-title", None, ["entry", "add", "--title", "Abc\u202eevil", "--institution", "I", "--type", "OPD", "--category", "tik"], "Error: --title: contains the bidirectional control U+202E, which can make text display reversed; remove it"),
    ("entry-file-control-char", edit("entries/K002.toml", 'title = "Inovasi 2"', 'title = "Inovasi\\u001b[2J 2"'), ["check"], r"^Error: entries/K002.toml:2: title: contains the control character U\+001B; remove it"),
    ("cli-id-case", None, ["entry", "add", "--id", "k001", "--title", "T", "--institution", "I", "--type", "OPD", "--category", "tik"], "Error: --id: entry k001 already exists (as K001: ids are unique regardless of case); choose another id or use `krenova entry edit`"),
    ("import-id-case", file_in_tmp("lower.csv", "id,nama\nj2,X\n"), ["judge", "import", "{tmp}/lower.csv"], "Error: lower.csv row 2: id: 'j2' is already used as 'J2' (ids are unique regardless of case)"),
    ("judge-id-case", None, ["judge", "add", "--name", "X", "--id", "j1"], "Error: --id: judge j1 already exists (as J1: ids are unique regardless of case)"),
    ("score-several-files-one-bad", two_csvs, ["score", "--round", "2", "--from", "{tmp}/a.csv", "{tmp}/b.csv"], "Error: b.csv row 2: 170 is above the maximum 100 of kebaruan"),
    ("sheet-formula-in-value-cell", formula_sheet, ["score", "--from", "{tmp}/formula.xlsx"], r"^Error: formula.xlsx!\w+\d+: a formula \(=SUM\(1,69\)\); type the score itself"),
    ("xlsx-far-cells", far_cells, ["entry", "import", "{tmp}/far.xlsx"], "Error: far.xlsx!XFD2: a cell far outside the table (column 16,384; at most 200); delete it"),
    ("letter-number-too-wide", edit("competition.toml", 'letter_number = "', 'letter_number = "{seq:>1500000000}'), ["status"], r"^Error: competition.toml:\d+: competition.letter_number: \{seq:>1500000000\} is too wide"),
]


def _outside(tmp_path):
    """Everything around the competition (a planted marker aims there); the validation cache excepted."""
    return {k: v for k, v in tree_hash(tmp_path).items() if not k.startswith(".krenova-cache")}


@pytest.mark.parametrize("name, setup, args, expected", CASES, ids=[c[0] for c in CASES])
def test_bad_input(base, tmp_path, name, setup, args, expected):
    d = tmp_path / "comp"
    shutil.copytree(base, d)
    files = tmp_path / "files"
    files.mkdir()
    if setup is not None:
        setup(d, files)
    before = tree_hash(d)
    outside = _outside(tmp_path)
    started = time.perf_counter()
    r = run("-d", d, *[a.replace("{tmp}", str(files)) for a in args])
    elapsed = time.perf_counter() - started
    assert r.code == 1, (r.code, r.out, r.err)
    assert "Traceback" not in r.err
    assert r.errors, r.err
    first = r.errors[0]
    if expected.startswith("^"):
        assert re.match(expected, first), first
    else:
        assert first == expected
    assert tree_hash(d) == before, "the directory changed"
    assert _outside(tmp_path) == outside, "something outside the directory changed"
    if name.startswith("xlsx-"):
        assert elapsed < 5.0, f"{name} took {elapsed:.2f}s"


def test_corpus_is_large_enough():
    assert len(CASES) >= 40


LITERAL = ['=HYPERLINK("http://x","click")', "<script>alert(1)</script>", "{{ 7*7 }}", "+1", "@SUM(A1)"]


@pytest.mark.parametrize("title", LITERAL)
def test_code_like_titles_are_kept_as_literal_text(base, tmp_path, title):
    d = tmp_path / "comp"
    shutil.copytree(base, d)
    # round 1 of the base is closed (registration too), so the title arrives by an edit
    entry_id = "K004"
    r = run("-d", d, "entry", "edit", entry_id, "--title", title)
    assert r.code == 0, r.err
    assert run("-d", d, "entry", "show", entry_id, "--json").json()["title"] == title
    assert run("-d", d, "check").code == 0
