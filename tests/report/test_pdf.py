"""The PDF report: WeasyPrint output read back with poppler (pdftotext, pdftoppm), as a person would.

Chinese text must be present and drawn with a CJK font (no tofu: every font embedded, a CJK one
among them, and no replacement characters in the extracted text), the page count must be sane,
and the first page is rendered to docs/img/report-page1.png, the screenshot in the README.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from zcf.cli.app import run

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOT = ROOT / "docs" / "img" / "report-page1.png"
AS_OF = ["--as-of", "2026-03-31"]

pytestmark = pytest.mark.skipif(not shutil.which("pdftoppm"), reason="poppler-utils missing: run `make report-deps`")


def poppler(*args: str) -> str:
    return subprocess.run(args, check=True, capture_output=True, text=True).stdout


def make_pdf(tmp_path: Path, *args: str) -> Path:
    out = tmp_path / "report.pdf"
    code = run(["evaluate", *args, *AS_OF, "-f", "pdf", "-o", str(out)])
    assert code in (0, 1)
    assert out.read_bytes().startswith(b"%PDF-")
    return out


def check_fonts(pdf: Path) -> None:
    fonts = poppler("pdffonts", str(pdf)).splitlines()[2:]
    assert fonts, "no fonts in the PDF"
    assert all(" yes " in line for line in fonts), "a font is not embedded"
    assert any("CJK" in line or "Hei" in line or "Han" in line for line in fonts), fonts


def pages(pdf: Path) -> int:
    info = dict(line.split(":", 1) for line in poppler("pdfinfo", str(pdf)).splitlines() if ":" in line)
    return int(info["Pages"])


def test_chinese_pdf_report_has_chinese_text_and_a_first_page_image(tmp_path: Path) -> None:
    pdf = make_pdf(tmp_path, str(ROOT / "examples/zcf-cn-general/near-zero-carbon.json"), "--lang", "zh-CN")
    body = poppler("pdftotext", "-layout", str(pdf), "-")
    for phrase in ("零碳工厂评价报告", "无锡锡能动力电池系统有限公司", "统一社会信用代码", "逐条结论", "排放瀑布图"):
        assert phrase in body, phrase
    assert "\ufffd" not in body
    check_fonts(pdf)
    assert 3 <= pages(pdf) <= 40
    subprocess.run(["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile", str(pdf),
                    str(tmp_path / "page1")], check=True)
    image = tmp_path / "page1.png"
    data = image.read_bytes()
    assert data.startswith(b"\x89PNG") and len(data) > 20_000  # a page with text and charts, not blank
    SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(image, SCREENSHOT)


def test_english_pdf_of_all_schemes(tmp_path: Path) -> None:
    pdf = make_pdf(tmp_path, str(ROOT / "examples/zcf-cn-dc/failing.json"), "--ruleset", "all", "--lang", "en",
                   "--no-gaps")
    body = poppler("pdftotext", str(pdf), "-")
    assert "Evaluation under several schemes" in body and "zcf-cn-dc" in body and "zcf-cn-general" in body
    assert "\ufffd" not in body
    check_fonts(pdf)  # the enterprise name on the cover is Chinese even in English
    assert 3 <= pages(pdf) <= 120
