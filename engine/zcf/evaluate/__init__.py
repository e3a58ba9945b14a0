"""The evaluation pipeline: facts, clause decisions, scoring, verdict, gaps, backends."""
