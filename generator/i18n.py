"""Messages a person reads (check, import, build errors, the disclosure report): Chinese by
default, English when the locale asks for it.

Every such message is written in English in the code, wrapped in `_()`, with named
`{placeholders}` filled by `.format()` after translation. The Chinese catalog is
`generator/locale/zh_CN/LC_MESSAGES/messages.po` (gettext, kept with Babel: `make messages`
extracts new messages into it). The locale is read as gettext reads it — LANGUAGE, LC_ALL,
LC_MESSAGES, LANG — and any English locale (`LANG=en_US.UTF-8`) gets the English text; every
other, and none, gets Chinese, the language of the offices that publish.
"""

from __future__ import annotations

import gettext
import io
import os
from functools import cache
from pathlib import Path

CATALOG = Path(__file__).parent / "locale" / "zh_CN" / "LC_MESSAGES" / "messages.po"
LOCALE_VARIABLES = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")


def language() -> str:
    """`en` when the first locale variable set names English, else `zh`."""
    for name in LOCALE_VARIABLES:
        value = os.environ.get(name, "")
        if value:
            first = value.split(":")[0].lower()
            if first in ("c", "posix") or first.startswith(("c.", "posix.")):
                continue
            return "en" if first.startswith("en") else "zh"
    return "zh"


@cache
def _chinese() -> gettext.NullTranslations:
    """The Chinese catalog, compiled in memory from the .po file (no compiled file to keep)."""
    if not CATALOG.is_file():
        return gettext.NullTranslations()
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with CATALOG.open("rb") as po:
        catalog = read_po(po)
    compiled = io.BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return gettext.GNUTranslations(compiled)


def _(message: str) -> str:
    """The message in the reader's language (the English text itself where no translation exists)."""
    if language() == "en":
        return message
    return _chinese().gettext(message)


def N_(message: str) -> str:
    """Mark a message kept in a table for the catalog (`make messages`); `_()` translates it where it is used."""
    return message
