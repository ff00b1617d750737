"""Screens and modal forms, one per file."""
