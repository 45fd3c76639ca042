"""The roadmap parser against the students' real files and the variants they will send."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest
from ftfy.badness import is_bad
from hypothesis import given, settings
from hypothesis import strategies as st

from core.domain.roadmap import MAX_ITEMS, ParsedRoadmap, Window, parse_roadmap, parse_window
from core.domain.textfile import MAX_UPLOAD_BYTES, decode_upload, repair
from core.errors import InvalidInput

SEEDS = Path(__file__).parent.parent / "fixtures" / "seeds"
MOJIBAKE_SIGNS = ("â", "Ã", "ğŸ", "Ëœ", "€", "\u0090", "☠")


def parse(data: bytes | str, name: str = "roadmap.md") -> ParsedRoadmap:
    raw = data.encode("utf-8") if isinstance(data, str) else data
    return parse_roadmap(decode_upload(raw, name), name)


def seed(prefix: str) -> bytes:
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return path.read_bytes()


def test_seed_003_has_seven_phases_and_83_open_items_with_no_mojibake_left() -> None:
    roadmap = parse(seed("003"), "003.txt")
    assert len(roadmap.phases) == 7
    assert len(roadmap.items) == 83
    assert not any(item.done for item in roadmap.items)
    assert roadmap.repaired
    for item in roadmap.items:
        assert not any(sign in item.text for sign in MOJIBAKE_SIGNS), item.text
        assert not is_bad(item.text), item.text
    assert roadmap.title == "🚀 Unified AI Career Roadmap — To-Do List"
    assert roadmap.phases[0].title == "Phase 1: Foundations (Build the Bedrock)"
    assert roadmap.phases[3].title == "Phase 4: ML Engineering & Deployment (From Model → Product)"
    assert [len(p.items) for p in roadmap.phases] == [13, 12, 13, 10, 14, 13, 8]
    first = roadmap.items[0]
    assert first.text == "Python: functions, OOP, decorators, lambdas, exceptions"
    assert first.section == "Topics & Tools"
    assert roadmap.items[10].section == "Projects"
    assert roadmap.items[13].section is None  # Phase 2's items before its first sub-heading


def test_seed_002_nests_items_as_written_and_suggests_budget_and_reading() -> None:
    roadmap = parse(seed("002"), "002.txt")
    assert [p.title for p in roadmap.phases] == [
        "Phase 1: The Foundation (Next 6-9 Months)",
        "Phase 2: The Leverage (Months 9-18)",
    ]
    assert roadmap.phases[0].window == Window(0, 9)
    assert roadmap.phases[1].window == Window(9, 18)
    items = {item.number: item for item in roadmap.items}
    assert len(items) == 23
    assert items[1].text == "Commit to Consistency: Dedicate 5-7 hours per week to focused DSA practice."
    assert items[1].section == "Track A: Technical Authority (The DSA Grind)"
    assert (items[5].parent, items[6].parent, items[8].parent, items[9].parent) == (None, 5, 5, 8)
    assert (items[9].depth, items[12].parent, items[15].parent) == (2, 5, 12)
    assert [items[n].parent for n in (20, 21, 22, 23)] == [19, 19, 19, None]
    assert items[20].text == "Designing Data-Intensive Applications by Martin Kleppmann"
    assert "[NeetCode Roadmap](https://neetcode.io/roadmap)" in items[3].text
    budget, reading = roadmap.suggestions
    assert (budget.kind, budget.track, budget.min_hours, budget.max_hours, budget.period) == (
        "budget",
        "dsa",
        5.0,
        7.0,
        "week",
    )
    assert (reading.kind, reading.text) == ("budget", "reading: 1 book every 3 months")
    assert (reading.track, reading.unit, reading.count, reading.every, reading.period) == (
        "reading",
        "book",
        1,
        3,
        "month",
    )
    assert reading.min_hours is None  # a count, never hours
    assert not roadmap.repaired


@pytest.mark.parametrize(
    ("line", "done"),
    [
        ("- [ ] Learn SQL", False),
        ("* [x] Learn SQL", True),
        ("+ [X] Learn SQL", True),
        ("[X] Learn SQL", True),
        ("[ ] Learn SQL", False),
        ("1. [ ] Learn SQL", False),
        ("2) [x] Learn SQL", True),
        ("- ☐ Learn SQL", False),
        ("☐ Learn SQL", False),
        ("- ☑ Learn SQL", True),
        ("✅ Learn SQL", True),
        ("- ✔️ Learn SQL", True),
        ("- â˜ Learn SQL", False),
        ("- â˜‘ Learn SQL", True),
        ("- âœ… Learn SQL", True),
        ("- Ã¢Ëœ Learn SQL", False),
    ],
)
def test_every_marker_style_and_its_mojibake(line: str, done: bool) -> None:
    (item,) = parse(f"# Plan\n{line}\n").items
    assert (item.text, item.done) == ("Learn SQL", done)


def test_ticked_items_import_as_done_and_plain_bullets_are_not_items() -> None:
    roadmap = parse("## A\n- [x] one\n- [ ] two\n- just a note\n1. a numbered note\n## B\n* [X] three\n")
    assert [(i.text, i.done) for i in roadmap.items] == [("one", True), ("two", False), ("three", True)]


def test_mixed_indentation_tabs_and_crlf_with_bom() -> None:
    text = (
        "## Phase\r\n- [ ] parent\r\n\t- [ ] tab child\r\n"
        "  - [ ] two-space child\r\n      - [ ] grandchild\r\n"
    )
    roadmap = parse(codecs.BOM_UTF8 + text.encode("utf-8"))
    parents = [(i.text, i.parent, i.depth) for i in roadmap.items]
    assert parents == [
        ("parent", None, 0),
        ("tab child", 1, 1),
        ("two-space child", 1, 1),
        ("grandchild", 3, 2),
    ]


def test_headings_without_items_are_not_phases_and_a_single_heading_is_one_phase() -> None:
    roadmap = parse("# Title\n## Intro\nsome words\n## Work\n- [ ] a\n### Later\n- [ ] b\n## Empty\n")
    assert [p.title for p in roadmap.phases] == ["Work"]
    assert [i.section for i in roadmap.items] == [None, "Later"]


def test_items_before_any_heading_form_one_phase() -> None:
    roadmap = parse("- [ ] a\n- [x] b\n", "my plan.md")
    assert roadmap.title == "my plan"
    assert [p.title for p in roadmap.phases] == ["Roadmap"]


def test_emphasis_removed_words_links_and_snake_case_kept() -> None:
    (item,) = parse("- [ ] **Read** *the* __docs__ of snake_case_name at [site](https://x.io/a_b)\n").items
    assert item.text == "Read the docs of snake_case_name at [site](https://x.io/a_b)"


def test_checkboxes_inside_code_fences_are_not_items() -> None:
    roadmap = parse("## P\n```\n- [ ] not me\n```\n- [ ] me\n")
    assert [i.text for i in roadmap.items] == ["me"]


def test_double_encoded_mojibake_is_repaired() -> None:
    original = "## Phase 1: Café basics\n- ☐ Learn ‘Python’ → pandas\n- ✅ Café setup\n"
    once = original.encode("utf-8").decode("cp1252", errors="ignore")
    twice = once.encode("utf-8").decode("cp1252", errors="ignore")
    roadmap = parse(twice)
    assert roadmap.repaired
    assert [(i.text, i.done) for i in roadmap.items] == [
        ("Learn ‘Python’ → pandas", False),
        ("Café setup", True),
    ]
    assert roadmap.phases[0].title == "Phase 1: Café basics"


def test_a_windows_1252_file_is_read() -> None:
    roadmap = parse("## Phase\n- [ ] Café crème\n".encode("cp1252"))
    assert roadmap.items[0].text == "Café crème"
    assert roadmap.repaired


def test_very_long_lines_are_kept_and_shortened() -> None:
    (item,) = parse("- [ ] " + "word " * 2000 + "\n").items
    assert item.text.startswith("word word")
    assert len(item.text) == 500
    assert item.text.endswith("…")


@pytest.mark.parametrize(
    ("title", "window"),
    [
        ("Phase 1: The Foundation (Next 6-9 Months)", Window(0, 9)),
        ("Phase 2: The Leverage (Months 9-18)", Window(9, 18)),
        ("Crossroads (18+ Months From Now)", Window(18, None)),
        ("Year 2-3: depth", Window(24, 36)),
        ("Next 3 months", Window(0, 3)),
        ("3 to 6 months", Window(3, 6)),
        ("Foundations (Build the Bedrock)", None),
        ("Months 9-3", None),
    ],
)
def test_time_frames_in_headings(title: str, window: Window | None) -> None:
    assert parse_window(title) == window


def test_suggestions_per_month_single_numbers_and_nothing_silly() -> None:
    roadmap = parse(
        "## P\n- [ ] Build side project 10 hours per month\n- [ ] Read a paper every 2 weeks\n"
        "- [ ] Practice 500 hours per week\n"
    )
    texts = [(s.kind, s.text) for s in roadmap.suggestions]
    assert texts == [("budget", "project: 10 h per month"), ("budget", "papers: 1 paper every 2 weeks")]


@pytest.mark.parametrize(
    ("line", "text"),
    [
        ("Read one book from this list every 2-3 months.", "reading: 1 book every 3 months"),
        ("Finish two courses every 6 months", "courses: 2 courses every 6 months"),
        ("Write a blog post every 2 weeks", "writing: 1 post every 2 weeks"),
        ("Give 3 talks every 12 months", "talks: 3 talks every 12 months"),
        ("Read a paper every 1 week", "papers: 1 paper per week"),
    ],
)
def test_n_things_every_m_periods_become_count_budget_suggestions(line: str, text: str) -> None:
    (suggestion,) = parse(f"## P\n- [ ] {line}\n").suggestions
    assert (suggestion.kind, suggestion.text) == ("budget", text)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "is empty"),
        (b"   \n\n", "is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "not a text file"),
        (bytes(range(256)) * 4, "not a text file"),
        (b"# Notes\nNo checklist here.\n- a bullet\n", "no checklist items"),
        (b"- [ ] x\n" * (MAX_UPLOAD_BYTES // 8 + 1), "more than the 256 KiB"),
        (b"- [ ] x\n" * (MAX_ITEMS + 1), "more than the 1000"),
    ],
)
def test_files_that_import_nothing_get_one_sentence(data: bytes, message: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        parse(data, "upload.md")
    assert message in caught.value.message
    assert caught.value.message.count(". ") == 0
    assert "\n" not in caught.value.message


def test_seed_001_mojibake_is_repaired_and_real_accents_are_left_alone() -> None:
    (path,) = SEEDS.glob("001_*.txt")
    text = repair(decode_upload(path.read_bytes(), path.name).text)
    assert "**Level 0 → 1:** Read articles" in text
    assert "Review 5–10 postings" in text
    assert "| **1** | 🛠️ **Can implement with guidance** |" in text
    assert not any(sign in text for sign in ("‚Üí", "‚Äì", "Ô∏è", "\uf8ff"))
    for real in ("Café crème brûlée", "naïve façade — “quoted” ‘text’ → ✅", "Straße, Øre, Ångström, Ñandú"):
        assert repair(real) == real


_LINES = st.sampled_from(
    [
        "# T",
        "## Phase (Months 1-3)",
        "### Sec",
        "- [ ] a",
        "  - [x] b",
        "\t* [ ] c",
        "1. [X] d",
        "☐ e",
        "âœ… f",
        "- note",
        "```",
        "",
        "5-7 hours per week",
        "one book every 2 months",
        "[ ]",
        "- [ ]",
    ]
)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(_LINES, st.text(max_size=40)), max_size=40), st.binary(max_size=64))
def test_any_document_parses_or_gets_one_sentence(lines: list[str], noise: bytes) -> None:
    data = "\n".join(lines).encode("utf-8", errors="surrogatepass") + noise
    outcome = _parse_or_error(data)
    if isinstance(outcome, InvalidInput):
        assert "\n" not in outcome.message
        assert outcome.message.endswith(".")
        return
    roadmap = outcome
    numbers = [item.number for item in roadmap.items]
    assert numbers == list(range(1, len(numbers) + 1))
    for item in roadmap.items:
        assert item.text
        assert item.parent is None or 0 < item.parent < item.number


def _parse_or_error(data: bytes) -> ParsedRoadmap | InvalidInput:
    try:
        return parse(data)
    except InvalidInput as error:
        return error
