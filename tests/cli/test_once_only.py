"""An option that takes one value, given twice, is refused as a usage error, for every command
(the newcomer's year: `advance --allow-missing --reason A --prefer K --reason B` recorded B for both)."""

from __future__ import annotations

import pytest

from krenova_cli.cli.main import COMMANDS
from tests.conftest import run, tree_hash


def test_a_second_reason_is_refused_and_nothing_changes(comp):
    before = tree_hash(comp)
    r = run("-d", comp, "advance", "--round", "1", "--allow-missing", "--reason", "J3 mundur", "--prefer", "K001",
            "--reason", "Rapat pleno")
    assert r.code == 2, (r.code, r.err)
    assert "--reason was given twice" in r.err
    assert tree_hash(comp) == before


def _commands():
    from krenova_cli.cli.main import LazyGroup, root

    import click

    ctx = click.Context(root)
    group = LazyGroup()
    for name in COMMANDS:
        cmd = group.get_command(ctx, name)
        for sub_name, sub in [(None, cmd), *getattr(cmd, "commands", {}).items()]:
            yield name, sub_name, sub


@pytest.mark.parametrize("name, sub, opt", [
    (n, s, max(p.opts, key=len)) for n, s, c in _commands() for p in c.params
    if getattr(p, "param_type_name", "") == "option" and not p.multiple and not p.is_flag and not p.count
    and p.opts[0].startswith("--") and p.name not in ("help",)][:400])
def test_every_single_valued_option_given_twice_is_a_usage_error(name, sub, opt, tmp_path):
    argv = [name] + ([sub] if sub else []) + [opt, "1", f"{opt}=2"]
    r = run("-d", tmp_path / "nowhere", *argv)
    assert r.code == 2 and "given twice" in r.err, (argv, r.code, r.err)


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_command_words_an_unknown_option_as_click_does(name, tmp_path):
    """`status`/`check` (click) and the Typer commands used to word the same usage error two ways
    ("No such option: --x (Possible options: ...)", "Try '... -h'" against click's own)."""
    r = run("-d", tmp_path, name, "--bogus-option")
    assert r.code == 2, r.err
    assert "Error: No such option '--bogus-option'." in r.err, r.err
    if "Usage:" in r.err:
        assert f"Try 'krenova {name} --help' for help." in r.err, r.err
