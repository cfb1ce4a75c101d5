"""Text from documents is data: safe to show in a terminal and in the HTML report.

Titles, sources, authors, quotes, terms, file names and the names of a user's targets
are shown as written, but nothing in them may act on the reader's screen:

- in a terminal, no escape sequence, control character or bidi override reaches the
  output. Tab, newline, vertical tab, form feed and carriage return become a space (every
  table cell is one line of text); any other C0 control and DEL become their Unicode
  control picture (ESC shows as ␛, NUL as ␀, DEL as ␡), so `\\x1b[2J` shows as `␛[2J`;
  C1 controls (U+0080–U+009F), the bidi controls (U+202A–U+202E, U+2066–U+2069, U+200E,
  U+200F, U+061C), the line and paragraph separators U+2028/U+2029 and lone surrogates
  become a visible marker such as `<U+202E>`. Nothing is removed: an analyst sees that a
  title holds junk, and where. Text is returned as `rich.text.Text` (or a plain string)
  and is never parsed as rich markup or emoji codes, so `[/]`, `[link=…]` and `:smile:`
  are shown as typed;
- in HTML (and standalone SVG), the same controls are made visible except tab, newline
  and carriage return (white space there) and the bidi controls, which may be a real
  right-to-left text's own: a string holding one is wrapped in FSI … PDI (U+2068 …
  U+2069), its isolates balanced first, so that it cannot reorder the page around it.
"""

from __future__ import annotations

import re
from html import escape

from rich.console import Console
from rich.text import Text

__all__ = ["cell", "html_text", "terminal_console", "terminal_text"]

BIDI_CONTROLS = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
"""Characters that set or override the direction of the text after them."""
FSI, PDI = "\u2068", "\u2069"
_OPENS_ISOLATE = "\u2066\u2067\u2068"

_SPACE_CONTROLS = "\t\n\x0b\x0c\r"
_TERMINAL = re.compile(f"[\x00-\x1f\x7f-\x9f{BIDI_CONTROLS}\u2028\u2029\ud800-\udfff]")
# Tab, newline and CR are white space in HTML and legal in XML; bidi is isolated instead.
_MARKUP = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")
_BIDI = re.compile(f"[{BIDI_CONTROLS}]")
# Bidi paragraph separators: one inside an isolate would end it early.
_PARAGRAPH_BREAKS = re.compile("[\n\r]")


def _visible(char: str) -> str:
    """The form in which a control character is shown (see the module's docstring)."""
    code = ord(char)
    if char in _SPACE_CONTROLS:
        return " "
    if code < 0x20:
        return chr(0x2400 + code)  # the Control Pictures block lists C0 in order
    if code == 0x7F:
        return "\u2421"
    return f"<U+{code:04X}>"


def terminal_text(value: object) -> str:
    """`str(value)` as one line of inert terminal text: controls, escapes and bidi
    controls made visible (`\\x1b` -> `␛`, U+202E -> `<U+202E>`), tabs and newlines spaces."""
    text = str(value)
    if not _TERMINAL.search(text):
        return text  # the common case, kept cheap: a corpus has millions of cells
    return _TERMINAL.sub(lambda m: _visible(m.group()), text)


def cell(value: object, style: str = "") -> Text:
    """A table cell or line of terminal text from a document string: sanitised, and a
    `Text` so that rich never reads it as markup or emoji codes."""
    return Text(terminal_text(value), style=style)


def terminal_console(stderr: bool = False) -> Console:
    """A Console for the product's output: no markup, emoji codes or highlighting is ever
    read into what it prints, whoever builds the string."""
    return Console(stderr=stderr, markup=False, emoji=False, highlight=False)


def html_text(text: str) -> str:
    """`text` HTML-escaped (quotes too, for attributes), controls made visible and, when it
    holds a bidi control, isolated in FSI … PDI."""
    if _MARKUP.search(text):
        text = _MARKUP.sub(lambda m: _visible(m.group()), text)
    escaped = escape(text, quote=True)
    if not _BIDI.search(escaped):
        return escaped
    return FSI + _balanced(_PARAGRAPH_BREAKS.sub(" ", escaped)) + PDI


def _balanced(text: str) -> str:
    """`text` with a PDI for every isolate it opens and none that would close an isolate
    opened outside it: the closing PDI of the wrapper then ends every embedding and
    override inside, and nothing inside can end the wrapper early."""
    out = []
    depth = 0
    for char in text:
        if char in _OPENS_ISOLATE:
            depth += 1
        elif char == PDI:
            if depth == 0:
                continue
            depth -= 1
        out.append(char)
    return "".join(out) + PDI * depth
