"""The register of letters: what was made, sent and answered, in SQLite (the default, in the
user's data folder) or PostgreSQL, migrated by Alembic."""

from generator.base.lazy import exports

__getattr__, __all__ = exports(
    __name__,
    {
        "generator.register.schema": ("Record",),
        "generator.register.store": ("Register",),
    },
)
