"""The lead paragraph of an HTML body, read with a real HTML parser (SPEC 8.4).

A derived description is the first paragraph a reader would read first. The
body goes through libxml2's HTML parser (lxml, already a core dependency for
feeds and WordPress exports) as a stream of start, end and text events, so
``<br>`` is a line break inside its paragraph (a space here, never the end of
the paragraph), implied end tags close as a browser closes them, entities
decode, and what is not the story is skipped: figures and their captions,
asides ("Related: ..."), navigation, page headers and footers, scripts.
A paragraph that is only a dateline ("SEOUL (Yonhap) —") is not the lead.

The body is fed in chunks and parsing stops at the end of the lead, so a long
body costs no more than its first paragraph; libxml2's tokenizer moves
forward only, so unfinished markup (``"<!--" * 100000``) stays linear.
"""

from __future__ import annotations

import re

from sharekit.text._clean import clean_text

__all__ = ["lead_paragraph"]

# Elements whose text is never the lead: their whole subtree is skipped.
SKIP = frozenset(
    {
        "script", "style", "template", "noscript", "iframe", "object", "svg", "math",
        "figure", "figcaption", "picture", "aside", "nav", "header", "footer",
        "form", "button", "select", "textarea", "dialog",
    }
)  # fmt: skip
# Elements that end one paragraph and begin the next (``br`` is not one).
BLOCK = frozenset(
    {
        "p", "div", "li", "ul", "ol", "dl", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6",
        "blockquote", "pre", "section", "article", "main", "hr", "address", "details",
        "summary", "table", "caption", "tr", "td", "th", "body", "html",
    }
)  # fmt: skip
# A dateline alone on its line: a place (and a date, an agency) ending in a dash,
# or Yonhap's Korean "(서울=연합뉴스) 기자 =" form ending in "=".
_DATELINE = re.compile(r"^.{1,80}?(?:\s|\))(?:—|–|―|--|-|=)$")
_CHUNK = 16_384
# Where parsing stops without a lead: a lead paragraph starts near the top.
_MAX_FED = 1 << 20
# Characters of one paragraph kept: a description uses its first 160 or so.
_MAX_LINE = 2_000


def is_dateline(line: str) -> bool:
    """Whether a paragraph is only a dateline ("WASHINGTON (AP) —")."""
    return bool(_DATELINE.match(line))


class _Lead:
    """An lxml parser target: collects paragraph text until the lead is complete."""

    def __init__(self) -> None:
        self.skipping = 0
        self.parts: list[str] = []
        self.size = 0
        self.lead = ""

    def start(self, tag: str, attrib: object) -> None:
        if self.lead:
            return
        if self.skipping or tag in SKIP:
            self.skipping += 1  # libxml2 ends every element it starts, void ones too
            return
        if tag == "br":
            self.parts.append(" ")
        elif tag in BLOCK:
            self._flush()

    def end(self, tag: str) -> None:
        if self.lead:
            return
        if self.skipping:
            self.skipping -= 1
        elif tag in BLOCK:
            self._flush()

    def data(self, text: str) -> None:
        if self.lead or self.skipping:
            return
        self.parts.append(text)
        self.size += len(text)
        if self.size > _MAX_LINE:
            self._flush()

    def comment(self, text: str) -> None:
        """Comments are not text."""

    def close(self) -> str:
        self._flush()
        return self.lead

    def _flush(self) -> None:
        line = clean_text("".join(self.parts))[:_MAX_LINE]
        self.parts, self.size = [], 0
        if line and not self.lead and not is_dateline(line):
            self.lead = line


def lead_paragraph(source: str) -> str:
    """The body's first paragraph with text, as one line (``""`` when it has none)."""
    from lxml import etree  # the parser loads when a description is derived

    target = _Lead()
    parser = etree.HTMLParser(target=target, no_network=True, recover=True)
    try:
        for offset in range(0, min(len(source), _MAX_FED), _CHUNK):
            chunk = source[offset : offset + _CHUNK]
            try:
                parser.feed(chunk)
            except UnicodeEncodeError:  # a lone surrogate: libxml2 reads UTF-8 only
                parser.feed(chunk.encode("utf-8", "replace").decode("utf-8"))
            if target.lead:
                break
        parser.close()
    except etree.LxmlError:
        pass  # what was read before libxml2 gave up still counts
    return target.lead or target.close()
