"""Cycles and pairing: the engine, which cycle to pair, cycle files and announcements."""
