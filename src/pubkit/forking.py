"""Run independent pieces of CPU-bound work in forked copies of this process."""

from __future__ import annotations

import contextlib
import os
import pickle
import select
import signal
import sys
import tempfile
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, BinaryIO, Generic, TypeVar, cast

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
            children.append(_fork_call(function, item))
        results = [function(first)]
        for item in others:
            data = _collect(*children.pop(0))
            results.append(pickle.loads(data) if data is not None else function(item))
        return results
    finally:
        for child in children:  # only after an error here: stop the others
            _stop(*child)


def _fork_call(function: Callable[[T], R], item: T) -> tuple[int, int]:
    """Fork a child that pickles ``function(item)`` into a pipe and exits (status 0 when
    it could); its pid and the read end of the pipe."""
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
    return pid, read_end


def _collect(pid: int, read_end: int) -> bytes | None:
    """What a child of :func:`_fork_call` pickled, once it has exited; None if it failed."""
    with os.fdopen(read_end, "rb") as pipe:
        data = pipe.read()
    _, status = os.waitpid(pid, 0)
    return data if status == 0 else None


def _stop(pid: int, read_end: int) -> None:
    """Kill and reap a child of :func:`_fork_call` whose result is no longer wanted."""
    os.close(read_end)
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)


def fork_both(here: Callable[[], A], there: Callable[[], B]) -> tuple[A, B]:
    """``(here(), there())``, with ``there`` run in a forked child at the same time."""
    with forked(there) as result:
        return here(), result()


@contextlib.contextmanager
def forked(task: Callable[[], R], fork: bool = True) -> Iterator[Callable[[], R]]:
    """Start ``task()`` in a forked child now; the function this yields waits for its
    result (calling ``task`` here if the child failed, so that its error is raised
    here). A child not waited for when the block ends is stopped. With ``fork`` false,
    the function yielded is ``task`` itself, run here when called."""
    if not fork or not hasattr(os, "fork"):
        yield task
        return
    pid, read_end = _fork_call(_call, task)
    waited = False

    def result() -> R:
        nonlocal waited
        waited = True
        data = _collect(pid, read_end)
        return cast(R, pickle.loads(data)) if data is not None else task()

    try:
        yield result
    finally:
        if not waited:
            _stop(pid, read_end)


def _call(task: Callable[[], Any]) -> Any:
    return task()


class Zygote(Generic[T, R]):
    """A copy of this process, forked now, that runs ``prepare`` at once (an expensive
    import, say) while this process goes on, then waits for items.

    :meth:`send` gives it the items (once); it runs ``function`` on each in a fork of
    itself, at most ``limit`` at a time, so each starts with what ``prepare`` loaded.
    :meth:`results` yields ``(index, result)`` as each is done. An item whose fork fails
    is run here instead, so that its error, if any, is raised in this process.
    :meth:`close` stops the zygote and its forks, wherever they are.
    """

    def __init__(self, prepare: Callable[[], object], function: Callable[[T], R], limit: int):
        self._function = function
        self._items: list[T] = []
        self._items_path: str | None = None
        self._pid: int | None = None
        if not hasattr(os, "fork"):
            return
        items_r, items_w = os.pipe()
        results_r, results_w = os.pipe()
        parent = os.getpid()
        pid = os.fork()
        if pid == 0:  # pragma: no cover  (the zygote; coverage cannot see it)
            status = 1
            try:
                os.setpgid(0, 0)  # close() stops the zygote and its forks together
                _die_with(parent)
                _detach_stdio()
                os.close(items_w)
                os.close(results_r)
                prepare()
                with os.fdopen(items_r, "rb") as pipe:
                    items = _load(pipe.read())
                with os.fdopen(results_w, "wb") as out:
                    for index, data in _serve(function, items, max(1, limit)):
                        _frame(out, pickle.dumps((index, data)))
                status = 0
            finally:
                os._exit(status)
        with contextlib.suppress(OSError):  # set on both sides: killpg works at once
            os.setpgid(pid, pid)
        os.close(items_r)
        os.close(results_w)
        self._pid = pid
        self._items_pipe: BinaryIO = os.fdopen(items_w, "wb")
        self._results_pipe: BinaryIO = os.fdopen(results_r, "rb")

    def send(self, items: Sequence[T]) -> None:
        """Give the zygote its items. They go through a temporary file: a pipe would make
        this process wait while the zygote is still busy with ``prepare``."""
        self._items = list(items)
        if self._pid is None:
            return
        fd, path = tempfile.mkstemp(prefix="pubkit-items-")
        self._items_path = path  # the zygote deletes it; _reap does if the zygote could not
        with os.fdopen(fd, "wb") as file:
            pickle.dump(self._items, file, protocol=pickle.HIGHEST_PROTOCOL)
        with self._items_pipe as pipe:
            pipe.write(os.fsencode(path))

    def results(self) -> Iterator[tuple[int, R]]:
        """``(index, function(items[index]))`` for every item, as each is done."""
        done: set[int] = set()
        if self._pid is not None:
            self._items_pipe.close()  # nothing sent: the zygote reads no items
            while (frame := _read_frame(self._results_pipe)) is not None:
                index, data = pickle.loads(frame)
                done.add(index)
                if data is None:  # its fork failed: run it here, raising its error
                    yield index, self._function(self._items[index])
                else:
                    yield index, pickle.loads(data)
            self._reap()
        for index, item in enumerate(self._items):  # what the zygote could not do
            if index not in done:
                yield index, self._function(item)

    def close(self) -> None:
        """Stop the zygote and its forks (at once: their work is no longer wanted)."""
        if self._pid is not None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self._pid, signal.SIGKILL)
            self._reap()

    def _reap(self) -> None:
        if self._pid is not None:
            os.waitpid(self._pid, 0)
            self._pid = None
            self._items_pipe.close()
            self._results_pipe.close()
        if self._items_path is not None:
            Path(self._items_path).unlink(missing_ok=True)


def _die_with(parent: int) -> None:  # pragma: no cover  (runs in forks)
    """On Linux, have this process killed when ``parent`` (the process that forked it)
    dies: a release killed by SIGTERM or a CI timeout must not leave renders running in
    a zygote outside its process group. Elsewhere, nothing."""
    if not sys.platform.startswith("linux"):
        return
    import ctypes

    try:
        ctypes.CDLL(None).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:  # it died before the request took effect
        os._exit(1)


_PR_SET_PDEATHSIG = 1  # <linux/prctl.h>


def _detach_stdio() -> None:  # pragma: no cover  (runs in the zygote)
    """Point stdin, stdout and stderr at /dev/null: a zygote must not keep the caller's
    pipes open (whoever reads them would wait for it), nor print anything itself."""
    null = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(null, fd)
    os.close(null)


def _load(path: bytes) -> list[Any]:  # pragma: no cover  (runs in the zygote)
    if not path:
        return []
    with open(path, "rb") as file:
        loaded: list[Any] = pickle.load(file)
    os.unlink(path)
    return loaded


def _serve(
    function: Callable[[T], R], items: list[T], limit: int
) -> Iterator[tuple[int, bytes | None]]:  # pragma: no cover  (runs in the zygote)
    """Run each item in a fork, ``limit`` at a time; yield each pickled result (None for
    a fork that failed) as it comes."""
    zygote = os.getpid()

    def run(item: T) -> R:
        _die_with(zygote)
        return function(item)

    waiting = list(enumerate(items))
    running: dict[int, tuple[int, int]] = {}  # read end of a fork's pipe: (index, pid)
    while waiting or running:
        while waiting and len(running) < limit:
            index, item = waiting.pop(0)
            pid, read_end = _fork_call(run, item)
            running[read_end] = (index, pid)
        ready, _, _ = select.select(list(running), [], [])
        for read_end in ready:
            index, pid = running.pop(read_end)
            yield index, _collect(pid, read_end)


def _frame(out: BinaryIO, data: bytes) -> None:  # pragma: no cover  (runs in the zygote)
    out.write(len(data).to_bytes(8, "big") + data)
    out.flush()


def _read_frame(pipe: BinaryIO) -> bytes | None:
    size = pipe.read(8)
    if len(size) < 8:
        return None
    data = pipe.read(int.from_bytes(size, "big"))
    return data if len(data) == int.from_bytes(size, "big") else None
