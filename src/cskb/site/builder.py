"""`cskb site`: build the static website into a folder, atomically and without losing files.

The site is written into a fresh folder beside OUT and swapped in at the end. OUT is only
ever replaced when it is new, empty or exactly the site cskb built there last (proved by the
manifest in the state folder, see output.py); anything else is refused before a byte is
written, so nothing a user keeps there is deleted. A file-system problem on the way (a full
disk, a name too long) is one line, and the half-built folder is removed.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import tempfile
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from cskb.adapters import fsio
from cskb.kb.layout import Kb
from cskb.site import context as sc
from cskb.site import output
from cskb.site.dashboard import dashboard_pages, search_pages
from cskb.site.library import best_pages, cycle_pages, index_pages, review_pages
from cskb.site.members import member_pages
from cskb.site.searchdata import SearchIndex, build_files
from cskb.site.templating import render
from cskb.stats.data import load_kb_data
from cskb.stats.summary import compute_figures

ASSETS = ("site.css", "search.js")

# The site's own pages, in build order; other packages append theirs to sc.PAGE_BUILDERS.
CORE_BUILDERS: list[sc.PageBuilder] = [
    dashboard_pages,
    best_pages,
    review_pages,
    index_pages,
    cycle_pages,
    member_pages,
    search_pages,
]


@dataclass(frozen=True)
class SiteResult:
    out: Path
    pages: int
    reviews: int
    drafts_included: bool
    search: SearchIndex
    commit: str | None
    unreadable: tuple[str, ...]
    left_behind: Path | None = None

    def as_dict(self) -> dict[str, object]:
        return {
            "path": str(self.out),
            "index": str(self.out / "index.html"),
            "pages": self.pages,
            "reviews": self.reviews,
            "drafts_included": self.drafts_included,
            "search": self.search.ok,
            "search_message": self.search.message,
            "commit": self.commit,
            "unreadable": list(self.unreadable),
            "left_behind": str(self.left_behind) if self.left_behind else None,
        }


def build_site(
    kb: Kb, out: Path, today: dt.date, include_drafts: bool = False, use_cache: bool = True
) -> SiteResult:
    """Build every page, copy the assets, index the library for search, swap it into OUT."""
    real = output.resolve_out(kb, out)
    previous = output.check_replaceable(kb, real, out)
    data = load_kb_data(kb, today, use_cache=use_cache)
    figures = compute_figures(data)
    shown = tuple(r for r in data.reviews if include_drafts or r.complete)
    ctx = sc.SiteContext(data, figures, shown, include_drafts, today.isoformat(), kb=kb)
    tmp: Path | None = None
    try:
        real.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=".cskb-site-", dir=real.parent))
        count = _write_pages(ctx, tmp, kb.root.name)
        search = _write_search_data(kb, ctx, tmp)
        for name in ASSETS:
            data_bytes = resources.files("cskb.site").joinpath("assets", name).read_bytes()
            (tmp / "assets").mkdir(exist_ok=True)
            (tmp / "assets" / name).write_bytes(data_bytes)
        (tmp / ".nojekyll").write_text("")  # GitHub Pages: serve folders starting with _ as-is
        os.chmod(tmp, 0o777 & ~fsio.umask())
        output.save_manifest(kb, real, output.listing(tmp), tmp)
        try:
            left = output.swap(tmp, real, previous)
        except BaseException:
            output.restore_manifest(kb, real, previous)
            raise
        tmp = None
    except OSError as exc:
        raise fsio.os_problem(out, exc, "building the site") from None
    finally:
        if tmp is not None:
            shutil.rmtree(tmp, ignore_errors=True)
    return SiteResult(
        real, count, len(shown), include_drafts, search, data.commit, data.unreadable, left
    )


def _load_extensions() -> None:
    import importlib

    for name in sc.EXTENSION_MODULES:
        importlib.import_module(name)


def _write_pages(ctx: sc.SiteContext, root: Path, kb_name: str) -> int:
    _load_extensions()
    for hook in sc.CONTEXT_HOOKS:
        hook(ctx)
    count = 0
    seen: set[str] = set()
    for builder in [*CORE_BUILDERS, *sc.PAGE_BUILDERS]:
        for page in builder(ctx):
            if page.path in seen:
                continue
            seen.add(page.path)
            html = render(
                page.template,
                root=sc.rel_root(page.path),
                page=page,
                nav=sc.NAV,
                site={
                    "name": kb_name,
                    "built": ctx.built,
                    "commit": (ctx.data.commit or "")[:12],
                    "drafts": ctx.include_drafts,
                },
                **page.context,
            )
            target = root / page.path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(html, encoding="utf-8")
            count += 1
    return count


def _write_search_data(kb: Kb, ctx: sc.SiteContext, root: Path) -> SearchIndex:
    """cskb's own search index of the published reviews (searchdata.py)."""
    from cskb.search.analysis import analyzer
    from cskb.search.documents import boilerplate

    pages = [(ctx.review_path(r), r) for r in ctx.reviews]
    files = build_files(analyzer(kb.config.search.languages), pages, boilerplate(kb.root))
    for rel, data in files.items():
        target = root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    return SearchIndex(True, f"search index built over {len(pages)} reviews")


def _swap(tmp: Path, out: Path) -> None:
    if out.is_dir():
        old = out.with_name(f".{out.name}.old-{os.getpid()}")
        out.rename(old)
        tmp.rename(out)
        shutil.rmtree(old, ignore_errors=True)
    else:
        tmp.rename(out)
