"""Supervisor reports: figures computed in the database."""
