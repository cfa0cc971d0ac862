"""Messages are Chinese by default and English by locale; every message has its translation.

The office that publishes works in Chinese: `check`, `import` and build errors speak Chinese,
keep their file:line, and `LANG=en_US.UTF-8` gets the English originals. Every message the
code wraps in `_()` must have a Chinese translation with the same {placeholders}, or
`.format()` would fail (or leave a blank) on the user's screen.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from generator import i18n
from helpers import MINI_CONTENT, ROOT, make_project

PLACEHOLDER = re.compile(r"\{(\w*)[^{}]*\}")


def code_messages() -> dict[str, str]:
    """Every literal `_()` (and `N_()`) message in generator/ (code, and the studio's templates), with where it is."""
    found = {}
    for filename, lineno, message, _comments, _context in extract_from_dir(
            str(ROOT / "generator"), method_map=[("**.py", "python"), ("studio/templates/**.html", "jinja2")],
            options_map={"studio/templates/**.html": {"trim_blocks": "true", "lstrip_blocks": "true"}},
            keywords={"_": None, "N_": None}):
        if isinstance(message, str) and message:
            found.setdefault(message, f"generator/{filename}:{lineno}")
    return found


def catalog() -> dict[str, str]:
    with i18n.CATALOG.open("rb") as po:
        return {m.id: m.string for m in read_po(po) if m.id}


def test_every_message_has_a_chinese_translation_with_the_same_placeholders():
    translations = catalog()
    untranslated = [f"{where}: {message!r}" for message, where in code_messages().items()
                    if not translations.get(message)]
    assert untranslated == [], "run `make messages` and translate the new entries"
    mismatched = [f"{where}: {message!r}" for message, where in code_messages().items()
                  if sorted(PLACEHOLDER.findall(message)) != sorted(PLACEHOLDER.findall(translations[message]))]
    assert mismatched == []


def test_the_chinese_translations_are_chinese():
    assert [m for m, t in catalog().items() if t and not re.search(r"[\u4e00-\u9fff]", t)] == []


def _check(project, lang: str | None) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if k not in i18n.LOCALE_VARIABLES}
    if lang:
        environment["LANG"] = lang
    return subprocess.run([sys.executable, "-m", "generator", "check", "--root", str(project)], cwd=project,
                          env=environment, capture_output=True, text=True, timeout=120)


@pytest.fixture
def broken_project(tmp_path):
    project = make_project(tmp_path, MINI_CONTENT)
    plan = project / "content" / "plans" / "alpha-2023.yaml"
    text = plan.read_text(encoding="utf-8")
    plan.write_text(re.sub(r"^period:.*$", "period: {start: 二〇二三, end: 2023}", text, count=1, flags=re.MULTILINE),
                    encoding="utf-8")
    line = next(i for i, t in enumerate(plan.read_text(encoding="utf-8").splitlines(), 1) if t.startswith("period:"))
    return project, line


@pytest.mark.parametrize("lang", [None, "zh_CN.UTF-8", "C.UTF-8"])
def test_a_broken_plan_gets_a_chinese_message_with_its_file_and_line(broken_project, lang):
    project, line = broken_project
    result = _check(project, lang)
    assert result.returncode == 1
    assert f"content/plans/alpha-2023.yaml:{line}:" in result.stderr
    assert re.search(r"[\u4e00-\u9fff]{4}", result.stderr.split(f":{line}:", 1)[1])
    assert "Input should be" not in result.stderr and "Traceback" not in result.stderr


def test_an_english_locale_gets_the_english_message(broken_project):
    project, line = broken_project
    result = _check(project, "en_US.UTF-8")
    assert result.returncode == 1
    assert f"content/plans/alpha-2023.yaml:{line}: period.start:" in result.stderr
    assert "problem" in result.stderr
