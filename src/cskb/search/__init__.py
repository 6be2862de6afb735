"""Full-text search: review documents, the signed index manifest and the whoosh engine."""
