"""(being written)"""

from __future__ import annotations


def build(site) -> dict:
    return {}
