"""Benchmarks: Stride against its floor (the same SQL run by hand), on SQLite and PostgreSQL.

Run with ``make bench`` (``ARGS=--quick`` for a small scale, ``ARGS=--pg`` for PostgreSQL).
Nothing here is imported by the bot; ``tests/bench`` runs the harness at a toy scale so it
cannot rot.
"""
