"""Attached files (proposals, annexes, photos): their manifest, the check of their content, their copy
into the folder and their verification.

An entry's files live in `attachments/ID/`, named in `attachments/ID/manifest.toml` with the SHA-256
and size of each. The manifest is a data file like any other (ledgered, drift-checked by every
command); the files it names are read only by `check` and the commands that attach, detach or pack
them, so `status` and `standings` never read them. A file is copied to a hidden staged name beside
its place (`.NAME.tmp-in-TOKEN`, fsynced) before the change; the commit renames it into place with
the manifest in the same marker-protected step (`Transaction.move`), so a killed process leaves the
old or the new state and a failed write puts everything back.
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
import stat
import struct
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from krenova_cli.core.errors import DataError, DataErrors, T
from krenova_cli.store import layout

KINDS = ("proposal", "annex", "photo")
CHUNK = 1 << 20
# an OOXML package: at most this many members, this much unpacked in all, and this ratio to its size
ZIP_MEMBERS = 10_000
ZIP_TOTAL = 512 * 2**20
ZIP_RATIO = 100
_OOXML_MAIN = {"docx": "word/", "xlsx": "xl/", "pptx": "ppt/"}
_MACRO_TYPES = ("macroEnabled", "vbaProject")


@dataclass(frozen=True)
class Attached:
    """One file named in a manifest."""

    name: str
    kind: str
    sha256: str
    size: int
    document: str = ""  # the required document it is (`entry attach --document NAME`), "" for none

    def to_toml(self) -> str:
        return "[[files]]\n" + "".join(f"{key} = {json.dumps(value)}\n" for key, value in self.to_json().items())

    def to_json(self) -> dict[str, Any]:
        out = {"name": self.name, "kind": self.kind, "sha256": self.sha256, "size": self.size}
        return out | ({"document": self.document} if self.document else {})


def manifest_bytes(entry_id: str, files: list[Attached]) -> bytes | None:
    """The manifest of an entry's files (None: no file left, the manifest is removed)."""
    if not files:
        return None
    body = "".join("\n" + f.to_toml() for f in sorted(files, key=lambda f: f.name))
    return (f"entry = {json.dumps(entry_id)}\n" + body).encode("utf-8")


def manifest_problems(rel: str, text: str) -> tuple[list[DataError], list[Attached]]:
    """The manifest `rel` read as every command reads it: (problems, files)."""
    import re

    from krenova_cli.store.parsing import parse_toml

    m = re.fullmatch(rf"{layout.ATTACHMENTS}/(.+)/{re.escape(layout.MANIFEST)}", rel)
    try:
        data = parse_toml(text, rel)
    except DataErrors as exc:
        return list(exc.errors), []
    problems: list[DataError] = []
    if set(data) - {"entry", "files"} or (m and data.get("entry") != m.group(1)):
        return [DataError(rel, None, T("not the manifest of entry {id} (entry = \"{id}\" and [[files]] only)",
                                       id=m.group(1) if m else "?"))], []
    found: list[Attached] = []
    seen: set[str] = set()
    for i, item in enumerate(data.get("files") or [], 1):
        ok = (isinstance(item, dict) and set(item) - {"document"} == {"name", "kind", "sha256", "size"}
              and _document_label(item.get("document", "x"))
              and isinstance(item["name"], str) and layout.ATTACHMENT_NAME.fullmatch(item["name"])
              and item["kind"] in KINDS and isinstance(item["sha256"], str) and len(item["sha256"]) == 64
              and all(c in "0123456789abcdef" for c in item["sha256"])
              and isinstance(item["size"], int) and not isinstance(item["size"], bool) and item["size"] >= 0)
        if not ok or item["name"] in seen:
            problems.append(DataError(rel, None, T("file {n} is not a name, kind ({kinds}), sha256 and size of an attached file",
                                                   n=i, kinds=", ".join(KINDS))))
            continue
        seen.add(item["name"])
        found.append(Attached(item["name"], item["kind"], item["sha256"], item["size"], item.get("document", "")))
    return problems, found


def _document_label(value: object) -> bool:
    """A document label is a line of free text: 1 to 300 characters, no control or bidi character (the
    settings' own names are what `entry attach --document` writes)."""
    return (isinstance(value, str) and 0 < len(value.strip()) and len(value) <= 300
            and not any(ord(c) < 32 or ord(c) == 127 or 0x202A <= ord(c) <= 0x202E or 0x2066 <= ord(c) <= 0x2069
                        for c in value))


def read_manifest(root: Path, entry_id: str) -> list[Attached]:
    """The files attached to an entry (none when it has no manifest); DataErrors when it cannot be read."""
    rel = layout.attachment_manifest(entry_id)
    try:
        text = (root / rel).read_bytes().decode("utf-8")
    except FileNotFoundError:
        return []
    except (OSError, UnicodeDecodeError) as exc:
        raise DataErrors(DataError(rel, None, T("cannot be read ({problem})", problem=getattr(exc, "strerror", None) or "UTF-8"))) from None
    problems, files = manifest_problems(rel, text)
    if problems:
        raise DataErrors(problems)
    return files


def entries_with_attachments(root: Path) -> list[str]:
    try:
        return sorted(p.name for p in os.scandir(root / layout.ATTACHMENTS) if p.is_dir(follow_symlinks=False))
    except OSError:
        return []


# -- what a file holds -------------------------------------------------------------------------------
def stored_name(original: str) -> str | None:
    """The name an attached file is kept under (the original's, tidied), None when nothing usable is left."""
    import re
    import unicodedata

    stem, dot, ext = original.rpartition(".")
    if not dot:
        return None
    ext = ext.lower()
    if ext == "jpeg":
        ext = "jpg"
    plain = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode()
    plain = re.sub(r"[^A-Za-z0-9._ -]+", "-", plain).strip(" .-_")[:90]
    name = f"{plain}.{ext}"
    return name if layout.ATTACHMENT_NAME.fullmatch(name) else None


def _ooxml_problem(path: Path, ext: str, size: int) -> str | None:
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
            if len(infos) > ZIP_MEMBERS:
                return T("an archive of {n} members (at most {max})", n=len(infos), max=ZIP_MEMBERS)
            total = sum(i.file_size for i in infos)
            if total > ZIP_TOTAL or total > max(size, 1) * ZIP_RATIO:
                return T("an archive that unpacks to {mb} MB (a zip bomb?)", mb=total // 2**20)
            names = {i.filename for i in infos}
            if any(n.lower().endswith("vbaproject.bin") for n in names):
                return T("a document with macros (vbaProject.bin); save it without macros")
            if "[Content_Types].xml" not in names:
                return T("not an Office document (no [Content_Types].xml)")
            info = zf.getinfo("[Content_Types].xml")
            if info.file_size > 2**20:
                return T("not an Office document ([Content_Types].xml too large)")
            types = zf.read(info).decode("utf-8", "replace")
    except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError, RuntimeError, EOFError):
        return T("a damaged zip archive")
    if any(mark in types for mark in _MACRO_TYPES):
        return T("a document with macros; save it without macros")
    if not any(n.startswith(_OOXML_MAIN[ext]) for n in names):
        return T("not a .{ext} document (its parts are another kind's)", ext=ext)
    return None


def _image_problem(head: bytes, ext: str, path: Path, max_pixels: int) -> str | None:
    """JPEG/PNG: the signature, and the pixel count read from the header only."""
    if ext == "png":
        if not head.startswith(b"\x89PNG\r\n\x1a\n") or head[12:16] != b"IHDR":
            return T("not a PNG image")
        width, height = struct.unpack(">II", head[16:24])
    else:
        if not head.startswith(b"\xff\xd8\xff"):
            return T("not a JPEG image")
        found = _jpeg_size(path)
        if found is None:
            return T("a JPEG image without a readable size")
        width, height = found
    if width * height > max_pixels:
        return T("an image of {w} x {h} pixels (at most {max} pixels; [attachments] max_pixels)", w=width, h=height, max=max_pixels)
    return None


def _jpeg_size(path: Path) -> tuple[int, int] | None:
    with open(path, "rb") as fh:
        fh.seek(2)
        for _ in range(10_000):
            marker = fh.read(2)
            if len(marker) < 2 or marker[0] != 0xFF:
                return None
            if marker[1] in (0xD8, 0x01) or 0xD0 <= marker[1] <= 0xD7:
                continue
            raw = fh.read(2)
            if len(raw) < 2:
                return None
            length = struct.unpack(">H", raw)[0]
            if marker[1] in (0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF):
                data = fh.read(5)
                if len(data) < 5:
                    return None
                height, width = struct.unpack(">HH", data[1:5])
                return width, height
            fh.seek(length - 2, 1)
    return None


def content_problem(path: Path, name: str, settings: Any) -> str | None:
    """Why the file at `path` (to be kept as `name`) may not be attached: its kind by its first bytes,
    macros, archives and images bounded, sizes from `[attachments]`. None when it may."""
    ext = name.rsplit(".", 1)[1]
    if ext not in settings.types:
        return T("a .{ext} file ([attachments] types allows {types})", ext=ext, types=", ".join(settings.types))
    size = os.stat(path).st_size
    if size > settings.max_file_mb * 2**20:
        return T("{mb} MB, more than {max} MB ([attachments] max_file_mb)", mb=round(size / 2**20, 1), max=settings.max_file_mb)
    with open(path, "rb") as fh:
        head = fh.read(64)
    if head.startswith((b"MZ", b"\x7fELF", b"#!", b"\xcf\xfa\xed\xfe", b"\xca\xfe\xba\xbe")):
        return T("a program, not a document")
    if ext == "pdf":
        return None if head.startswith(b"%PDF-") else T("not a PDF (it does not start with %PDF-)")
    if ext in _OOXML_MAIN:
        if not head.startswith(b"PK\x03\x04"):
            if head.startswith(b"\xd0\xcf\x11\xe0"):
                return T("an old Office file (.doc/.xls/.ppt); save it as .{ext}", ext=ext)
            return T("not a .{ext} document (not a zip package)", ext=ext)
        return _ooxml_problem(path, ext, size)
    return _image_problem(head, ext, path, settings.max_pixels)


def source_problem(path: Path) -> str | None:
    """Why a given path is not a plain file to read (a link, a folder, a device, missing)."""
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        return T("no such file")
    except OSError as exc:
        return exc.strerror or str(exc)
    if stat.S_ISLNK(st.st_mode):
        return T("a symbolic link (give the file itself)")
    if stat.S_ISDIR(st.st_mode):
        return T("a folder, not a file")
    if not stat.S_ISREG(st.st_mode):
        return T("not a regular file")
    if st.st_mode & 0o111:
        return T("an executable file (remove its execute permission if it is a document)")
    return None


def stage(root: Path, entry_id: str, name: str, source: Path) -> tuple[str, str, int]:
    """Copy `source` to its staged name beside its place, hashing it on the way, fsynced.
    Returns (staged rel, sha256, size). The staged file is swept by the next change if this one dies."""
    rel = layout.attachment_staged(entry_id, name, "in", secrets.token_hex(8))
    target = root / rel
    target.parent.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    size = 0
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o644)
    try:
        with open(source, "rb") as src:
            while chunk := src.read(CHUNK):
                digest.update(chunk)
                size += len(chunk)
                view = memoryview(chunk)
                while view:
                    view = view[os.write(fd, view):]
        os.fsync(fd)
    except BaseException:
        os.close(fd)
        target.unlink(missing_ok=True)
        raise
    os.close(fd)
    return rel, digest.hexdigest(), size


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def verify(root: Path) -> list[DataError]:
    """`check`'s word on the attached files: each named file present with its recorded size and
    SHA-256, no other file in an entry's folder, no link or special file."""
    problems: list[DataError] = []
    top = root / layout.ATTACHMENTS
    try:
        st = os.lstat(top)
    except FileNotFoundError:
        return []
    if not stat.S_ISDIR(st.st_mode):
        return [DataError(layout.ATTACHMENTS, None, T("a file where a folder belongs (move it away)"))]
    for child in sorted(os.scandir(top), key=lambda c: c.name):
        rel = f"{layout.ATTACHMENTS}/{child.name}"
        if child.name.startswith("."):
            continue
        if not child.is_dir(follow_symlinks=False):
            problems.append(DataError(rel, None, T("added outside krenova (only entries' folders belong here)")))
            continue
        try:
            files = {f.name: f for f in read_manifest(root, child.name)}
        except DataErrors as exc:
            problems.extend(exc.errors)
            continue
        present = {}
        for item in os.scandir(child.path):
            if item.name.startswith(".") or item.name == layout.MANIFEST:
                continue
            present[item.name] = item
        for name in sorted(set(files) | set(present)):
            frel = layout.attachment_file(child.name, name)
            item = present.get(name)
            want = files.get(name)
            if item is None:
                problems.append(DataError(frel, None, T("deleted outside krenova (the manifest names it; restore it or run "
                                                        "`krenova entry detach {id} {name}`)", id=child.name, name=name)))
                continue
            ist = item.stat(follow_symlinks=False)
            if not stat.S_ISREG(ist.st_mode):
                problems.append(DataError(frel, None, T("not a regular file (a link or a folder; move it away)")))
            elif want is None:
                problems.append(DataError(frel, None, T("added outside krenova (move it away, or attach it with "
                                                        "`krenova entry attach {id} FILE`)", id=child.name)))
            elif ist.st_size != want.size or file_sha256(Path(item.path)) != want.sha256:
                problems.append(DataError(frel, None, T("changed outside krenova (its SHA-256 is not the one recorded "
                                                        "when it was attached; restore it, or detach and attach it again)")))
    return problems


CONTENT_TYPES = {"pdf": "application/pdf", "jpg": "image/jpeg", "png": "image/png",
                 "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                 "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                 "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation"}


def open_verified(root: Path, entry_id: str, name: str):
    """An attached file opened for reading, as the ledger recorded it: named in the entry's manifest, a
    regular file reached without any link (attachments/, the entry's folder, the file), its size and
    SHA-256 the recorded ones; read once to hash it, then rewound, so what is sent is what was verified.
    Returns (the open file, its `Attached`); DataErrors otherwise (nothing is left open)."""
    rel = layout.attachment_file(entry_id, name)
    want = next((f for f in read_manifest(root, entry_id) if f.name == name), None)
    if want is None or not layout.ATTACHMENT_FILE.fullmatch(rel):
        raise DataErrors(DataError(rel, None, T("not attached to {entry}", entry=entry_id)))
    for folder in (root / layout.ATTACHMENTS, root / layout.attachment_folder(entry_id)):
        try:
            plain = stat.S_ISDIR(os.lstat(folder).st_mode)
        except OSError:
            plain = False
        if not plain:
            raise DataErrors(DataError(rel, None, T("not a regular file (a link or a folder; move it away)")))
    try:
        fd = os.open(root / rel, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        raise DataErrors(DataError(rel, None, T("cannot be read ({problem})", problem=exc.strerror or str(exc)))) from None
    fh = os.fdopen(fd, "rb")
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode) or st.st_nlink > 1:
            raise DataErrors(DataError(rel, None, T("not a regular file (a link or a folder; move it away)")))
        digest = hashlib.sha256()
        size = 0
        while chunk := fh.read(CHUNK):
            digest.update(chunk)
            size += len(chunk)
        if size != want.size or digest.hexdigest() != want.sha256:
            raise DataErrors(DataError(rel, None, T("changed outside krenova (its SHA-256 is not the one recorded "
                                                    "when it was attached; restore it, or detach and attach it again)")))
        fh.seek(0)
    except BaseException:
        fh.close()
        raise
    return fh, want
