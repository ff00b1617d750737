from nurture.cli import entry

raise SystemExit(entry())
