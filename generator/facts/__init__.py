"""What the documents state as facts, from data files with their sources: the controllers
(LinkedIn, Meta), the regimes (GDPR, UK GDPR, FADP, PDPO) and the authorities."""

from generator.base.lazy import exports

__getattr__, __all__ = exports(
    __name__,
    {
        "generator.facts.controllers": (
            "Controller",
            "load_controller",
        ),
        "generator.facts.jurisdictions": (
            "Jurisdiction",
            "jurisdiction_for",
        ),
    },
)
