"""Issue 27 part 1: attaching and detaching files is one atomic logged change. A failed rename (disk
full) is exit 1 with nothing changed; a kill at any rename leaves the old or the new state, the next
command completing or sweeping what was left."""

from __future__ import annotations

import errno
import os

import pytest

from tests.conftest import run, tree_hash


class Killed(BaseException):
    """A kill: no `except OSError` runs, nothing is cleaned up."""


def _pdf(p, text="x"):
    p.write_bytes(b"%PDF-1.4\n" + text.encode() + b"\n")
    return p


def _visible(comp):
    return {k: v for k, v in tree_hash(comp).items() if ".tmp-" not in k and ".krenova" not in k}


# the renames: the marker, each file moved, the manifest (attach: 1 + 2 + 1; detach: 1 + 1 + 1)
@pytest.mark.parametrize("how", ["ENOSPC", "kill"])
@pytest.mark.parametrize("action,fail_at", [("attach", n) for n in range(1, 5)] + [("detach", n) for n in range(1, 4)])
def test_attach_and_detach_leave_old_or_new_state(comp, tmp_path, monkeypatch, action, how, fail_at):
    if action == "detach":
        assert run("-d", comp, "entry", "attach", "K001", _pdf(tmp_path / "a.pdf"), _pdf(tmp_path / "b.pdf", "b")).code == 0
        argv = ["entry", "detach", "K001", "a.pdf"]
    else:
        argv = ["entry", "attach", "K001", _pdf(tmp_path / "a.pdf"), _pdf(tmp_path / "b.pdf", "b")]
    before = _visible(comp)
    real = os.replace
    calls = {"n": 0}

    def failing(src, dst, *a, **k):
        if str(src).startswith(str(comp)):
            calls["n"] += 1
            if calls["n"] == fail_at:
                if how == "kill":
                    raise Killed()
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(src), None, str(dst))
        return real(src, dst, *a, **k)

    monkeypatch.setattr(os, "replace", failing)
    try:
        r = run("-d", comp, *argv)
    except Killed:
        r = None
    monkeypatch.setattr(os, "replace", real)
    assert calls["n"] >= fail_at  # (a roll-back renames too)
    if how == "ENOSPC":
        assert r is not None and r.code == 1, r
        assert _visible(comp) == before
        assert not [p for p in comp.rglob("*") if ".tmp-" in p.name]
    # the next change completes or sweeps; then the folder is the old or the new state and checks clean
    assert run("-d", comp, "entry", "edit", "K002", "--title", "Judul Lain").code == 0
    assert run("-d", comp, "check").code == 0, run("-d", comp, "check").out
    assert not [p for p in comp.rglob("*") if ".tmp-" in p.name]
    names = sorted(p.name for p in (comp / "attachments" / "K001").glob("*.pdf")) if (comp / "attachments" / "K001").exists() else []
    if action == "attach":
        assert names in ([], ["a.pdf", "b.pdf"])
    else:
        assert names in (["a.pdf", "b.pdf"], ["b.pdf"])
