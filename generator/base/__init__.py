"""The ground floor every part stands on: errors with codes translated late, the languages and
their catalogs, safe private files, the package's own files, the version."""

from generator.base.errors import InvalidAnswers, InvalidInput, ObjectionError
from generator.base.i18n import LOCALES, set_message_locale
from generator.base.version import __version__

__all__ = [
    "LOCALES",
    "InvalidAnswers",
    "InvalidInput",
    "ObjectionError",
    "__version__",
    "set_message_locale",
]
