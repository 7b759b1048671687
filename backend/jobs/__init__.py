"""Periodic and deferred work on Procrastinate (docs/architecture.md, "Background jobs")."""
