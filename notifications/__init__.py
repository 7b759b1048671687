"""Outbox (accept, persist), delivery worker, and channel clients.

Domain code calls `outbox.enqueue(...)` inside the transaction of the change that causes the
message; `notifications.worker` claims and delivers. Channels live in `notifications/clients/`.
"""
