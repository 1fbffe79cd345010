"""The knowledge base: articles as files, Russian-aware normalisation, the FTS5 index."""
