"""The day the recipient received the letter: every deadline counts from receipt (Art. 12(3)
GDPR), not from posting. Empty for the letters already registered: their receipt is taken from
how they left (a form, an e-mail or a PEC: the sending day) or estimated (post).

Revision ID: 0003_received
Revises: 0002_after_the_letter
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003_received"
down_revision = "0002_after_the_letter"


def upgrade() -> None:
    op.add_column("letters", sa.Column("received_on", sa.Date))
