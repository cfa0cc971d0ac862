"""Writing content files: readable YAML, and all files or none.

Every file is first written to a temporary file beside its target; only when all of them
are written are they renamed into place, so a failed import never leaves content/ half
updated.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Mapping

import yaml

from ..i18n import _
from .errors import ImportProblem


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


def write_all(files: Mapping[Path, str | bytes], then: str | None = None) -> None:
    """Write every file or none: temp files first, then rename each into place.

    A full disk, a read-only folder or a file where a folder belongs is an ImportProblem
    naming the path; the temp files written so far are removed, so content/ is unchanged.
    `then` is what to do once the disk is fixed (the command that wrote; import by default)."""
    temps: list[tuple[Path, Path]] = []
    replaced: list[str] = []
    current: Path | None = None
    try:
        for path, text in files.items():
            current = path
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
            temps.append((Path(temp), path))  # before writing: a failed write leaves no temp behind
            with os.fdopen(fd, "wb") as handle:
                handle.write(text.encode("utf-8") if isinstance(text, str) else text)
        for written, path in temps:
            current = path
            os.replace(written, path)
            replaced.append(str(path))
    except OSError as exc:
        _remove(temps)
        changed = (_("only {files} were written").format(files=", ".join(replaced)) if replaced
                   else _("nothing was changed"))
        raise ImportProblem(str(current), _("cannot write it ({reason}): {changed}; free disk space "
                                            "or make the folder writable, then {then}").format(
            reason=exc.strerror or exc, changed=changed, then=then or _("import again"))) from None
    except BaseException:
        _remove(temps)
        raise


def _remove(temps: list[tuple[Path, Path]]) -> None:
    for temp, _path in temps:
        try:
            temp.unlink(missing_ok=True)
        except OSError:
            pass
