"""The package: the coaching loop.

It owns what happens after a review is complete: the reviewee's response (acknowledgement,
disputed scores) and the reviewer's or a lead's resolution, each kept in its author's own
file next to the review (`responses.py`); the scores a resolution changes (`scores.py`);
who still owes an answer (`owed.py`, also read by the round's reminders); the goals a
review sets and their follow-up in the next review (`goals.py`, `followup.py`); and the
review, list and status views with that state (`views.py`).
"""
