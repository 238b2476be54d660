"""fork_map, forked and Zygote: results in order, errors raised here, nothing left behind."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pubkit.forking import Zygote, fork_both, fork_map, forked


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


# -- forked and fork_both ----------------------------------------------------------------


def test_forked_runs_the_task_in_a_child_meanwhile() -> None:
    with forked(os.getpid) as result:
        here = os.getpid()
        assert result() != here
    assert fork_both(os.getpid, os.getpid)[0] == here


def test_forked_task_that_fails_raises_its_error_here() -> None:
    def fail() -> None:
        raise ValueError("from the task")

    with pytest.raises(ValueError, match="from the task"), forked(fail) as result:
        result()


def test_forked_child_not_waited_for_is_stopped() -> None:
    with pytest.raises(RuntimeError), forked(lambda: time.sleep(30)):
        raise RuntimeError("the caller fails before it waits")
    with pytest.raises(ChildProcessError):
        os.waitpid(-1, os.WNOHANG)


def test_forked_without_fork_runs_the_task_here_when_asked() -> None:
    calls: list[int] = []
    with forked(lambda: calls.append(os.getpid()), fork=False) as result:
        assert calls == []
        result()
    assert calls == [os.getpid()]


# -- Zygote ---------------------------------------------------------------------------------

PREPARED: list[str] = []


def _prepare() -> None:
    PREPARED.append("prepared")


def _tagged(n: int) -> tuple[int, int, list[str]]:
    return n * n, os.getpid(), list(PREPARED)


def test_zygote_runs_each_item_in_a_fork_that_has_what_prepare_loaded() -> None:
    zygote = Zygote(_prepare, _tagged, limit=2)
    try:
        zygote.send([1, 2, 3])
        results = dict(zygote.results())
    finally:
        zygote.close()
    assert sorted(results) == [0, 1, 2]
    assert [results[i][0] for i in range(3)] == [1, 4, 9]
    assert all(prepared == ["prepared"] for _, _, prepared in results.values())
    assert PREPARED == []  # prepare ran in the zygote, not here
    pids = {pid for _, pid, _ in results.values()}
    assert len(pids) == 3 and os.getpid() not in pids
    with pytest.raises(ChildProcessError):
        os.waitpid(-1, os.WNOHANG)


def _invert(n: int) -> float:
    return 1 / n


def test_zygote_item_that_fails_raises_its_error_here() -> None:
    zygote = Zygote(_prepare, _invert, limit=4)
    try:
        zygote.send([1, 0, 2])
        with pytest.raises(ZeroDivisionError):
            dict(zygote.results())
    finally:
        zygote.close()
    with pytest.raises(ChildProcessError):
        os.waitpid(-1, os.WNOHANG)


def _slow(n: int) -> int:
    time.sleep(60)
    return n


def test_zygote_close_stops_it_and_its_forks_at_once() -> None:
    zygote = Zygote(_prepare, _slow, limit=2)
    zygote.send([1, 2])
    time.sleep(0.3)  # let the zygote fork its two workers
    started = time.monotonic()
    zygote.close()
    assert time.monotonic() - started < 10  # no waiting for the sleeping workers
    with pytest.raises(ChildProcessError):
        os.waitpid(-1, os.WNOHANG)


def test_zygote_closed_while_preparing_leaves_no_file() -> None:
    zygote = Zygote(lambda: time.sleep(60), abs, limit=1)
    zygote.send([-1])
    assert zygote._items_path is not None and Path(zygote._items_path).is_file()
    zygote.close()
    assert not Path(zygote._items_path).exists()
    with pytest.raises(ChildProcessError):
        os.waitpid(-1, os.WNOHANG)


def test_zygote_never_sent_anything_is_closed() -> None:
    zygote = Zygote(_prepare, _tagged, limit=2)
    zygote.close()
    with pytest.raises(ChildProcessError):
        os.waitpid(-1, os.WNOHANG)


@pytest.mark.slow
def test_zygote_does_not_hold_the_callers_output_open() -> None:
    """Whoever reads this process's output must not wait for the zygote: it writes to
    /dev/null, so the pipe closes when this process ends even if the zygote lingers."""
    script = (
        "import sys, time\n"
        "from pubkit.forking import Zygote\n"
        "z = Zygote(lambda: time.sleep(30), abs, limit=1)\n"
        "print('done')\n"
        "sys.stdout.flush()\n"
        "import os; os._exit(0)\n"  # exit without closing the zygote
    )
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=True
    )
    assert done.stdout == "done\n"
    assert time.monotonic() - started < 20


@pytest.mark.slow
def test_zygote_output_goes_nowhere() -> None:
    script = (
        "from pubkit.forking import Zygote\n"
        "def loud(n):\n"
        "    print('from a worker', flush=True)\n"
        "    return n\n"
        "z = Zygote(lambda: print('from the zygote', flush=True), loud, limit=1)\n"
        "z.send([5])\n"
        "print(dict(z.results()))\n"
        "z.close()\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=True
    )
    assert (done.stdout, done.stderr) == ("{0: 5}\n", "")


KILLED_CALLER = """\
import os, signal, sys, time
from pathlib import Path
from pubkit.forking import Zygote
folder = Path(sys.argv[1])

def work(n):
    (folder / f"{n}-{os.getpid()}").write_text("")
    time.sleep(60)
    return n

zygote = Zygote(lambda: (folder / f"zygote-{os.getpid()}").write_text(""), work, limit=2)
zygote.send([1, 2])
while len(list(folder.iterdir())) < 3:
    time.sleep(0.05)
os.kill(os.getpid(), signal.SIGKILL)  # as a CI timeout or the OOM killer would
"""


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return False
    return state != "Z"  # a zombie has stopped; only its parent has not reaped it yet


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="prctl(PR_SET_PDEATHSIG)")
@pytest.mark.slow
def test_zygote_and_its_forks_die_with_their_caller(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-c", KILLED_CALLER, str(tmp_path)], timeout=60, check=False
    )
    assert done.returncode == -9
    pids = [int(path.name.split("-")[1]) for path in tmp_path.iterdir()]
    assert len(pids) == 3
    deadline = time.monotonic() + 10
    while any(map(_alive, pids)) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(map(_alive, pids))
