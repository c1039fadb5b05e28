"""Exchange with the online appointment platform (网上预约平台): the pull sync job, the outcome
sender, the wire format (PLATFORM.md) and a reference fake platform for tests and the demo.

The exchange writes through the `Bookings` protocol (`sink`), which the Store implements; it
imports nothing of the API, Qt or device drivers."""
