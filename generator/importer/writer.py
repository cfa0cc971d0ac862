"""Writing content files: readable YAML, and all files or none.

Every file is first written to a temporary file beside its target; only when all of them
are written are they renamed into place, so a failed import never leaves content/ half
updated.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import yaml


class _Dumper(yaml.SafeDumper):
    """Block style; long strings stay on one line; Chinese kept as is."""

    def increase_indent(self, flow: bool = False, indentless: bool = False):
        return super().increase_indent(flow, False)

    def ignore_aliases(self, data) -> bool:
        """Write every value out in full: the loader refuses YAML aliases (*id001)."""
        return True


def _str(dumper: yaml.SafeDumper, value: str):
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str)


def dump(data) -> str:
    """YAML text of data in the project's style."""
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False,
                     default_flow_style=False, width=100000)


def write_all(files: dict[Path, str | bytes]) -> None:
    """Write every file or none: temp files first, then rename each into place."""
    temps: list[tuple[Path, Path]] = []
    try:
        for path, text in files.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
            with os.fdopen(fd, "wb") as handle:
                handle.write(text.encode("utf-8") if isinstance(text, str) else text)
            temps.append((Path(temp), path))
    except BaseException:
        for temp, _ in temps:
            temp.unlink(missing_ok=True)
        raise
    for temp, path in temps:
        os.replace(temp, path)
