"""House rules for engine/accounting: no binary floats, a worked doctest in every module."""

from __future__ import annotations

import doctest
import importlib
import pkgutil
import re
from pathlib import Path

import pytest
import zcf.accounting
import zcf.submission

ACCOUNTING = Path(zcf.accounting.__file__).parent
MODULES = sorted(
    f"{pkg.__name__}.{info.name}"
    for pkg in (zcf.accounting, zcf.submission)
    for info in pkgutil.iter_modules(pkg.__path__)
)
#: Modules whose worked example lives in the module they serve.
NO_DOCTEST = {"zcf.accounting.context", "zcf.submission.consistency"}


def test_no_float_in_accounting() -> None:
    # B8: Decimal end to end; `float(` or a float literal would leak binary rounding.
    offenders = []
    for path in sorted(ACCOUNTING.rglob("*.py")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            code = line.split("#", 1)[0]
            if "float(" in code or re.search(r"Decimal\(\s*[0-9]+\.[0-9]", code):
                offenders.append(f"{path.name}:{number}: {line.strip()}")
    assert offenders == []


@pytest.mark.parametrize("name", MODULES)
def test_doctests(name: str) -> None:
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.failed == 0
    if name not in NO_DOCTEST:
        assert result.attempted > 0, f"{name} has no worked example"
