"""The options of the `plans` plugin in mkdocs.yml, typed as MkDocs validates them.

```yaml
plugins:
  - plans:
      review: !ENV [PLANS_REVIEW, false]   # the default: the PLANS_REVIEW variable decides
      review_dir: site-review              # where a review build goes
```

`review_dir` is replaced whole by each review build, so it may not be, hold or lie inside
`site_dir` (the review build would become the public site), lie inside `docs_dir` (the next
public build would copy it), or be, hold or lie inside content/ or theme/, or hold the project.
"""

from __future__ import annotations

import os
from pathlib import Path

from mkdocs.config import base
from mkdocs.config import config_options as c

from .i18n import _
from .site import REVIEW_ENV, OptionError, review_flag


class ReviewFlag(c.BaseConfigOption[bool]):
    """true/false in mkdocs.yml; when not set, the PLANS_REVIEW variable, read strictly."""

    def run_validation(self, value: object) -> bool:
        try:
            if value is None:
                return review_flag(os.environ.get(REVIEW_ENV, ""))
            return review_flag(value, "plugins.plans.review")
        except OptionError as exc:
            raise c.ValidationError(str(exc)) from None


class PlansConfig(base.Config):
    review = ReviewFlag()
    # A review build holds every plan, so it never goes where the public site is built
    # (site_dir): a folder of its own, relative to mkdocs.yml, so it cannot be uploaded by mistake.
    review_dir = c.Type(str, default="site-review")


def _overlap(a: Path, b: Path) -> bool:
    """`a` is `b`, lies inside it or holds it."""
    return a == b or a.is_relative_to(b) or b.is_relative_to(a)


def review_dir_problem(root: Path, review_dir: str, site_dir: Path, docs_dir: Path) -> str | None:
    """Why `review_dir` (relative to `root`, the folder of mkdocs.yml) cannot hold a review build, or None."""
    review = (root / review_dir).resolve()
    site, docs = site_dir.resolve(), docs_dir.resolve()
    if _overlap(review, site):
        return _("plugins.plans.review_dir: {review} is, holds or lies inside site_dir ({site}): a review build "
                 "there would replace the public site with every held plan. Choose a folder of its own beside "
                 "it (the default is site-review)").format(review=review, site=site)
    if _overlap(review, docs):
        return _("plugins.plans.review_dir: {review} is, holds or lies inside docs_dir ({docs}): the next build "
                 "would publish the review build with every held plan. Choose a folder outside it (the default "
                 "is site-review)").format(review=review, docs=docs)
    project = root.resolve()
    for kept in (project, project / "content", project / "theme"):
        if _overlap(review, kept) if kept != project else project.is_relative_to(review):
            return _("plugins.plans.review_dir: {review} is, holds or lies inside {kept}, which a review build "
                     "would replace whole. Choose a folder of its own (the default is site-review)").format(
                review=review, kept=kept)
    return None
