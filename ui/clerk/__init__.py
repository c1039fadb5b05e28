"""hall-clerk: the window clerk's console (call numbers, serve, finish, transfer, pause)."""
