"""The queue engine: pure rules (states, numbering, dispatch, ETA, issuing rules). No I/O here."""
