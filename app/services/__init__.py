"""Services: each owns its data and its transactions; the UI calls these, never SQL."""
