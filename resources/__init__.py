"""Bundled data files: translations, demo data, knowledge base, icons and sounds."""
