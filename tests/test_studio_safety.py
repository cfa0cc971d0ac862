"""The studio's safety and its edits, through Flask's test client on a copy of the project:
forged requests refused and nothing changed, comments and order surviving a save, undo,
validation as `check` does with the message beside the form, uploads within limits, no
traceback on a page, the document's characters kept by split and merge, progress tables.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from helpers import FIXTURES, make_project

from generator.studio import edits
from generator.studio.app import create_app

BASE = "http://127.0.0.1:8765"
PLAN = "yangcheng-2023"


@pytest.fixture
def project(tmp_path) -> Path:
    return make_project(tmp_path)


@pytest.fixture
def client(project, monkeypatch):
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")  # the office's language
    app = create_app(project / "content")
    return app.test_client()


def _page(client, path: str = f"/plans/{PLAN}") -> tuple[str, str, str]:
    """(page HTML, the session's token, the plan files' version) as the page gives them."""
    html = client.get(path, base_url=BASE).get_data(as_text=True)
    found = re.search(r'name="csrf" value="([^"]+)"', html)
    assert found, html[:2000]
    token = found.group(1)
    version = re.search(r'name="version" value="([^"]+)"', html)
    return html, token, version.group(1) if version else ""


def _post(client, path: str, data: dict, **headers):
    return client.post(path, data=data, base_url=BASE, headers={"Origin": BASE, **headers})


def _files(project: Path) -> dict[str, bytes]:
    return {str(p.relative_to(project)): p.read_bytes() for p in sorted((project / "content").rglob("*")) if p.is_file()}


def test_changing_requests_need_the_token_the_origin_and_the_loopback_host(client, project):
    _html, token, version = _page(client)
    before = _files(project)
    data = {"csrf": token, "version": version, "edit": "parent", "form_id": "parent", "parent": "某省"}
    refused = [
        client.post(f"/plans/{PLAN}/edit", data=data, base_url=BASE),  # neither Origin nor Referer
        _post(client, f"/plans/{PLAN}/edit", data, Origin="http://evil.example"),
        _post(client, f"/plans/{PLAN}/edit", {**data, "csrf": "guessed"}),
        _post(client, f"/plans/{PLAN}/edit", {k: v for k, v in data.items() if k != "csrf"}),
        client.post(f"/plans/{PLAN}/edit", data=data, base_url="http://rebound.example:8765",
                    headers={"Origin": "http://rebound.example:8765"}),  # DNS rebinding
        _post(client, f"/plans/{PLAN}/approve", {"csrf": "x", "by": "x", "confirm": "yes"}),
        _post(client, "/import", {"csrf": "x"}),
    ]
    assert [r.status_code for r in refused] == [403] * len(refused)
    assert all("Traceback" not in r.get_data(as_text=True) for r in refused)
    assert "未作任何改动" in refused[0].get_data(as_text=True)
    assert _files(project) == before
    # the page's own form, from the page: accepted
    done = _post(client, f"/plans/{PLAN}/edit", data, Referer=f"{BASE}/plans/{PLAN}")
    assert done.status_code == 302
    assert "parent: 某省" in (project / "content" / "agencies" / "yangcheng.yaml").read_text(encoding="utf-8")


def test_a_save_keeps_comments_and_order_and_can_be_undone(client, project):
    plan = project / "content" / "plans" / f"{PLAN}.yaml"
    original = "# 审核备注：此文件由人工核对\n" + plan.read_text(encoding="utf-8").replace(
        "header_missing: false", "header_missing: false  # 文件头完整")
    plan.write_text(original, encoding="utf-8")
    _html, token, version = _page(client)
    saved = _post(client, f"/plans/{PLAN}/edit", {"csrf": token, "version": version, "edit": "notice",
                                                   "form_id": "notice-issuer_mark", "field": "issuer_mark",
                                                   "value": "阳城县人民政府办公室文件"})
    assert saved.status_code == 302
    assert "已保存" in client.get(saved.headers["Location"], base_url=BASE).get_data(as_text=True)
    after = plan.read_text(encoding="utf-8")
    changed = [(a, b) for a, b in zip(original.splitlines(), after.splitlines()) if a != b]
    assert changed == [("  issuer_mark: null", "  issuer_mark: 阳城县人民政府办公室文件")]
    assert len(original.splitlines()) == len(after.splitlines())
    html, token, _version = _page(client)
    entry = re.search(r'name="entry" value="([^"]+)"', html).group(1)
    undone = _post(client, f"/plans/{PLAN}/undo", {"csrf": token, "entry": entry})
    assert undone.status_code == 302
    assert plan.read_text(encoding="utf-8") == original


def test_a_save_check_refuses_is_not_written_and_the_problem_is_shown_beside_the_form(client, project):
    plan = project / "content" / "plans" / f"{PLAN}.yaml"
    before = _files(project)
    _html, token, version = _page(client)
    path = "sections.0.tasks.0"
    response = _post(client, f"/plans/{PLAN}/edit", {
        "csrf": token, "version": version, "edit": "units", "form_id": "body-sections-0-tasks-0-units",
        "path": path, "name": "县不存在局", "role": "lead"})
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    form = html.split('id="body-sections-0-tasks-0-units"', 1)[1].split("</form>", 1)[0]
    assert 'class="problem"' in form and "县不存在局" in form and re.search(r"content/plans/yangcheng-2023\.yaml:\d+", form)
    assert re.search("[\u4e00-\u9fff]{6}", form.split('class="problem"', 1)[1])
    assert _files(project) == before
    # a value that is no number: said in Chinese, nothing written
    response = _post(client, f"/plans/{PLAN}/edit", {
        "csrf": token, "version": version, "edit": "target", "form_id": "body-sections-0-tasks-1-target-0",
        "path": "sections.0.tasks.1",
        "target": "0", "value": "九十一", "unit": "%"})
    assert response.status_code == 422 and "不是数字" in response.get_data(as_text=True)
    assert plan.read_bytes() == before[f"content/plans/{PLAN}.yaml"]


def test_paths_outside_the_plan_or_the_content_folder_are_refused(client, project):
    before = _files(project)
    _html, token, version = _page(client)
    for path in ("../../etc", "sections.0.tasks.0.__class__.0", "sections.99.tasks.0", ""):
        response = _post(client, f"/plans/{PLAN}/edit", {"csrf": token, "version": version, "edit": "note",
                                                          "form_id": "x", "path": path, "note": ""})
        assert response.status_code == 422, path
    assert _post(client, f"/plans/{PLAN}/undo", {"csrf": token, "entry": "../../plans/x.yaml"}).status_code == 404
    assert client.get("/theme/..%2F..%2Fcontent%2Fplans%2Fyangcheng-2023.yaml", base_url=BASE).status_code == 404
    assert client.get("/plans/..%2F..%2Fetc", base_url=BASE).status_code == 404
    assert _files(project) == before


def test_uploads_have_the_importers_limits_and_its_refusals_in_chinese(client, project):
    before = _files(project)
    _html, token, _version = _page(client, "/")
    with (FIXTURES / "import" / "not_a_notice.txt").open("rb") as notice:
        response = _post(client, "/import", {"csrf": token, "notice": (notice, "不是通知.txt")})
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and "不是通知.txt" in html and "不是工作计划" in html
    assert "/tmp" not in html and "Traceback" not in html
    client.application.config["MAX_CONTENT_LENGTH"] = 1000  # as a 60 MB file meets the 51 MB limit
    response = _post(client, "/import", {"csrf": token, "notice": (__import__("io").BytesIO(b"x" * 5000), "大.pdf")})
    assert response.status_code == 413 and "超过导入程序可读取的大小" in response.get_data(as_text=True)
    assert _files(project) == before


def test_no_traceback_reaches_the_page(client, monkeypatch):
    from generator.studio import views

    def broken(*_args, **_kwargs):
        raise RuntimeError("secret internals /etc/passwd")

    monkeypatch.setattr(views.gate, "select", broken)
    response = client.get("/", base_url=BASE)
    html = response.get_data(as_text=True)
    assert response.status_code == 500
    assert "Traceback" not in html and "secret internals" not in html and "工作台处理此请求时出错" in html


def test_split_and_merge_keep_the_documents_characters():
    text = """sections:
  - label: 一、
    tasks:
      - label: （一）
        text: 加强监管。1.开展抽检，合格率达到98%。
        note: （县市场监管局）
        units:
          - name: 县市场监管局
            role: responsible
        targets:
          - text: 合格率达到98%
            value: 98
            unit: '%'
"""
    document = edits.load(text)
    whole = "（一）加强监管。1.开展抽检，合格率达到98%。（县市场监管局）"

    def printed(doc) -> str:
        return "".join(t["label"] + (t["text"] or "") + (t.get("note") or "") for t in doc["sections"][0]["tasks"])

    assert edits.split_task(document, "sections.0.tasks.0", "1.开展抽检") == "1."
    tasks = document["sections"][0]["tasks"]
    assert [t["label"] for t in tasks] == ["（一）", "1."] and printed(document) == whole
    assert tasks[1]["units"][0]["name"] == "县市场监管局" and tasks[1]["targets"][0]["value"] == 98
    with pytest.raises(edits.EditProblem):
        edits.split_task(document, "sections.0.tasks.1", "合格率")  # no number starts the words
    edits.merge_with_next(document, "sections.0.tasks.0")
    assert printed(document) == whole and len(document["sections"][0]["tasks"]) == 1
    edits.move_note(document, "sections.0.tasks.0", len("加强监管。1.开展抽检，合格率达到98%。（县"))
    assert printed(document) == whole and document["sections"][0]["tasks"][0]["note"] == "市场监管局）"
    assert yaml.safe_load(edits.dump(document))["sections"][0]["tasks"][0]["targets"][0]["unit"] == "%"


def test_a_progress_table_is_matched_shown_and_saved_as_import_report_does(client, project, tmp_path):
    table = tmp_path / "落实情况.csv"
    table.write_text("序号,进展状态,进展情况\n（一）,已完成,已完成排查。\n（二）,滞后,正在推进。\n（九十九）,已完成,无此任务。\n",
                     encoding="utf-8")
    _html, token, _version = _page(client, "/reports")
    form = {"csrf": token, "plan": PLAN, "id": "yangcheng-2023-studio", "title": "阳城县落实情况（测试）",
            "as_of": "2023-06-30", "annotation": "（此件公开发布）"}
    with table.open("rb") as handle:
        response = _post(client, "/reports", {**form, "table": (handle, table.name), "save": "no"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "已对应任务的行（2）" in html and "未能对应的行（1）" in html and "（九十九）" in html
    key = re.search(r'name="key" value="([^"]+)"', html).group(1)
    target = project / "content" / "reports" / "yangcheng-2023-studio.yaml"
    refused = _post(client, "/reports", {**form, "key": key, "save": "yes"})
    assert refused.status_code == 422 and not target.exists()
    saved = _post(client, "/reports", {**form, "key": key, "save": "yes", "keep_matched": "yes"})
    assert saved.status_code == 302
    data = yaml.safe_load(target.read_text(encoding="utf-8"))
    assert [e["status"] for e in data["entries"]] == ["done", "behind"] and data["plan"] == PLAN
    # the save can be undone from the plan's page: the report file goes
    html, token, _version = _page(client)
    entry = re.search(r'name="entry" value="([^"]+)"', html).group(1)
    assert _post(client, f"/plans/{PLAN}/undo", {"csrf": token, "entry": entry}).status_code == 302
    assert not target.exists()


def test_approval_records_what_the_page_showed_and_refuses_a_plan_changed_since(client, project):
    plan = project / "content" / "plans" / f"{PLAN}.yaml"
    html, token, _version = _page(client)
    shown = re.search(r'name="fingerprint" value="([0-9a-f]{16})"', html).group(1)
    text = plan.read_text(encoding="utf-8")
    plan.write_text(text.replace("强化产地环境治理。", "强化产地环境治理（改）。", 1), encoding="utf-8")  # another editor
    response = _post(client, f"/plans/{PLAN}/approve", {"csrf": token, "fingerprint": shown, "by": "张三",
                                                          "confirm": "yes"})
    assert response.status_code == 409 and shown in response.get_data(as_text=True)
    assert "approval:" not in plan.read_text(encoding="utf-8")
    html, token, _version = _page(client)
    now = re.search(r'name="fingerprint" value="([0-9a-f]{16})"', html).group(1)
    response = _post(client, f"/plans/{PLAN}/approve", {"csrf": token, "fingerprint": now, "by": "张三",
                                                          "confirm": "yes"})
    assert response.status_code == 302 and "/preview" in response.headers["Location"]
    approval = yaml.safe_load(plan.read_text(encoding="utf-8"))["approval"]
    assert approval["by"] == "张三" and approval["fingerprint"] == now
    # an approval is undone like a save
    html, token, _version = _page(client)
    entry = re.search(r'name="entry" value="([^"]+)"', html).group(1)
    assert _post(client, f"/plans/{PLAN}/undo", {"csrf": token, "entry": entry}).status_code == 302
    assert "approval:" not in plan.read_text(encoding="utf-8")


def test_a_pdf_is_shown_page_by_page_and_a_new_unit_merged_into_a_known_one(client, project):
    _html, token, _version = _page(client, "/")
    with (FIXTURES / "import" / "printed-chromium.pdf").open("rb") as notice:
        response = _post(client, "/import", {"csrf": token, "notice": (notice, "printed.pdf")})
    assert response.status_code == 302, response.get_data(as_text=True)[-3000:]
    html = client.get(response.headers["Location"], base_url=BASE).get_data(as_text=True)
    pages = re.findall(r"<h3>第 (\d+) 页</h3>", html)
    assert pages[:2] == ["1", "2"], pages
    plan_id = response.headers["Location"].rsplit("/", 1)[1]
    agencies_file = next(p for p in (project / "content" / "agencies").glob("*.yaml")
                         if "draft: true" in p.read_text(encoding="utf-8"))
    data = yaml.safe_load(agencies_file.read_text(encoding="utf-8"))
    drafts = [i for i, u in enumerate(data["units"]) if u["draft"]]
    known = next(i for i, u in enumerate(data["units"]) if i != drafts[0])
    html, token, version = _page(client, f"/plans/{plan_id}")
    name, into = data["units"][drafts[0]]["name"], data["units"][known]["name"]
    response = _post(client, f"/plans/{plan_id}/edit", {"csrf": token, "version": version, "edit": "merge-unit",
                                                         "form_id": f"merge-{drafts[0]}", "unit": str(drafts[0]),
                                                         "into": str(known)})
    assert response.status_code == 302, response.get_data(as_text=True)[-3000:]
    after = yaml.safe_load(agencies_file.read_text(encoding="utf-8"))
    target = next(u for u in after["units"] if u["name"] == into)
    assert name in target["aliases"] and all(u["name"] != name for u in after["units"])


def test_the_studio_speaks_english_in_an_english_locale(project, monkeypatch):
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    client = create_app(project / "content").test_client()
    html = client.get(f"/plans/{PLAN}", base_url=BASE).get_data(as_text=True)
    assert '<html lang="en">' in html and "Approve for publication" in html and "Reviewer" in html
    assert "审核通过" not in html


def test_importing_a_corrected_plan_again_is_refused_unless_replace_is_ticked(client, project):
    notice = FIXTURES / "import" / "public_notice.txt"
    _html, token, _version = _page(client, "/")

    def upload(**extra):
        with notice.open("rb") as handle:
            return _post(client, "/import", {"csrf": token, "notice": (handle, notice.name), **extra})

    assert upload().status_code == 302
    plan = project / "content" / "plans" / "shili-2024.yaml"
    plan.write_text(plan.read_text(encoding="utf-8").replace("issuer_mark: 示例县人民政府办公室文件",
                                                             "issuer_mark: 示例县文件"), encoding="utf-8")
    corrected = plan.read_text(encoding="utf-8")
    refused = upload()
    assert refused.status_code == 422 and "notice.issuer_mark" in refused.get_data(as_text=True)
    assert plan.read_text(encoding="utf-8") == corrected
    assert upload(replace="yes").status_code == 302
    assert "issuer_mark: 示例县人民政府办公室文件" in plan.read_text(encoding="utf-8")


def test_the_content_read_again_after_changes_is_what_read_content_reads(project):
    from generator.loading import ContentErrors, read_content
    from generator.studio.store import Store

    content = project / "content"
    store = Store(content)

    def same() -> None:
        fresh = read_content(content)
        kept = store.raw()
        for kind in ("plans", "agencies", "reports"):
            assert [(f.display, f.entry, f.lines) for f in getattr(kept, kind)] == \
                   [(f.display, f.entry, f.lines) for f in getattr(fresh, kind)], kind

    same()
    plan = content / "plans" / f"{PLAN}.yaml"
    plan.write_text(plan.read_text(encoding="utf-8").replace("强化产地环境治理。", "强化产地环境治理（改）。", 1),
                    encoding="utf-8")
    same()
    copy = content / "plans" / "yangcheng-2099.yaml"
    copy.write_text(plan.read_text(encoding="utf-8").replace(f"id: {PLAN}", "id: yangcheng-2099"), encoding="utf-8")
    same()
    copy.unlink()
    same()
    plan.write_text(plan.read_text(encoding="utf-8") + "oops: [\n", encoding="utf-8")
    with pytest.raises(ContentErrors) as fresh:
        read_content(content)
    with pytest.raises(ContentErrors) as kept:
        store.raw()
    assert kept.value.errors == fresh.value.errors


def test_the_task_forms_merge_split_set_themes_and_targets(client, project):
    plan = project / "content" / "plans" / f"{PLAN}.yaml"

    def post(**fields) -> None:
        _html, token, version = _page(client)
        response = _post(client, f"/plans/{PLAN}/edit", {"csrf": token, "version": version, "form_id": "x", **fields})
        assert response.status_code == 302, re.findall(r'id="summary">(.*?)</div>', response.get_data(as_text=True), re.S)

    def tasks() -> list[dict]:
        return yaml.safe_load(plan.read_text(encoding="utf-8"))["sections"][0]["tasks"]

    def printed() -> str:
        return "".join(t["label"] + (t.get("text") or "") + (t.get("note") or "") for t in tasks())

    before = printed()
    labels = [t["label"] for t in tasks()]
    post(edit="merge", path="sections.0.tasks.0", label="（一）")
    assert [t["label"] for t in tasks()] == labels[:1] + labels[2:] and printed() == before
    post(edit="split", path="sections.0.tasks.0", words="（二）组织落实耕地分类管理制度")
    assert [t["label"] for t in tasks()] == labels and printed() == before
    assert tasks()[1]["targets"][0]["value"] == 91  # the target went with its words
    post(edit="themes", path="sections.0.tasks.0", label="（一）", **{"theme-campus": "add",
                                                                       "theme-food-waste": "remove"})
    assert tasks()[0]["themes"] == {"add": ["campus"], "remove": ["food-waste"]}
    post(edit="target", path="sections.0.tasks.1", target="0", value="92.5", unit="%", label="（二）",
         comparison="at-most")
    assert tasks()[1]["targets"][0]["value"] == 92.5 and tasks()[1]["targets"][0]["comparison"] == "at-most"
    assert 'name="comparison"' in _page(client)[0]  # the schema has it since targets carry one


def test_content_with_problems_is_shown_as_check_shows_it(client, project):
    plan = project / "content" / "plans" / f"{PLAN}.yaml"
    plan.write_text(plan.read_text(encoding="utf-8").replace("  start: 2023", "  start: 二〇二三", 1), encoding="utf-8")
    for path in ("/", f"/plans/{PLAN}", "/reports"):
        response = client.get(path, base_url=BASE)
        html = response.get_data(as_text=True)
        assert response.status_code == 500 and "content/plans/yangcheng-2023.yaml:" in html, path
        assert "period.start" in html and "Traceback" not in html


def test_the_command_refuses_what_it_cannot_serve(tmp_path):
    import socket
    import subprocess
    import sys

    def studio(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "generator", "studio", "--no-browser", *args], cwd=tmp_path,
                              capture_output=True, text=True, timeout=60)

    missing = studio("--content", "nowhere")
    assert missing.returncode == 2 and "nowhere" in missing.stderr and "--content" in missing.stderr
    project = make_project(tmp_path / "p")
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        busy = studio("--content", str(project / "content"), "--port", str(taken.getsockname()[1]))
    assert busy.returncode == 2 and "--port" in busy.stderr and "Traceback" not in busy.stderr


def test_a_progress_table_over_the_importers_limit_is_refused_by_its_own_name(client, project):
    _html, token, _version = _page(client, "/reports")
    big = b"\xe5\xba\x8f\xe5\x8f\xb7,\xe7\x8a\xb6\xe6\x80\x81,\xe8\xbf\x9b\xe5\xb1\x95\xe6\x83\x85\xe5\x86\xb5\n" + b"x" * (6 * 1024 * 1024)
    response = _post(client, "/reports", {"csrf": token, "plan": PLAN, "id": "yangcheng-2023-big", "title": "大表",
                                          "as_of": "2023-06-30", "table": (__import__("io").BytesIO(big), "落实情况.csv")})
    html = response.get_data(as_text=True)
    problem = html.split('class="problem"', 1)[1].split("</ul>", 1)[0]
    assert response.status_code == 422 and "落实情况.csv" in problem and "/tmp" not in html
    assert 'name="key"' not in html  # a refused table is not kept for Save
    assert not (project / "content" / "reports" / "yangcheng-2023-big.yaml").exists()
