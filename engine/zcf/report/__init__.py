"""Renderers of an EvaluationResult: terminal table and JSON."""
