"""Run independent pieces of CPU-bound work in forked copies of this process."""

from __future__ import annotations

import os
import pickle
import signal
from collections.abc import Callable, Sequence
from typing import Any, TypeVar, cast

A = TypeVar("A")
B = TypeVar("B")
T = TypeVar("T")
R = TypeVar("R")


def fork_map(function: Callable[[T], R], items: Sequence[T]) -> list[R]:
    """``[function(item) for item in items]``, the first item here and each other one in
    a forked child at the same time; results come back pickled through a pipe.

    A child starts with a copy of everything this process has loaded (imports, parsed
    files, a WeasyPrint layout), which is what makes forking cheaper than a worker pool
    here. A child that fails is replaced by calling ``function`` here, so that its error,
    if any, is raised in this process. Without ``os.fork``, everything runs here.
    """
    first, *others = items
    if not others or not hasattr(os, "fork"):
        return [function(item) for item in items]
    children: list[tuple[int, int]] = []
    try:
        for item in others:
            read_end, write_end = os.pipe()
            pid = os.fork()
            if pid == 0:  # pragma: no cover  (the child; coverage cannot see it)
                status = 1
                try:
                    os.close(read_end)
                    with os.fdopen(write_end, "wb") as pipe:
                        pickle.dump(function(item), pipe, protocol=pickle.HIGHEST_PROTOCOL)
                    status = 0
                finally:
                    os._exit(status)
            os.close(write_end)
            children.append((pid, read_end))
        results = [function(first)]
        for item in others:
            pid, read_end = children.pop(0)
            with os.fdopen(read_end, "rb") as pipe:
                data = pipe.read()
            _, status = os.waitpid(pid, 0)
            results.append(pickle.loads(data) if status == 0 else function(item))
        return results
    finally:
        for pid, read_end in children:  # only after an error here: stop the others
            os.close(read_end)
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)


def fork_both(here: Callable[[], A], there: Callable[[], B]) -> tuple[A, B]:
    """``(here(), there())``, with ``there`` run in a forked child at the same time."""
    first, second = fork_map(_call, [here, there])
    return cast(A, first), cast(B, second)


def _call(task: Callable[[], Any]) -> Any:
    return task()
