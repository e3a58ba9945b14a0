"""Continuous carbon control: a factory's meter stream, year-to-date accounting, projections, alerts."""
