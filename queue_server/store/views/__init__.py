"""Read models: the contract's JSON objects (Ticket, Window, Service, Hall, board, device fault),
shaped here and nowhere else. Every function reads through the connection it is given."""
