"""The one byte form of a JSON value that is hashed and signed: bundles and attestations share it."""

from __future__ import annotations

import json
from typing import Any


def canonical_json(value: Any) -> bytes:
    """Sorted keys, no spaces, UTF-8: the bytes a digest or a signature covers.

    >>> canonical_json({"b": 1, "a": "零"})
    b'{"a":"\\xe9\\x9b\\xb6","b":1}'
    """
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()
