"""The member's answers: the models (one schema, each field with its :class:`Spec`), reading them
from TOML or a mapping with errors a person can act on, the checks on each value, and what the
grounds disclose."""

from generator.base.lazy import exports

__getattr__, __all__ = exports(
    __name__,
    {
        "generator.answers.model": (
            "Answers",
            "Organisation",
        ),
        "generator.answers.reading": (
            "answers_from_mapping",
            "load_answers",
            "sample_answers",
        ),
    },
)
