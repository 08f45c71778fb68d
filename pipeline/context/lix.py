"""LIX (läsbarhetsindex, Björnsson 1968): words per sentence plus the percentage of long words (more than six
letters). Below 30 very easy, 30–40 easy (a newspaper's news pages, plain-language texts), 40–50 medium, above
50 hard. The medborgar pages aim at 40 or less (the website issue)."""

from __future__ import annotations

import re

_WORD = re.compile(r"[A-Za-zÅÄÖåäöÉéÜü]+(?:-[A-Za-zÅÄÖåäöÉéÜü]+)*")
_SENTENCE_END = re.compile(r"[.!?:]+(?:\s|$)")


def lix(text: str) -> float:
    """LIX of `text`; 0 for a text without words. Numbers are not words; a sentence ends at . ! ? or :."""
    words = _WORD.findall(text)
    if not words:
        return 0.0
    sentences = max(1, len(_SENTENCE_END.findall(text.strip() + " ")))
    long_words = sum(1 for w in words if len(w.replace("-", "")) > 6)
    return len(words) / sentences + 100 * long_words / len(words)
