"""A spelling that only a held plan uses is not public: aliases are gated like everything else.

The office imports an unmarked notice that writes 县市场监督管理局 for the reviewed unit
县市场监管局; the importer records the spelling as an alias. The public site must carry no
trace of it (unit page, data, search index), the review site shows it, and the importer says
it added an alias rather than a new unit.
"""

from __future__ import annotations

from pathlib import Path

from generator.build import BuildOptions, load_site
from generator.importer import main as import_main
from helpers import MINI_CONTENT, leaks, make_project, run_mkdocs

SPELLING = "县市场监督管理局"
HELD_NOTICE = """示例县人民政府办公室
关于印发示例县2024年食品安全工作要点的通知

各乡（镇）人民政府，县直各单位：
《示例县2024年食品安全工作要点》已经县人民政府同意，现印发给你们，请认真贯彻执行。

示例县人民政府办公室

2024年3月1日

示例县2024年食品安全工作要点

一、加强监管

（一）开展校园周边食品专项抽检。（县市场监督管理局负责）

（二）开展农村集市整治。（县市场监管局负责）
"""


def _project_with_held_spelling(tmp_path: Path, capsys) -> tuple[Path, str]:
    """The mini project, its 县市场监管局 without aliases, then an unmarked notice imported."""
    project = make_project(tmp_path, MINI_CONTENT)
    agencies = project / "content" / "agencies" / "alpha.yaml"
    text = agencies.read_text(encoding="utf-8")
    agencies.write_text(text.replace(f", aliases: [{SPELLING}]", ""), encoding="utf-8")
    assert SPELLING not in agencies.read_text(encoding="utf-8")
    notice = tmp_path / "alpha-2024.txt"
    notice.write_text(HELD_NOTICE, encoding="utf-8")
    status = import_main([str(notice), "--content", str(project / "content"), "--id", "alpha-2024",
                          "--jurisdiction", "alpha"])
    out = capsys.readouterr()
    assert status == 0, out.err
    assert SPELLING in agencies.read_text(encoding="utf-8")  # the importer recorded the spelling
    return project, out.out


def test_importer_says_it_added_an_alias_not_a_unit(tmp_path, capsys):
    _, out = _project_with_held_spelling(tmp_path, capsys)
    assert "new units" not in out
    alias_lines = [line for line in out.splitlines() if "alias" in line]
    assert alias_lines and SPELLING in alias_lines[0] and "县市场监管局" in alias_lines[0], out


def test_alias_used_only_by_a_held_plan_leaves_no_trace_in_the_public_site(tmp_path, capsys):
    project, _ = _project_with_held_spelling(tmp_path, capsys)
    run_mkdocs(project)
    site = project / "site"
    unit_page = (site / "agencies" / "alpha" / "shichang-jianguan" / "index.html").read_text(encoding="utf-8")
    assert "县市场监管局" in unit_page  # the unit itself is public: public plans name it
    assert leaks(site, [SPELLING, "alpha-2024", "开展校园周边食品专项抽检"]) == []


def test_review_site_model_shows_the_alias_a_shown_plan_uses(tmp_path, capsys):
    project, _ = _project_with_held_spelling(tmp_path, capsys)
    public = load_site(project, BuildOptions(review=False)).content
    review = load_site(project, BuildOptions(review=True)).content
    unit = {a.key: a for a in review.agencies}["alpha/shichang-jianguan"]
    assert unit.aliases == [SPELLING]
    assert {a.key: a for a in public.agencies}["alpha/shichang-jianguan"].aliases == []


def test_aliases_no_plan_uses_are_not_listed(tmp_path):
    """The mini content lists 县市场监督管理局 but no plan writes it: nothing to show."""
    content = load_site(make_project(tmp_path, MINI_CONTENT), BuildOptions(review=True)).content
    unit = {a.key: a for a in content.agencies}["alpha/shichang-jianguan"]
    assert unit.aliases == []
