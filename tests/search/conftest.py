"""Fixtures of the search tests: `skb`, the test KB with the six reviews every search test
starts from (`tests/search/test_search.py`'s `fill`)."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture
def skb(kb: Path) -> Path:
    from tests.search.test_search import fill

    return fill(kb)
