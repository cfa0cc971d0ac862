"""The plans index as a document finder (like 国务院政策文件库): one row of facts per shown plan.

The rows go into the plans page as JSON; theme/assets/plans-finder.js filters them by
jurisdiction, 发文机关, year, 文号, 有效性 and 公开属性 and sorts them by date. Built from
`site.content`, so the public page lists public plans only.
"""

from __future__ import annotations

from .. import urls
from ..model import Plan


def row(plan: Plan, link: str) -> dict:
    n = plan.notice
    validity = getattr(plan, "validity", None) or getattr(n, "validity", None)  # 有效性: not in the model yet
    return {
        "title": plan.display_title, "url": link, "j": plan.jurisdiction.name,
        "issuer": n.signatory or n.issuer_mark or "", "number": n.doc_number or "",
        "date": plan.date.isoformat() if plan.date else "",
        "years": list(range(plan.period[0], plan.period[1] + 1)) if plan.period else [],
        "disclosure": plan.disclosure.status.label, "validity": str(validity) if validity else "",
        "tasks": plan.task_count,
    }


def rows(plans: list[Plan]) -> list[dict]:
    return [row(p, urls.relative(urls.PLANS, urls.plan(p))) for p in plans]
