"""`journeymap site` and `journeymap serve`: the portfolio of a repository's maps as a static site.

    entry.py     one map as the small, JSON-ready value every page is made from (a MapEntry)
    places.py    where every page, diagram and asset of the site goes: the one place for its paths
    build.py     check, lint and draw each map (in worker processes), then the pages over all entries
    cache.py     what the last build saw, so that a rebuild redraws and rewrites only what changed
    pages.py     the Jinja2 templates (templates/) filled from entries; every string is escaped there
    portfolio.py the views across maps: pain points, opportunities, metrics, reviews, personas
    serve.py     the local preview: a server on 127.0.0.1 that rebuilds on a save and reloads the page

Nothing here prints or exits; run.site and run.serve turn a build into events.
"""
