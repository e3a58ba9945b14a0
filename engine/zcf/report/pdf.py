"""The HTML report printed to PDF with WeasyPrint; the only module importing weasyprint.

Chinese text needs a CJK font on the system (Debian: fonts-noto-cjk; `make test` installs it).
WeasyPrint needs Pango; without it, or without the `report` extra, the PDF format says what to
install instead of failing with a traceback.
"""

from __future__ import annotations

from zcf.errors import UsageError
from zcf.messages import text
from zcf.report.html import render_html
from zcf.report.registry import Report


def render(report: Report) -> bytes:
    try:
        import weasyprint
    except (ImportError, OSError) as err:  # OSError: the package is there but Pango is not
        raise UsageError(text("cli.report_extra", report.lang, name="pdf", detail=str(err).splitlines()[0]),
                         hint=text("cli.report_extra_hint", report.lang)) from err
    document = weasyprint.HTML(string=render_html(report), base_url=None)
    pdf = document.write_pdf()
    if pdf is None:  # pragma: no cover - write_pdf returns bytes when no target is given
        raise RuntimeError("WeasyPrint returned no PDF")
    return bytes(pdf)
