"""The editors' review site: a static, self-contained HTML dashboard and article review.

`build_site(corpus, out, today=...)` writes `index.html`, `articles/<id>.html` and
`people/<slug>.html` into one folder that works from disk, offline and without JavaScript.
Jinja2 is imported only when a site is built.
"""

from __future__ import annotations

from toolkit.site.build import SCHEMA, SiteResult, build_site, check_out_dir, person_slug, unit_kind

__all__ = ["SCHEMA", "SiteResult", "build_site", "check_out_dir", "person_slug", "unit_kind"]
