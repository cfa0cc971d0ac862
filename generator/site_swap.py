"""Build a site into a temporary folder beside it, and put it in place only when it finished.

A failed or interrupted build then leaves the previous site as it was. Folders left by builds
that were killed (SIGKILL leaves no chance to clean up) carry their process id in their name
and are removed by the next build once that process is gone. Nothing here knows of plans.
"""

from __future__ import annotations

import errno
import os
import re
import shutil
import tempfile
from pathlib import Path

from .i18n import _


class SiteSwapError(OSError):
    """The site's folder cannot be written: a message for the person building, not a traceback."""


def temporary_folder(parent: Path, label: str) -> Path:
    """A new folder `.{label}-{pid}-…` in `parent`, after removing those of dead builds."""
    remove_stale(parent, label)
    try:
        parent.mkdir(parents=True, exist_ok=True)
        return Path(tempfile.mkdtemp(prefix=f".{label}-{os.getpid()}-", dir=parent))
    except OSError as exc:
        raise SiteSwapError(_("cannot write in {folder} ({reason}): make it writable or choose another "
                              "site_dir in mkdocs.yml").format(folder=parent, reason=exc.strerror)) from None


def remove_stale(parent: Path, label: str) -> list[Path]:
    """Remove `.{label}-{pid}-…` folders whose build process no longer runs."""
    pattern = re.compile(rf"^\.{re.escape(label)}-(\d+)-")
    removed: list[Path] = []
    try:
        entries = list(parent.iterdir())
    except OSError:
        return removed
    for entry in entries:
        match = pattern.match(entry.name)
        if match and entry.is_dir() and not entry.is_symlink() and not _running(int(match.group(1))):
            shutil.rmtree(entry, ignore_errors=True)
            removed.append(entry)
    return removed


def _running(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's live process
        return True
    return True


class SiteSwap:
    """The folder a build writes to, and the swap that puts it in the place of `final`."""

    def __init__(self, final: Path) -> None:
        self.final = final
        self.building = temporary_folder(final.parent, f"{final.name}-building")

    def finish(self) -> None:
        """Replace `final` with the finished build: by renames where possible (one moment with no
        site at all), else — `final` is a mount point — by replacing its contents."""
        old = self.final.with_name(f".{self.final.name}-old-{os.getpid()}")
        shutil.rmtree(old, ignore_errors=True)
        try:
            moved = False
            if self.final.exists():
                self.final.rename(old)
                moved = True
            try:
                self.building.rename(self.final)
            except OSError:
                if moved:
                    old.rename(self.final)
                raise
        except OSError as exc:
            if exc.errno not in (errno.EBUSY, errno.EXDEV) or not self.final.is_dir():
                raise SiteSwapError(_("cannot put the new site in place at {folder} ({reason}): it is left as "
                                      "it was").format(folder=self.final, reason=exc.strerror)) from None
            self._replace_contents()
        finally:
            shutil.rmtree(old, ignore_errors=True)

    def _replace_contents(self) -> None:
        """`final` cannot be renamed (a mount point, or its parent is not ours): empty it and move
        the new site's files into it."""
        try:
            for entry in list(self.final.iterdir()):
                if entry.is_dir() and not entry.is_symlink():
                    shutil.rmtree(entry)
                else:
                    entry.unlink()
            for entry in list(self.building.iterdir()):
                shutil.move(str(entry), str(self.final / entry.name))
        except OSError as exc:
            raise SiteSwapError(_("cannot write the new site into {folder} ({reason}): fix the folder and "
                                  "build again").format(folder=self.final, reason=exc.strerror)) from None
        shutil.rmtree(self.building, ignore_errors=True)

    def abandon(self) -> None:
        shutil.rmtree(self.building, ignore_errors=True)
