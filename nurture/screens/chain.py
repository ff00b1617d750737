"""A referral chain as a tree: who introduced whom, from the first introducer down, with the
contact you came from highlighted. Enter opens a person on the dashboard."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.binding import Binding
from textual.widgets import Static, Tree

from nurture.domain.models import Contact
from nurture.domain.network import Network
from nurture.domain.referrals import chain
from nurture.domain.wording import count
from nurture.screens.base import NurtureScreen
from nurture.widgets.screen_text import screen_text

HINT = (
    "Who introduced whom. When you meet someone a contact suggested, report back to that "
    "contact: the queue reminds you."
)


class ChainScreen(NurtureScreen[str | None]):
    """Dismisses with the id of a contact to open, or None."""

    DEFAULT_CSS = """
    ChainScreen #chain-hint { padding: 0 1; color: $text-muted; background: $boost; }
    ChainScreen Tree { border: round $accent; border-title-color: $accent; padding: 0 1; }
    ChainScreen #chain-alone { padding: 1 2; color: $text-muted; display: none; }
    ChainScreen #chain-alone.-shown { display: block; }
    """
    BINDINGS = [
        Binding("o", "open", "Open contact"),  # enter too, through the tree's NodeSelected
    ]
    BACK = ("escape,R", "Back")

    def __init__(self, network: Network, contact_id: str) -> None:
        super().__init__()
        self.network = network
        self.contact_id = contact_id
        self.root = chain(network, contact_id)

    def body(self):
        yield Static(HINT, id="chain-hint", markup=False)
        tree: Tree[str] = Tree(self._label(self.root.contact), data=self.root.contact.id, id="chain")
        tree.auto_expand = False
        yield tree
        yield Static(id="chain-alone", markup=False)

    def on_mount(self) -> None:
        tree = self.query_one(Tree)
        start = tree.root
        stack = [(tree.root, self.root)]
        while stack:
            branch, node = stack.pop()
            for child in node.children:
                leaf = branch.add(
                    self._label(child.contact), data=child.contact.id, expand=True, allow_expand=bool(child.children)
                )
                if child.contact.id == self.contact_id:
                    start = leaf
                stack.append((leaf, child))
        tree.root.expand_all()
        tree.border_title = f"Referral chain · {count(self.root.size(), 'person', 'people')}"
        tree.focus()
        self.call_after_refresh(tree.move_cursor, start)  # once the expanded lines exist
        if not self.root.children:
            name = screen_text(self.root.contact.name)
            alone = self.query_one("#chain-alone", Static)
            alone.update(
                f"Nobody introduced {name}, and {name} has not introduced anyone yet. "
                "Ask at the end of each conversation: “Is there anyone else you'd suggest I speak "
                "with?”. In meeting mode, ctrl+r writes down who."
            )
            alone.add_class("-shown")

    def _label(self, contact: Contact) -> Text:
        here = contact.id == self.contact_id
        text = Text(screen_text(contact.name), style="bold" if here else "")
        text.append(f"  {self.network.stage(contact, self.today)}", style="dim")
        where = screen_text(contact.where)
        if where:
            text.append(f" · {where}", style="dim")
        if contact.archived:
            text.append(" (archived)", style="dim italic")
        if here:
            text.append("  ◀ here", style="italic")
        return text

    @on(Tree.NodeSelected)
    def _selected(self, event: Tree.NodeSelected) -> None:
        self.dismiss(event.node.data)

    def action_open(self) -> None:
        node = self.query_one(Tree).cursor_node
        if node is not None:
            self.dismiss(node.data)
