"""One client per delivery channel. Each takes a claimed outbox row and returns an `Outcome`."""
