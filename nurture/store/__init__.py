"""Storage: the only package that imports tinydb. Atomic files, a cross-process lock,
schema versions and migrations, backups and private permissions."""

from nurture.store.errors import DataFileError, LockTimeout
from nurture.store.repository import Repository

__all__ = ["DataFileError", "LockTimeout", "Repository"]
