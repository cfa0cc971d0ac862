"""One reader per format, chosen by what the file holds (its first bytes), not by its name.

Each reader module registers its `Format` (its kind, its name in messages, its suffixes, how
its first bytes or its zip archive's entries show it, its reader) with `register`; this
module only sniffs, bounds and dispatches. A new format is a new module here that registers
itself (imported at the end of this file), plus its tests and its row in docs/import.md.

Every reader turns its format into the same thing, a `Reading`: the document's text, one
paragraph per line with blank lines between (what the one parser of `notice.py` and
`body.py` reads), plus what only that format can tell (a PDF's red 发文机关标志, a portal
page's metadata table and address, the rows of a 任务清单 table) and a list of what the
reader repaired, for the report.

| format | module | with |
|---|---|---|
| text (.txt: UTF-8, UTF-16, GB18030) | `text` | the standard library, charset-normalizer |
| Word (.docx): paragraphs and tables | `docx` | python-docx |
| PDF (GB/T 9704 layout) | `pdf` | pypdfium2 |
| portal web page (.html) | `html` | lxml |
| workbook (.xlsx): a task table | `xlsx` | openpyxl |
| OFD (GB/T 33190) | `ofd` | not read: a message says what to do |
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from ...i18n import N_, _
from ..errors import ImportProblem

MAX_TEXT_BYTES = 5 * 1024 * 1024  # a plan's text, or a web page
MAX_FILE_BYTES = 50 * 1024 * 1024  # a PDF, .docx or .xlsx (fonts and images make them larger)
SNIFF_BYTES = 8192


@dataclass(frozen=True)
class Format:
    """A format the importer recognises: how to know it, what to call it, how to read it."""

    kind: str  # the Reading's kind: text, docx, pdf, html, xlsx, ofd …
    name: str  # in messages (marked with N_, translated where shown): "PDF", "web page"
    suffixes: tuple[str, ...]  # names that promise it (.docx); the content decides, the name is checked
    read: Callable[[bytes, str], Reading]  # bytes and the file's name → Reading (or ImportProblem)
    sniff: Callable[[bytes], bool] | None = None  # whether the first SNIFF_BYTES bytes show it
    zip_entry: str | None = None  # a zip archive holding this entry is this format (word/document.xml)
    order: int = 50  # sniffers are tried by order, lowest first
    text: bool = False  # read as text (held to MAX_TEXT_BYTES, like a web page)


FORMATS: dict[str, Format] = {}


def register(format: Format) -> Format:
    """Add a format (each reader module calls this once, when imported below)."""
    FORMATS[format.kind] = format
    return format


# Formats recognised only to be refused with what to do (no reader): their suffixes and first bytes.
REFUSED_SUFFIXES = {".doc": "ole", ".xls": "ole", ".wps": "ole", ".et": "ole"}
REFUSED_NAMES = {"ole": N_("Office 97-2003 (.doc/.xls/.wps)")}
_REFUSED_SNIFFS: list[tuple[int, str, Callable[[bytes], bool]]] = [
    (20, "zip", lambda head: head.startswith((b"PK\x03\x04", b"PK\x05\x06"))),
    (30, "ole", lambda head: head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")),
    (40, "image", lambda head: head.startswith((b"\x89PNG", b"\xff\xd8\xff", b"GIF87a", b"GIF89a", b"II*\x00", b"MM\x00*"))
     or head[:4] == b"RIFF" and head[8:12] == b"WEBP"),
    (45, "rtf", lambda head: head.startswith(b"{\\rtf")),
    (90, "binary", lambda head: b"\x00" in head),
]


def suffix_kind(suffix: str) -> str | None:
    """The format a file's name promises (.docx → docx), or None."""
    suffix = suffix.lower()
    found = next((f.kind for f in FORMATS.values() if suffix in f.suffixes), None)
    return found or REFUSED_SUFFIXES.get(suffix)


def format_name(kind: str) -> str:
    """A format's name in messages, translated."""
    fmt = FORMATS.get(kind)
    return _(fmt.name if fmt else REFUSED_NAMES.get(kind, kind))


@dataclass
class Reading:
    """What a reader got from a file, in the shape the parser reads."""

    kind: str  # text | docx | pdf | html | xlsx
    reader: str  # for the report: "PDF, read with pypdfium2 5.15.2"
    text: str  # one paragraph per line, blank lines between
    repairs: list[str] = field(default_factory=list)  # what the reader repaired, for a person to check
    warnings: list[str] = field(default_factory=list)  # what a person must check in the source
    notice: dict = field(default_factory=dict)  # notice fields stated outside the text (portal metadata)
    portal: bool = False  # a portal page: its metadata fields are written (null when absent)
    source_url: str | None = None  # the page's own address, when it states one
    issuer_mark: str | None = None  # a 发文机关标志 recognised by its layout (red, large, on top of page 1)
    tables: list = field(default_factory=list)  # TaskTable (readers/table.py): 任务清单 rows
    pages: dict[int, int] = field(default_factory=dict)  # line number of the text → page of the source
    attachments: list[str] = field(default_factory=list)  # files a web page links as attachments


def sniff(head: bytes) -> str:
    """The format the first bytes of a file show: a registered format's kind, or zip, ole, image,
    rtf, binary; text when nothing else does."""
    sniffers = [(f.order, f.kind, f.sniff) for f in FORMATS.values() if f.sniff] + _REFUSED_SNIFFS
    for _order, kind, test in sorted(sniffers, key=lambda s: s[0]):
        if test(head):
            return kind
    return "text"


def looks_html(head: bytes) -> bool:
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if not start.startswith(b"<"):
        return False
    return any(tag in start[:SNIFF_BYTES] for tag in (b"<!doctype html", b"<html", b"<body", b"<head"))


def zip_kind(data: bytes, name: str) -> str:
    """The registered format whose entry a zip archive holds (docx, xlsx, ofd …), from its directory only."""
    import io
    import zipfile

    from .archive import MAX_ENTRIES, declared_entries, refuse
    count = declared_entries(data)
    if count is not None and count > MAX_ENTRIES:
        raise refuse(name, _("declares {count} entries").format(count=count))
    try:
        names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
    except (zipfile.BadZipFile, ValueError, OSError, EOFError):
        return "zip-damaged"
    lower = {n.lower() for n in names}
    for fmt in FORMATS.values():
        if fmt.zip_entry and (fmt.zip_entry in names or fmt.zip_entry.lower() in lower):
            return fmt.kind
    if "mimetype" in names and "content.xml" in names:
        return "odf"
    return "zip"


def read(path: Path) -> Reading:
    """Read the file with the reader its content calls for; ImportProblem for what cannot be read."""
    name = str(path)
    if not path.exists():
        raise ImportProblem(name, _("no such file: check the path"))
    if not path.is_file():
        raise ImportProblem(name, _("is not a file: give the path of the notice (.txt, .docx, .pdf, .html "
                                    "or .xlsx)"))
    size = path.stat().st_size
    if size == 0:
        raise ImportProblem(name, _("is empty: export the document's text again"))
    if size > MAX_FILE_BYTES:
        raise ImportProblem(name, _("is {size} MB, over the {limit} MB limit for one plan: check that this is a "
                                    "single work plan, not an archive or a scan").format(
            size=size // 1024 // 1024, limit=MAX_FILE_BYTES // 1024 // 1024))
    with path.open("rb") as handle:
        head = handle.read(SNIFF_BYTES)
    kind = sniff(head)
    textual = kind in ("binary", "rtf", "text") or kind in FORMATS and FORMATS[kind].text
    if textual and size > MAX_TEXT_BYTES:
        raise ImportProblem(name, _("is {size} MB, over the {limit} MB limit for one plan: check that this is a "
                                    "single work plan, not an archive or a scan").format(
            size=size // 1024 // 1024, limit=MAX_TEXT_BYTES // 1024 // 1024))
    data = path.read_bytes()
    if kind == "zip":
        kind = zip_kind(data, name)
    claimed = suffix_kind(path.suffix)
    reading = _dispatch(kind, data, name, claimed)
    if claimed and claimed != reading.kind:
        reading.repairs.insert(0, _("the file is named {suffix} but holds {actual}: read as {actual}").format(
            suffix=path.suffix, actual=format_name(reading.kind)))
    return reading


def _dispatch(kind: str, data: bytes, name: str, claimed: str | None) -> Reading:
    if kind == "binary" and claimed in (None, "text"):
        kind = "text"  # a text in an encoding with NUL bytes is tried as text when it says so
    fmt = FORMATS.get(kind)
    if fmt is not None:
        return fmt.read(data, name)
    raise _unreadable(kind, name, claimed)


def _unreadable(kind: str, name: str, claimed: str | None) -> ImportProblem:
    """The message for a file no reader takes, saying what it is and what to do."""
    said = format_name(claimed) if claimed else ""
    lying = _(" (its name says {said}, its content does not)").format(said=said) if said else ""
    messages = {
        "ole": _("is an Office 97-2003 or WPS file (.doc, .xls, .wps, .et){lying}, which the importer does not "
                 "read: open it in Word, WPS or Excel and save it as .docx or .xlsx, or export it as PDF"),
        "image": _("is an image{lying} (a scan or a photo), which holds no text to read: find the notice as text "
                   "(the portal's web page, a .docx, or a PDF with text), or run OCR on it and check the result"),
        "rtf": _("is an RTF document{lying}, which the importer does not read: open it in Word or WPS and save it "
                 "as .docx"),
        "odf": _("is an OpenDocument file (.odt/.ods){lying}, which the importer does not read: save it as .docx "
                 "or .xlsx"),
        "zip": _("is a zip archive{lying} but not a Word, Excel or OFD document: unpack it and import the notice "
                 "inside"),
        "zip-damaged": _("cannot be read as {what}: the file is damaged or incomplete (its zip archive is "
                         "broken); download it or save it again"),
        "binary": _("is not text and not a format the importer reads{lying} (it reads .txt, .docx, .pdf, .html "
                    "and .xlsx): check that this is the notice; if it is, save it as .docx or PDF"),
    }
    what = {"docx": _("a Word .docx document"), "xlsx": _("an Excel .xlsx workbook")}.get(
        claimed or "", _("a .docx or .xlsx document"))
    message = messages.get(kind, messages["binary"])
    return ImportProblem(name, message.format(lying=lying, what=what))


# Each module registers its format when imported (kept last: they import Reading from here).
from . import docx, html, ofd, pdf, text, xlsx  # noqa: E402,F401
