"""One error tree: every exception class lives in `zcf/errors.py`, with a unique kebab-case code and
an exit code, and `docs/errors.md` lists each code with that exit code."""

from __future__ import annotations

import importlib
import pkgutil
import re
from pathlib import Path
from types import ModuleType

import pytest
import zcf
from zcf.errors import ZcfError

DOCS = Path(zcf.__file__).resolve().parents[2] / "docs" / "errors.md"
KEBAB = re.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*")
ROW = re.compile(r"^\| `([^`]+)` \| (\d+) \| `(\w+)` \|", re.MULTILINE)


def all_modules() -> list[ModuleType]:
    modules = [zcf]
    for info in pkgutil.walk_packages(zcf.__path__, "zcf."):
        try:
            modules.append(importlib.import_module(info.name))
        except ModuleNotFoundError as err:  # durable_rules does not build on Python >= 3.13
            if err.name != "durable":
                raise
    return modules


def tree() -> list[type[ZcfError]]:
    found: list[type[ZcfError]] = []
    pending: list[type[ZcfError]] = [ZcfError]
    while pending:
        cls = pending.pop()
        if cls in found:
            continue
        found.append(cls)
        pending.extend(cls.__subclasses__())
    return found


MODULES = all_modules()
CLASSES = tree()


def test_no_exception_class_is_defined_outside_errors_py() -> None:
    outside = [f"{module.__name__}.{name}" for module in MODULES if module.__name__ != "zcf.errors"
               for name, obj in vars(module).items()
               if isinstance(obj, type) and issubclass(obj, BaseException) and obj.__module__ == module.__name__
               and not name.startswith("_")]
    assert outside == [], "define these in zcf/errors.py (re-export them by name if you like)"
    assert [c for c in CLASSES if c.__module__ != "zcf.errors"] == []


@pytest.mark.parametrize("cls", CLASSES, ids=lambda c: c.__name__)
def test_each_class_has_its_own_kebab_case_code_and_an_exit_code(cls: type[ZcfError]) -> None:
    assert "code" in vars(cls), f"{cls.__name__} inherits its code from {cls.__mro__[1].__name__}"
    assert KEBAB.fullmatch(cls.code), cls.code
    assert cls.exit_code in (2, 3, 4, 5)


def test_codes_are_unique() -> None:
    codes = [c.code for c in CLASSES]
    assert sorted(codes) == sorted(set(codes)), sorted(c for c in codes if codes.count(c) > 1)


def test_docs_list_every_code_with_its_exit_code_and_nothing_else() -> None:
    rows = ROW.findall(DOCS.read_text(encoding="utf-8"))
    documented = [(code, int(exit_code), name) for code, exit_code, name in rows]
    assert len(documented) == len({code for code, _, _ in documented}), "a code is listed twice"
    assert sorted(documented) == sorted((c.code, c.exit_code, c.__name__) for c in CLASSES)
