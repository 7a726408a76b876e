"""The package's version: one place, read by hatch when building and by everything that says it
(``objection --version``, the PDF's producer, the calendar event, a batch row's fingerprint)."""

__version__ = "0.2.0"
