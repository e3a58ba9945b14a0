"""Bilingual text: zh-CN is authoritative, en is a translation."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class Text(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)

    zh: str = Field(alias="zh-CN", description="Authoritative Chinese text.")
    en: str = Field(description="English translation.")

    def get(self, lang: str) -> str:
        return self.zh if lang.lower().startswith("zh") else self.en
