"""Calibration sessions: several reviewers score the same call, one result becomes the
benchmark, and everyone sees how far they are from it and from each other."""
