from nurture.domain.errors import NurtureError


class DataFileError(NurtureError):
    """A data file cannot be read or written. The message names the file and what to do;
    whatever was on disk is left exactly as it was."""


class LockTimeout(DataFileError):
    """Another process held the data directory's lock for too long."""


class WriteError(DataFileError):
    """A file could not be written. ``why`` says what stopped it (the disk is full…) and
    ``todo`` what to do, so a caller can say it in its own words; nothing was changed."""

    def __init__(self, message: str, target: object = None, why: str = "", todo: str = "") -> None:
        super().__init__(message)
        self.target, self.why, self.todo = target, why, todo
