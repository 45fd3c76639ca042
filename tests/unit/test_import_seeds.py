"""Every importer reads every seed through the one repair path: no mojibake survives.

Seed 001 went through Mac Roman, seed 003 through a Windows code page that also lost the
last byte of each ``☐`` (which ftfy alone turns into ``☠``); 000 and 002 are clean.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from core.domain.goals_doc import parse_goals
from core.domain.roadmap import parse_roadmap
from core.domain.textfile import DecodedText, decode_upload
from core.errors import InvalidInput

SEEDS = Path(__file__).parent.parent / "fixtures" / "seeds"
MARKERS = ("☠", "Ã", "â€", "Â", "ð\x9f", "\ufffd", "ğŸ", "â˜", "âœ", "â†", "‚Ä", "√", "üö", "Ô∏", "\uf8ff")


def _roadmap_texts(decoded: DecodedText, name: str) -> list[str]:
    roadmap = parse_roadmap(decoded, name)
    items = roadmap.items
    phases = [phase.title for phase in roadmap.phases]
    return [roadmap.title, *phases, *(i.text for i in items), *(i.section or "" for i in items)]


def _goal_texts(decoded: DecodedText, name: str) -> list[str]:
    return [goal.text for goal in parse_goals(decoded).goals]


IMPORTERS: dict[str, Callable[[DecodedText, str], list[str]]] = {
    "roadmap": _roadmap_texts,
    "goals": _goal_texts,
}
PHRASES = {
    ("000", "goals"): [
        "Professional Growth: Lead full ML projects end-to-end —from design to production.",
        "Technical Depth: Advance my understanding of MLOps and scalable deployment pipelines.",
    ],
    ("002", "roadmap"): [
        "Phase 1: The Foundation (Next 6-9 Months)",
        "Choose My Weapon: Use Python for all practice and study.",
    ],
    ("003", "roadmap"): [
        "🚀 Unified AI Career Roadmap — To-Do List",
        "Phase 4: ML Engineering & Deployment (From Model → Product)",
        "Monolith vs microservices architecture",
    ],
    ("003", "goals"): ["Monolith vs microservices architecture", "Real-time vs batch inference"],
}
NOT_THAT_KIND = {("000", "roadmap"), ("001", "roadmap"), ("001", "goals"), ("002", "goals")}
DECODED_PHRASES = {
    "000": ["I’m intentional about growing"],
    "001": ["role × industry combination", "Review 5–10 postings", "= 🛠️ Can implement basic", "Level 0 → 1"],
    "002": ["# My Career Development Roadmap: The Pragmatic Tech Leader"],
    "003": ["Move from ML Engineer → AI Architect → AI Researcher", "- ☐ Monolith vs microservices"],
}


def _seed(prefix: str) -> tuple[bytes, str]:
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return path.read_bytes(), path.name


@pytest.mark.parametrize("prefix", sorted(DECODED_PHRASES))
def test_the_decoded_text_every_importer_reads_is_repaired(prefix: str) -> None:
    data, name = _seed(prefix)
    decoded = decode_upload(data, name)
    for marker in MARKERS:
        assert marker not in decoded.text, (marker, decoded.text[decoded.text.find(marker) :][:60])
    for phrase in DECODED_PHRASES[prefix]:
        assert phrase in decoded.text
    assert decoded.repaired == (prefix in ("001", "003"))


@pytest.mark.parametrize("importer", sorted(IMPORTERS))
@pytest.mark.parametrize("prefix", sorted(DECODED_PHRASES))
def test_each_importer_reads_each_seed_without_mojibake(prefix: str, importer: str) -> None:
    data, name = _seed(prefix)
    if (prefix, importer) in NOT_THAT_KIND:  # one sentence, no traceback
        with pytest.raises(InvalidInput, match=r"^That file has no .*\.$"):
            IMPORTERS[importer](decode_upload(data, name), name)
        return
    texts = IMPORTERS[importer](decode_upload(data, name), name)
    assert texts
    for text in texts:
        assert not any(marker in text for marker in MARKERS), text
    for phrase in PHRASES.get((prefix, importer), []):
        assert phrase in texts
