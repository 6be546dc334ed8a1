"""usecases/forked.py: half of a read-only job in a child; any failure there costs only time."""

import os
import signal

import pytest

from krenova_cli.usecases.forked import in_child

needs_fork = pytest.mark.skipif(not hasattr(os, "fork"), reason="no fork on this system: the work runs inline")


@needs_fork
def test_the_work_runs_in_a_child_and_its_result_comes_back():
    parent = os.getpid()
    started = in_child(lambda: {"pid": os.getpid(), "items": list(range(100_000))})
    got = started()
    assert got["pid"] != parent and got["items"] == list(range(100_000))


@needs_fork
def test_a_failure_in_the_child_is_done_again_here():
    parent = os.getpid()

    def work():
        if os.getpid() != parent:
            raise RuntimeError("only in the child")
        return "done here"

    assert in_child(work)() == "done here"


@needs_fork
def test_a_killed_child_is_done_again_here():
    parent = os.getpid()

    def work():
        if os.getpid() != parent:
            os.kill(os.getpid(), signal.SIGKILL)
        return os.getpid()

    assert in_child(work)() == parent


def test_an_error_of_the_work_is_raised_here_as_it_would_be_without_a_child():
    def work():
        raise ValueError("the same error")

    started = in_child(work)
    with pytest.raises(ValueError, match="the same error"):
        started()


def test_krenova_no_fork_runs_the_work_here(monkeypatch):
    monkeypatch.setenv("KRENOVA_NO_FORK", "1")
    assert in_child(os.getpid)() == os.getpid()


def test_a_result_that_cannot_be_pickled_is_made_here():
    parent = os.getpid()
    got = in_child(lambda: (lambda: os.getpid()))()  # a lambda cannot be pickled: made again here
    assert got() == parent


def test_the_result_asked_again_is_the_same_one():
    started = in_child(lambda: [os.getpid()])
    first = started()
    assert started() is first


def test_without_a_child_the_work_runs_once(monkeypatch):
    monkeypatch.setenv("KRENOVA_NO_FORK", "1")
    runs = []
    started = in_child(lambda: runs.append(1) or len(runs))
    assert (started(), started(), runs) == (1, 1, [1])
