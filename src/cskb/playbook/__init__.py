"""The team's playbook: verified best-practice cards under `playbook/`, their verification
states and trust score, the exemplary calls the reviews provide, and reminders."""
