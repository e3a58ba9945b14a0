"""Why a ruleset bundle or its signature is refused: the names `zcf.publishing` has always exported.

The classes live in `zcf.errors` (under `BundleError`, exit 4); this module re-exports them so
`from zcf.publishing.bundle_errors import UnknownKeyError` keeps working.
"""

from __future__ import annotations

from zcf.errors import (
    BundleFormatError,
    BundleTooLargeError,
    DigestMismatchError,
    DuplicateEntryError,
    EngineIncompatibleError,
    FileDigestMismatchError,
    InvalidSignatureError,
    KeyExpiredError,
    KeyFileError,
    MissingFileError,
    SymlinkEntryError,
    UnknownKeyError,
    UnlistedFileError,
    UnsafePathError,
    UnsignedBundleError,
)

__all__ = [
    "BundleFormatError",
    "BundleTooLargeError",
    "DigestMismatchError",
    "DuplicateEntryError",
    "EngineIncompatibleError",
    "FileDigestMismatchError",
    "InvalidSignatureError",
    "KeyExpiredError",
    "KeyFileError",
    "MissingFileError",
    "SymlinkEntryError",
    "UnknownKeyError",
    "UnlistedFileError",
    "UnsafePathError",
    "UnsignedBundleError",
]
