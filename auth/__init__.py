"""Identities (citizen, staff, courier), login flows, tokens, guards and the audit log."""
