"""What a run computed: `Analysis`, each analysis's result by name, and the tables."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ai_discourse.analysis.disk import Table, materialize

if TYPE_CHECKING:
    import pandas as pd

    from ai_discourse.analysis.network import NetworkResult
    from ai_discourse.analysis.spec import Spec
    from ai_discourse.analysis.stance import StanceResult
    from ai_discourse.analysis.topics import TopicResult
    from ai_discourse.records import Note, Skipped


@dataclass
class Analysis:
    """Everything one run computed: each analysis's result by its spec's name, the corpus
    overview, and what the run skipped or noted. `tables()` gives every table by export
    name, in the registry's order; the properties name the built-in ones."""

    results: dict[str, Any]
    overview: dict[str, Any]
    targets: tuple[str, ...] = ()
    skipped: list[Skipped] = field(default_factory=list)
    duplicates: int = 0
    notes: list[Note] = field(default_factory=list)
    select: tuple[str, ...] | None = None
    """Export only these tables (a command about one analysis); None: all of them."""
    specs: tuple[Spec, ...] = ()
    """The analyses of the run, in the registry's order: how their results become tables."""

    def tables(self) -> dict[str, Table]:
        """The tables by export name (`documents` -> documents.csv …): DataFrames, and
        `DiskTable`s for the tables with a row per document, quote or sentence."""
        tables: dict[str, Table] = {}
        for spec in self.specs:
            if spec.name in self.results and self.results[spec.name] is not None:
                tables |= spec.tables_of(self.results[spec.name])
        if self.select is not None:
            tables = {name: table for name, table in tables.items() if name in self.select}
        return tables

    def table(self, name: str) -> Table | None:
        """One table by export name, whether or not `select` lists it (None: not computed);
        a long one stays on disk (see `analysis.disk`)."""
        for spec in self.specs:
            result = self.results.get(spec.name)
            if result is not None and any(t.name == name for t in spec.tables):
                return spec.tables_of(result).get(name)
        return None

    def rows(self, name: str) -> Table:
        """One table by export name as the run holds it (a long one on disk): for its
        first rows and its batches (see `analysis.disk`); AttributeError when the run
        computed none."""
        table = self.table(name)
        if table is None:
            raise AttributeError(f"this run computed no {name} table")
        return table

    def frame(self, name: str) -> pd.DataFrame:
        """One table by export name, whole in memory; AttributeError when the run
        computed none."""
        table = self.table(name)
        if table is None:
            raise AttributeError(f"this run computed no {name} table")
        return materialize(table)

    # The built-in analyses' results, by name (a new analysis needs none of these: its
    # tables are in `tables()` and its result in `results`).

    @property
    def documents(self) -> pd.DataFrame:
        return self.frame("documents")

    @property
    def keywords(self) -> pd.DataFrame:
        return self.frame("keywords")

    @property
    def tfidf(self) -> pd.DataFrame:
        return self.frame("tfidf")

    @property
    def entities(self) -> pd.DataFrame:
        return self.frame("entities")

    @property
    def entities_by_doc(self) -> pd.DataFrame:
        return self.frame("entities_by_doc")

    @property
    def quotes(self) -> pd.DataFrame:
        return self.frame("quotes")

    @property
    def quoted_terms(self) -> pd.DataFrame:
        return self.frame("quoted_terms")

    @property
    def stance(self) -> StanceResult | None:
        result: StanceResult | None = self.results.get("stance")
        return result

    def _optional(self, name: str) -> pd.DataFrame | None:
        table = self.table(name)
        return None if table is None else materialize(table)

    @property
    def trends(self) -> pd.DataFrame | None:
        return self._optional("trends")

    @property
    def trend_keywords(self) -> pd.DataFrame | None:
        return self._optional("trend_keywords")

    @property
    def near_duplicates(self) -> pd.DataFrame | None:
        return self._optional("near_duplicates")

    @property
    def network(self) -> NetworkResult | None:
        result: NetworkResult | None = self.results.get("network")
        return result

    @property
    def keyness(self) -> pd.DataFrame | None:
        return self._optional("keyness")

    @property
    def topics(self) -> TopicResult | None:
        result: TopicResult | None = self.results.get("topics")
        return result

    @property
    def terms(self) -> pd.DataFrame | None:
        return self._optional("terms")
