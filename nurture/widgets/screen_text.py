"""User text as the dashboard draws it.

``printable`` (control characters shown as ``\\xNN``), and one more thing a terminal needs:
emoji skin tones (U+1F3FB–U+1F3FF) and the emoji presentation selector (U+FE0F) are left out.
Textual lays a line out by Rich's measure, which counts a skin tone as part of its emoji and
``❤️`` as two cells, as kitty or iTerm2 draw them; tmux (3.3) draws a skin tone as a glyph of its
own, two cells wide, and ``❤️`` in one. Where the two disagree the line comes out wider or
narrower than laid out and moves every border after it (``👩🏽‍🔬`` in a name pushed the contact
list's right border two cells out). Without them, Rich and every terminal agree on the width, and
the emoji is still shown (``👩‍🔬``, ``❤``). Only what is drawn changes: the stored text keeps them,
and so does every export."""

from __future__ import annotations

import re

from nurture.tables import printable

#: What terminals draw at another width than Rich measures.
UNSURE_WIDTH = re.compile("[\U0001f3fb-\U0001f3ff\ufe0f]")


def screen_text(text: str, keep_newlines: bool = False) -> str:
    """``text`` safe to draw: control characters as ``\\xNN``, no skin tones or U+FE0F."""
    return UNSURE_WIDTH.sub("", printable(text, keep_newlines))
