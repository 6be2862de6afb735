"""Taking part without a terminal: the git host's issue forms.

This package owns the forms cskb generates from the KB (`spec.py`: which fields, from
`cskb.toml`'s rubric, scales and tag vocabulary and the review template; `issueyaml.py`:
GitHub issue-form YAML under `.github/ISSUE_TEMPLATE/` and the workflow that applies them),
the links that open a form already filled in (`links.py`), and applying a submitted form
(`event.py`: the `issues` event payload and the member GitHub authenticated; `body.py`: the
form body as the host renders it; `apply.py` and `review.py`: the same core calls, with the
same validators and commit messages, as `cskb call submit`, `cskb review new`/`done` and
`cskb coffee done`). Everything in an event is untrusted data: it never reaches a shell, a
YAML document as text, or a file before the whole record validates; a bad one is answered
with a reply (returned as data), never with a partial write.
"""
