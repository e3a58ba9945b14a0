"""A tiny valid ruleset text that tests mutate to probe the loader and tailoring."""

BASE = """\
id: tiny
version: 1.0.0
title: {zh-CN: 小规则集, en: Tiny ruleset}
publisher: tests
status: draft
effective_from: 2026-01-01
standard: {document: tiny-std, edition: "2026"}
parameters:
  share_min:
    unit: "1"
    provenance: provisional
    source: test placeholder
    values:
      - {from: 2026-01-01, value: 0.30}
inputs:
  share: /share
metrics:
  doubled: {expr: "share * 2"}
clauses:
  - id: T-01
    ref: "1"
    title: {zh-CN: 占比, en: Share}
    provision: requirement
    kind: gate
    check: "share >= share_min"
    threshold: share_min
"""
