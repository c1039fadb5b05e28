"""The kiosk's Qt screens: thin widgets over kiosk.session, a theme and the text catalogue."""
