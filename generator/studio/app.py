"""The studio's web application: Flask, bound to the content folder it edits, and its safety.

Why Flask (not Starlette): everything the studio calls — the importer, loading, approval, the
page builders — is synchronous, and the studio serves one person on their own machine, so an
async framework would buy nothing and need an ASGI server, a multipart parser and an HTTP
client for tests on top. Flask brings form and upload parsing, Jinja2 (the project's template
engine), a signed session cookie and a test client, with Werkzeug's threaded server for
127.0.0.1.

Safety, for every request that changes anything (POST): the Host must be the loopback
address the studio serves (a web page cannot reach the studio through a DNS name that
resolves to 127.0.0.1); the request must come from the studio's own pages (Origin, or else
Referer, is the studio's); and the form must carry the token of the person's session, which
only the studio's pages hold. Anything else is refused with 403 before a file is read. Errors
reach the page as a message in the person's language, never as a traceback.
"""

from __future__ import annotations

import hmac
import logging
import secrets
import threading
from pathlib import Path
from urllib.parse import urlsplit

from flask import Flask, abort, g, render_template, request, session
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge

from ..i18n import _, language
from ..importer.readers import MAX_FILE_BYTES
from .store import Store

LOOPBACK = ("127.0.0.1", "localhost")
_WRITING = threading.Lock()
UPLOAD_LIMIT = MAX_FILE_BYTES + 1024 * 1024  # the importer's largest file (PDF, .docx, .xlsx) and the form around it
log = logging.getLogger(__name__)


def create_app(content: Path) -> Flask:
    """The studio for the content folder `content` (its parent holds theme/ for the page preview)."""
    app = Flask(__name__, template_folder="templates")
    app.config.update(SECRET_KEY=secrets.token_bytes(32), MAX_CONTENT_LENGTH=UPLOAD_LIMIT,
                      SESSION_COOKIE_SAMESITE="Strict", SESSION_COOKIE_HTTPONLY=True,
                      SESSION_COOKIE_NAME="studio")
    app.extensions["store"] = Store(content)
    english = language() == "en"
    app.jinja_env.globals.update(_=_, csrf_token=csrf_token, lang="en" if english else "zh-CN",
                                 colon=": " if english else "：")
    app.jinja_env.trim_blocks = app.jinja_env.lstrip_blocks = True
    app.before_request(_guard)
    app.after_request(_headers)
    app.teardown_request(_release)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(Exception, _failure)
    from .views import studio
    app.register_blueprint(studio)
    return app


def csrf_token() -> str:
    """The session's token, put into every form the studio renders."""
    if "csrf" not in session:
        session["csrf"] = secrets.token_urlsafe(32)
    return session["csrf"]


def _same_origin(url: str | None) -> bool:
    if not url:
        return False
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" == request.host_url.rstrip("/")


def _guard() -> None:
    """Refuse requests from elsewhere before anything is read or written."""
    host = (request.host or "").rsplit(":", 1)[0].strip("[]")
    if host not in LOOPBACK:
        abort(403, _("the studio answers only at its own address (127.0.0.1)"))
    if request.method in ("GET", "HEAD"):
        return
    origin = request.headers.get("Origin")
    if not (_same_origin(origin) if origin is not None else _same_origin(request.referrer)):
        abort(403, _("this request does not come from the studio's own page: nothing was changed"))
    sent = request.form.get("csrf", "")
    kept = session.get("csrf", "")
    if not kept or not hmac.compare_digest(sent.encode(), kept.encode()):
        abort(403, _("this form is not the studio's (its token is missing or out of date): nothing was changed; "
                     "reload the page and try again"))
    _WRITING.acquire()  # one change at a time: a version checked is the version written over
    g.writing = True


def _release(_error: BaseException | None) -> None:
    if g.pop("writing", False):
        _WRITING.release()


def _headers(response):
    response.headers.setdefault("X-Frame-Options", "DENY")
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    response.headers.setdefault("Content-Security-Policy",
                                "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
                                "frame-ancestors 'none'; form-action 'self'")
    return response


def _http_error(error: HTTPException):
    if isinstance(error, RequestEntityTooLarge):
        message = _("the file is larger than the importer reads ({limit} MB): import a single work plan").format(
            limit=MAX_FILE_BYTES // 1024 // 1024)
    elif error.code == 404:
        message = _("there is no such page in the studio")
    else:
        message = str(error.description) if error.code == 403 else _("the request could not be handled")
    return render_template("error.html", problem=message, code=error.code), error.code or 500


def _failure(error: Exception):
    """Anything unforeseen: logged for the terminal, a message for the page."""
    log.exception("studio request failed")
    message = _("the studio failed on this request ({error}); nothing was written. Reload the page; if it happens "
                "again, run `python -m generator check` in a terminal and report the problem").format(
        error=type(error).__name__)
    return render_template("error.html", problem=message, code=500), 500


def store() -> Store:
    from flask import current_app
    return current_app.extensions["store"]
