"""Saved drafts (``drafts/SLUG-KEY.txt``, named by the contact's name) follow the contact
across a rename: found under the new name, deleted with them, never taking another's file."""

from __future__ import annotations

from pathlib import Path

from nurture.services import Nurture


def _drafts(data_dir: Path) -> dict[str, str]:
    folder = data_dir / "drafts"
    return {p.name: p.read_text() for p in sorted(folder.iterdir())} if folder.is_dir() else {}


def test_a_renamed_contacts_drafts_take_the_new_name_and_go_when_they_are_deleted(service, data_dir) -> None:
    maya = service.add_contact("Maya Chen")
    service.save_draft_file(maya.id, "nudge", "Hi Maya, a nudge")
    service.save_draft_file(maya.id, "draft", "Thanks Maya")  # (no template chosen)
    service.update_contact(maya.id, name="Maya Chen-Okafor")
    assert _drafts(data_dir) == {
        "maya-chen-okafor-nudge.txt": "Hi Maya, a nudge\n",
        "maya-chen-okafor-draft.txt": "Thanks Maya\n",
    }
    assert service.erasure(maya.id).drafts == ("maya-chen-okafor-nudge.txt", "maya-chen-okafor-draft.txt")
    service.delete_contact(maya.id)
    assert _drafts(data_dir) == {}


def test_a_change_of_case_or_spacing_only_keeps_the_files(service, data_dir) -> None:
    maya = service.add_contact("Maya Chen")
    service.save_draft_file(maya.id, "nudge", "Hi")
    service.update_contact(maya.id, name="maya  chen")
    assert _drafts(data_dir) == {"maya-chen-nudge.txt": "Hi\n"}


def test_a_rename_never_replaces_a_draft_the_new_name_already_has(service, data_dir) -> None:
    maya = service.add_contact("Maya Chen")
    service.save_draft_file(maya.id, "nudge", "Maya's")
    (data_dir / "drafts" / "maya-okafor-nudge.txt").write_text("left here before\n")
    service.update_contact(maya.id, name="Maya Okafor")
    assert _drafts(data_dir) == {"maya-chen-nudge.txt": "Maya's\n", "maya-okafor-nudge.txt": "left here before\n"}


def test_drafts_another_contacts_name_also_leads_to_stay_where_they_are(service: Nurture, data_dir) -> None:
    ana = service.add_contact("Ana Lopez")
    service.add_contact("Ana-Lopez", allow_duplicate=True)
    service.save_draft_file(ana.id, "nudge", "Hi Ana")
    service.update_contact(ana.id, name="Ana Lopez Ruiz")
    assert _drafts(data_dir) == {"ana-lopez-nudge.txt": "Hi Ana\n"}  # whose it is cannot be told


def test_undoing_a_rename_takes_the_drafts_back_to_the_old_name(service, data_dir) -> None:
    maya = service.add_contact("Maya Chen")
    service.save_draft_file(maya.id, "nudge", "Hi Maya, a nudge")
    service.undo.run("edit of Maya Chen", lambda: service.update_contact(maya.id, name="Maya Okafor"))
    assert _drafts(data_dir) == {"maya-okafor-nudge.txt": "Hi Maya, a nudge\n"}
    service.undo.undo()
    assert service.context.repo.contact(maya.id).name == "Maya Chen"
    assert _drafts(data_dir) == {"maya-chen-nudge.txt": "Hi Maya, a nudge\n"}
    assert service.erasure(maya.id).drafts == ("maya-chen-nudge.txt",)
