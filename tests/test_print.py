"""A plan printed on paper: no site navigation, every task with the units responsible for it.

Readers print plans to annotate them or file them. With print media, the header, tabs,
sidebars and search box are hidden, and each task of the document, with every unit its note
names, is still on the page.
"""

from __future__ import annotations

import pytest

from generator.loading import load
from helpers import OUTPUT, ROOT

PLAN_ID = "yangcheng-2023"
HIDDEN_WHEN_PRINTED = [".md-header", ".md-tabs", ".md-sidebar--primary", ".md-sidebar--secondary",
                       ".md-search", ".md-footer"]


@pytest.fixture(scope="module")
def plan():
    return next(p for p in load(ROOT / "content").plans if p.id == PLAN_ID)


@pytest.fixture
def printed(page, public_server):
    page.goto(public_server + f"plans/{PLAN_ID}/", wait_until="networkidle")
    page.emulate_media(media="print")
    return page


def test_printed_plan_hides_site_navigation(printed):
    shown = [selector for selector in HIDDEN_WHEN_PRINTED
             if printed.locator(selector).count() and printed.locator(selector).first.is_visible()]
    assert shown == []


def test_printed_plan_keeps_every_task_and_its_units(printed, plan):
    tasks = list(plan.walk_tasks())
    assert len(tasks) > 20
    missing = []
    for task in tasks:
        element = printed.locator(f"[id='{task.id}']")
        if not element.count() or not element.first.is_visible():
            missing.append(f"{task.ref}: not printed")
            continue
        text = element.first.inner_text()
        missing += [f"{task.ref}: {a.name_as_written}" for a in task.assignments if a.name_as_written not in text]
        missing += [f"{task.ref}: text" for s in task.statements if s.text[:20] not in text.replace("\n", "")]
    assert missing == []


def test_printed_plan_makes_a_pdf(printed):
    OUTPUT.mkdir(exist_ok=True)
    path = OUTPUT / f"print-{PLAN_ID}.pdf"
    printed.pdf(path=str(path), format="A4", print_background=False)
    data = path.read_bytes()
    assert data.startswith(b"%PDF") and len(data) > 20_000
