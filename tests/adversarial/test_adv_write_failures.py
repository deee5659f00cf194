"""Property: whatever write call fails, and however, the previous file is intact.

Every call that writes (opening a file for writing, `write`, `flush`, `fsync`, `chmod`,
`rename`/`replace`/`link`) is counted in a first run; then Hypothesis picks one of them and
an exception (a full disk, an I/O error, a file-size limit, Ctrl-C) and injects it there.
After the command the target holds exactly its old bytes, or (only when the failure came
after the rename) exactly the new ones, and no temporary file is left beside it.
"""

from __future__ import annotations

import builtins
import errno
import io
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from fake_pulumi import FakePulumi, stack_outputs, stack_select
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aks_kit.cli.application import Application

OLD = b"# the previous file, byte for byte\n" * 40
KUBE_HEADER = b"apiVersion: v1\nkind: Config\n"


class Injected(OSError):
    pass


FAILURES: dict[str, Callable[[], BaseException]] = {
    "ENOSPC": lambda: Injected(errno.ENOSPC, "No space left on device"),
    "EIO": lambda: Injected(errno.EIO, "Input/output error"),
    "EFBIG": lambda: Injected(errno.EFBIG, "File too large"),
    "EDQUOT": lambda: Injected(errno.EDQUOT, "Disk quota exceeded"),
    "EACCES": lambda: Injected(errno.EACCES, "Permission denied"),
    "KeyboardInterrupt": KeyboardInterrupt,
}

WRITING_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_APPEND | os.O_TRUNC
RENAMES = ("replace", "rename", "link")


class Injector:
    """Counts write calls and raises at the chosen one; remembers whether a rename ran."""

    def __init__(self, fail_at: int | None, failure: Callable[[], BaseException]) -> None:
        self.fail_at = fail_at
        self.failure = failure
        self.calls: list[str] = []
        self.renamed_before_failure = False
        self.failed = False

    def hit(self, what: str) -> None:
        index = len(self.calls)
        self.calls.append(what)
        if index == self.fail_at:
            self.failed = True
            raise self.failure()
        if what in RENAMES and not self.failed:
            self.renamed_before_failure = True


class FileProxy:
    """A file object whose writing methods count as write calls."""

    def __init__(self, inner: Any, injector: Injector) -> None:
        self._inner = inner
        self._injector = injector

    def write(self, data: Any) -> Any:
        self._injector.hit("write")
        return self._inner.write(data)

    def writelines(self, lines: Any) -> Any:
        self._injector.hit("write")
        return self._inner.writelines(lines)

    def flush(self) -> Any:
        self._injector.hit("flush")
        return self._inner.flush()

    def __enter__(self) -> FileProxy:
        self._inner.__enter__()
        return self

    def __exit__(self, *exc: Any) -> Any:
        return self._inner.__exit__(*exc)

    def __iter__(self) -> Iterator[Any]:
        return iter(self._inner)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)


def _writing_mode(mode: str) -> bool:
    return any(flag in mode for flag in "wax+")


def _under(root: Path, path: Any) -> bool:
    if isinstance(path, int):
        return False
    try:
        return Path(os.path.abspath(os.fsdecode(path))).is_relative_to(root)
    except (TypeError, ValueError):
        return False


@contextmanager
def injecting(monkeypatch: pytest.MonkeyPatch, injector: Injector, root: Path) -> Iterator[None]:
    """Count (and fail) only the writes that touch `root`: the target's folder."""
    real_open = builtins.open
    real_fdopen = os.fdopen
    real_os_open = os.open
    fds: set[int] = set()

    def open_(file: Any, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        if _writing_mode(mode) and _under(root, file):
            injector.hit("open")
            return FileProxy(real_open(file, mode, *args, **kwargs), injector)
        return real_open(file, mode, *args, **kwargs)

    def fdopen(fd: int, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        handle = real_fdopen(fd, mode, *args, **kwargs)
        return FileProxy(handle, injector) if fd in fds and _writing_mode(mode) else handle

    def os_open(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        mine = bool(flags & WRITING_FLAGS) and _under(root, path)
        if mine:
            injector.hit("open")
        fd = real_os_open(path, flags, *args, **kwargs)
        if mine:
            fds.add(fd)
        return fd

    def by_fd(name: str) -> Callable[..., Any]:
        real = getattr(os, name)

        def call(fd: int, *args: Any, **kwargs: Any) -> Any:
            if fd in fds:
                injector.hit(name)
            return real(fd, *args, **kwargs)

        return call

    def by_path(name: str) -> Callable[..., Any]:
        real = getattr(os, name)

        def call(*args: Any, **kwargs: Any) -> Any:
            if any(_under(root, a) for a in args[:2]):
                injector.hit(name)
            return real(*args, **kwargs)

        return call

    with monkeypatch.context() as patch:
        patch.setattr(builtins, "open", open_)
        patch.setattr(io, "open", open_)
        patch.setattr(os, "fdopen", fdopen)
        patch.setattr(os, "open", os_open)
        for name in ("write", "fsync", "fdatasync", "fchmod"):
            if hasattr(os, name):
                patch.setattr(os, name, by_fd(name))
        for name in ("chmod", *RENAMES):
            patch.setattr(os, name, by_path(name))
        yield


def _kubeconfig(application: Application) -> None:
    text = (
        "apiVersion: v1\nkind: Config\nclusters: [{name: c, cluster: {server: s}}]\n"
        "users: [{name: u, user: {token: t}}]\n"
    )
    fake = FakePulumi(
        [stack_select("prod"), *stack_outputs("prod", {"kubeconfig": text}, secret=["kubeconfig"])]
    )
    application.pulumi_command = lambda: fake


COMMANDS: dict[str, tuple[Callable[[Path], list[str]], str]] = {
    "plan": (
        lambda t: ["plan", "--preset", "standard", "-o", "json", "--out", str(t), "--force"],
        "out",
    ),
    "schema": (lambda t: ["presets", "schema", "--out", str(t), "--force"], "out"),
    "init": (lambda t: ["init", "--out", str(t), "--force"], "out"),
    "kubeconfig-out": (lambda t: ["kubeconfig", "prod", "--out", str(t), "--force"], "kube"),
    "kubeconfig-merge": (lambda t: ["kubeconfig", "prod", "--kubeconfig", str(t)], "kube"),
}


def _run(
    cli: Callable[..., Any],
    application: Application,
    monkeypatch: pytest.MonkeyPatch,
    folder: Path,
    command: str,
    injector: Injector,
) -> Any:
    make, kind = COMMANDS[command]
    target = folder / "target"
    if command == "kubeconfig-merge":
        target.write_bytes(KUBE_HEADER + OLD)
    else:
        target.write_bytes(OLD)
    if kind == "kube":
        _kubeconfig(application)
    elsewhere = folder.with_name(folder.name + "-work")
    elsewhere.mkdir(exist_ok=True)
    monkeypatch.setenv("AKS_KIT_HOME", str(elsewhere / "home"))
    monkeypatch.chdir(elsewhere)
    with injecting(monkeypatch, injector, folder.resolve()):
        return cli(*make(target))


@pytest.mark.parametrize("command", list(COMMANDS))
def test_the_writes_are_counted(
    cli: Callable[..., Any],
    application: Application,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    command: str,
) -> None:
    """The dry run itself: the command succeeds and does write (so the property bites)."""
    injector = Injector(None, FAILURES["EIO"])
    result = _run(cli, application, monkeypatch, tmp_path, command, injector)
    assert result.exit_code == 0, result.stderr
    assert any(call in RENAMES for call in injector.calls), injector.calls


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    command=st.sampled_from(list(COMMANDS)),
    failure=st.sampled_from(list(FAILURES)),
    position=st.floats(min_value=0, max_value=1, exclude_max=True),
)
def test_any_failed_write_leaves_the_previous_file_intact(
    cli: Callable[..., Any],
    application: Application,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path_factory: pytest.TempPathFactory,
    command: str,
    failure: str,
    position: float,
) -> None:
    dry = tmp_path_factory.mktemp("dry")
    counter = Injector(None, FAILURES[failure])
    done = _run(cli, application, monkeypatch, dry, command, counter)
    assert done.exit_code == 0, done.stderr
    new = (dry / "target").read_bytes()

    folder = tmp_path_factory.mktemp("fail")
    fail_at = int(position * len(counter.calls))
    injector = Injector(fail_at, FAILURES[failure])
    result = _run(cli, application, monkeypatch, folder, command, injector)
    old = (KUBE_HEADER if command == "kubeconfig-merge" else b"") + OLD
    assert injector.failed, (fail_at, injector.calls)
    text = result.stdout + result.stderr
    assert "Traceback" not in text and "unexpected error" not in text, text
    assert result.exit_code != 0, (injector.calls, text)
    assert result.exit_code != 1 or failure == "KeyboardInterrupt", text
    data = (folder / "target").read_bytes()
    if injector.renamed_before_failure:
        assert data in (old, new), f"{command}: cut-off target after {injector.calls}"
    else:
        assert data == old, f"{command}: target changed; failed at {injector.calls[-1]}"
    left = sorted(p.name for p in folder.iterdir() if p.name not in ("target", "home"))
    left = [name for name in left if not name.startswith("target.aks-kit.bak")]
    assert left == [], f"left behind: {left}"
