"""What a search costs before it searches: the shortcuts taken for start-up keep their answers."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from cskb.adapters import fsio
from cskb.reviews.sections import UNSPACED, spaced_words, word_count
from cskb.search.analysis import _unspaced_char
from cskb.search.normalise import normalise


def test_unspaced_test_is_the_class():
    cls = re.compile(f"[{UNSPACED}]")
    for code in range(0x10000):
        ch = chr(code)
        assert _unspaced_char(ch) == bool(cls.match(ch)), hex(code)


def test_lazy_word_patterns_answer_as_before():
    text = "Onboarding 流程 and データ戦略, กลยุทธ์ ok_1"
    assert spaced_words(text) == re.findall(f"[^\\W{UNSPACED}]+", text)
    assert word_count(text) == 3 + 1 + 2 + 3
    assert normalise("データー") == "データ" and normalise("ｻｰﾊﾞｰ") == "サーバ"


def test_read_bytes_reads_whole_files_of_any_size(tmp_path: Path):
    for size in (0, 1, (1 << 16) - 1, 1 << 16, (1 << 20) + 3, 3 * (1 << 20) + 1):
        path = tmp_path / f"f{size}"
        data = bytes(range(256)) * (size // 256) + b"x" * (size % 256)
        path.write_bytes(data)
        assert fsio.read_bytes(path) == data
        assert fsio.read_bytes(path, limit=size) == data


def test_a_search_imports_neither_yaml_nor_whoosh_word_lists(skb: Path):
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from cskb.kb.layout import open_kb\n"
        "from cskb.search.api import Filters\n"
        "from cskb.search.index import search\n"
        "kb = open_kb(Path(sys.argv[1]))\n"
        "search(kb, 'x', Filters(), 10)\n"  # builds the index: reads reviews (YAML)
        "import json\n"
        "print(json.dumps([m for m in ('yaml', 'whoosh.lang.morph_en') if m in sys.modules]))\n"
    )
    first = subprocess.run([sys.executable, "-c", code, str(skb)], capture_output=True, text=True)
    assert first.returncode == 0, first.stderr
    assert "yaml" in first.stdout  # the build parsed the reviews
    again = subprocess.run(
        [sys.executable, "-c", code.replace("'x'", "'agenda'"), str(skb)],
        capture_output=True,
        text=True,
    )
    assert again.returncode == 0, again.stderr
    assert again.stdout.strip() == "[]"  # nothing changed: no review is parsed
