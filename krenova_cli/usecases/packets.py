"""Judges' packets: for a round, one folder (or zip) per judge with the score sheet, the proposals of
that judge's entries only, an index, a covering letter and a SHA256SUMS list; and the check of one.

A judge's entries are the ones `sheets` gives the judge (`score_sheets.sheet_entries`: the round's
assignment, conflicts left out). Every attached file is copied with its SHA-256 checked against the
one recorded when it was attached, so a packet never carries a file changed outside krenova. A
packet is written beside its place and renamed into it, so it is whole or absent.
"""

from __future__ import annotations

import csv
import hashlib
import io
import os
import shutil
import zipfile
from dataclasses import dataclass
from pathlib import Path

from krenova_cli.core.errors import DataError, DataErrors, UserError
from krenova_cli.i18n.messages import _
from krenova_cli.store import layout
from krenova_cli.store.attachments import CHUNK, read_manifest
from krenova_cli.store.datafolder import Store

SUMS = "SHA256SUMS"
INDEX = "daftar-isi.csv"
LETTER = "surat-pengantar.md"
PROPOSALS = "proposal"
INDEX_HEADER = ("peserta", "judul", "instansi", "berkas", "halaman")
_STORED = (".pdf", ".png", ".jpg", ".docx", ".xlsx", ".pptx", ".zip")  # already compressed


@dataclass(frozen=True)
class Packet:
    judge: str
    path: Path
    entries: int
    files: int


class _Sink:
    """Where a packet's files go (a folder or a zip), each file's SHA-256 noted for SHA256SUMS."""

    def __init__(self, target: Path, as_zip: bool):
        self.as_zip = as_zip
        self.sums: dict[str, str] = {}
        self.zip = zipfile.ZipFile(target, "w", allowZip64=True) if as_zip else None
        self.folder = target

    def _open(self, name: str):
        if self.zip is not None:
            kind = zipfile.ZIP_STORED if name.lower().endswith(_STORED) else zipfile.ZIP_DEFLATED
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = kind
            return self.zip.open(info, "w", force_zip64=True)
        path = self.folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        return open(path, "wb")

    def data(self, name: str, data: bytes) -> None:
        with self._open(name) as fh:
            fh.write(data)
        self.sums[name] = hashlib.sha256(data).hexdigest()

    def copy(self, name: str, source: Path, want: str, verified: set | None = None) -> bool:
        """Copy an attached file, hashing it on the way; False when it is not the file recorded. A file
        already verified in this run (`verified`, shared by the judges' packets) is copied by the kernel."""
        if verified is not None and want in verified and self.zip is None:
            target = self.folder / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)
            self.sums[name] = want
            return True
        digest = hashlib.sha256()
        with open(source, "rb") as src, self._open(name) as fh:
            while chunk := src.read(CHUNK):
                digest.update(chunk)
                fh.write(chunk)
        self.sums[name] = digest.hexdigest()
        if verified is not None and self.sums[name] == want:
            verified.add(want)
        return self.sums[name] == want

    def close(self) -> None:
        body = "".join(f"{digest}  {name}\n" for name, digest in sorted(self.sums.items()))
        with self._open(SUMS) as fh:
            fh.write(body.encode("utf-8"))
        if self.zip is not None:
            self.zip.close()


def _pages(path: Path) -> str:
    """A PDF's page count when pypdf reads it quickly, else empty (the index says what it knows)."""
    try:
        with open(path, "rb") as fh:  # a PDF ends with its cross-reference pointer; without one, pypdf would
            fh.seek(max(0, path.stat().st_size - 1024))  # search the whole file: no count rather than a slow one
            if b"startxref" not in fh.read():
                return ""
        from pypdf import PdfReader

        return str(len(PdfReader(str(path), strict=False).pages))
    except Exception:  # noqa: BLE001 - any unreadable PDF just has no page count in the index
        return ""


def make_packets(store: Store, round_no: int | None, out: Path | None, as_zip: bool = False,
                 judges: list[str] | None = None) -> list[Packet]:
    from krenova_cli.core.score_rules import require_judge, require_open
    from krenova_cli.store.packaged import templates_dir
    from krenova_cli.usecases.scores import resolve_round

    out = out and store.output(out)
    state = store.load(rounds=())
    n = resolve_round(state, round_no)
    require_open(state, n)
    folder = out or store.path(layout.packets_out(n))
    chosen = judges or list(state.judges)
    if not chosen:
        raise UserError(_("no judges registered; add them with `krenova judge add` or `krenova judge import`"))
    for j in chosen:
        require_judge(state, j)
    folder.mkdir(parents=True, exist_ok=True)
    comp = state.competition
    meta = comp.competition
    letter = (templates_dir() / meta.locale / "packet-letter.md").read_text(encoding="utf-8")
    manifests: dict[str, list] = {}
    pages: dict[str, str] = {}
    verified: set[str] = set()  # digests of the attached files read and found as recorded in this run
    made: list[Packet] = []
    # A folder packet's files are copied by COPIERS threads (hashing and the kernel's copy let go of the
    # interpreter) while this thread writes the judge's score sheet, index and letter: at national size
    # (40 judges x 225 proposals) the sheets alone took a fifth of the run. A zip is one stream: in order.
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=COPIERS) as pool:
        for j in chosen:
            made.append(_packet(store, state, n, j, folder, as_zip, letter, manifests, pages, verified, pool))
    return made


def _packet(store: Store, state, n: int, j: str, folder: Path, as_zip: bool, letter: str, manifests: dict,
            pages: dict, verified: set, pool) -> Packet:
    from concurrent.futures import wait

    from krenova_cli.spreadsheets.score_sheets import sheet_entries, write_sheet

    comp = state.competition
    meta = comp.competition
    entries = sheet_entries(state, n, j)
    name = f"round-{n}-{j}"
    final = folder / (name + ".zip" if as_zip else name)
    tmp = folder / f".{final.name}.tmp-{os.getpid()}"
    _remove(tmp)
    if not as_zip:
        tmp.mkdir()
    sink = _Sink(tmp, as_zip)
    copies: list = []  # (an attached file's path in the folder, its copy running in `pool`)
    sheet = f"{name}.xlsx"
    try:
        if as_zip:  # the sheet first, as its member order has always been
            buf = tmp.with_name(tmp.name + ".xlsx")
            write_sheet(state, n, j, buf, entries)
            sink.data(sheet, buf.read_bytes())
            buf.unlink()
        rows = io.StringIO()
        writer = csv.writer(rows, lineterminator="\r\n")
        writer.writerow(INDEX_HEADER)
        count = 0
        for e in entries:
            if e not in manifests:
                manifests[e] = read_manifest(store.root, e)
            entry = state.entries[e]
            names, counted = [], []
            for f in manifests[e]:
                source = store.path(layout.attachment_file(e, f.name))
                rel = f"{PROPOSALS}/{e}/{f.name}"
                where = layout.attachment_file(e, f.name)
                if as_zip:
                    _refuse_changed([(where, _copied(sink, rel, source, f.sha256, verified))])
                else:
                    copies.append((where, pool.submit(_copied, sink, rel, source, f.sha256, verified)))
                if f.name.endswith(".pdf") and f.sha256 not in pages:
                    pages[f.sha256] = _pages(source)
                names.append(f.name)
                counted.append(pages.get(f.sha256, "") if f.name.endswith(".pdf") else "")
                count += 1
            writer.writerow([e, entry.title, entry.institution, "; ".join(names), "; ".join(p for p in counted if p)])
        if not as_zip:  # written while the proposals are copied
            write_sheet(state, n, j, tmp / sheet, entries)
            sink.sums[sheet] = hashlib.sha256((tmp / sheet).read_bytes()).hexdigest()
            _refuse_changed([(where, copy.result()) for where, copy in copies])
        sink.data(INDEX, ("\ufeff" + rows.getvalue()).encode("utf-8"))
        judge = state.judges[j]
        sink.data(LETTER, letter.format(judge=judge.name, competition=meta.name, organiser=meta.organiser,
                                        round=n, round_name=comp.round(n).name, sheet=sheet, count=len(entries),
                                        files=count).encode("utf-8"))
        sink.close()
    except BaseException:
        pending = [copy for _, copy in copies if hasattr(copy, "cancel")]
        for copy in pending:  # no copy may still write into the folder removed below
            copy.cancel()
        wait(pending)
        if sink.zip is not None:
            sink.zip.close()
        _remove(tmp)
        raise
    _remove(final)
    os.replace(tmp, final)
    return Packet(j, final, len(entries), count)


COPIERS = 2  # threads copying a folder packet's files


def _copied(sink: "_Sink", rel: str, source: Path, want: str, verified: set) -> bool:
    """Copy one attached file into the packet; False when it is missing or not the file recorded."""
    return source.is_file() and sink.copy(rel, source, want, verified)


def _refuse_changed(copies: list) -> None:
    """The first attached file (in the packet's order) that was missing or not as recorded, refused."""
    for where, ok in copies:
        if not ok:
            raise DataErrors(DataError(where, None, _(
                "not the file recorded when it was attached (missing or changed outside krenova); "
                "run `krenova check`, then restore it or detach and attach it again")))


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    elif path.exists() or path.is_symlink():
        path.unlink()


def verify_packet(path: Path) -> tuple[int, list[str]]:
    """Check a packet (folder or zip) against its SHA256SUMS: (files verified, problems)."""
    problems: list[str] = []
    if path.is_dir():
        names = {p.relative_to(path).as_posix() for p in path.rglob("*") if p.is_file()}

        def digest(name: str) -> str:
            h = hashlib.sha256()
            with open(path / name, "rb") as fh:
                while chunk := fh.read(CHUNK):
                    h.update(chunk)
            return h.hexdigest()

        read_sums = (lambda: (path / SUMS).read_text(encoding="utf-8")) if (path / SUMS).is_file() else None
    elif zipfile.is_zipfile(path):
        zf = zipfile.ZipFile(path)
        names = {i.filename for i in zf.infolist() if not i.is_dir()}

        def digest(name: str) -> str:
            h = hashlib.sha256()
            with zf.open(name) as fh:
                while chunk := fh.read(CHUNK):
                    h.update(chunk)
            return h.hexdigest()

        read_sums = (lambda: zf.read(SUMS).decode("utf-8")) if SUMS in names else None
    else:
        raise UserError(_("{path}: not a packet folder or zip; give a folder or .zip written by `krenova packets`").format(path=path))
    if read_sums is None:
        raise UserError(_("{path}: no {sums} inside, so it cannot be verified").format(path=path, sums=SUMS))
    listed: dict[str, str] = {}
    for line in read_sums().splitlines():
        want, sep, name = line.partition("  ")
        if sep:
            listed[name] = want
    for name in sorted(set(listed) | (names - {SUMS})):
        if name not in names:
            problems.append(_("{name}: missing").format(name=name))
        elif name not in listed:
            problems.append(_("{name}: not in {sums} (added)").format(name=name, sums=SUMS))
        elif digest(name) != listed[name]:
            problems.append(_("{name}: changed (its SHA-256 differs)").format(name=name))
    return len(listed), problems
