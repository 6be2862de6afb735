"""The knowledge base itself: finding it, creating it, its roster and who the current member is, and the demo KB."""
