"""The gate's rule for a 附注 is an allow-list: only （此件公开发布） itself publishes a plan.

A careless editor or an importer can write any wording into `notice.annotation`: 不得公开发布,
暂缓公开发布, 非公开发布 … each contains the words 公开发布, and each must hold the plan back.
Hypothesis generates thousands of wordings; each wording reported held the plan in the gate;
the real build of a plan carrying one leaves no trace of it, and is compared byte for byte with
the build that lacks the plan altogether.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator import gate
from generator.cli import check
from generator.loading import read_content, status_from_annotation
from generator.model import DisclosureStatus
from helpers import MINI_CONTENT, ROOT, WUZHI, leaks, make_project, run_mkdocs

EXACT = "此件公开发布"
BRACKETS = [("（", "）"), ("(", ")"), ("（", ")"), ("(", "）")]
# Words that turn the exact form into a refusal, a delay or a condition.
REFUSALS = ["不得", "不宜", "暂缓", "禁止", "严禁", "无需", "非", "不予主动", "未经批准不得", "不", "暂不", "拟"]
REPORTED_WORDINGS = ["（此件不得公开发布）", "（此件不宜公开发布）", "（此件暂缓公开发布）", "（此件禁止公开发布）",
                     "（此件严禁公开发布）", "（此件无需公开发布）", "（此件非公开发布）", "（此件不予主动公开）",
                     "（此件未经批准不得公开发布）", "（此件主动公开）", "此件公开发布", "（此件公开发布）（内部）"]


def core(annotation: str) -> str:
    """What a person reads as the 附注's words: brackets of either width and white space dropped."""
    return re.sub(r"\s", "", annotation).replace("(", "（").replace(")", "）")


@settings(max_examples=3000, deadline=None)
@given(st.lists(st.sampled_from(list("此件公开发布依申请不予得宜暂缓非主动（）() \u3000\t\n") + REFUSALS), max_size=12))
def test_no_wording_but_the_exact_form_is_public(pieces):
    annotation = "".join(pieces)
    status = status_from_annotation(annotation)
    assert (status is DisclosureStatus.PUBLIC) == (core(annotation) == f"（{EXACT}）")


@settings(max_examples=2000, deadline=None)
@given(st.sampled_from(REFUSALS), st.integers(0, len(EXACT)), st.sampled_from(BRACKETS), st.text(" \u3000", max_size=2))
def test_a_refusal_written_into_the_exact_form_holds_the_plan(word, at, brackets, space):
    annotation = f"{space}{brackets[0]}{EXACT[:at]}{word}{EXACT[at:]}{brackets[1]}{space}"
    assert status_from_annotation(annotation) is DisclosureStatus.UNRECOGNISED


@settings(max_examples=2000, deadline=None)
@given(st.text(max_size=30))
def test_any_text_is_public_only_when_it_is_the_exact_form(annotation):
    status = status_from_annotation(annotation)
    assert (status is DisclosureStatus.PUBLIC) == (core(annotation) == f"（{EXACT}）")
    if status is not DisclosureStatus.PUBLIC and annotation.strip():
        assert status is not DisclosureStatus.UNMARKED  # a 附注 that is there is never read as absent


@pytest.mark.parametrize("annotation", ["（此件公开发布）", "(此件公开发布)", " （ 此件 公开发布 ） ", "（此件公开发布)"])
def test_the_exact_form_is_public_in_either_bracket_width(annotation):
    assert status_from_annotation(annotation) is DisclosureStatus.PUBLIC


def _set_annotation(plan: Path, annotation: str) -> None:
    text = plan.read_text(encoding="utf-8")
    assert "annotation: null" in text or "annotation: （此件公开发布）" in text
    quoted = annotation.replace("'", "''")
    text = re.sub(r"annotation: .*", f"annotation: '{quoted}'", text, count=1)
    plan.write_text(text, encoding="utf-8")


@pytest.mark.parametrize("annotation", REPORTED_WORDINGS)
def test_wuzhi_with_a_reported_wording_is_held_back_by_the_public_build(tmp_path, annotation):
    """Each wording reported: the public build's gate leaves 武陟's plan out and its disclosure
    report says why (what a held plan leaves in the site does not depend on the wording that
    held it: the real build below and the byte-for-byte comparison after it check that)."""
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    _set_annotation(content / "plans" / "wuzhi-2022.yaml", annotation)
    selection = gate.select(read_content(content), review=False)
    assert "wuzhi-2022" not in {plan.id for plan in selection.content.plans}
    assert re.search(r"wuzhi-2022: unrecognised .* held back", gate.report_text(selection))


def test_wuzhi_with_a_wording_that_is_not_the_exact_form_leaves_no_trace(tmp_path):
    """The fault as reported: 武陟's plan marked （此件不得公开发布） was published in full."""
    project = make_project(tmp_path)
    _set_annotation(project / "content" / "plans" / "wuzhi-2022.yaml", "（此件不得公开发布）")
    result = run_mkdocs(project)
    assert re.search(r"wuzhi-2022: unrecognised .* held back", result.stdout + result.stderr)
    assert leaks(project / "site", WUZHI) == []


def _tree(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("annotation", ["（此件不得公开发布）", "（此件暂缓公开发布）", "此件公开发布"])
def test_a_held_plan_builds_byte_identical_to_a_site_without_it(tmp_path, annotation):
    held = make_project(tmp_path / "held", MINI_CONTENT)
    _set_annotation(held / "content" / "plans" / "alpha-2023.yaml", annotation)
    without = make_project(tmp_path / "without", MINI_CONTENT)
    for project in (held, without):  # beta becomes the one public plan of both sites
        plan = project / "content" / "plans" / "beta-2022.yaml"
        plan.write_text(plan.read_text(encoding="utf-8").replace(
            "responsibility_rule:", "disclosure: {status: public, decided_by: 示例市人民政府办公室, date: 2024-03-01, "
            "reference: 市政府门户网站}\nresponsibility_rule:", 1), encoding="utf-8")
    (without / "content" / "plans" / "alpha-2023.yaml").unlink()
    run_mkdocs(held)
    run_mkdocs(without)
    held_tree, without_tree = _tree(held / "site"), _tree(without / "site")
    assert sorted(held_tree) == sorted(without_tree)
    assert [name for name in held_tree if held_tree[name] != without_tree[name]] == []


def test_check_names_the_unrecognised_annotation_with_its_line(tmp_path, capsys):
    project = make_project(tmp_path, MINI_CONTENT)
    plan = project / "content" / "plans" / "alpha-2023.yaml"
    _set_annotation(plan, "（此件不得公开发布）")
    line = next(i for i, text in enumerate(plan.read_text(encoding="utf-8").splitlines(), 1) if "annotation:" in text)
    assert check(project) == 0
    out, err = capsys.readouterr()
    assert f"content/plans/alpha-2023.yaml:{line}:" in err and "（此件不得公开发布）" in err
    assert re.search(r"alpha-2023: unrecognised .*（此件不得公开发布）.* held back", out)
    assert [row.published for row in gate.select(read_content(project / "content"), review=False).disclosure_report] == [False, False]
