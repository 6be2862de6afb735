"""The static website `cskb site` builds: `builder.py` writes it; pages are prepared as data
(`context.py`, `dashboard.py`, `library.py`, `members.py`), SVG chart geometry in `charts.py`,
Jinja2 templates and assets shipped in this package (`templating.py`), Markdown through
`markdown.py`, search through its own index (`searchdata.py`, read by `assets/search.js`)."""
