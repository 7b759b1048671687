"""Uploaded files: content checks, normalisation, storage, malware scan, and the citizen's wallet."""
