"""Reading a member's grounds before they are quoted word for word: what to warn about.

Grounds that disclose special categories of data or other people's confidential information
put in the letter what the member wants protected; grounds in another language than the letter
read oddly. The tool warns and shows how to rephrase — it never blocks and never rewrites.
The words it looks for are data (``generator/data/grounds.toml``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache

from pydantic import BaseModel, ConfigDict

from generator.base.assets import asset_dir, load_data
from generator.base.errors import Msg, msg
from generator.base.i18n import LOCALES, language_name
from generator.facts.models import Localised, validate


class _Topic(BaseModel):
    model_config = ConfigDict(extra="allow", frozen=True)
    name: Localised


class _Grounds(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    topics: dict[str, _Topic]
    function_words: dict[str, list[str]]


@cache
def _data() -> _Grounds:
    data: _Grounds = validate(_Grounds, load_data("grounds"), asset_dir("data") / "grounds.toml")
    return data


@cache
def _patterns() -> dict[str, re.Pattern[str]]:
    """For each topic, one pattern of its words in every language, each at a word start."""
    patterns = {}
    for key, topic in _data().topics.items():
        words = [w for lang in LOCALES for w in (topic.model_extra or {}).get(lang, [])]
        alternatives = "|".join(re.escape(w.strip()) for w in sorted(words, key=len, reverse=True))
        patterns[key] = re.compile(rf"(?<!\w)(?:{alternatives})\w*", re.IGNORECASE)
    return patterns


def sensitive_topics(grounds: str) -> dict[str, list[str]]:
    """The topics the grounds touch, each with the words that showed it (as written)."""
    found: dict[str, list[str]] = {}
    for key, pattern in _patterns().items():
        hits = list(dict.fromkeys(m.group(0) for m in pattern.finditer(grounds)))
        if hits:
            found[key] = hits
    return found


def _once(words: Iterable[str]) -> list[str]:
    """Each word once (two topics can be shown by the same word), as first written."""
    seen: dict[str, str] = {}
    for word in words:
        seen.setdefault(word.casefold(), word)
    return list(seen.values())


def language_of(text: str) -> str | None:
    """The language the text is written in, judged by its short common words; None if unsure."""
    words = re.findall(r"\w+", text.lower())
    counts = {
        lang: sum(1 for w in words if w in set(vocabulary))
        for lang, vocabulary in _data().function_words.items()
    }
    best = max(counts, key=lambda lang: counts[lang])
    others = max((c for lang, c in counts.items() if lang != best), default=0)
    return best if counts[best] >= 6 and counts[best] >= 2 * others else None


def grounds_warnings(grounds: str, locale: str) -> list[Msg]:
    """What to tell the member about their grounds before the letter quotes them."""
    warnings = []
    topics = sensitive_topics(grounds)
    if topics:
        names = [_data().topics[key].name for key in topics]
        warnings.append(
            msg(
                "Your grounds mention %(topics)s (%(words)s). They are quoted word for word: "
                "consider describing the risk rather than the conduct or the condition, e.g. "
                "“a model trained on what I write could expose information protected by "
                "professional secrecy” rather than the cases themselves. The letter is made as "
                "you wrote it.",
                topics={lang: ", ".join(n[lang] for n in names) for lang in LOCALES},
                words=", ".join(_once(w for hits in topics.values() for w in hits)),
            )
        )
    written_in = language_of(grounds)
    if written_in and written_in != locale:
        warnings.append(
            msg(
                "Your grounds seem written in %(written)s, the letter in %(letter)s: they are "
                "quoted as written. Write them in the letter's language, or make the letter in "
                "%(written)s.",
                code="grounds.other_language",
                language=written_in,
                written={lang: language_name(written_in, lang) for lang in LOCALES},
                letter={lang: language_name(locale, lang) for lang in LOCALES},
            )
        )
    return warnings
