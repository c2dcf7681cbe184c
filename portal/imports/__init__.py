"""Bringing a council's record in from another committee system (ModernGov), and the runs that did it."""
