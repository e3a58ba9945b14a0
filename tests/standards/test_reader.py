"""The standards reader: the shipped documents, the bilingual subset, hashing and the safety limits."""

from __future__ import annotations

from pathlib import Path

import pytest
from zcf.model.ruleset import Provision
from zcf.standards import catalog
from zcf.standards.errors import StandardError, StandardNotFoundError
from zcf.standards.model import KnownFrom, clause_text_sha256, normalise_text
from zcf.standards.reader import MAX_BYTES, MAX_DEPTH, read_document

from .conftest import HEAD, SIMPLE_BODY, TAIL, WriteDocument, clause, pair, title

# The ruleset zcf-cn-general traces GEN-01..GEN-20 (domain brief §7.a) to these labels.
GEN_LABELS = {
    "GEN-01": "4.1.1",
    "GEN-02": "4.1.2",
    "GEN-03": "4.1.3",
    "GEN-04": "4.1.4",
    "GEN-05": "4.1.5",
    "GEN-06": "4.2.1",
    "GEN-07": "4.2.2",
    "GEN-08": "4.3.1",
    "GEN-09": "4.4.1",
    "GEN-10": "4.5.1",
    "GEN-11": "4.6.1",
    "GEN-12": "4.6.2",
    "GEN-13": "4.6.3",
    "GEN-14": "4.6.4",
    "GEN-15": "4.6.5",
    "GEN-16": "5.1",
    "GEN-17": "5.2",
    "GEN-18": "5.3",
    "GEN-19": "3",
    "GEN-20": "5.4",
}

# Golden hash of SIMPLE_BODY's clause: changes only if the hashing rule changes.
SIMPLE_HASH = "23086d7ab1ead8bff63177d6d81a9869c54e59ad30b769f079cc2c8bc425dd52"


def test_national_opinions_metadata() -> None:
    doc = catalog.get_document("miit-2026-13")
    assert doc.number == "工信部联节〔2026〕13号"
    assert doc.edition == "2026"
    assert doc.release_date is not None and doc.release_date.isoformat() == "2026-01-19"
    assert doc.known_from is KnownFrom.SUMMARIES
    assert len(doc.issuers) == 5 and doc.issuers[0].startswith("工业和信息化部")
    assert all(url.startswith("http") for url in doc.source_urls)
    assert doc.title.en == "Guiding Opinions on Building Zero-Carbon Factories"


@pytest.mark.parametrize(("gen_id", "label"), GEN_LABELS.items(), ids=list(GEN_LABELS))
def test_general_ruleset_clauses_have_a_section(gen_id: str, label: str) -> None:
    found = catalog.clause("miit-2026-13", label)
    assert found.label == label and found.paragraphs


@pytest.mark.parametrize(
    ("doc_id", "label", "provision"),
    [
        ("miit-2026-13", "4.1.1", Provision.REQUIREMENT),
        ("miit-2026-13", "4.2.2", Provision.RECOMMENDATION),
        ("miit-2026-13", "4.6.3", Provision.PERMISSION),
        ("miit-2026-13", "4.1.4", None),
        ("miit-2026-13", "5.1", None),
        ("miit-2026-13", "5.2", None),
        ("hunan-2025-458", "HN-01", Provision.REQUIREMENT),
        ("zhejiang-2023-257", "ZJ-S3", Provision.RECOMMENDATION),
        ("gb-t-32150-2015", "ACC-03", None),
    ],
    ids=lambda value: str(value),
)
def test_clause_provision(doc_id: str, label: str, provision: Provision | None) -> None:
    assert catalog.clause(doc_id, label).provision == provision


def test_practice_clauses_are_informative_and_say_so() -> None:
    for label in ("5.1", "5.2", "5.3"):
        paragraphs = catalog.clause("miit-2026-13", label).paragraphs
        assert all(p.informative for p in paragraphs)
        assert "summarised opinions" in paragraphs[0].text.en


def test_list_items_inherit_the_lead_in_provision() -> None:
    found = catalog.clause("zhejiang-2023-257", "ZJ-B4")
    items = [p for p in found.paragraphs if p.label]
    assert [p.label for p in items] == ["a)", "b)", "c)", "d)"]
    assert {p.provision for p in items} == {Provision.REQUIREMENT}
    assert found.paragraphs[-1].informative


def test_threshold_table() -> None:
    table = catalog.clause("hunan-2025-458", "2").tables[0]
    assert table.header[0][2].zh == "2027"
    first = table.rows[0]
    assert first[1].en == "Carbon per unit of energy (tCO2e/tce)"
    assert [cell.zh for cell in first[2:]] == ["≤1.25", "≤0.87", "≤0.37"]


def test_subtree_and_parents() -> None:
    doc = catalog.get_document("miit-2026-13")
    assert [c.label for c in doc.subtree("4.6")] == ["4.6", "4.6.1", "4.6.2", "4.6.3", "4.6.4", "4.6.5"]
    nested = doc.find_clause("4.1.3")
    assert nested is not None and nested.parent == "4.1"
    assert doc.find_clause("9.9") is None


# --- hashing -------------------------------------------------------------------------------


def test_hash_is_golden_and_recomputable(write_document: WriteDocument) -> None:
    doc = read_document(write_document())
    only = doc.clauses[0]
    assert only.text_sha256 == SIMPLE_HASH
    assert clause_text_sha256(only.paragraphs, only.tables) == SIMPLE_HASH


def test_hash_is_stable_across_reads() -> None:
    first = catalog.get_document("miit-2026-13")
    catalog._load_cached.cache_clear()
    second = catalog.get_document("miit-2026-13")
    assert first is not second
    assert [c.text_sha256 for c in first.clauses] == [c.text_sha256 for c in second.clauses]


def test_hash_ignores_layout(write_document: WriteDocument) -> None:
    wrapped = clause(
        "1",
        '<p content-type="requirement"   xml:lang="zh-CN">\n   工厂\n   应测试。\n</p>\n\n'
        '<p content-type="requirement" xml:lang="en">The   factory\n shall\ttest.</p>',
    )
    a = read_document(write_document(name="a"))
    b = read_document(write_document(wrapped, name="b"))
    assert b.clauses[0].paragraphs[0].text.zh == "工厂应测试。"
    assert a.clauses[0].text_sha256 == b.clauses[0].text_sha256


@pytest.mark.parametrize(
    "body",
    [
        clause("1", pair("requirement", "工厂应测验。", "The factory shall test.")),
        clause("1", pair("requirement", "工厂应测试。", "The factory shall check.")),
        clause("1", pair("recommendation", "工厂应测试。", "The factory shall test.")),
    ],
    ids=["zh-changed", "en-changed", "provision-changed"],
)
def test_hash_sees_wording_and_provision(write_document: WriteDocument, body: str) -> None:
    assert read_document(write_document(body)).clauses[0].text_sha256 != SIMPLE_HASH


def test_title_is_not_hashed(write_document: WriteDocument) -> None:
    renamed = clause("1", pair("requirement", "工厂应测试。", "The factory shall test."), "新", "New")
    assert read_document(write_document(renamed)).clauses[0].text_sha256 == SIMPLE_HASH


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("  a \n\t b  ", "a b"),
        ("零碳\n    工厂", "零碳工厂"),
        ("GB/T 32150\n  《通则》", "GB/T 32150 《通则》"),
        ("ｅ\u0301", "ｅ\u0301"),
        ("e\u0301", "\u00e9"),
    ],
    ids=["collapse", "cjk-wrap", "latin-cjk", "fullwidth-combining", "nfc"],
)
def test_normalise_text(raw: str, expected: str) -> None:
    assert normalise_text(raw) == expected


# --- safety --------------------------------------------------------------------------------

XXE = """<?xml version="1.0"?>
<!DOCTYPE standard [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<standard><body>&xxe;</body></standard>
"""
LAUGHS = (
    '<?xml version="1.0"?>\n<!DOCTYPE lolz [\n <!ENTITY lol "lol">\n'
    + "".join(f' <!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">\n' for i in range(1, 10))
    + "]>\n<standard>&lol9;</standard>\n"
)
EXTERNAL_DTD = (
    '<?xml version="1.0"?>\n'
    '<!DOCTYPE standard PUBLIC "-//NISO//DTD NISO STS//EN" "http://example.org/sts.dtd">\n'
    "<standard/>\n"
)


@pytest.mark.parametrize(
    ("raw", "line"),
    [(XXE, 2), (LAUGHS, 2), (EXTERNAL_DTD, 2)],
    ids=["xxe", "billion-laughs", "external-dtd"],
)
def test_doctype_is_refused(write_document: WriteDocument, raw: str, line: int) -> None:
    path = write_document(raw=raw)
    with pytest.raises(StandardError, match="DOCTYPE") as caught:
        read_document(path)
    assert caught.value.file == str(path) and caught.value.line == line
    assert str(caught.value).startswith(f"{path}:{line}:")
    assert "root:" not in str(caught.value)  # /etc/passwd never read


def test_doctype_in_utf16_is_refused(write_document: WriteDocument) -> None:
    raw = XXE.replace('<?xml version="1.0"?>', '<?xml version="1.0" encoding="UTF-16"?>')
    # The byte scan cannot see an UTF-16 DOCTYPE; the check after parsing (entities unresolved) does.
    with pytest.raises(StandardError, match="DOCTYPE"):
        read_document(write_document(raw=raw.encode("utf-16")))


def test_undeclared_entity_is_refused(write_document: WriteDocument) -> None:
    body = clause("1", pair("requirement", "应&xxe;", "shall"))
    with pytest.raises(StandardError, match="not well-formed") as caught:
        read_document(write_document(body))
    assert caught.value.line is not None


def test_oversize_file_is_refused_before_parsing(write_document: WriteDocument) -> None:
    padding = "<!--" + "x" * MAX_BYTES + "-->"
    path = write_document(raw=HEAD + SIMPLE_BODY + TAIL + padding)
    with pytest.raises(StandardError, match="byte limit") as caught:
        read_document(path)
    assert caught.value.code == "standard-invalid" and caught.value.exit_code == 4


@pytest.mark.parametrize("depth", [MAX_DEPTH + 1, 100_000], ids=["just-over", "bomb"])
def test_deep_nesting_is_refused(write_document: WriteDocument, depth: int) -> None:
    raw = "<standard>" + "<x>" * depth + "</x>" * depth + "</standard>"
    with pytest.raises(StandardError) as caught:
        read_document(write_document(raw=raw))
    assert caught.value.line == 1


def test_depth_at_the_limit_passes_the_safety_check(write_document: WriteDocument) -> None:
    raw = "<standard>" + "<x>" * (MAX_DEPTH - 1) + "</x>" * (MAX_DEPTH - 1) + "</standard>"
    with pytest.raises(StandardError, match="no <front/std-meta>"):
        read_document(write_document(raw=raw))


def test_malformed_xml_names_the_line(write_document: WriteDocument) -> None:
    path = write_document(raw="<standard>\n<body>\n</standard>\n")
    with pytest.raises(StandardError, match="not well-formed") as caught:
        read_document(path)
    assert caught.value.line == 3


def test_missing_file(tmp_path: Path) -> None:
    missing = tmp_path / "nope.xml"
    with pytest.raises(StandardNotFoundError, match="no such standard document") as caught:
        catalog.load_document(missing)
    assert str(missing) in str(caught.value) and caught.value.exit_code == 2
    with pytest.raises(StandardNotFoundError):
        read_document(missing)


# --- the zcf subset ------------------------------------------------------------------------

P_ZH = '<p content-type="requirement" xml:lang="zh-CN">应</p>'
P_EN = '<p content-type="requirement" xml:lang="en">shall</p>'
SUBSET_ERRORS = {
    "unpaired-zh": (clause("1", P_ZH), "pairs"),
    "en-first": (clause("1", P_EN + P_ZH), "pairs"),
    "no-content-type": (clause("1", P_ZH.replace(' content-type="requirement"', "") + P_EN), "content-type is None"),
    "unknown-content-type": (clause("1", pair("must", "应", "shall")), "content-type is 'must'"),
    "different-content-types": (clause("1", P_ZH + P_EN.replace("requirement", "permission")), "same content-type"),
    "title-without-en": (
        '<sec id="s1"><label>1</label><title><named-content content-type="lang"'
        ' xml:lang="zh-CN">范围</named-content></title>' + P_ZH + P_EN + "</sec>",
        "exactly a zh-CN and an en",
    ),
    "plain-title": (
        '<sec id="s1"><label>1</label><title>范围</title>' + P_ZH + P_EN + "</sec>",
        "exactly a zh-CN and an en",
    ),
    "no-label": (f'<sec id="s1">{title("a", "b")}{P_ZH}{P_EN}</sec>', "no <label>"),
    "no-id": (f"<sec><label>1</label>{title('a', 'b')}{P_ZH}{P_EN}</sec>", "needs an id"),
    "paragraph-in-body": (P_ZH + P_EN, "<body> holds only <sec>"),
    "unsupported-block": (clause("1", P_ZH + P_EN + "<fig/>"), "<fig> is outside"),
    "block-inside-p": (clause("1", P_ZH.replace("应", "应<list/>") + P_EN), "inside <p>"),
    "no-paragraph": (clause("1", ""), "has no paragraph"),
    "duplicate-label": (clause("1", P_ZH + P_EN) + clause("1", P_ZH + P_EN).replace("sec-1", "x"), "appears twice"),
    "empty-paragraph": (clause("1", P_ZH.replace("应", " ") + P_EN), "<p> is empty"),
}


@pytest.mark.parametrize(("body", "message"), SUBSET_ERRORS.values(), ids=list(SUBSET_ERRORS))
def test_subset_violations_name_file_and_line(write_document: WriteDocument, body: str, message: str) -> None:
    path = write_document(body)
    with pytest.raises(StandardError) as caught:
        read_document(path)
    assert message in str(caught.value)
    assert caught.value.file == str(path)
    if message != "appears twice":
        assert caught.value.line is not None and caught.value.line > 1


@pytest.mark.parametrize(
    ("replacements", "message"),
    [
        ((("<standard", "<article"), ("</standard>", "</article>")), "expected <standard>"),
        ((("full-text</meta-value>", "rumour</meta-value>"),), "known-from"),
        ((("<meta-name>issuer</meta-name>", "<meta-name>publisher</meta-name>"),), "'issuer'"),
        ((('<title-wrap xml:lang="en">', '<title-wrap xml:lang="fr">'),), "title-wrap"),
        ((("<edition>2026</edition>", ""),), "no <edition>"),
    ],
    ids=["root", "known-from", "issuer", "title-lang", "edition"],
)
def test_metadata_violations(
    write_document: WriteDocument, replacements: tuple[tuple[str, str], ...], message: str
) -> None:
    raw = HEAD + SIMPLE_BODY + TAIL
    for old, new in replacements:
        raw = raw.replace(old, new)
    with pytest.raises(StandardError, match=message):
        read_document(write_document(raw=raw))


def test_document_id_must_be_lowercase(write_document: WriteDocument) -> None:
    with pytest.raises(StandardError, match="not a document id"):
        read_document(write_document(name="MIIT_2026"))


# --- catalog -------------------------------------------------------------------------------


def test_unknown_document_suggests_close_ids() -> None:
    with pytest.raises(StandardNotFoundError) as caught:
        catalog.get_document("miit-2026-31")
    assert caught.value.hint is not None and "miit-2026-13" in caught.value.hint


@pytest.mark.parametrize("doc_id", ["../standards/miit-2026-13", "/etc/passwd", "MIIT-2026-13"])
def test_document_id_cannot_leave_the_folder(doc_id: str) -> None:
    with pytest.raises(StandardNotFoundError):
        catalog.get_document(doc_id)


def test_unknown_clause_suggests_close_labels() -> None:
    with pytest.raises(StandardNotFoundError) as caught:
        catalog.clause("hunan-2025-458", "HN-1")
    assert caught.value.label == "HN-1"
    assert caught.value.hint is not None and "HN-01" in caught.value.hint


def test_env_folder_comes_first_and_can_shadow(
    write_document: WriteDocument, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    local = tmp_path / "local"
    write_document(name="local-only", folder=local)
    write_document(name="miit-2026-13", folder=local)
    monkeypatch.setenv(catalog.ENV_VAR, str(local))
    assert catalog.standards_dirs() == (local, catalog.REPO_STANDARDS)
    ids = [doc.id for doc in catalog.find_documents()]
    assert "local-only" in ids and "hunan-2025-458" in ids and len(ids) == len(set(ids))
    assert catalog.get_document("miit-2026-13").number == "T/ZCF 1—2026"


def test_cache_follows_file_changes(write_document: WriteDocument) -> None:
    path = write_document()
    first = catalog.load_document(path)
    assert catalog.load_document(path) is first
    write_document(clause("2", pair("permission", "可以。", "May.")))
    assert catalog.load_document(path).clauses[0].label == "2"
