"""Web pages queue-server serves itself: the citizen's phone pages, the window's pad."""
