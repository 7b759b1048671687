"""Dossiers (hồ sơ): a citizen's application for one procedure, from draft to returned result."""
