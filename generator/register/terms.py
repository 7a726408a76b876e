"""The register's words, defined once: what an entry is, what its answer did, how it left.

Plain strings in the database (``kind``, ``outcome``, ``sent_via``), ``Literal`` types in the
code, tuples for the command line's choices. No SQLAlchemy here: ``objection --help`` lists
the choices without importing it.
"""

from __future__ import annotations

from typing import Literal, TypeVar, get_args

#: What a register entry is: the objection, a standalone access request, and what follows a
#: letter that met silence or a refusal (they refer to it).
Kind = Literal["objection", "access", "follow_up", "complaint"]
#: What the controller's answer did: upheld the objection, refused it, upheld part of it, or
#: decided nothing (an acknowledgement, a template reply).
Outcome = Literal["upheld", "refused", "partial", "none"]
#: How a letter left: the controller's form, post, e-mail, PEC (Italy's certified e-mail).
Via = Literal["form", "post", "email", "pec"]

KINDS: tuple[Kind, ...] = get_args(Kind)
OUTCOMES: tuple[Outcome, ...] = get_args(Outcome)
VIA: tuple[Via, ...] = get_args(Via)

#: Suffixes of the references of what follows a letter.
SUFFIX: dict[Kind, str] = {"follow_up": "-F", "complaint": "-C"}

_Word = TypeVar("_Word", bound=str)


def one_of(value: str, words: tuple[_Word, ...]) -> _Word:
    """``value`` as one of ``words`` (a ``Literal``'s), else a ValueError naming them."""
    for word in words:
        if value == word:
            return word
    raise ValueError(f"{value!r} is not one of {', '.join(words)}")
