"""Refuse a spreadsheet archive before any XML parser sees it: size, zip bombs, XML attacks.

An .xlsx file is a zip of XML parts. Checked here, with the standard library only: the file size,
the number of parts, each part's and the total inflated size, the compression ratio (a zip bomb
inflates a few KB into GBs), and that no XML part declares a DOCTYPE or ENTITY (billion laughs,
external entities) or uses an encoding other than UTF-8. Each refusal is a `Problem`.
"""

from __future__ import annotations

import io
import re
import zipfile

from zcf.errors import SubmissionInvalidError
from zcf.model.problem import Problem

#: Largest workbook file accepted (the same bound as a JSON submission).
MAX_FILE_BYTES = 20 * 1024 * 1024
#: Largest total of the inflated parts.
MAX_INFLATED_BYTES = 100 * 1024 * 1024
#: Most parts in the archive (a generated template has about 40).
MAX_PARTS = 2000
#: Highest inflated/compressed ratio of one part; spreadsheet XML compresses about 10-30 times.
MAX_RATIO = 200
_DECLARATION = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)
_ENCODING = re.compile(rb"""^<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9._-]+)["']""")
_CHUNK = 1 << 16


def check_archive(data: bytes, name: str) -> None:
    """Raise `SubmissionInvalidError` unless `data` is a zip archive safe to hand to openpyxl.

    >>> check_archive(b'{"schema_version": "1.0"}', "factory.xlsx")
    Traceback (most recent call last):
    ...
    zcf.errors.SubmissionInvalidError: factory.xlsx: the file is not an .xlsx workbook (not a zip archive)
    """
    if len(data) > MAX_FILE_BYTES:
        _refuse(name, "xlsx-too-large",
                f"the workbook is {len(data)} bytes; the limit is {MAX_FILE_BYTES}",
                "split the data or remove embedded pictures and unused sheets")
    if not zipfile.is_zipfile(io.BytesIO(data)):
        _refuse(name, "xlsx-not-a-workbook", "the file is not an .xlsx workbook (not a zip archive)",
                "save it from Excel or WPS as .xlsx (not .xls or .csv), or send JSON")
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        parts = archive.infolist()
        if len(parts) > MAX_PARTS:
            _refuse(name, "xlsx-too-many-parts", f"the archive has {len(parts)} parts; the limit is {MAX_PARTS}",
                    "save the workbook again from Excel")
        total = 0
        for part in parts:
            declared = part.file_size
            if declared > MAX_INFLATED_BYTES or declared > MAX_RATIO * max(part.compress_size, 1) + _CHUNK:
                _refuse(name, "xlsx-zip-bomb", f"part {part.filename} inflates too far "
                        f"({part.compress_size} -> {declared} bytes)", "this is not an ordinary workbook")
            total += _inflate_checked(archive, part, name)
            if total > MAX_INFLATED_BYTES:
                _refuse(name, "xlsx-too-large", f"the workbook inflates beyond {MAX_INFLATED_BYTES} bytes",
                        "split the data or remove embedded pictures")


def _inflate_checked(archive: zipfile.ZipFile, part: zipfile.ZipInfo, name: str) -> int:
    """Inflate one part in chunks (never trusting its declared size); check XML parts' prologue."""
    is_xml = part.filename.endswith((".xml", ".rels", ".vml"))
    size = 0
    head = b""
    try:
        with archive.open(part) as stream:
            while chunk := stream.read(_CHUNK):
                size += len(chunk)
                if size > MAX_INFLATED_BYTES or size > MAX_RATIO * max(part.compress_size, 1) + _CHUNK:
                    _refuse(name, "xlsx-zip-bomb", f"part {part.filename} inflates too far",
                            "this is not an ordinary workbook")
                if is_xml:
                    window = head[-16:] + chunk
                    if _DECLARATION.search(window):
                        _refuse(name, "xlsx-xml-declaration",
                                f"part {part.filename} declares a DOCTYPE or ENTITY, which workbooks never need",
                                "save the workbook again from Excel; do not hand-edit its XML")
                    if not head:
                        _check_encoding(chunk, part.filename, name)
                    head = window
    except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError) as err:
        _refuse(name, "xlsx-not-a-workbook", f"the archive is damaged ({part.filename}: {err})",
                "save the workbook again from Excel")
    return size


def _check_encoding(first: bytes, part: str, name: str) -> None:
    if first.startswith((b"\xff\xfe", b"\xfe\xff")) or (len(first) > 1 and first[1:2] == b"\x00"):
        _refuse(name, "xlsx-xml-encoding", f"part {part} is not UTF-8", "save the workbook again from Excel")
    match = _ENCODING.match(first.removeprefix(b"\xef\xbb\xbf"))
    if match and match.group(1).lower().replace(b"-", b"") not in (b"utf8",):
        _refuse(name, "xlsx-xml-encoding", f"part {part} declares encoding {match.group(1).decode()}",
                "save the workbook again from Excel")


def _refuse(name: str, code: str, message: str, hint: str) -> None:
    problem = Problem(code=code, pointer="", message=f"{message}; {hint}", file=name)
    raise SubmissionInvalidError(message, [problem], file=name)
