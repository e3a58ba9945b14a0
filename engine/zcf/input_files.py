"""Reading the files zcf is handed: regular files only, never more than a limit, strict JSON.

Every file a user names (submission, result, public key, private key) is read through
`read_limited`, by the CLI and the Python API alike, so a FIFO, a device or a huge sparse file
is refused before it costs time or memory. Every JSON document zcf reads besides submissions
(results, manifests, key files, signatures) goes through `loads_strict`, which refuses what
readers could disagree on: duplicate keys, NaN/Infinity and lone UTF-16 surrogates.
"""

from __future__ import annotations

import json
import os
import re
import stat
from typing import Any

from zcf.errors import AmbiguousJsonError, InputFileError, InputTooLargeError

#: A JSON escape that can stand for half of a surrogate pair (\\uD800-\\uDFFF).
_SURROGATE_ESCAPE = re.compile(rb"\\u[dD][89a-fA-F]")


def read_limited(path: str | os.PathLike[str], *, limit: int, what: str = "file") -> bytes:
    """The bytes of the regular file `path`, reading at most `limit` + 1 of them.

    Opened without blocking (a FIFO with no writer would otherwise hang), checked to be a
    regular file on the open descriptor (no race with a swapped path), then read in chunks.

    Raises:
        InputFileError: missing, unreadable, or not a regular file (a folder, FIFO, device).
        InputTooLargeError: longer than `limit` bytes (its `size` is what the file system says).

    Examples:
        >>> read_limited("/dev/zero", limit=10)
        Traceback (most recent call last):
        zcf.errors.InputFileError: /dev/zero: not a regular file (a character device)
          hint: give the path of an ordinary file
    """
    name = str(path)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except FileNotFoundError as err:
        raise InputFileError(f"{name}: {what} not found", hint="check the path") from err
    except OSError as err:
        raise InputFileError(f"{name}: cannot open the {what} ({err.strerror})") from err
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode) or info.st_size > limit:
        os.close(fd)
        if not stat.S_ISREG(info.st_mode):
            raise InputFileError(f"{name}: not a regular file ({_kind(info.st_mode)})",
                                 hint="give the path of an ordinary file")
        raise InputTooLargeError(name, info.st_size, limit, what)
    with os.fdopen(fd, "rb", buffering=0) as handle:
        chunks: list[bytes] = []
        left = limit + 1
        while left > 0:
            chunk = handle.read(min(left, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
    data = b"".join(chunks)
    if len(data) > limit:  # grew after fstat
        raise InputTooLargeError(name, len(data), limit, what)
    return data


def _kind(mode: int) -> str:
    for test, kind in ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a FIFO"), (stat.S_ISCHR, "a character device"),
                       (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket")):
        if test(mode):
            return kind
    return "a special file"  # pragma: no cover - every kind Linux has is listed above


def _no_constant(token: str) -> Any:
    raise AmbiguousJsonError(f"{token} is not a JSON number")


def _unique(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise AmbiguousJsonError(f"the key {key!r} appears twice in one object",
                                     hint="readers disagree on which value wins; the file was edited or forged")
        result[key] = value
    return result


def lone_surrogate(doc: Any) -> str | None:
    """The first string (or key) in `doc` holding a lone UTF-16 surrogate, else None.

    Examples:
        >>> lone_surrogate({"a": ["ok", "\\ud800"]}), lone_surrogate({"b": "\\U0001F600"})
        ('\\ud800', None)
    """
    stack = [doc]
    while stack:
        node = stack.pop()
        if isinstance(node, str):
            try:
                node.encode("utf-8")
            except UnicodeEncodeError:
                return node
        elif isinstance(node, dict):
            stack.extend(node.keys())
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return None


def has_surrogate_escape(data: bytes) -> bool:
    """True when `data` has a \\uD800-\\uDFFF escape: only then can a lone surrogate be in it."""
    return _SURROGATE_ESCAPE.search(data) is not None


def loads_strict(data: bytes | str, **options: Any) -> Any:
    """`json.loads` that refuses duplicate keys, NaN/Infinity and lone surrogates.

    `options` go to `json.loads` (e.g. `parse_float=Decimal`).

    Raises:
        AmbiguousJsonError: one of the three (also a `ValueError`).
        ValueError: not JSON (`json.JSONDecodeError`) or not UTF-8.

    Examples:
        >>> loads_strict(b'{"a": 1}')
        {'a': 1}
        >>> loads_strict(b'{"compliant": true, "compliant": false}')
        Traceback (most recent call last):
        zcf.errors.AmbiguousJsonError: the key 'compliant' appears twice in one object
          hint: readers disagree on which value wins; the file was edited or forged
    """
    doc = json.loads(data, object_pairs_hook=_unique, parse_constant=_no_constant, **options)
    raw = data.encode("utf-8", "surrogatepass") if isinstance(data, str) else data
    if has_surrogate_escape(raw) and lone_surrogate(doc) is not None:
        raise AmbiguousJsonError("a string holds a lone UTF-16 surrogate (\\uD800-\\uDFFF), which is not text",
                                 hint="the file was not written by a JSON encoder; get the original")
    return doc

