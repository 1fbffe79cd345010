"""Offline-first sync with the central PostgreSQL database (issue 8): the outbox first."""
