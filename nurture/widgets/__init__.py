"""Reusable widgets. Each announces what happened with its own Message; screens decide."""
