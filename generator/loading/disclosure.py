"""A plan's disclosure status: from its 附注 by an allow-list, or from a recorded basis."""

from __future__ import annotations

from .. import schema
from ..model import Disclosure, DisclosureBasis, DisclosureStatus

# The 附注 forms the gate knows, written without brackets or white space (GB/T 9704-2012 7.3.5).
# Anything else, however close, is UNRECOGNISED: the gate is an allow-list, and only the
# exact form of （此件公开发布） lets a plan out.
KNOWN_ANNOTATIONS = {
    "此件公开发布": DisclosureStatus.PUBLIC,
    "此件依申请公开": DisclosureStatus.ON_REQUEST,
    "此件不予公开": DisclosureStatus.WITHHELD,
}
_BRACKETS = {"(": "（", ")": "）"}


def annotation_core(annotation: str) -> str | None:
    """The words inside one pair of brackets, half or full width, white space ignored; None
    when the 附注 is not one bracketed phrase."""
    text = "".join(_BRACKETS.get(c, c) for c in annotation if not c.isspace())
    if len(text) > 2 and text[0] == "（" and text[-1] == "）" and "（" not in text[1:-1] and "）" not in text[1:-1]:
        return text[1:-1]
    return None


def status_from_annotation(annotation: str | None) -> DisclosureStatus:
    """（此件公开发布） → public; （此件依申请公开） → on request; （此件不予公开） → withheld;
    no 附注 → unmarked; any other wording → unrecognised (held until a person decides)."""
    if annotation is None or not annotation.strip():
        return DisclosureStatus.UNMARKED
    return KNOWN_ANNOTATIONS.get(annotation_core(annotation) or "", DisclosureStatus.UNRECOGNISED)


def disclosure_of(entry: schema.PlanFile) -> Disclosure:
    """The recorded basis when there is one (the 附注 is kept as written), else the 附注's."""
    annotation = entry.notice.annotation
    if entry.disclosure:
        basis = DisclosureBasis(entry.disclosure.decided_by, entry.disclosure.date, entry.disclosure.reference)
        return Disclosure(DisclosureStatus(entry.disclosure.status), annotation, basis)
    return Disclosure(status_from_annotation(annotation), annotation, None)
