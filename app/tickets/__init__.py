"""The ticket domain: cases the hotline opens for callers, and the numbers dictated to them."""
