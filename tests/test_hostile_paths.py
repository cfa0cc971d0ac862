"""File names and links a careless or hostile editor can put in content/.

A source named `2024#1 100%?.txt` must be linked so a browser fetches that file; a symlink
from content/ to a file outside it (/etc/passwd, a neighbour's drafts) is refused with a
message, never read and published.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from generator.loading import ContentErrors, link, read_content
from helpers import MINI_CONTENT, make_project, run_mkdocs

ALPHA = "plans/alpha-2023.yaml"
ODD_NAME = "示例 2023#1 100%?.txt"


def _rename_source(content: Path, name: str) -> None:
    (content / "sources" / "alpha.txt").rename(content / "sources" / name)
    plan = content / ALPHA
    plan.write_text(plan.read_text(encoding="utf-8").replace("{file: alpha.txt,", f"{{file: '{name}',"),
                    encoding="utf-8")


def test_a_source_name_with_hash_percent_and_question_mark_is_linked_to_its_file(tmp_path):
    project = make_project(tmp_path, MINI_CONTENT)
    _rename_source(project / "content", ODD_NAME)
    run_mkdocs(project, "--strict")
    site = project / "site"
    plans = json.loads((site / "data" / "plans.json").read_text(encoding="utf-8"))
    hrefs = [p["source_url"] for p in plans if p["id"] == "alpha-2023"]
    assert hrefs and all("sources/" in h for h in hrefs), "the data links no source"
    for href in hrefs:
        parts = urlsplit(href)
        assert not parts.query and not parts.fragment, href  # nothing of the name read as ?query or #fragment
        target = (site / unquote(parts.path)).resolve()
        assert target.is_file() and target.name == ODD_NAME, href


def _outside(tmp_path: Path) -> Path:
    secret = tmp_path / "outside" / "secret.yaml"
    secret.parent.mkdir()
    return secret


def test_a_plan_file_linked_from_outside_content_is_refused(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(MINI_CONTENT, content)
    secret = _outside(tmp_path)
    shutil.move(content / ALPHA, secret)
    (content / ALPHA).symlink_to(secret)
    with pytest.raises(ContentErrors) as caught:
        read_content(content)
    assert f"content/{ALPHA}: is a link to a file outside content/" in str(caught.value)


def test_a_source_linked_from_outside_content_is_refused(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(MINI_CONTENT, content)
    secret = _outside(tmp_path)
    shutil.move(content / "sources" / "alpha.txt", secret)
    (content / "sources" / "alpha.txt").symlink_to(secret)
    with pytest.raises(ContentErrors) as caught:
        link(read_content(content))
    assert "content/sources/alpha.txt is a link to a file outside content/" in str(caught.value)


def test_check_reports_an_outside_link_without_a_traceback(tmp_path):
    project = make_project(tmp_path, MINI_CONTENT)
    (project / "content" / "agencies" / "gamma.yaml").symlink_to("/etc/passwd")
    result = subprocess.run([sys.executable, "-m", "generator", "check", "--root", str(project)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "content/agencies/gamma.yaml: is a link to a file outside content/" in result.stderr


def test_a_link_inside_content_is_followed(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(MINI_CONTENT, content)
    (content / "sources" / "alpha.txt").rename(content / "sources" / "alpha-copy.txt")
    (content / "sources" / "alpha.txt").symlink_to("alpha-copy.txt")
    assert "alpha-2023" in [p.id for p in link(read_content(content)).plans]
