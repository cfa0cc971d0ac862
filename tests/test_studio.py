"""The office's studio (`python -m generator studio`, docs/office.md), driven as the office uses it.

Browser tests run the real command in a subprocess (Chinese locale, as an office runs it) on a
copy of the project, and click through it in Debian's Chromium: import a notice through the
form, give a new unit its kind, change a role, move a note, approve with 审核人 and 审核通过,
and find the plan in a real public build. A forged POST from another origin is refused and
changes nothing; the review page works from the keyboard alone; axe finds nothing serious.
The screenshots in docs/images/ are taken here, from the real app.

The safety and editing details (round-trip comments, undo, validation messages, paths, two tabs)
are checked through Flask's test client against a copy of the content.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from helpers import FIXTURES, ROOT, make_project, run_mkdocs, serve, tab_until

NOTICE = FIXTURES / "import" / "public_notice.txt"
PLAN = "shili-2024"
TITLE = "示例县2024年食品安全重点工作安排"
IMAGES = ROOT / "docs" / "images"
AXE_JS = ROOT / "tests" / "js" / "node_modules" / "axe-core" / "axe.min.js"


def _studio(project: Path):
    environment = {k: v for k, v in os.environ.items() if k not in ("LANGUAGE", "LC_ALL", "LC_MESSAGES")}
    environment["LANG"] = "zh_CN.UTF-8"  # the office's language
    process = subprocess.Popen([sys.executable, "-m", "generator", "studio", "--port", "0", "--no-browser"],
                               cwd=project, env=environment, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True)
    assert process.stdout is not None and process.stderr is not None
    line = process.stdout.readline()
    found = re.search(r"http://127\.0\.0\.1:\d+/", line)
    if not found:
        process.kill()
        raise AssertionError(f"the studio did not start: {line}{process.stderr.read()}")
    return process, found.group()


@pytest.fixture
def studio(tmp_path):
    """(project folder, the studio's address) on a copy of the project."""
    project = make_project(tmp_path)
    process, base = _studio(project)
    yield project, base
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()


def _shot(page, name: str) -> None:
    IMAGES.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(IMAGES / f"studio-{name}.png"), full_page=False)


def _import(page, base: str) -> None:
    page.goto(base)
    page.get_by_label(re.compile("通知文件")).set_input_files(str(NOTICE))
    page.get_by_role("button", name="导入", exact=True).click()
    page.get_by_role("heading", level=1, name=TITLE).wait_for()


def _plan_file(project: Path) -> Path:
    return project / "content" / "plans" / f"{PLAN}.yaml"


def _task(project: Path, label: str) -> dict:
    data = yaml.safe_load(_plan_file(project).read_text(encoding="utf-8"))
    return next(t for s in data["sections"] for t in s["tasks"] if t["label"] == label)


def test_import_review_correct_approve_and_publish(page, studio):
    project, base = studio
    page.set_viewport_size({"width": 1400, "height": 900})
    _import(page, base)
    assert page.get_by_text("已导入但尚未审核通过").first.is_visible()
    _shot(page, "review")
    page.goto(base)
    page.get_by_role("link", name=TITLE).wait_for()  # awaiting review, with why
    _shot(page, "home")
    page.get_by_role("link", name=TITLE).click()

    # a new unit gets its kind, chosen by its Chinese name
    unit = page.locator("div.task", has=page.get_by_role("heading", name=re.compile("县示例测试中心")))
    unit.get_by_label("单位类型").select_option(label="市场监管")
    unit.get_by_role("button", name="保存").first.click()
    page.get_by_role("status").get_by_text("已保存").wait_for()
    agencies = yaml.safe_load((project / "content" / "agencies" / "shili.yaml").read_text(encoding="utf-8"))
    assert next(u for u in agencies["units"] if u["name"] == "县示例测试中心")["kind"] == "market"

    # a role changed: 县自然资源局 supports (配合) the task （一）
    task = page.locator("article.task", has=page.get_by_role("heading", name="（一） "))
    task.get_by_text("（一）的责任单位和职责").click()
    task.get_by_label("第 3 个单位的职责").select_option(label="配合")
    task.get_by_role("button", name="保存责任单位").click()
    page.get_by_role("status").get_by_text("已保存").wait_for()
    roles = {u["name"]: u["role"] for u in _task(project, "（一）")["units"]}
    assert roles == {"县农业农村局": "lead", "县生态环境局": "responsible", "县自然资源局": "supporting"}

    # words moved between text and note: the document's characters stay as they were
    before = _task(project, "（三）")
    task = page.locator("article.task", has=page.get_by_role("heading", name="（三） "))
    task.get_by_text("（三）的正文和注释").click()
    task.get_by_label("注释").fill("")
    task.get_by_role("button", name="保存正文和注释").click()
    page.get_by_role("status").get_by_text("已保存").wait_for()
    after = _task(project, "（三）")
    assert after["note"] is None and after["text"] == before["text"] + before["note"]

    # approve: 审核人, 审核通过; open items are named and must be confirmed
    page.get_by_label("审核人").fill("张三")
    page.get_by_role("button", name="审核通过").click()
    page.get_by_text("项待核对事项未处理").first.wait_for()
    assert "review: pending" in _plan_file(project).read_text(encoding="utf-8")  # not yet
    _shot(page, "approve-confirm")
    page.get_by_label(re.compile("仍然审核通过")).check()
    page.get_by_role("button", name="审核通过").click()
    page.get_by_role("heading", level=1, name="公开页面预览").wait_for()
    assert page.locator("section.preview").get_by_text(TITLE).first.is_visible()
    assert page.get_by_text("下一次公开构建将发布").is_visible()
    _shot(page, "preview")
    approval = yaml.safe_load(_plan_file(project).read_text(encoding="utf-8"))["approval"]
    assert approval["by"] == "张三" and re.fullmatch(r"[0-9a-f]{16}", approval["fingerprint"])

    # the CLI agrees, and the public build carries the plan
    check = subprocess.run([sys.executable, "-m", "generator", "check"], cwd=project, capture_output=True,
                           text=True, timeout=300)
    assert check.returncode == 0 and f"{PLAN}: public" in check.stdout and "published" in check.stdout.split(PLAN)[1]
    run_mkdocs(project)
    page_file = project / "site" / "plans" / PLAN / "index.html"
    assert TITLE in page_file.read_text(encoding="utf-8")


def test_a_forged_post_is_refused_and_changes_nothing(page, studio, tmp_path):
    project, base = studio
    _import(page, base)
    before = _plan_file(project).read_text(encoding="utf-8")
    evil = tmp_path / "evil"
    evil.mkdir()
    (evil / "index.html").write_text(f"""<!doctype html><html lang="en"><title>x</title><body>
<form id="f" method="post" action="{base}plans/{PLAN}/approve">
<input name="by" value="mallory"><input name="confirm" value="yes"><input name="csrf" value="guess">
</form><script>document.getElementById('f').submit()</script></body></html>""", encoding="utf-8")
    server, other = serve(evil)
    try:
        with page.expect_response(lambda r: r.url.endswith("/approve")) as response:
            page.goto(other)
        assert response.value.status == 403
        page.get_by_text("不是来自工作台自己的页面").wait_for()
    finally:
        server.shutdown()
    # a script with the right origin but without the page's token
    import urllib.request
    request = urllib.request.Request(f"{base}plans/{PLAN}/edit", data=b"edit=parent&parent=x&version=x",
                                     headers={"Origin": base.rstrip("/")}, method="POST")
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=10)
    assert refused.value.code == 403
    assert _plan_file(project).read_text(encoding="utf-8") == before
    assert "mallory" not in (project / "content" / "agencies" / "shili.yaml").read_text(encoding="utf-8")


def test_the_review_page_works_from_the_keyboard_alone(page, studio):
    project, base = studio
    _import(page, base)
    page.goto(f"{base}plans/{PLAN}")
    # open the (二) units form with Enter on its summary, change a role with the arrow keys, save with Enter
    assert tab_until(page, "el => el.tagName === 'SUMMARY' && el.textContent.includes('（二）的责任单位')", 400)
    page.keyboard.press("Enter")
    assert tab_until(page, "el => el.id && el.id.endsWith('-role-1')", 400)
    page.keyboard.press("ArrowUp")  # 配合 → 负责
    assert tab_until(page, "el => el.tagName === 'BUTTON' && el.textContent.includes('保存责任单位')", 400)
    page.keyboard.press("Enter")
    page.get_by_role("status").get_by_text("已保存").wait_for()
    roles = {u["name"]: u["role"] for u in _task(project, "（二）")["units"]}
    assert roles["县示例测试中心"] == "responsible"
    # the focus is visible: the focused control draws an outline
    assert page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle") != "none" or \
        page.evaluate("() => document.activeElement === document.body")
    # approval from the keyboard
    assert tab_until(page, "el => el.id === 'by'", 400)
    page.keyboard.type("李四")
    page.keyboard.press("Enter")
    page.get_by_text("项待核对事项未处理").first.wait_for()


def test_no_serious_axe_violations(browser, studio):
    if not AXE_JS.exists():
        if os.environ.get("CI"):
            pytest.fail("axe-core is not installed: run `make test`")
        pytest.skip("axe-core is not installed")
    project, base = studio
    context = browser.new_context(locale="zh-CN", bypass_csp=True)  # axe is injected as a script
    page = context.new_page()
    _import(page, base)
    axe = AXE_JS.read_text(encoding="utf-8")
    found = []
    for path in ("", f"plans/{PLAN}", "reports", f"plans/{PLAN}/preview"):
        page.goto(base + path)
        page.add_script_tag(content=axe)
        results = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
        found += [f"{path}: {v['id']} ({v['impact']}): {v['help']} at {n['target']}" for v in results["violations"]
                  if v["impact"] in ("serious", "critical") for n in v["nodes"]]
    context.close()
    assert found == [], "\n".join(found)


def test_two_tabs_saving_the_same_plan(page, studio):
    project, base = studio
    _import(page, base)
    second = page.context.new_page()
    second.goto(f"{base}plans/{PLAN}")
    # the first tab sets the parent jurisdiction
    page.get_by_label("上级行政区", exact=True).fill("某省某市")
    page.locator("#parent").get_by_role("button", name="保存").click()
    page.get_by_role("status").get_by_text("已保存").wait_for()
    # the second tab, opened before, sets it too: told the file changed, shown the difference, input kept
    second.get_by_label("上级行政区", exact=True).fill("另一省另一市")
    second.locator("#parent").get_by_role("button", name="保存").click()
    second.get_by_text("在此页面显示之后已被修改").wait_for()
    assert "+  parent: 某省某市" in second.locator("#parent pre").inner_text()
    assert second.get_by_label("上级行政区", exact=True).input_value() == "另一省另一市"
    _shot(second, "conflict")
    agencies = (project / "content" / "agencies" / "shili.yaml").read_text(encoding="utf-8")
    assert "parent: 某省某市" in agencies
    # saved again from the page it was told about, the second tab's input goes in
    second.locator("#parent").get_by_role("button", name="保存").click()
    second.get_by_role("status").get_by_text("已保存").wait_for()
    assert "parent: 另一省另一市" in (project / "content" / "agencies" / "shili.yaml").read_text(encoding="utf-8")
    second.close()


def test_a_progress_table_through_the_form(page, studio, tmp_path):
    project, base = studio
    table = tmp_path / "阳城县落实情况.csv"
    table.write_text("序号,进展状态,进展情况\n（一）,已完成,已完成排查。\n（二）,滞后,正在推进。\n（九十九）,已完成,无此任务。\n",
                     encoding="utf-8")
    page.set_viewport_size({"width": 1400, "height": 900})
    page.goto(base)
    page.get_by_role("link", name="落实情况").click()
    page.get_by_label("计划", exact=True).select_option("yangcheng-2023")
    # a Chinese file name as an office's files have (a path with one does not reach Chromium's file
    # chooser through Playwright here, so the file is given by name and bytes)
    page.get_by_label("表格（.xlsx 或 .csv）").set_input_files(
        {"name": table.name, "mimeType": "text/csv", "buffer": table.read_bytes()})
    page.get_by_label("报告标识").fill("yangcheng-2023-studio")
    page.get_by_label("报告标题").fill("阳城县落实情况（测试）")
    page.get_by_label("进展截至日期").fill("2023-06-30")
    page.get_by_label("报告的附注").fill("（此件公开发布）")
    page.get_by_role("button", name="匹配各行").click()
    page.get_by_role("heading", name="已对应任务的行（2）").wait_for()
    assert page.get_by_role("cell", name="计划 `yangcheng-2023` 中没有任务 `（九十九）`").is_visible()
    _shot(page, "report")
    page.get_by_label("即使有行未能对应").check()
    page.get_by_role("button", name="保存报告").click()
    page.get_by_role("status").get_by_text("已写入").wait_for()
    report = yaml.safe_load((project / "content" / "reports" / "yangcheng-2023-studio.yaml").read_text(encoding="utf-8"))
    assert [e["task"] for e in report["entries"]] == ["（一）", "（二）"]
