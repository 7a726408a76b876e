"""An extension the controller announced (``objection answered REF --extended-to DATE``): to
which day, on which day it was announced, whether it gave reasons, and the announcement kept
by path and SHA-256. The deadline engine moves the due date as far as the law allows.

Revision ID: 0004_extension
Revises: 0003_received
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004_extension"
down_revision = "0003_received"


def upgrade() -> None:
    for column in (
        sa.Column("extended_to", sa.Date),
        sa.Column("extension_announced_on", sa.Date),
        sa.Column("extension_reasons", sa.Boolean),
        sa.Column("extension_file", sa.String(4096)),
        sa.Column("extension_sha256", sa.String(64)),
    ):
        op.add_column("letters", column)
