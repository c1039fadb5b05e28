"""Web pages queue-server serves itself: the citizen's phone ticket page (and, later, others)."""
