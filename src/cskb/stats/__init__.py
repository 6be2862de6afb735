"""The programme's figures (participation, scores, latency, coverage, topics), computed from
the KB's files as dataclasses; shared by `cskb stats` and the static site."""
