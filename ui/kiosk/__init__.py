"""The kiosk's Qt side: thin screens over kiosk.session, and the wiring (controller, assembly)."""
