"""Calls, reviews, coffees and tags: the records a cycle produces and how they are written."""
