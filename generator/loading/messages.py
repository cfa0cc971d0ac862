"""Pydantic's validation errors in the words an editor acts on."""

from __future__ import annotations

from typing import Any

from .safe_yaml import YamlPath

_HINTS = {
    "missing": "add it",
    "extra_forbidden": "remove it or correct its spelling (see docs/content-format.md)",
    "string_type": "write it as text (quote values such as 1. or 2023)",
    "string_pattern_mismatch": "use lowercase ascii letters, digits and - only",
    "model_type": "write it as fields (`key: value` lines), as docs/content-format.md shows",
    "dict_type": "write it as fields (`key: value` lines), as docs/content-format.md shows",
    "finite_number": "write the number the text states (.nan and .inf are not numbers a plan states)",
}


def describe(error: dict[str, Any]) -> tuple[YamlPath, str]:
    """Where the error is, and what it means with a hint of what to do."""
    loc = tuple(part for part in error["loc"] if not (isinstance(part, str) and part.startswith("function-")))
    where = ".".join(str(p) if isinstance(p, str) else f"[{p}]" for p in loc).replace(".[", "[")
    message = error["msg"]
    if error["type"] == "missing":
        message = "is required"
    if error["type"] == "extra_forbidden":
        message = "is not a known field"
    hint = _HINTS.get(error["type"])
    value = error.get("input")
    if error["type"] == "string_type" and isinstance(value, (bool, int, float)):
        read_as = "true/false" if isinstance(value, bool) else f"the number {value!r}"
        hint = f"write it as text: unquoted, YAML reads it as {read_as}; put it in quotes ('…')"
    text = f"{where}: {message}" if where else message
    return loc, f"{text}; {hint}" if hint else text
