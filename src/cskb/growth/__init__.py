"""Growth: the team's competency matrix (`competencies.yaml`), where each member stands
against it from their reviews, self and lead assessments, learning paths for new hires and
the programme's targets. The core returns data; `cli/growth.py`, `cli/stats.py` and the
site show it."""
