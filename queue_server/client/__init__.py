"""The one Qt-free client of the HTTP contract (queue_server/api/CONTRACT.md).

It knows only the contract, never the server's code. `http` is the only module that sends
requests; `errors` is the error tree; `models` the typed objects; `sse` the event parser and
`stream` the follower of a live stream; `kiosk`, `clerk` and `board` the calls each program
makes; `discovery` the server address and the demo tokens.
"""
