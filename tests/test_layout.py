"""The layout's contract (pyproject.toml, checked by `lint-imports` in CI) matches the
registry: every built-in analysis module is kept independent of the others, and the only
imports between them that the contract allows are the ones their specs declare."""

from __future__ import annotations

import importlib
import pkgutil
import tomllib
from pathlib import Path

import ai_discourse.analysis
from ai_discourse.analysis.registry import BUILT_IN
from ai_discourse.analysis.spec import Spec

PYPROJECT = Path(__file__).parents[1] / "pyproject.toml"


def spec_modules() -> dict[str, str]:
    """Each built-in spec's name -> the module that defines it."""
    found = {}
    for info in pkgutil.iter_modules(ai_discourse.analysis.__path__):
        module = importlib.import_module(f"ai_discourse.analysis.{info.name}")
        spec = getattr(module, "SPEC", None)
        if isinstance(spec, Spec):
            found[spec.name] = module.__name__
    return found


def independence() -> dict[str, object]:
    contracts = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["tool"]["importlinter"]
    (contract,) = [c for c in contracts["contracts"] if c["type"] == "independence"]
    return dict(contract)


def test_every_built_in_analysis_is_one_module_in_the_contract() -> None:
    modules = spec_modules()
    assert sorted(modules) == sorted(s.name for s in BUILT_IN)
    assert sorted(independence()["modules"]) == sorted(modules.values())  # type: ignore[arg-type]


def test_the_only_imports_between_analyses_are_their_declared_needs() -> None:
    modules = spec_modules()
    declared = {f"{modules[s.name]} -> {modules[need]}" for s in BUILT_IN for need in s.needs}
    assert declared  # the overview reads the keywords' counts
    assert set(independence()["ignore_imports"]) == declared  # type: ignore[arg-type]
