"""Summaries -> tables. Each module is one analysis with one `Spec` (see `spec`): its
fold, its tables and their columns, its terminal section and its command; `registry`
lists them and folds the summaries. Pure: no I/O, no printing; tables are DataFrames."""

from __future__ import annotations

from ai_discourse.analysis.registry import Depth, Reducer, register, run, specs, unregister
from ai_discourse.analysis.result import Analysis
from ai_discourse.nlp.summary import DocSummary, StanceSetup

__all__ = [
    "Analysis",
    "Depth",
    "DocSummary",
    "Reducer",
    "StanceSetup",
    "register",
    "run",
    "specs",
    "unregister",
]
