"""Closing each round: what each person still owes (reminders, by message or direct
message), "did you meet?", members paused for inactivity, and the retro of the programme."""
