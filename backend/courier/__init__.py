"""Couriers and visiting officers: pickup codes (QR + short code), scans and the chain of custody."""
