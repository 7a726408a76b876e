"""What a typed value must be: text without control characters, e-mail, address, web address.

Each check raises :class:`FieldProblem`, an English message id and its values, which the
answers' validation reports against the field (:mod:`generator.answers.model`).
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import urlsplit

from generator.base.i18n import N_

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]{2,}$")
# CLDR territory codes that are not countries (unknown region, EU, eurozone, UN, pseudo).
NOT_COUNTRIES = frozenset({"ZZ", "EU", "EZ", "UN", "QO", "XA", "XB"})
# C0 and C1 control characters and DEL (a line break is handled on its own: multi-line
# fields keep it). Tabs count as control characters in one-line fields only.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
#: The longest web address accepted (browsers' practical limit): longer ones are abuse.
MAX_URL = 2000
#: An answers file is a few KB; grounds are at most 6,000 characters.
MAX_ANSWERS_BYTES = 256 * 1024
#: At most this many content links for a non-member.
MAX_LINKS = 50


class FieldProblem(ValueError):
    """A validator's complaint: an English message id and its values, translated on report."""

    def __init__(self, msgid: str, *, subfield: str | None = None, **values: object):
        self.msgid = msgid
        self.subfield = subfield  # for a model validator: the field within the section
        self.values = values
        super().__init__(msgid % values if values else msgid)


def _visible(value: str) -> str:
    """Without format characters (zero-width spaces, joiners…): what is there to read."""
    return "".join(c for c in value if unicodedata.category(c) != "Cf").strip()


#: Tag characters: invisible, but for a subdivision flag (🏴 + tags + CANCEL TAG).
_TAGS = range(0xE0020, 0xE007F)
_CANCEL_TAG, _BLACK_FLAG = "\U000e007f", "\U0001f3f4"


def _shapes_with_joiners(c: str) -> bool:
    """A letter or mark of a script that shapes with (non-)joiners: Hebrew and Arabic to
    Mongolian, and the Brahmic scripts beyond the BMP (not Latin, Greek or Cyrillic)."""
    o = ord(c)
    in_script = 0x0590 <= o < 0x1E00 or 0xA800 <= o < 0xAB00 or 0x10800 <= o < 0x12000
    return in_script and unicodedata.category(c)[0] in "LM"


def _emoji(c: str) -> bool:
    """A character of an emoji ZWJ sequence (pictographs, symbols, VS16, skin tones)."""
    o = ord(c)
    return 0x1F000 <= o < 0x1FB00 or 0x2190 <= o < 0x2C00 or c in ("\ufe0f", "\u20e3")


def _needed(value: str, i: int) -> bool:
    """Whether the format character at ``i`` is part of what was written: a joiner that a
    script or an emoji sequence needs, or a subdivision flag's tags."""
    c = value[i]
    before, after = value[i - 1 : i], value[i + 1 : i + 2]
    if c in ("\u200c", "\u200d") and before and after:
        if _shapes_with_joiners(before) and _shapes_with_joiners(after):
            return True
        return c == "\u200d" and _emoji(before) and _emoji(after)
    if ord(c) in _TAGS or c == _CANCEL_TAG:
        start = i
        while start > 0 and ord(value[start - 1]) in _TAGS:
            start -= 1
        end = i if c == _CANCEL_TAG else i + 1
        while end < len(value) and ord(value[end]) in _TAGS:
            end += 1
        flag = start > 0 and value[start - 1] == _BLACK_FLAG
        return flag and end < len(value) and value[end] == _CANCEL_TAG
    return False


def check_no_hidden(value: str) -> None:
    """FieldProblem naming the first invisible character that can change how ``value`` reads
    (a bidi override that reverses it, zero-width spaces and joiners that split or glue
    words, tag characters): every format character but those a script or emoji needs."""
    for i, c in enumerate(value):
        if unicodedata.category(c) == "Cf" and not _needed(value, i):
            raise FieldProblem(
                N_(
                    "contains an invisible character (%(code)s %(name)s, character "
                    "%(position)d) that can change how the text reads: delete it"
                ),
                code=f"U+{ord(c):04X}",
                name=unicodedata.name(c, "FORMAT CHARACTER"),
                position=i + 1,
            )


def clean_text(value: str, *, max_len: int, multiline: bool = False) -> str:
    value = value.replace("\r\n", "\n").replace("\r", "\n").strip()
    if len(value) > max_len:  # first: a runaway value is not scanned character by character
        raise FieldProblem(
            N_("is %(length)d characters long: shorten it to %(max)d at most"),
            length=len(value),
            max=max_len,
        )
    if not _visible(value):
        raise FieldProblem(N_("is empty: write it in"))
    if _CONTROL.search(value) or (not multiline and ("\n" in value or "\t" in value)):
        raise FieldProblem(N_("contains line breaks or control characters: keep it on one line"))
    check_no_hidden(value)
    return value


def clean_email(value: str) -> str:
    value = clean_text(value, max_len=254)
    if not _EMAIL.match(value):
        raise FieldProblem(N_("is not an e-mail address: write it like name@example.com"))
    return value


def clean_address(value: str) -> str:
    lines = [line.strip() for line in clean_text(value, max_len=500, multiline=True).split("\n")]
    if len(lines) > 8:
        raise FieldProblem(N_("has more than 8 lines: an envelope holds fewer"))
    return "\n".join(line for line in lines if line)


def clean_url(value: str) -> str:
    value = value.strip()
    if len(value) > MAX_URL:
        raise FieldProblem(
            N_("is %(length)d characters long: shorten it to %(max)d at most"),
            length=len(value),
            max=MAX_URL,
        )
    if _CONTROL.search(value):
        raise FieldProblem(N_("contains line breaks or control characters: keep it on one line"))
    check_no_hidden(value)
    if value and "://" not in value:
        value = "https://" + value
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname or " " in value:
        raise FieldProblem(
            N_("is not a web address: write it like https://www.linkedin.com/in/name")
        )
    return value


def on_hosts(url: str, hosts: tuple[str, ...]) -> bool:
    """Whether ``url``'s host is one of ``hosts`` or a subdomain of one, with no user info."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower().rstrip(".")
    return parts.username is None and any(host == h or host.endswith("." + h) for h in hosts)
