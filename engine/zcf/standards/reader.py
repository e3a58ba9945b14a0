"""Safe reading of standard documents (a NISO STS 1.2 subset) into ``zcf.standards.model``.

This is the only module that imports lxml. It refuses anything that could reach outside the file
or blow up memory (DOCTYPE and entities, network, files over 2 MiB, nesting deeper than 64), and
enforces the zcf subset and its bilingual convention (``standards/README.md``) with the file and
line of every defect. Grammar validation lives in ``validation.py``; this module only lends it a
compiled grammar object so that lxml stays here.
"""

from __future__ import annotations

import datetime as dt
import re
import threading
from collections import Counter
from pathlib import Path

from lxml import etree

from zcf.model.ruleset import Provision
from zcf.model.text import Text
from zcf.standards.errors import StandardError, StandardNotFoundError
from zcf.standards.model import (
    KnownFrom,
    Paragraph,
    StandardClause,
    StandardDocument,
    StandardTable,
    clause_text_sha256,
    normalise_text,
    strongest_provision,
)

MAX_BYTES = 2 * 1024 * 1024
MAX_DEPTH = 64
DOCUMENT_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
ZH, EN = "zh-CN", "en"
_CONTENT_TYPES: dict[str, Provision | None] = {
    "requirement": Provision.REQUIREMENT,
    "recommendation": Provision.RECOMMENDATION,
    "permission": Provision.PERMISSION,
    "informative": None,
}
_BLOCKS = {"p", "list", "table-wrap", "sec", "non-normative-note", "disp-formula", "fig"}


def _parser() -> etree.XMLParser:
    # A fresh parser per call: lxml parsers keep state and are not safe to share across threads.
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )


def read_bytes(path: Path) -> bytes:
    """The file's bytes, refusing missing files and files over ``MAX_BYTES`` before reading."""
    try:
        size = path.stat().st_size
    except FileNotFoundError as err:
        raise StandardNotFoundError(
            f"{path}: no such standard document", file=str(path), hint="check the path or id"
        ) from err
    if not path.is_file():
        raise StandardNotFoundError(f"{path}: not a file", file=str(path))
    data = b""
    if size <= MAX_BYTES:
        with path.open("rb") as stream:
            data = stream.read(MAX_BYTES + 1)  # bounded: the file may have grown since stat()
    if size > MAX_BYTES or len(data) > MAX_BYTES:
        raise StandardError(
            f"file is over the {MAX_BYTES} byte limit for a standard document ({size} bytes)",
            file=str(path),
            hint="split the document by edition or part",
        )
    return data


def parse_tree(path: Path) -> etree._ElementTree:
    """Parse ``path`` safely: no DOCTYPE, no entities, no network, bounded size and depth."""
    data = read_bytes(path)
    file = str(path)
    marker = data.find(b"<!DOCTYPE")
    if marker >= 0:
        raise _doctype_error(file, data[:marker].count(b"\n") + 1)
    try:
        root = etree.fromstring(data, _parser(), base_url=file)
    except etree.XMLSyntaxError as err:
        raise StandardError(f"not well-formed XML: {err.msg}", file=file, line=err.lineno or None) from err
    tree = root.getroottree()
    # Catches a DOCTYPE the byte scan missed (e.g. a UTF-16 file).
    if tree.docinfo.doctype or tree.docinfo.internalDTD is not None:
        raise _doctype_error(file, 1)
    _check_depth(root, file)
    return tree


def _doctype_error(file: str, line: int) -> StandardError:
    return StandardError(
        "DOCTYPE declarations are not allowed (they can define entities or fetch external DTDs)",
        file=file,
        line=line,
        hint="remove the <!DOCTYPE ...> line; documents are validated against the RELAX NG grammar",
    )


def _check_depth(root: etree._Element, file: str) -> None:
    stack = [(root, 1)]
    while stack:
        element, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise StandardError(f"elements nest deeper than {MAX_DEPTH} levels", file=file, line=element.sourceline)
        stack.extend((child, depth + 1) for child in element)


def read_document(path: Path) -> StandardDocument:
    """Read and check one document; its id is the lowercase file stem."""
    file = str(path)
    if not DOCUMENT_ID.match(path.stem):
        raise StandardError(
            f"file stem {path.stem!r} is not a document id (lowercase letters, digits, '-')",
            file=file,
        )
    root = parse_tree(path).getroot()
    if root.tag != "standard":
        raise StandardError(f"root element is <{_name(root)}>, expected <standard>", file=file, line=root.sourceline)
    meta = _required(root, "front/std-meta", file)
    body = _required(root, "body", file)
    clauses: list[StandardClause] = []
    for child in body:
        if child.tag != "sec":
            raise _unsupported(child, file, "<body> holds only <sec> clauses")
        _read_sec(child, None, file, clauses)
    if not clauses:
        raise StandardError("the document has no clauses", file=file, line=body.sourceline)
    twice = sorted(label for label, count in Counter(c.label for c in clauses).items() if count > 1)
    if twice:
        raise StandardError(f"clause label {twice[0]!r} appears twice", file=file)
    return _document(meta, path.stem, file, tuple(clauses))


def _document(meta: etree._Element, doc_id: str, file: str, clauses: tuple[StandardClause, ...]) -> StandardDocument:
    titles: dict[str, str] = {}
    for wrap in meta.findall("title-wrap"):
        lang = wrap.get(XML_LANG)
        full = wrap.find("full")
        part = full if full is not None else wrap.find("main")
        if lang in (ZH, EN) and part is not None:
            titles[lang] = _text(part)
    if set(titles) != {ZH, EN}:
        raise StandardError("std-meta needs a <title-wrap> in zh-CN and one in en", file=file, line=meta.sourceline)
    ident = _required(meta, "std-ident", file)
    custom: dict[str, list[str]] = {}
    for item in meta.findall("custom-meta-group/custom-meta"):
        name, value = item.findtext("meta-name"), item.findtext("meta-value")
        if name and value:
            custom.setdefault(name.strip(), []).append(normalise_text(value))
    known = custom.get("known-from", [])
    if len(known) != 1 or known[0] not in {k.value for k in KnownFrom}:
        raise StandardError(
            "custom-meta 'known-from' must appear once: full-text | summaries",
            file=file,
            line=meta.sourceline,
        )
    for name in ("issuer", "source-url"):
        if not custom.get(name):
            raise StandardError(f"custom-meta {name!r} is missing", file=file, line=meta.sourceline)
    return StandardDocument(
        id=doc_id,
        number=_text(_required(ident, "doc-number", file), file),
        edition=_text(_required(ident, "edition", file), file),
        title=Text(zh=titles[ZH], en=titles[EN]),
        issuers=tuple(custom["issuer"]),
        source_urls=tuple(custom["source-url"]),
        known_from=KnownFrom(known[0]),
        release_date=_release_date(meta),
        clauses=clauses,
    )


def _release_date(meta: etree._Element) -> dt.date | None:
    for element in (*meta.findall("release-date"), *meta.findall("pub-date")):
        value = element.get("iso-8601-date") or _text(element)
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            continue
    return None


def _read_sec(sec: etree._Element, parent: str | None, file: str, out: list[StandardClause]) -> None:
    sec_id = sec.get("id")
    if not sec_id:
        raise StandardError("<sec> needs an id", file=file, line=sec.sourceline)
    label = _text(_required(sec, "label", file))
    paragraphs: list[Paragraph] = []
    tables: list[StandardTable] = []
    subsections: list[etree._Element] = []
    blocks = [child for child in sec if child.tag not in ("label", "title")]
    title_element = sec.find("title")
    if title_element is None:
        raise StandardError(f"clause {label} has no <title>", file=file, line=sec.sourceline)
    index = 0
    while index < len(blocks):
        block = blocks[index]
        if block.tag == "p":
            paragraphs.append(_pair(blocks, index, None, file))
            index += 2
            continue
        if block.tag == "list":
            lead = paragraphs[-1].provision if paragraphs else None
            paragraphs.extend(_list(block, lead, file))
        elif block.tag == "table-wrap":
            tables.append(_table(block, file))
        elif block.tag == "non-normative-note":
            paragraphs.extend(_note(block, file))
        elif block.tag == "sec":
            subsections.append(block)
        else:
            raise _unsupported(block, file, "a clause holds p, list, table-wrap, non-normative-note and sec")
        index += 1
    if not paragraphs:
        raise StandardError(f"clause {label} has no paragraph", file=file, line=sec.sourceline)
    out.append(
        StandardClause(
            id=sec_id,
            label=label,
            title=_bilingual(title_element, file),
            parent=parent,
            provision=strongest_provision(paragraphs),
            paragraphs=tuple(paragraphs),
            tables=tuple(tables),
            text_sha256=clause_text_sha256(paragraphs, tables),
        )
    )
    for subsection in subsections:
        _read_sec(subsection, label, file, out)


def _pair(
    blocks: list[etree._Element],
    index: int,
    inherited: Provision | None,
    file: str,
    *,
    label: str | None = None,
    inherit: bool = False,
) -> Paragraph:
    """A zh-CN ``<p>`` followed at once by its en ``<p>`` with the same content-type."""
    zh = blocks[index]
    en = blocks[index + 1] if index + 1 < len(blocks) else None
    if zh.tag != "p":
        raise _unsupported(zh, file, 'expected a <p xml:lang="zh-CN">')
    if zh.get(XML_LANG) != ZH or en is None or en.tag != "p" or en.get(XML_LANG) != EN:
        raise StandardError(
            'paragraphs come in pairs: <p xml:lang="zh-CN"> then <p xml:lang="en">',
            file=file,
            line=(en if en is not None and zh.get(XML_LANG) == ZH else zh).sourceline,
        )
    provisions = []
    for p in (zh, en):
        for child in p.iter():
            if child is not p and child.tag in _BLOCKS:
                raise _unsupported(child, file, "no block elements inside <p>")
        content_type = p.get("content-type")
        if content_type is None and inherit:
            provisions.append(inherited)
        elif content_type in _CONTENT_TYPES:
            provisions.append(_CONTENT_TYPES[content_type])
        else:
            raise StandardError(
                f"<p> content-type is {content_type!r}; expected one of " + " | ".join(_CONTENT_TYPES),
                file=file,
                line=p.sourceline,
            )
    if provisions[0] != provisions[1]:
        raise StandardError(
            "a zh-CN/en paragraph pair must carry the same content-type",
            file=file,
            line=en.sourceline,
        )
    return Paragraph(
        provision=provisions[0],
        text=Text(zh=_text(zh, file), en=_text(en, file)),
        label=label,
    )


def _list(element: etree._Element, lead: Provision | None, file: str) -> list[Paragraph]:
    """List items inherit the provision of the paragraph that introduces the list."""
    paragraphs: list[Paragraph] = []
    for item in element:
        if item.tag != "list-item":
            raise _unsupported(item, file, "<list> holds <list-item>")
        label_element = item.find("label")
        label = _text(label_element) if label_element is not None else None
        children = [child for child in item if child.tag != "label"]
        index = 0
        while index < len(children):
            child = children[index]
            if child.tag == "p":
                paragraphs.append(_pair(children, index, lead, file, label=label, inherit=True))
                label = None
                index += 2
            elif child.tag == "list":
                paragraphs.extend(_list(child, paragraphs[-1].provision if paragraphs else lead, file))
                index += 1
            else:
                raise _unsupported(child, file, "<list-item> holds label, p and list")
    return paragraphs


def _note(element: etree._Element, file: str) -> list[Paragraph]:
    """Paragraphs of a non-normative note are informative whatever they say."""
    children = list(element)
    paragraphs = []
    for index in range(0, len(children), 2):
        pair = _pair(children, index, None, file, inherit=True)
        paragraphs.append(pair.model_copy(update={"provision": None}))
    return paragraphs


def _table(element: etree._Element, file: str) -> StandardTable:
    table_id = element.get("id")
    if not table_id:
        raise StandardError("<table-wrap> needs an id", file=file, line=element.sourceline)
    caption_title = element.find("caption/title")
    if caption_title is None:
        raise StandardError("<table-wrap> needs <caption><title>", file=file, line=element.sourceline)
    table = _required(element, "table", file)
    label = element.find("label")

    def cell(element: etree._Element) -> Text:
        # A cell without named-content (a number, a unit) reads the same in both languages.
        if element.find("named-content") is not None:
            return _bilingual(element, file)
        return Text(zh=_text(element), en=_text(element))

    def rows(section: str) -> tuple[tuple[Text, ...], ...]:
        return tuple(tuple(cell(c) for c in row if c.tag in ("th", "td")) for row in table.iterfind(f"{section}/tr"))

    return StandardTable(
        id=table_id,
        label=_text(label) if label is not None else None,
        caption=_bilingual(caption_title, file),
        header=rows("thead"),
        rows=rows("tbody"),
    )


def _bilingual(element: etree._Element, file: str) -> Text:
    """A title, caption or cell: one zh-CN and one en ``<named-content content-type="lang">``."""
    texts: dict[str, str] = {}
    stray = (element.text or "").strip()
    for child in element:
        stray += (child.tail or "").strip()
        lang = child.get(XML_LANG)
        if child.tag != "named-content" or child.get("content-type") != "lang" or lang not in (ZH, EN) or lang in texts:
            raise _unsupported(child, file, 'expected one <named-content content-type="lang"> per language')
        texts[lang] = _text(child, file)
    if stray or set(texts) != {ZH, EN}:
        raise StandardError(
            f'<{_name(element)}> must hold exactly a zh-CN and an en <named-content content-type="lang"> '
            "and nothing else",
            file=file,
            line=element.sourceline,
        )
    return Text(zh=texts[ZH], en=texts[EN])


def _name(element: etree._Element) -> str:
    """The element's tag name (always text here: the parser drops comments and processing instructions)."""
    tag = element.tag
    return tag if isinstance(tag, str) else str(tag)


def _text(element: etree._Element, file: str | None = None) -> str:
    text = normalise_text("".join(element.itertext()))
    if not text and file is not None:
        raise StandardError(f"<{_name(element)}> is empty", file=file, line=element.sourceline)
    return text


def _required(element: etree._Element, path: str, file: str) -> etree._Element:
    found = element.find(path)
    if found is None:
        raise StandardError(f"<{_name(element)}> has no <{path}>", file=file, line=element.sourceline)
    return found


def _unsupported(element: etree._Element, file: str, rule: str) -> StandardError:
    return StandardError(
        f"<{_name(element)}> is outside the zcf subset here ({rule})",
        file=file,
        line=element.sourceline,
        hint="see standards/README.md",
    )


class Grammar:
    """A compiled RELAX NG grammar; ``validation.py`` caches one and asks it for errors."""

    def __init__(self, path: Path) -> None:
        try:
            self._relaxng = etree.RelaxNG(etree.parse(str(path), _parser()))
        except (OSError, etree.XMLSyntaxError, etree.RelaxNGParseError) as err:
            raise StandardError(f"cannot load the grammar: {err}", file=str(path)) from err
        # RelaxNG keeps its error log on the object: one validation at a time.
        self._lock = threading.Lock()

    def errors(self, tree: etree._ElementTree, file: str) -> list[str]:
        """Every grammar violation as ``file:line: message``; empty when the tree is valid."""
        with self._lock:
            if self._relaxng.validate(tree):
                return []
            return [f"{file}:{entry.line}: {entry.message}" for entry in self._relaxng.error_log]
