"""cskb: a peer call-review programme kept in a git repository of Markdown files."""

__version__ = "0.1.0"
