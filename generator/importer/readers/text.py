"""Plain text (.txt): UTF-8 (with or without BOM), UTF-16 with its BOM, or a Chinese encoding."""

from __future__ import annotations

from ...i18n import N_, _
from ..errors import ImportProblem
from ..text import decode
from . import Format, Reading, register


def read_text(data: bytes, name: str) -> Reading:
    """The text as it is: the parser repairs its debris (text.py) as for every format."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            raise ImportProblem(name, _("starts as UTF-16 text but does not decode as UTF-16: save the text as "
                                        "UTF-8 and import it again")) from None
        return Reading("text", _("text (UTF-16)"), text)
    return Reading("text", _("text"), decode(data, name))


FORMAT = register(Format("text", N_("text"), (".txt", ".text"), read_text, order=50, text=True,
                         sniff=lambda head: head.startswith((b"\xff\xfe", b"\xfe\xff"))))  # UTF-16's BOM; else the fallback
