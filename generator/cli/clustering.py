"""Where ``objection batch`` makes its rows: worker processes here (``--jobs``), or a Dask
cluster (``--cluster tcp://HOST:PORT`` or ``local:N``), opened and checked before anything is
made and closed when the command ends."""

from __future__ import annotations

from typing import Any

import click

from generator import N_
from generator.cli.common import option, say, ui_gettext, warn

cluster_option = option(
    "--cluster",
    metavar="ADDRESS",
    help=N_(
        "Make the rows on a Dask cluster: tcp://HOST:PORT of its scheduler (--out must then "
        "be a folder every worker sees), or local:N for N worker processes here. Needs "
        "pip install 'gdpr-objection[cluster]'."
    ),
)


def run_where(cluster: str | None, jobs: int | None) -> tuple[int | None, Any]:
    """``--jobs`` within this computer's processors and memory (a note when lowered), or the
    cluster, opened and checked, and closed when the command ends."""
    from generator import batch_workers, open_cluster

    _ = ui_gettext()
    if cluster is None:
        used, lowered = batch_workers(jobs)
        warn([lowered] if lowered else [])
        return used, None
    if jobs is not None:
        raise click.UsageError(
            _(
                "--jobs counts processes on this computer; with --cluster the cluster's "
                "workers make the rows (local:N for N processes here): give one of the two."
            )
        )
    cluster = cluster.strip()
    # Within this computer too, as --jobs is (local:0 is refused as an address).
    if cluster.startswith("local:") and cluster[6:].isdigit() and int(cluster[6:]) > 0:
        used, lowered = batch_workers(int(cluster[6:]))
        warn([lowered] if lowered else [])
        cluster = f"local:{used}"
    opened = open_cluster(cluster)
    click.get_current_context().call_on_close(opened.close)
    workers, threads = opened.workers()
    say(
        _(
            "On the cluster at %(address)s: %(workers)d workers, %(threads)d threads.",
            address=cluster,
            workers=workers,
            threads=threads,
        )
    )
    return None, opened
