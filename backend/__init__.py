"""MotCua backend: the Litestar app, its settings and one package per domain."""
