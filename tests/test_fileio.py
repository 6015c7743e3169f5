"""Strict reading and atomic writing."""

from __future__ import annotations

import pytest

from toolkit.errors import InputError
from toolkit.fileio import atomic_write, load_yaml, read_text

KO = "북한 당국이 국경 경비를 강화했다.\n\n소식통이 전했다.\n"


def test_reads_utf8(tmp_path):
    path = tmp_path / "ko.txt"
    path.write_text(KO, encoding="utf-8")
    assert read_text(path) == KO


@pytest.mark.parametrize("data, fragment, line", [
    ("\ufeff".encode() + KO.encode(), "byte-order mark", 1),
    (KO.replace("\n", "\r\n").encode(), "CRLF", 1),
    (KO.encode("cp949"), "CP949", 1),
    (KO.encode()[:-5] + b"\xff\xfe\x80\n", "invalid UTF-8", 3),
    (b"", "is empty", None),
    (b"  \n\n", "is empty", None),
    (b"abc\x00def", "NUL", 1),
])
def test_bad_input_names_file_and_problem(tmp_path, data, fragment, line):
    path = tmp_path / "en.txt"
    path.write_bytes(data)
    with pytest.raises(InputError) as info:
        read_text(path)
    assert fragment in str(info.value)
    assert str(path) in str(info.value)
    assert info.value.line == line


def test_missing_file(tmp_path):
    with pytest.raises(InputError, match="file not found"):
        read_text(tmp_path / "nope.txt")


def test_atomic_write_replaces_and_leaves_no_temp(tmp_path):
    path = tmp_path / "sub" / "out.txt"
    atomic_write(path, "첫째")
    atomic_write(path, "둘째")
    assert path.read_text(encoding="utf-8") == "둘째"
    assert [p.name for p in path.parent.iterdir()] == ["out.txt"]


def test_atomic_write_failure_keeps_old_content(tmp_path, monkeypatch):
    import os

    path = tmp_path / "out.txt"
    atomic_write(path, "old")

    def boom(*args):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(OSError):
        atomic_write(path, "new")
    assert path.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]


def test_yaml_errors_have_line(tmp_path):
    path = tmp_path / "article.yaml"
    path.write_text("id: x\ntitle:\n  ko: [unclosed\nstage: new\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_yaml(path)
    assert info.value.line is not None and info.value.line >= 3
    assert "malformed YAML" in str(info.value)


def test_yaml_safe_loader_refuses_python_objects(tmp_path):
    path = tmp_path / "article.yaml"
    path.write_text("id: !!python/object/apply:os.system ['echo hi']\n", encoding="utf-8")
    with pytest.raises(InputError):
        load_yaml(path)
