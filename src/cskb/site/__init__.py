"""The static website `cskb site` builds: pages prepared as data (`pages.py`, `library.py`,
`members.py`), SVG chart geometry (`charts.py`), Jinja2 templates and assets shipped in this
package, Markdown through `markdown.py`, search through `pagefind.py`."""
