"""A staff sheet in, letters and a manifest out: sheets read in any encoding or workbook, rows
made in worker processes or on a Dask cluster, the manifest that ``--resume`` reads back."""

from generator.base.lazy import exports

__getattr__, __all__ = exports(
    __name__,
    {
        "generator.batch.run": (
            "BatchSummary",
            "check_batch",
            "run_batch",
        ),
        "generator.batch.cluster": (
            "Cluster",
            "open_cluster",
        ),
    },
)
