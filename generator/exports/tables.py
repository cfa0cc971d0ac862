"""The JSON records as CSV that Excel opens with Chinese intact.

UTF-8 with a byte-order mark (Excel reads a BOM-less file as the local code page), one column
per record field in the record's order, lists joined with `；` (full width, as the documents
separate items), and an empty cell where JSON has null.
"""

from __future__ import annotations

import csv
import io

from ..model import Role

BOM = "\ufeff"
JOIN = "；"
ROLE_LABELS = {role.value: role.label for role in Role}


def unit_text(unit: dict) -> str:
    """县教育局（牵头）: the canonical name and the role in Chinese."""
    return f"{unit['name']}（{ROLE_LABELS[unit['role']]}）"


def list_item(key: str, item: object) -> str:
    """One element of a list field as a cell fragment; nested records by their readable part."""
    if not isinstance(item, dict):
        return cell(item)
    if key == "units":
        return unit_text(item)
    if key == "targets":
        return item["text"]
    if key == "deadlines":
        return item["words"]
    if key == "evidence":
        return f"{item['title']} {item['url']}" if item.get("url") else item["title"]
    return item.get("name") or item.get("id") or ""


def cell(value: object, key: str = "") -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return JOIN.join(list_item(key, item) for item in value)
    return str(value)


def extra_columns(record: dict) -> dict:
    """Columns that spread a nested field for filtering in a spreadsheet (units by role, agency keys)."""
    if "units" not in record:
        return {}
    units = record["units"]
    return {
        **{f"{role.value}_units": JOIN.join(u["name"] for u in units if u["role"] == role.value) for role in Role},
        "agencies": JOIN.join(u["agency"] for u in units),
    }


def row(record: dict) -> dict[str, str]:
    flat = {key: cell(value, key) for key, value in record.items()}
    return {**flat, **extra_columns(record)}


def to_csv(records: list[dict], columns: list[str]) -> bytes:
    """CSV bytes (BOM, CRLF as RFC 4180 says) with the given header, one row per record."""
    out = io.StringIO(newline="")
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\r\n")
    writer.writeheader()
    for record in records:
        writer.writerow(row(record))
    return (BOM + out.getvalue()).encode("utf-8")


def columns(schema: dict) -> list[str]:
    """The header for records the schema describes: its fields in order, then the spread columns."""
    fields = list(schema["items"]["properties"])
    spread = [f"{role.value}_units" for role in Role] + ["agencies"] if "units" in fields else []
    return fields + spread
