"""What the tests share, in one place: paths, project copies and real builds, a loopback server,
and the checks several test files make (the gate's leak search, the search reference, links).

Fixtures live in conftest.py and use these; test files import from here, never from each other.
bench/browser.py serves the site with the same server.
"""

from __future__ import annotations

import datetime
import functools
import gzip
import hashlib
import html
import http.server
import io
import logging
import os
import posixpath
import re
import shutil
import subprocess
import sys
import threading
import traceback
import unicodedata
import zipfile
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

import filelock
import lxml.html

from generator import build, exports
from generator.loading import load

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
MINI_CONTENT = FIXTURES / "mini" / "content"
OUTPUT = ROOT / "test-output"  # screenshots for a person to look at
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]


# --- projects and builds ---------------------------------------------------------------------


def make_project(tmp_path: Path, content: Path | None = None) -> Path:
    """A copy of the project (mkdocs.yml, theme/, content/) to build or break in a test."""
    project = tmp_path / "project"
    project.mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    shutil.copytree(ROOT / "theme", project / "theme")
    shutil.copytree(content or ROOT / "content", project / "content")
    if not (project / "content" / "pages").exists():
        shutil.copytree(ROOT / "content" / "pages", project / "content" / "pages")
    return project


def run_mkdocs(project: Path, *args: str, review: bool = False, check: bool = True,
               env: dict[str, str | None] | None = None, engine: str = "mkdocs",
               separate: bool = False) -> subprocess.CompletedProcess:
    """`mkdocs build` (or `properdocs build`, its fork) in `project`, as a user runs it; the finished process.

    MkDocs runs in this process, through its own command line (`mkdocs.__main__.cli`), as
    MkDocs's own tests build: the same options, plugin, logging, exit status and output, without
    a second of Python start-up and imports per build. `separate=True` (and ProperDocs) starts
    `python -m <engine>` in a process of its own, for the tests whose property is the process
    (signals, its environment) and for one end-to-end build of each session site.
    """
    if engine == "mkdocs" and not separate:
        return _mkdocs_here(project, args, build_environment(review, env), check)
    result = subprocess.run(
        [sys.executable, "-m", engine, "build", *args],
        cwd=project, env=build_environment(review, env), capture_output=True, text=True, timeout=900,
    )
    if check and result.returncode != 0:
        raise AssertionError(f"{engine} build failed:\n{result.stdout}\n{result.stderr}")
    return result


def _mkdocs_here(project: Path, args: tuple[str, ...], environment: dict[str, str],
                 check: bool) -> subprocess.CompletedProcess:
    """`mkdocs build *args` run in this process, in `project` with exactly `environment`.

    The working folder, the environment (the test's own variables) and the handlers MkDocs
    adds to its logger are put back afterwards, so one build leaves nothing to the next test.
    """
    from click.testing import CliRunner
    from mkdocs.__main__ import cli

    logger = logging.getLogger("mkdocs")
    handlers, level = list(logger.handlers), logger.level
    saved = dict(os.environ)
    cwd = os.getcwd()
    try:
        os.environ.clear()
        os.environ.update(environment)
        os.chdir(project)
        outcome = CliRunner().invoke(cli, ["build", *args], catch_exceptions=True)
    finally:
        os.chdir(cwd)
        os.environ.clear()
        os.environ.update(saved)
        for handler in logger.handlers[:]:
            if handler not in handlers:
                logger.removeHandler(handler)
        logger.setLevel(level)
    stderr = outcome.stderr
    if outcome.exception is not None and not isinstance(outcome.exception, SystemExit):
        stderr += "".join(traceback.format_exception(outcome.exception))  # as Python prints an uncaught one
    result = subprocess.CompletedProcess(["mkdocs", "build", *args], outcome.exit_code, outcome.stdout, stderr)
    if check and result.returncode != 0:
        raise AssertionError(f"mkdocs build failed:\n{result.stdout}\n{result.stderr}")
    return result


def build_environment(review: bool, env: dict[str, str | None] | None = None) -> dict[str, str]:
    """The test run's environment, with Material's notice off and the review switch as asked:
    `review=True`, or PLANS_REVIEW as `env` sets it (the test run's own never counts); a variable
    given as None in `env` is left out."""
    environment = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    environment.pop("PLANS_REVIEW", None)
    for name, value in (env or {}).items():
        if value is None:
            environment.pop(name, None)
        else:
            environment[name] = value
    if review:
        environment["PLANS_REVIEW"] = "1"
    return environment


def run_zensical(project: Path, out: Path, review: bool = False) -> Path:
    """Zensical as it builds our site: `python -m generator docs OUT`, then `zensical build` on OUT.

    Zensical runs no third-party plugin and exits 0 whatever it skipped, so its exit status proves
    little: the tests compare what it wrote.
    """
    environment = build_environment(False)
    for command, where in (([sys.executable, "-m", "generator", "docs", str(out), *(["--review"] * review)], project),
                           ([sys.executable, "-m", "zensical", "build", "--strict", "-f", "mkdocs.yml"], out)):
        result = subprocess.run(command, cwd=where, env=environment, capture_output=True, text=True, timeout=900)
        if result.returncode != 0:
            raise AssertionError(f"{' '.join(command[2:4])} failed:\n{result.stdout}\n{result.stderr}")
    return out / "site"


ENGINES = ("mkdocs", "properdocs", "zensical")


# Where session builds are shared between the test processes (pytest-xdist workers): set by
# conftest.py to a folder of this test session's that every worker sees; None builds per process.
SHARED_BUILDS: Path | None = None


@functools.cache
def built_once(content: str, review: bool, strict: bool, base: str, engine: str = "mkdocs") -> Path:
    """`content` built by `engine` in a project under `base`, once per test session.

    The build runs as a user runs it (`python -m mkdocs build`, a process of its own). With
    several test processes, the first to need a build makes it under SHARED_BUILDS, in a folder
    named by what went into it (the content's files, the review switch, --strict, the engine),
    while holding a lock on that name; the others wait for it and read the same site.
    """
    name = f"{Path(content).parent.name}-{'review' if review else 'public'}" + (f"-{engine}" if engine != "mkdocs" else "")
    if SHARED_BUILDS is None:
        return _build_once(Path(content), review, strict, Path(base) / name, engine)
    SHARED_BUILDS.mkdir(parents=True, exist_ok=True)
    folder = SHARED_BUILDS / f"{name}-{_fingerprint(Path(content), review, strict, engine)}"
    with filelock.FileLock(f"{folder}.lock"):
        done = folder / "built"
        if done.is_file():
            return Path(done.read_text(encoding="utf-8"))
        shutil.rmtree(folder, ignore_errors=True)  # a build that failed half-way in another process
        site = _build_once(Path(content), review, strict, folder, engine)
        done.write_text(str(site), encoding="utf-8")
        return site


def _build_once(content: Path, review: bool, strict: bool, where: Path, engine: str) -> Path:
    project = make_project(where, content)
    if engine == "zensical":
        return run_zensical(project, project.parent / "out", review=review)
    # ProperDocs reads mkdocs.yml only as a fallback, with a notice to rename it, unless it is named
    run_mkdocs(project, *(["--strict"] if strict else []), *(["-f", "mkdocs.yml"] if engine == "properdocs" else []),
               review=review, engine=engine, separate=True)
    return built_site(project, review)


def _fingerprint(content: Path, review: bool, strict: bool, engine: str) -> str:
    """A short digest of everything a session build is made of that a test may vary."""
    digest = hashlib.sha256(repr((review, strict, engine)).encode())
    for path in sorted(content.rglob("*")):
        if path.is_file():
            digest.update(path.relative_to(content).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def built_site(project: Path, review: bool = False) -> Path:
    """Where `mkdocs build` put the site: site/, or site-review/ for a review build (plugin option review_dir)."""
    return project / ("site-review" if review else "site")


# --- a loopback server for the browser (tests and bench/browser.py) ----------------------------


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


class LoopbackServer(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address) -> None:
        """A browser that closes a connection mid-response (a context closed) is no error here."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


def serve(folder: Path, prefix: str = "") -> tuple[LoopbackServer, str]:
    """Serve `folder` on 127.0.0.1 (optionally under `prefix`, as GitHub Pages serves a project)."""
    root = folder
    if prefix:
        root = folder.parent / f"{folder.name}-served"
        shutil.rmtree(root, ignore_errors=True)
        (root / prefix).parent.mkdir(parents=True, exist_ok=True)
        shutil.copytree(folder, root / prefix)
    handler = functools.partial(QuietHandler, directory=str(root))
    server = LoopbackServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/" + (f"{prefix.strip('/')}/" if prefix else "")
    return server, base


def serving(folder: Path):
    """For a fixture: `yield from serving(site)` serves it until the fixture ends."""
    server, base = serve(folder)
    yield base
    server.shutdown()


def tab_until(page, predicate: str, limit: int = 80) -> bool:
    """Press Tab until the focused element satisfies a JS predicate (el => bool)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"() => {{ const el = document.activeElement; return !!el && ({predicate})(el); }}"):
            return True
    return False


def screenshot(page, name: str) -> Path:
    """Save a screenshot under test-output/ for a person to look at."""
    OUTPUT.mkdir(exist_ok=True)
    path = OUTPUT / f"{name}.png"
    page.screenshot(path=str(path), full_page=False)
    return path


# --- the gate: words only the held plans contain, looked for in every form a file may carry ----

# Strings only the two unmarked plans contain (tests/test_gate.py checks them against the public sources).
WUZHI = ["武陟县", "武政办〔2022〕5号", "粮食物资储备中心", "以老年人识骗、防骗为主要内容", "豫政办〔2022〕11号",
         "焦政办〔2022〕31号", "用铁的心肠进行问责", "wuzhi-2022", "001_a1d7dc5c527cc8fc"]

SUINING = ["社事群工局", "新区食品安全办", "遂心检", "三联保", "开展豇豆农药残留突出问题攻坚治理", "市场监管分局",
           "suining-xinqu", "004_5fba058414e2687e"]


def unpacked(data: bytes) -> list[bytes]:
    """A file's bytes as a reader's tools would see them: gunzipped, unzipped."""
    while data[:2] == b"\x1f\x8b":
        data = gzip.decompress(data)
    if data[:4] == b"PK\x03\x04":
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return [part for name in archive.namelist() for part in unpacked(archive.read(name))]
    return [data]


def json_unescaped(text: str) -> str:
    return re.sub(r"\\u([0-9a-fA-F]{4})", lambda m: chr(int(m.group(1), 16)), text)


def readable(path: Path) -> str:
    """Every form in which a file could carry a word: raw, entity-, URL- and JSON-unescaped."""
    texts = [part.decode("utf-8", errors="ignore") for part in unpacked(path.read_bytes())]
    text = "\n".join(texts)
    return "\n".join([text, html.unescape(text), unquote(text), json_unescaped(text)])


def needle_forms(word: str) -> list[str]:
    """The word, and the character-bigram forms search records may store it in."""
    bigrams = [word[i:i + 2] for i in range(len(word) - 1)]
    forms = [word]
    if len(bigrams) > 1 and not word.isascii():
        forms += [" ".join(bigrams), "".join(bigrams)]
    return forms


def site_files(site: Path) -> dict[str, str]:
    return {path.relative_to(site).as_posix(): readable(path) for path in sorted(site.rglob("*")) if path.is_file()}


def leaks(site: Path, words: list[str]) -> list[str]:
    """Every (file, word) where a word of a held-back plan shows up in the built site."""
    found = []
    for name, text in site_files(site).items():
        found += [f"{name}: {word!r}" for word in words if any(form in text for form in needle_forms(word))]
    found += [f"file name {path.relative_to(site)}" for path in site.rglob("*")
              for word in words if word in path.name]
    return found


# --- search: the rule a reader relies on, restated on the model; the search page driven --------


BRACKETS = str.maketrans("[{【〔〖〘〚]}】〕〗〙〛", "((((((()))))))")  # every bracket is one, after NFKC (issue 28)


def squash(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", c).lower() for c in text if not c.isspace()).translate(BRACKETS)


def haystack(task) -> list[str]:
    units = [n for a in task.assignments for n in [a.agency.name, *a.agency.aliases]]
    return [squash(f) for f in [task.text_with_notes, task.title or "", task.ref, task.plan.display_title,
                                task.plan.jurisdiction.name, *units, *(t.name for t in task.themes)]]


def reference(content, query: str, synonyms: list[list[str]] = ()) -> set[tuple[str, str]]:
    """(plan id, task id) of every task with words that contains every term of the query (or,
    given the synonym groups, one of the term's equivalents: content.synonyms)."""
    groups = [[squash(w) for w in g] for g in synonyms]
    terms = [next((g for g in groups if squash(t) in g), [squash(t)]) for t in query.split()]
    found = set()
    for task in content.walk_tasks():
        if task.is_heading and not task.title:
            continue
        fields = haystack(task)
        if all(any(w in f for w in alternatives for f in fields) for alternatives in terms):
            found.add((task.plan.id, task.id))
    return found


def search(page, base: str, query: str = "", **filters: str) -> list[str]:
    """Open search/?q=…, wait for the outcome; the result links' hrefs, best first."""
    params = [f"q={quote(query)}"] if query else []
    params += [f"{k}={quote(v)}" for k, v in filters.items()]
    page.goto(f"{base}search/?{'&'.join(params)}")
    wait(page)
    return result_links(page)


def wait(page) -> None:
    page.wait_for_function(
        "() => { const s = document.getElementById('search-status').textContent;"
        " return s && !s.startsWith('正在') && !document.getElementById('search-facets').hasAttribute('aria-busy'); }",
        timeout=15000)


def result_links(page) -> list[str]:
    return [a.get_attribute("href") for a in page.query_selector_all("#search-results a.search-result-link")]


def total(page) -> int:
    found = re.search(r"找到 (\d+) 项任务", page.inner_text("#search-status"))
    return int(found.group(1)) if found else 0


# --- built pages -----------------------------------------------------------------------------


@functools.cache
def real_content():
    """Every plan of content/, public or not (the review build shows them all)."""
    return load(ROOT / "content")


@functools.cache
def parse(path: Path):
    return lxml.html.fromstring(path.read_bytes())


def cls(name: str) -> str:
    """XPath test for an element carrying the class `name`."""
    return f"contains(concat(' ', normalize-space(@class), ' '), ' {name} ')"


def resolve(site: Path, page_file: Path, href: str) -> tuple[Path | None, str]:
    """The file an internal link leads to and its fragment; (None, "") for an external link."""
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or href.startswith(("mailto:", "javascript:", "data:")):
        return None, ""
    if not parts.path:
        return page_file, unquote(parts.fragment)
    base = "/" if parts.path.startswith("/") else posixpath.dirname(page_file.relative_to(site).as_posix())
    path = posixpath.normpath(posixpath.join("/", base, unquote(parts.path))).lstrip("/")
    target = site / path
    if target.is_dir() or parts.path.endswith("/"):
        target = target / "index.html"
    return target, unquote(parts.fragment)


def broken_links(site: Path) -> list[str]:
    """Every internal href, src and form action whose file or #anchor does not exist in `site`."""
    ids: dict[Path, set[str]] = {}
    broken = []
    for page_file in sorted(site.rglob("*.html")):
        doc = parse(page_file)
        for element in doc.xpath("//a[@href] | //link[@href] | //form[@action] | //*[@src]"):
            href = next(element.get(name) for name in ("href", "src", "action") if element.get(name) is not None)
            target, fragment = resolve(site, page_file, href)
            if target is None:
                continue
            where = f"{page_file.relative_to(site)} → {href}"
            if not target.is_file():
                broken.append(where)
            elif fragment and target.suffix == ".html":
                if target not in ids:
                    ids[target] = set(parse(target).xpath("//@id"))
                if fragment not in ids[target]:
                    broken.append(f"{where} (no such anchor)")
    return broken


# --- fidelity: a source's pieces, as docs/content-format.md allows them to be cleaned -----------

WIDTH = str.maketrans({"(": "（", ")": "）", ",": "，", ":": "：", ";": "；"})

PUNCTUATION = r"[。，、；：！？“”‘’（）〔〕【】《》「」\[\]—…·]"


def strings(value) -> list[str]:
    """All string values in the data, depth first."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in strings(v)]
    return []


def normal(text: str) -> str:
    return re.sub(r"\s+", "", text.translate(WIDTH))


def source_pieces(text: str) -> list[str]:
    """Pieces of the cleaned source between punctuation, line breaks and wide gaps; 6+ characters."""
    pieces = []
    for line in text.splitlines():
        line = re.sub(r"^\s*#+", "", line.replace("**", ""))
        for chunk in re.split(r"\s{2,}", line.strip()):
            pieces += [p for p in re.split(PUNCTUATION, normal(chunk)) if len(p) >= 6]
    return pieces


def as_date(piece: str) -> datetime.date | None:
    match = re.fullmatch(r"(\d{4})年(\d{1,2})月(\d{1,2})日(印发)?", piece)
    return datetime.date(*map(int, match.groups()[:3])) if match else None


# --- exports ---------------------------------------------------------------------------------


def export_tree(tmp_path: Path, content: Path = MINI_CONTENT, review: bool = False, site_url: str = "") -> dict:
    """The export builder's files for `content`, without MkDocs: quick to make in many variants."""
    root = tmp_path / "project"
    if not root.exists():
        shutil.copytree(content, root / "content")
        shutil.copytree(ROOT / "theme", root / "theme")
    site = build.load_site(root, build.BuildOptions(review=review, site_url=site_url))
    return dict(exports.build(site))
