"""Operations metrics in the Prometheus text format (docs/operations.md)."""
