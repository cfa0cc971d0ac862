"""`python -m generator studio [--content DIR] [--port N] [--no-browser]`: the office's studio.

A web application on the person's own machine (127.0.0.1 only) to import a notice, review and
correct what the importer read, approve it and preview its public page, and turn a progress
table into a report — through the same functions as the commands (docs/office.md).

`app` builds the Flask application and its safety checks, `views` its pages, `forms` reads the
review page's forms into `edits` (round-trip YAML edits), and `store` reads and writes the
content folder (versions, validation as `check` does, undo). Templates: generator/studio/templates.
"""

from __future__ import annotations

import argparse
import socket
import sys
import threading
import webbrowser
from pathlib import Path

from ..i18n import _


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m generator studio", description=_(
        "The office's studio: import, review, correct and approve plans in the browser, on 127.0.0.1 only."))
    parser.add_argument("--content", type=Path, default=Path("content"), metavar="DIR",
                        help=_("the content folder (default: content)"))
    parser.add_argument("--port", type=int, default=8765, metavar="N",
                        help=_("the port on 127.0.0.1 (default: 8765; 0: any free port)"))
    parser.add_argument("--no-browser", action="store_true", help=_("do not open the browser"))
    return parser


def main(argv: list[str]) -> int:
    """Serve the studio until interrupted; 2 when it cannot start (message printed)."""
    from werkzeug.serving import make_server

    from .app import create_app

    args = _parser().parse_args(argv)
    content = args.content
    if not (content / "plans").is_dir():
        print(_("error: {content} is not a content folder (it has no plans/): pass --content DIR").format(
            content=content), file=sys.stderr)
        return 2
    if content.resolve().name != "content":
        print(_("error: {content}: the content folder must be named content (approval and the preview read "
                "the project folder around it)").format(content=content), file=sys.stderr)
        return 2
    if not 0 <= args.port <= 65535:
        print(_("error: --port {port} is not a port: choose one from 1024 to 65535").format(port=args.port),
              file=sys.stderr)
        return 2
    listening = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:  # bound here, so that a port in use is said in our words (Werkzeug would exit with its own)
        listening.bind(("127.0.0.1", args.port))
        listening.listen()
    except OSError as exc:
        listening.close()
        print(_("error: cannot listen on 127.0.0.1:{port} ({reason}): choose another --port").format(
            port=args.port, reason=exc.strerror or exc), file=sys.stderr)
        return 2
    server = make_server("127.0.0.1", args.port, create_app(content), threaded=True, fd=listening.fileno())
    address = f"http://127.0.0.1:{listening.getsockname()[1]}/"
    print(_("the studio is at {address} (only on this computer); stop it with Ctrl+C").format(address=address),
          flush=True)
    if not args.no_browser:
        threading.Timer(0.5, webbrowser.open, [address]).start()
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0
