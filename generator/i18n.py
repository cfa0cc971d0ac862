"""Messages a person reads (check, import, build errors, the disclosure report).

Every such message is written in English in the code and wrapped in `_()`, with named
`{placeholders}` filled by `.format()` after translation, so a catalog can give it in
Chinese (the default) or leave it in English (by locale). The catalogs come later; until
then `_` returns the message unchanged.
"""

from __future__ import annotations


def _(message: str) -> str:
    """The message in the reader's language."""
    return message
