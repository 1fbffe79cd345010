"""Portal applications: their numbers as callers dictate them (the rest is in app/services)."""
