"""`cskb check` and `cskb status`: per-file rules, accountability and the report formats."""
