"""Pydantic's validation errors in the words an editor acts on, in the reader's language."""

from __future__ import annotations

from typing import Any, Mapping, get_args

from pydantic_core.core_schema import ErrorType

from ..i18n import N_, _
from .safe_yaml import YamlPath

# What each kind of error means, and what to do about it. The patterns of schema.py have their
# own wording (PATTERNS), so a sha256 is not told to use "lowercase letters and -".
_MEANINGS = {
    "missing": (N_("is required"), N_("add it")),
    "extra_forbidden": (N_("is not a known field"), N_("remove it or correct its spelling (see docs/content-format.md)")),
    "string_type": (N_("must be text"), N_("write it as text (quote values such as 1. or 2023)")),
    "int_type": (N_("must be a whole number"), N_("write digits only, e.g. 2023")),
    "int_parsing": (N_("must be a whole number"), N_("write digits only, e.g. 2023")),
    "int_from_float": (N_("must be a whole number"), N_("write digits only, e.g. 2023")),
    "float_type": (N_("must be a number"), N_("write digits, e.g. 95 or 1.5")),
    "float_parsing": (N_("must be a number"), N_("write digits, e.g. 95 or 1.5")),
    "finite_number": (N_("must be a finite number"), N_("write the number the text states (.nan and .inf are not numbers a plan states)")),
    "bool_type": (N_("must be true or false"), N_("write true or false")),
    "bool_parsing": (N_("must be true or false"), N_("write true or false")),
    "date_type": (N_("must be a date"), N_("write it as YYYY-MM-DD, e.g. 2023-03-01")),
    "date_parsing": (N_("must be a date"), N_("write it as YYYY-MM-DD, e.g. 2023-03-01")),
    "date_from_datetime_parsing": (N_("must be a date"), N_("write it as YYYY-MM-DD, e.g. 2023-03-01")),
    "date_from_datetime_inexact": (N_("must be a date, without a time"), N_("write it as YYYY-MM-DD, e.g. 2023-03-01")),
    "datetime_from_date_parsing": (N_("must be a date"), N_("write it as YYYY-MM-DD, e.g. 2023-03-01")),
    "list_type": (N_("must be a list"), N_("write one `- ` line per entry")),
    "model_type": (N_("must be a set of fields"), N_("write it as fields (`key: value` lines), as docs/content-format.md shows")),
    "dict_type": (N_("must be a set of fields"), N_("write it as fields (`key: value` lines), as docs/content-format.md shows")),
    "string_too_short": (N_("must not be empty"), N_("write the value or remove the field")),
    "too_short": (N_("must not be empty"), N_("add at least one entry")),
    "string_too_long": (N_("is too long"), N_("shorten it")),
    "too_long": (N_("is too long (at most {max_length})"), N_("shorten it")),
    "greater_than_equal": (N_("is too small"), N_("check the value")),
    "less_than_equal": (N_("is too large"), N_("check the value")),
    "literal_error": (N_("is not one of the allowed values"), N_("use one of: {expected}")),
}
PATTERNS = {
    r"^[a-z0-9]+(?:-[a-z0-9]+)*$": (N_("is not a valid id"), N_("use lowercase ascii letters, digits and - only")),
    r"^[0-9a-f]{64}$": (N_("is not a sha256 sum"), N_("write the 64 hexadecimal digits `sha256sum` prints, in quotes")),
    r"^[^/\\]+$": (N_("is not a file name"), N_("name a file directly in content/sources/, without / or \\")),
    r"^https?://\S+$": (N_("is not a web address"), N_("write a web address starting with https:// or http://")),
}
# Pydantic's own kinds of error; any other kind is one schema.py raises itself (PydanticCustomError),
# already in the reader's words.
PYDANTIC_KINDS = frozenset(get_args(ErrorType))


def describe(error: Mapping[str, Any]) -> tuple[YamlPath, str]:
    """Where the error is, and what it means with a hint of what to do."""
    loc = tuple(part for part in error["loc"] if not (isinstance(part, str) and part.startswith("function-")))
    where = ".".join(str(p) if isinstance(p, str) else f"[{p}]" for p in loc).replace(".[", "[")
    context = error.get("ctx") or {}
    kind = error["type"]
    if kind == "value_error" and "error" in context:  # our own validators' words (schema.py)
        message, hint = str(context["error"]), None
    elif kind == "string_pattern_mismatch" and context.get("pattern") in PATTERNS:
        message, hint = (_(part) for part in PATTERNS[context["pattern"]])
    elif kind in _MEANINGS:
        meaning, advice = _MEANINGS[kind]
        message = _(meaning).format(max_length=context.get("max_length", ""))
        hint = _(advice).format(expected=context.get("expected", ""))
    elif kind not in PYDANTIC_KINDS:
        message, hint = error["msg"], None
    else:  # a kind of error not worded here: never pydantic's English
        message, hint = _("is not a value this field takes"), _("see docs/content-format.md for what it holds")
    value = error.get("input")
    if kind == "string_type" and isinstance(value, (bool, int, float)):
        read_as = "true/false" if isinstance(value, bool) else _("the number {value}").format(value=repr(value))
        hint = _("write it as text: unquoted, YAML reads it as {read_as}; put it in quotes ('…')").format(read_as=read_as)
    if kind.startswith("date_from_datetime") and isinstance(value, int) and not isinstance(value, bool):
        hint = _("write it as YYYY-MM-DD: digits alone ({value}) are read as a number, not a date").format(value=value)
    text = f"{where}: {message}" if where else message
    return loc, f"{text}; {hint}" if hint else text
