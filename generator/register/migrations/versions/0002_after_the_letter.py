"""After the letter: its kind (objection, access request, follow-up, complaint), the campaign
it belongs to, the answers it was made from (never the grounds), the proof of sending and the
controller's answer.

Revision ID: 0002_after_the_letter
Revises: 0001_letters
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0002_after_the_letter"
down_revision = "0001_letters"


def upgrade() -> None:
    columns: list[sa.Column[Any]] = [
        sa.Column("kind", sa.String(16), nullable=False, server_default="objection"),
        sa.Column("refers_to", sa.String(40)),
        sa.Column("campaign", sa.String(100)),
        sa.Column("answers", sa.Text),
        sa.Column("with_access", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("proof_file", sa.String(4096)),
        sa.Column("proof_sha256", sa.String(64)),
        sa.Column("answered_on", sa.Date),
        sa.Column("outcome", sa.String(8)),
        sa.Column("answer_file", sa.String(4096)),
        sa.Column("answer_sha256", sa.String(64)),
    ]
    for column in columns:
        op.add_column("letters", column)
    # References grow a suffix for follow-ups and complaints (OBJ-…-F, OBJ-…-C).
    # (SQLite does not enforce a VARCHAR's length: only other databases need the change.)
    if op.get_bind().dialect.name != "sqlite":
        op.alter_column("letters", "reference", type_=sa.String(40), existing_nullable=False)
    op.create_index("ix_letters_campaign", "letters", ["campaign"])
    op.create_index("ix_letters_refers_to", "letters", ["refers_to"])
