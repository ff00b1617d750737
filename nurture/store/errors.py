from nurture.domain.errors import NurtureError


class DataFileError(NurtureError):
    """A data file cannot be read or written. The message names the file and what to do;
    whatever was on disk is left exactly as it was."""


class LockTimeout(DataFileError):
    """Another process held the data directory's lock for too long."""
