"""`aks_kit.files.write_text`: whole files, private from creation, first writer wins."""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path

import pytest

from aks_kit.files import write_text


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_writes_the_text_and_creates_the_folder(tmp_path: Path) -> None:
    target = tmp_path / "a" / "b" / "out.yaml"
    assert write_text(target, "x: ü\n") is True
    assert target.read_bytes() == "x: ü\n".encode()
    assert [p.name for p in target.parent.iterdir()] == ["out.yaml"]  # no temp file left


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX modes")
def test_private_files_are_0600_even_over_a_readable_one(tmp_path: Path) -> None:
    target = tmp_path / "kubeconfig"
    target.write_text("old")
    target.chmod(0o644)
    write_text(target, "new", private=True)
    assert mode(target) == 0o600
    assert target.read_text() == "new"


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX modes")
def test_plain_files_follow_the_umask(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        write_text(tmp_path / "plan.md", "# plan\n")
    finally:
        os.umask(old)
    assert mode(tmp_path / "plan.md") == 0o644


def test_exclusive_keeps_the_first_writers_file(tmp_path: Path) -> None:
    target = tmp_path / "passphrase"
    assert write_text(target, "first", private=True, exclusive=True) is True
    assert write_text(target, "second", private=True, exclusive=True) is False
    assert target.read_text() == "first"
    assert [p.name for p in tmp_path.iterdir()] == ["passphrase"]


def test_a_failed_write_leaves_the_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "cluster.yaml"
    target.write_text("old")

    def broken(*args: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "fsync", broken)
    with pytest.raises(OSError, match="disk full"):
        write_text(target, "new")
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["cluster.yaml"]
