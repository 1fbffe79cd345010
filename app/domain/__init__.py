"""Domain concepts with no storage or Qt: states, time, and rules about them."""
