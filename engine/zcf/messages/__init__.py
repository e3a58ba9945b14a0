"""User-facing words in zh-CN and en from one catalogue, and the language to print them in."""

from zcf.messages.catalogue import LANGUAGES, MESSAGES, text
from zcf.messages.language import default_lang

__all__ = ["LANGUAGES", "MESSAGES", "default_lang", "text"]
