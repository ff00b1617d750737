"""Target companies: for each, whom you know there (warm: met or nurturing), who is in
progress, or that there is nobody yet. The gaps come first: they are where to look next."""

from __future__ import annotations

from textual import on
from textual.binding import Binding
from textual.widgets import Input, Static
from textual.worker import Worker

from nurture.domain.targets import NONE_YET, WARM, Coverage, clean_target
from nurture.screens.base import NurtureScreen
from nurture.screens.form import FormScreen
from nurture.widgets.field import Field
from nurture.widgets.target_list import TargetList

HINT = (
    "Employers you want to learn about. Warm: someone there you have met. Enter lists everyone "
    "you know there on the dashboard."
)


class TargetForm(FormScreen[str]):
    TITLE = "Add a target company"

    def fields(self) -> list[Field]:
        return [Field("Company", Input(id="target", placeholder="Stripe"), id="f-target")]

    def collect(self, check) -> str:
        return check("f-target", lambda: clean_target(self.query_one("#target", Input).value)) or ""


class TargetsScreen(NurtureScreen[str | None]):
    """Dismisses with a company name to filter the dashboard's contacts by, or None."""

    DEFAULT_CSS = """
    TargetsScreen #targets-hint { padding: 0 1; color: $text-muted; background: $boost; }
    TargetsScreen TargetList { border: round $accent; border-title-color: $accent; }
    """
    BINDINGS = [
        Binding("a", "add", "Add"),
        Binding("x,delete", "remove", "Remove"),
        Binding("o", "open", "Show people"),  # enter too
        Binding("ctrl+z", "undo", "Undo", show=False),
    ]
    BACK = ("escape,T", "Back")

    def body(self):
        yield Static(HINT, id="targets-hint", markup=False)
        yield TargetList(id="targets")

    def on_mount(self) -> None:
        box = self.query_one(TargetList)
        box.border_title = "Target companies"
        box.loading = True
        box.focus()
        self.hold_keys(self.load())  # keys act on what it loads

    def load(self) -> Worker[None]:
        return self.load_in_background(lambda service: service.coverage(), self.show)

    def show(self, found: list[Coverage]) -> None:
        box = self.query_one(TargetList)
        box.loading = False
        keep = box.current.target.id if box.current else None
        ids = [c.target.id for c in found]
        box.set_rows(found, cursor=ids.index(keep) if keep in ids else None)
        warm = sum(c.status == WARM for c in found)
        gaps = sum(c.status == NONE_YET for c in found)
        box.border_title = f"Target companies · {len(found)} · {warm} warm · {gaps} with nobody yet"
        self.refresh_bindings()

    def after_save(self) -> None:
        self.load()

    def selected(self) -> Coverage | None:
        return self.query_one(TargetList).current

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        if action in ("remove", "open"):
            return True if self.selected() is not None else None
        return True

    @on(TargetList.Highlighted)
    def _highlighted(self) -> None:
        self.refresh_bindings()

    def action_add(self) -> None:
        def added(name: str | None) -> None:
            if name:
                self._save(
                    lambda: self.service.add_target(name),
                    lambda t: self._say(f"{t.name} is a target company."),
                    undo=lambda t: f"target {t.name} added",
                )

        self._ask(TargetForm, added)

    def action_remove(self) -> None:
        cov = self.selected()
        if cov is not None:
            self._save(
                lambda: self.service.remove_target(cov.target.id),
                lambda _: self._say(f"{cov.target.name} is no longer a target (its contacts stay)."),
                undo=f"target {cov.target.name} removed",
            )

    @on(TargetList.Chosen)
    def _chosen(self, event: TargetList.Chosen) -> None:
        self.dismiss(event.coverage.target.name)

    def action_open(self) -> None:
        cov = self.selected()
        if cov is not None:
            self.dismiss(cov.target.name)
