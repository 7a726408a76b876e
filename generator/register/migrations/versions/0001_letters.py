"""The letters: who, to whom, when made, when sent (never the grounds).

Revision ID: 0001_letters
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001_letters"
down_revision = None


def upgrade() -> None:
    op.create_table(
        "letters",
        sa.Column("reference", sa.String(32), primary_key=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("email", sa.String(254), nullable=False),
        sa.Column("controller", sa.String(32), nullable=False),
        sa.Column("regime", sa.String(16), nullable=False),
        sa.Column("locale", sa.String(8), nullable=False),
        sa.Column("letter_date", sa.Date, nullable=False),
        sa.Column("file", sa.String(4096), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("made_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sent_on", sa.Date),
        sa.Column("sent_via", sa.String(8)),
    )
    op.create_index("ix_letters_email", "letters", ["email"])
