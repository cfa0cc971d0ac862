"""The options of the `plans` plugin in mkdocs.yml, typed as MkDocs validates them.

```yaml
plugins:
  - plans:
      review: !ENV [PLANS_REVIEW, false]   # the default: the PLANS_REVIEW variable decides
      review_dir: site-review              # where a review build goes
```
"""

from __future__ import annotations

import os

from mkdocs.config import base
from mkdocs.config import config_options as c

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
