"""Whether the installed fonts can show a letter's text, and which package brings what is missing.

The letter's CSS names Noto Serif first; Pango falls back to any installed font that has the
glyphs, so the check asks fontconfig whether *any* font covers the characters.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Mapping
from functools import cache
from typing import Any

from fontTools import unicodedata

from generator.base.assets import asset_dir, load_data
from generator.base.errors import MissingFont, Msg, msg
from generator.base.i18n import N_
from generator.facts.models import Fonts, validate


@cache
def _fonts() -> Fonts:
    fonts: Fonts = validate(Fonts, load_data("fonts"), asset_dir("data") / "fonts.toml")
    return fonts


@cache
def _scripts() -> list[tuple[str, str, frozenset[str]]]:
    return [(key, spec.package, frozenset(spec.codes)) for key, spec in _fonts().scripts.items()]


#: Unicode's scripts of characters that have none of their own: Common, Inherited, Unknown.
_NO_SCRIPT = frozenset({"Zyyy", "Zinh", "Zzzz"})


def _script_of(char: str) -> tuple[str, str]:
    """The script key of ``char`` and the package that brings a font for it.

    fontTools knows each character's script; a character of no script of its own goes with the
    scripts that use it (its script extensions: "、" is Chinese and Japanese), a pictograph of
    none (an emoji, general category So) with emoji (ISO 15924 Zsye). Wide and fullwidth Latin
    letters and signs of no script, which CJK fonts draw, go with CJK.
    """
    codes = set(unicodedata.script_extension(char))
    pictograph = unicodedata.category(char) == "So"
    wide = unicodedata.east_asian_width(char) in {"F", "W"}
    if wide and not pictograph and codes <= _NO_SCRIPT | {"Latn"}:
        codes = {"Hani"}  # a fullwidth "Ａ", an enclosed "㉑": CJK fonts draw them
    elif codes <= _NO_SCRIPT and pictograph:
        codes = {"Zsye"}
    other = None
    for key, package, known in _scripts():
        if not known:
            other = (key, package)
        if codes & known:
            return key, package
    assert other is not None, "fonts.toml needs a script with no codes, for the rest"
    return other


@cache
def _fonts_cover(charset: str) -> bool:
    """Whether some installed font has all of ``charset`` (hex code points, space-separated).

    Asked of fontconfig itself, in this process (the library WeasyPrint loads too); where it
    cannot be loaded that way, of its ``fc-list`` command; on a system without fontconfig,
    nothing is asked and Pango does its best.
    """
    codepoints = [int(code, 16) for code in charset.split()]
    library = _fontconfig()
    if library is not None:
        return _fontconfig_covers(library, codepoints)
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return True
    result = subprocess.run(
        [fc_list, f":charset={charset}", "family"], capture_output=True, text=True, check=False
    )
    return bool(result.stdout.strip())


@cache
def _fontconfig() -> Any:
    """libfontconfig through ctypes, its functions declared; None where it is not found."""
    import ctypes

    for name in ("libfontconfig.so.1", "libfontconfig.1.dylib", "libfontconfig-1.dll"):
        try:
            library = ctypes.CDLL(name)
        except OSError:
            continue
        break
    else:
        return None

    class FontSet(ctypes.Structure):
        _fields_ = [("nfont", ctypes.c_int), ("sfont", ctypes.c_int), ("fonts", ctypes.c_void_p)]

    pointer = ctypes.c_void_p
    declared = {
        "FcPatternCreate": ([], pointer),
        "FcPatternDestroy": ([pointer], None),
        "FcCharSetCreate": ([], pointer),
        "FcCharSetDestroy": ([pointer], None),
        "FcCharSetAddChar": ([pointer, ctypes.c_uint32], ctypes.c_int),
        "FcPatternAddCharSet": ([pointer, ctypes.c_char_p, pointer], ctypes.c_int),
        "FcObjectSetCreate": ([], pointer),
        "FcObjectSetAdd": ([pointer, ctypes.c_char_p], ctypes.c_int),
        "FcObjectSetDestroy": ([pointer], None),
        "FcFontList": ([pointer, pointer, pointer], ctypes.POINTER(FontSet)),
        "FcFontSetDestroy": ([ctypes.POINTER(FontSet)], None),
    }
    for function, (arguments, result) in declared.items():
        getattr(library, function).argtypes = arguments
        getattr(library, function).restype = result
    return library


def _fontconfig_covers(fc: Any, codepoints: list[int]) -> bool:
    """What ``fc-list :charset=…`` answers, asked of the library: a font with all of them."""
    pattern, charset, objects = fc.FcPatternCreate(), fc.FcCharSetCreate(), fc.FcObjectSetCreate()
    try:
        for codepoint in codepoints:
            fc.FcCharSetAddChar(charset, codepoint)
        fc.FcPatternAddCharSet(pattern, b"charset", charset)
        fc.FcObjectSetAdd(objects, b"family")
        fonts = fc.FcFontList(None, pattern, objects)
        if not fonts:
            return False
        found = int(fonts.contents.nfont)
        fc.FcFontSetDestroy(fonts)
        return found > 0
    finally:
        fc.FcObjectSetDestroy(objects)
        fc.FcCharSetDestroy(charset)
        fc.FcPatternDestroy(pattern)


def _is_symbol(char: str) -> bool:
    """A symbol (an emoji, a dingbat), not a letter of a name: it may be left out."""
    return str(unicodedata.category(char)).startswith("S")


def check_fonts(fields: Mapping[str, str]) -> list[Msg]:
    """Whether the installed fonts can show ``fields`` (answers field → text).

    Letters no font has raise MissingFont, naming the field, the script and the Debian package
    that brings a font for it: a name must never lose a letter. Symbols no font has (an emoji
    without fonts-noto-color-emoji) are left out instead: what is returned says which, and
    where, for the user; :func:`without_missing_symbols` takes them out.
    """
    notes: list[Msg] = []
    for field, text in fields.items():
        groups: dict[tuple[str, str], set[str]] = {}
        for char in set(text):
            if char.isprintable() and not char.isspace() and ord(char) > 0x7E:
                groups.setdefault(_script_of(char), set()).add(char)
        for (key, package), chars in sorted(groups.items()):
            ordered = sorted(chars)
            if _fonts_cover(" ".join(f"{ord(c):x}" for c in ordered)):
                continue
            missing = [c for c in ordered if not _fonts_cover(f"{ord(c):x}")] or ordered
            values: dict[str, Any] = {
                "script": _fonts().scripts[key].name,
                "field": field,
                "sample": " ".join(missing[:5]),
                "package": package,
            }
            if not all(_is_symbol(c) for c in missing):
                raise MissingFont(
                    N_(
                        "No installed font can show the %(script)s characters in %(field)s "
                        "(%(sample)s): install a font for them, on Debian or Ubuntu with "
                        '"apt-get install %(package)s", and run the command again.'
                    ),
                    **values,
                )
            notes.append(
                msg(
                    "No installed font can show %(sample)s in %(field)s: left out of the PDF. "
                    'To draw it, install a font for it (Debian, Ubuntu: "apt-get install '
                    '%(package)s").',
                    **values,
                )
            )
    return notes


def without_missing_symbols(text: str) -> str:
    """``text`` without the symbols no installed font has (see :func:`check_fonts`)."""
    return "".join(
        c for c in text if not (_is_symbol(c) and ord(c) > 0x7E and not _fonts_cover(f"{ord(c):x}"))
    )
