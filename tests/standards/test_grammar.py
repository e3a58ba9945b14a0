"""Every shipped document is valid NISO STS 1.2 and follows the zcf subset and its conventions."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from zcf.model.ruleset import Provision
from zcf.standards import catalog, validation
from zcf.standards.errors import StandardError, StandardGrammarError
from zcf.standards.reader import read_document

from .conftest import WriteDocument, clause, pair

PATHS = catalog.document_paths([catalog.REPO_STANDARDS])
IDS = [path.stem for path in PATHS]
EXPECTED_IDS = {
    "auto-industry",
    "dc-green-computing",
    "gb-t-32150-2015",
    "hunan-2025-458",
    "lib-industry",
    "miit-2026-13",
    "pv-manufacturing-2024",
    "sip-2026-zero-carbon",
    "suzhou-2023-near-zero",
    "t-ceca-g-0171-2022",
    "zhejiang-2023-257",
}
VERBS = {
    Provision.REQUIREMENT: ("应", "shall"),
    Provision.RECOMMENDATION: ("宜", "should"),
    Provision.PERMISSION: ("可", "may"),
}


def test_every_expected_document_is_shipped() -> None:
    assert set(IDS) >= EXPECTED_IDS


@pytest.mark.parametrize("path", PATHS, ids=IDS)
def test_document_validates_against_niso_sts(path: Path) -> None:
    assert validation.validate_against_grammar(path) == []


@pytest.mark.parametrize("path", PATHS, ids=IDS)
def test_document_follows_the_subset(path: Path) -> None:
    doc = read_document(path)
    assert doc.clauses
    labels = [c.label for c in doc.clauses]
    assert len(labels) == len(set(labels))
    assert len({c.id for c in doc.clauses}) == len(labels)
    assert doc.issuers and doc.source_urls and doc.edition
    assert all(re.match(r"https?://", url) for url in doc.source_urls)
    for found in doc.clauses:
        assert found.id == f"sec-{found.label.lower()}"
        assert found.title.zh and found.title.en
        assert found.paragraphs
        for paragraph in found.paragraphs:
            assert paragraph.text.zh and paragraph.text.en
            assert re.search(r"[\u4e00-\u9fff]", paragraph.text.zh), paragraph.text.zh
        for table in found.tables:
            assert table.caption.zh and table.caption.en and table.rows


@pytest.mark.parametrize("path", PATHS, ids=IDS)
def test_provision_tags_match_the_verbal_forms(path: Path) -> None:
    """A paragraph tagged 应/宜/可 says so in both languages (list items inherit their lead-in)."""
    for found in read_document(path).clauses:
        for paragraph in found.paragraphs:
            if paragraph.provision is None or paragraph.label:
                continue
            zh, en = VERBS[paragraph.provision]
            assert zh in paragraph.text.zh, (found.label, paragraph.text.zh)
            assert en in paragraph.text.en, (found.label, paragraph.text.en)


def test_informative_paragraphs_carry_no_requirement_verb() -> None:
    """Gaps and borrowed rules stay informative: no 应 or 宜 outside 对应/相应/应用 and names."""
    verb = re.compile(r"(?<![对相])应(?!用|减尽减)|宜")
    for doc in catalog.find_documents([catalog.REPO_STANDARDS]):
        for found in doc.clauses:
            for paragraph in found.paragraphs:
                if paragraph.informative:
                    assert not verb.search(paragraph.text.zh), (doc.id, found.label)


def test_grammar_errors_name_file_and_line(write_document: WriteDocument) -> None:
    body = clause("1", pair("requirement", "应", "shall")).replace("<label>", '<label foo="1">')
    path = write_document(body)
    errors = validation.validate_against_grammar(path)
    assert errors and all(error.startswith(f"{path}:") for error in errors)
    assert any("foo" in error for error in errors)


def test_check_reports_every_file_then_raises(write_document: WriteDocument) -> None:
    good = write_document(name="good")
    unsafe = write_document(name="unsafe", raw='<!DOCTYPE x [<!ENTITY a "b">]><x/>')
    results = validation.check_documents([good, unsafe])
    assert results[good] == []
    assert len(results[unsafe]) == 1 and "DOCTYPE" in results[unsafe][0]
    with pytest.raises(StandardGrammarError) as caught:
        validation.raise_for_errors(results)
    assert caught.value.errors == tuple(results[unsafe])
    assert isinstance(caught.value, StandardError) and caught.value.exit_code == 4


def test_grammar_is_compiled_once() -> None:
    validation._grammar.cache_clear()
    for path in PATHS[:3]:
        validation.validate_against_grammar(path)
    info = validation._grammar.cache_info()
    assert info.misses == 1 and info.hits == 2


def test_grammar_copy_carries_its_licence() -> None:
    folder = catalog.REPO_STANDARDS / "grammar" / "niso-sts-1.2"
    assert (folder / "NISO-STS-interchange-1-mathml3.rng").is_file()
    notice = (folder / "NOTICE").read_text(encoding="utf-8")
    assert "Apache License, Version 2.0" in notice and "sts4i-tools" in notice
    assert validation.grammar_path() == folder / "NISO-STS-interchange-1-mathml3.rng"
