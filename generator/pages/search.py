"""The search page (search/index.md): the form, the filters and the results element; the
index it reads is search_index.py's, whose shard count the page carries so that search.js
fetches the shards beside the index's meta file."""

from __future__ import annotations

from .. import search_index, urls
from ..site import Site
from .render import page


def build(site: Site) -> dict[str, str]:
    index = search_index.FOLDER.removeprefix(urls.SEARCH)
    shards = search_index.shard_count(site.search_index)
    path, text = page(site, urls.SEARCH, "search.html", "搜索", search={"index": index, "shards": shards})
    return {path: text}
