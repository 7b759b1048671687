"""Once-only: verified personal data from the national population database, for prefill."""
