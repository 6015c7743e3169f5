"""Strict reading and atomic writing of text files.

Corpus files are UTF-8 without BOM with LF line ends. Anything else is refused with a
message that names the file and the problem, because silently "fixing" an encoding is
how a newsroom loses an apostrophe or a whole paragraph.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

from toolkit.errors import InputError

_BOMS = {
    b"\xef\xbb\xbf": "a UTF-8 byte-order mark (BOM)",
    b"\xff\xfe": "a UTF-16 byte-order mark",
    b"\xfe\xff": "a UTF-16 byte-order mark",
}


def _looks_like_cp949(data: bytes) -> bool:
    try:
        text = data.decode("cp949")
    except UnicodeDecodeError:
        return False
    return any("\uac00" <= ch <= "\ud7a3" for ch in text)


def decode_text(data: bytes, path: str | Path, *, allow_crlf: bool = False,
                allow_empty: bool = False, allow_bom: bool = False) -> str:
    """Decode bytes as strict UTF-8, naming the file and line of the first problem."""
    for bom, what in _BOMS.items():
        if data.startswith(bom):
            if allow_bom and bom == b"\xef\xbb\xbf":
                data = data[len(bom):]
                break
            raise InputError(f"starts with {what}; save the file as UTF-8 without BOM", path, 1)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        if _looks_like_cp949(data):
            raise InputError(
                "is not UTF-8: it looks like CP949/EUC-KR; convert it with "
                "`iconv -f cp949 -t utf-8`", path, line) from None
        raise InputError(f"invalid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start})",
                         path, line) from None
    if b"\x00" in data:  # the same test (UTF-8 writes NUL, and only NUL, with a 0 byte), faster
        raise InputError("contains NUL bytes; is it a binary or UTF-16 file?", path,
                         text.count("\n", 0, text.index("\x00")) + 1)
    if not allow_crlf and "\r" in text:
        line = text.count("\n", 0, text.index("\r")) + 1
        raise InputError("has CRLF (Windows) or CR line ends; save it with LF line ends", path, line)
    if not allow_empty and (not text or text.isspace()):  # as `not text.strip()`, without a copy
        raise InputError("is empty", path)
    return text


def read_bytes(path: str | Path) -> bytes:
    """A file's bytes; a missing or unreadable file is an InputError naming it."""
    p = Path(path)
    try:
        return p.read_bytes()
    except FileNotFoundError:
        raise InputError("file not found", p) from None
    except IsADirectoryError:
        raise InputError("is a folder, not a file", p) from None
    except OSError as exc:
        raise InputError(f"cannot be read: {exc.strerror}", p) from None


def read_text(path: str | Path, *, allow_crlf: bool = False, allow_empty: bool = False,
              allow_bom: bool = False) -> str:
    """Read a UTF-8 text file strictly (see decode_text)."""
    return decode_text(read_bytes(path), Path(path), allow_crlf=allow_crlf,
                       allow_empty=allow_empty, allow_bom=allow_bom)


def atomic_write(path: str | Path, data: str | bytes) -> None:
    """Write a file so that readers see either the old or the new content, never a part."""
    p = Path(path)
    p.parent.mkdir(parents=True, exist_ok=True)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    fd, tmp = tempfile.mkstemp(prefix=f".{p.name}.", suffix=".tmp", dir=p.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(payload)
            fh.flush()
            os.fsync(fh.fileno())
        if p.exists():
            os.chmod(tmp, p.stat().st_mode & 0o777)
        else:
            os.chmod(tmp, 0o644)
        os.replace(tmp, p)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


def load_yaml(path: str | Path, *, text: str | None = None) -> Any:
    """Load one YAML document with the safe loader; syntax errors name file and line.

    libyaml's safe loader (`yaml.CSafeLoader`) is used when PyYAML was built with it; it
    builds the same data with the same safe constructor. On an error the text is parsed
    again by the pure-Python loader, whose messages and marks the error reports."""
    import yaml

    if text is None:
        text = read_text(path)
    fast = getattr(yaml, "CSafeLoader", None)  # libyaml: about ten times faster
    if fast is not None:
        try:
            return yaml.load(text, Loader=fast)
        except yaml.YAMLError:
            pass  # parse again below, so that the message and line are the pure loader's
    try:
        return yaml.safe_load(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        problem = exc.problem or exc.context or "malformed YAML"
        raise InputError(f"malformed YAML: {problem}", path, line) from None
    except yaml.YAMLError as exc:
        raise InputError(f"malformed YAML: {exc}", path) from None


def dump_yaml(data: Any) -> str:
    """Dump data as block-style YAML that keeps Hangul readable and key order stable."""
    import yaml

    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, default_flow_style=False,
                          width=100)


def write_yaml(path: str | Path, data: Any) -> None:
    """Atomically write data as YAML."""
    atomic_write(path, dump_yaml(data))
