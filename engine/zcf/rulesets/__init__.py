"""Rulesets: loading, validating, compiling, tailoring and bundling ruleset data."""
