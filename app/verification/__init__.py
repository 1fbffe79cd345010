"""Caller verification: establishing that the person on the line is the citizen whose account the
operator is about to touch (documents, security answer, one-time SMS code) and to what level."""
