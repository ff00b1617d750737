"""Errors the user can act on. Each message names the input and says what to do."""


class NurtureError(Exception):
    """Base for every error shown to the user as a plain message."""


class InputError(NurtureError):
    """Something the user typed cannot be used (bad date, unknown contact, ...)."""
