"""The message language when `--lang` is not given: ZCF_LANG, then the locale, then zh-CN."""

from __future__ import annotations

import os
from collections.abc import Mapping


def default_lang(environ: Mapping[str, str] | None = None) -> str:
    """`zh-CN` or `en` from ZCF_LANG, LC_ALL, LC_MESSAGES or LANG (the first one set).

    A locale that names no language (C, POSIX) says nothing, so the tool's own language, zh-CN,
    is used.

    Examples:
        >>> default_lang({"LANG": "en_GB.UTF-8"}), default_lang({"LANG": "zh_CN.UTF-8"})
        ('en', 'zh-CN')
        >>> default_lang({"LC_ALL": "C.UTF-8", "LANG": "en_US.UTF-8"}), default_lang({})
        ('zh-CN', 'zh-CN')
    """
    env = os.environ if environ is None else environ
    for name in ("ZCF_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(name, "").strip()
        if not value:
            continue
        code = value.split(".")[0].split("@")[0].replace("_", "-").lower()
        if code in ("c", "posix"):
            return "zh-CN"
        return "zh-CN" if code.startswith("zh") else "en"
    return "zh-CN"
