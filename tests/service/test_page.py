"""The self-check page in real Chromium (Debian's /usr/bin/chromium through Playwright; never a downloaded browser)."""

from __future__ import annotations

import shutil
from pathlib import Path

import httpx
import pytest

sync_api = pytest.importorskip("playwright.sync_api")
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
if not Path(CHROMIUM).exists():
    pytest.skip("Debian's chromium is not installed (`make test` installs it)", allow_module_level=True)

ROOT = Path(__file__).resolve().parents[2]


def test_upload_read_grade_switch_language_download(base_url: str, tmp_path: Path) -> None:
    formats = httpx.get(f"{base_url}/healthz").json()["formats"]
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        try:
            page = browser.new_page(accept_downloads=True)
            page.goto(base_url + "/")
            page.wait_for_selector("body[data-ready=true]")
            assert page.get_by_role("heading", level=1).inner_text() == "零碳工厂自检"
            page.get_by_label("评价方案", exact=True).select_option("zcf-cn-general")
            page.get_by_label("评价日期（申请日）").fill("2026-03-31")
            page.get_by_label("申报数据（JSON 或 Excel）").set_input_files(
                str(ROOT / "examples" / "zcf-cn-general" / "near-zero-carbon.json"))
            page.get_by_label("计算“还差什么”（较慢）").uncheck()
            page.keyboard.press("Tab")
            page.get_by_role("button", name="评价").click()
            grade = page.locator(".grade-value").first
            grade.wait_for(timeout=120_000)
            assert grade.inner_text() == "近零碳工厂"
            assert page.locator("table.clauses tbody tr").count() > 5

            page.get_by_role("button", name="English").press("Enter")  # keyboard use
            assert page.get_by_role("heading", level=1).inner_text() == "Zero-carbon factory self-check"
            assert page.locator("html").get_attribute("lang") == "en"
            assert "near" in page.locator(".grade-value").first.inner_text().lower()

            wanted = "pdf" if "pdf" in formats else "json"
            with page.expect_download(timeout=180_000) as info:
                page.locator(f"#download-{wanted}").click()
            saved = tmp_path / f"report.{wanted}"
            info.value.save_as(saved)
            data = saved.read_bytes()
            assert data.startswith(b"%PDF") if wanted == "pdf" else b'"results"' in data
            assert page.locator("#download-pdf").count() == (1 if "pdf" in formats else 0)

            with page.expect_download(timeout=60_000) as template:
                page.get_by_role("link", name="Download the Excel template", exact=True).click()
            assert template.value.suggested_filename.endswith(".xlsx")
        finally:
            browser.close()


def test_uploading_a_filled_workbook(base_url: str, tmp_path: Path) -> None:
    workbook = httpx.get(f"{base_url}/v1/rulesets/zcf-cn-general/template", params={"example": "zero-carbon"},
                         timeout=60).content
    path = tmp_path / "factory.xlsx"
    path.write_bytes(workbook)
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        try:
            page = browser.new_page()
            page.goto(base_url + "/")
            page.wait_for_selector("body[data-ready=true]")
            page.get_by_label("评价方案", exact=True).select_option("zcf-cn-general")
            page.get_by_label("评价日期（申请日）").fill("2026-03-31")
            page.get_by_label("申报数据（JSON 或 Excel）").set_input_files(str(path))
            page.get_by_label("计算“还差什么”（较慢）").uncheck()
            page.get_by_role("button", name="评价").click()
            grade = page.locator(".grade-value").first
            grade.wait_for(timeout=120_000)
            assert grade.inner_text() == "零碳工厂"
        finally:
            browser.close()
