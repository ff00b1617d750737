"""nurture: a terminal dashboard for growing a network through informational interviews."""

__version__ = "0.1.0"
