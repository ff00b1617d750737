"""Target companies, and how well the network covers them."""

from __future__ import annotations

from nurture.domain.errors import InputError
from nurture.domain.library import Target
from nurture.domain.models import new_id
from nurture.domain.targets import Coverage, clean_target, company_key, coverage
from nurture.domain.text import printable
from nurture.services.core import Context


class Targets:
    def __init__(self, context: Context) -> None:
        self.context = context

    def targets(self) -> list[Target]:
        return sorted(self.context.repo.targets(), key=lambda t: t.name.casefold())

    def add(self, name: str) -> Target:
        """Add a target company; refuses one that is already a target (legal forms ignored)."""
        repo = self.context.repo
        clean = clean_target(name)
        with repo.locked():
            existing = next((t for t in repo.targets() if company_key(t.name) == company_key(clean)), None)
            if existing is not None:
                raise InputError(f"{printable(existing.name)} is already a target company")
            target = Target(new_id(), clean, self.context.now())
            repo.save_target(target)
        return target

    def remove(self, target_id: str) -> None:
        self.context.repo.delete_target(target_id)

    def coverage(self) -> list[Coverage]:
        return coverage(self.context.network(), self.targets(), self.context.today())
