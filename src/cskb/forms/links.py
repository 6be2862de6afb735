"""Links that open a form already filled in, and reading one back as the host does.

GitHub opens `<repo>/issues/new?template=<file>` with the form's `input` and `textarea`
fields pre-filled from query parameters named by the fields' ids (and the issue's title
from `title`). cskb builds those links for each obligation (submit your call for cycle X;
review Y's call in cycle X; record the coffee) so a member clicks and only adds what is
theirs to say. `filled_values` is the host's side: what each field holds when the link
opens, so tests can render the body the host would send and parse it back.
"""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import parse_qs, urlencode, urlsplit

from cskb.errors import UsageError
from cskb.forms.spec import DROPDOWN, INPUT, TEXTAREA, Form
from cskb.kb.layout import Kb
from cskb.models import Cycle

PREFILLABLE = (INPUT, TEXTAREA)


def repo_base(repo: str) -> str:
    """`https://github.com/owner/name` from `owner/name` or such a URL; UsageError else."""
    text = repo.strip().rstrip("/").removesuffix(".git")
    if text.startswith(("https://", "http://")):
        parts = urlsplit(text)
        path = parts.path.strip("/")
        base = f"{parts.scheme}://{parts.netloc}"
    else:
        path, base = text, "https://github.com"
    bits = path.split("/")
    if len(bits) != 2 or not all(bits) or any(c in path for c in "?#% \\"):
        raise UsageError(
            f"repository {repo!r} is not owner/name or https://github.com/owner/name; "
            "set [site] repo_url in cskb.toml"
        )
    return f"{base}/{path}"


def form_link(repo: str, form: Form, values: Mapping[str, str], title: str = "") -> str:
    """The link opening `form` with `values` (by field id) filled in; only fields the host
    pre-fills may be given."""
    query = {"template": form.file}
    if title:
        query["title"] = title
    for ident, value in values.items():
        field = form.field(ident)
        if field.kind not in PREFILLABLE:
            raise UsageError(f"the form's {field.label!r} ({field.kind}) cannot be pre-filled")
        if value:
            query[ident] = value
    return f"{repo_base(repo)}/issues/new?{urlencode(query)}"


def filled_values(link: str, form: Form) -> dict[str, str]:
    """What each of `form`'s fields holds when `link` opens it (the host's side): query
    parameters for input and textarea fields, nothing for the others."""
    query = parse_qs(urlsplit(link).query, keep_blank_values=True)
    out: dict[str, str] = {}
    for f in form.fields:
        if f.kind in PREFILLABLE and f.id in query:
            out[f.id] = query[f.id][-1]
        elif f.kind == DROPDOWN:
            out[f.id] = ""
    return out


def obligation_links(kb: Kb, member: str, cycle: Cycle) -> dict[str, str]:
    """The links for what `member` owes in `cycle` (their call, the review they write,
    the coffee), each form filled in; {} when `[site] repo_url` is not set."""
    from cskb.forms.review import review_prefill
    from cskb.forms.spec import all_forms
    from cskb.reviews.scaffold import read_template

    repo = kb.config.site.repo_url
    if not repo:
        return {}
    template, _warning = read_template(kb)
    forms = {f.kind: f for f in all_forms(kb.config, template.body)}
    out = {
        "call": form_link(repo, forms["call"], {"cycle": cycle.id}, forms["call"].title),
        "coffee": form_link(repo, forms["coffee"], {"cycle": cycle.id}, forms["coffee"].title),
    }
    reviewee = cycle.reviewee_of(member)
    if reviewee:
        values = {
            "cycle": cycle.id,
            "reviewee": reviewee,
            "followed": review_prefill(kb, cycle.id, reviewee),
        }
        out["review"] = form_link(repo, forms["review"], values, forms["review"].title)
    return out
