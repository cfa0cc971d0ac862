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
    if error["type"] == "string_pattern_mismatch" and loc and loc[-1] == "url":
        hint = "write a web address starting with https:// or http://"
    text = f"{where}: {message}" if where else message
    return loc, f"{text}; {hint}" if hint else text
