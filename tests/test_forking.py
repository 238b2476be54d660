"""fork_map: results in order, errors raised here, nothing left behind."""

from __future__ import annotations

import os

import pytest

from pubkit.forking import fork_map


def test_results_come_back_in_order() -> None:
    results = fork_map(lambda n: (n * n, os.getpid()), [1, 2, 3])
    assert [square for square, _ in results] == [1, 4, 9]
    assert results[0][1] == os.getpid()  # the first item runs here
    assert len({pid for _, pid in results}) == 3  # the others in children


def test_a_failing_item_raises_its_error_here() -> None:
    def invert(n: int) -> float:
        return 1 / n

    with pytest.raises(ZeroDivisionError):
        fork_map(invert, [1, 0, 2])
    with pytest.raises(ZeroDivisionError):
        fork_map(invert, [0, 1, 2])  # the parent's own item fails: the children are reaped


def test_no_child_is_left_running() -> None:
    fork_map(abs, [-1, -2, -3])
    with pytest.raises(ChildProcessError):
        os.waitpid(-1, os.WNOHANG)


def test_one_item_runs_here() -> None:
    assert fork_map(lambda _: os.getpid(), ["only"]) == [os.getpid()]
