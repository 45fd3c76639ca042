"""Tests for the shared command grammar in core/commands.py."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.commands import (
    MAX_COMMAND_CHARS,
    ParsedArgs,
    check_text,
    format_minutes,
    parse_args,
    parse_hour_range,
    parse_hours,
    parse_int,
    parse_switch,
    tokenise,
)
from core.errors import InvalidInput

LONG = "x" * 10_000


def assert_good_message(error: InvalidInput) -> None:
    """Every message is one line, short, and a sentence."""
    message = error.message
    assert "\n" not in message
    assert "\r" not in message
    assert len(message) < 300
    assert message.endswith(".")
    assert message[:1].isupper() or message[:1] in "'/"


def raises_invalid(func: Callable[[], object]) -> InvalidInput:
    with pytest.raises(InvalidInput) as info:
        func()
    assert_good_message(info.value)
    return info.value


# --- tokenise -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            '/skill add "SQL for ETL" specific priority=1 current=2 target=4 notes="from job posts"',
            [
                "/skill",
                "add",
                "SQL for ETL",
                "specific",
                "priority=1",
                "current=2",
                "target=4",
                "notes=from job posts",
            ],
        ),
        ('notes="two words"', ["notes=two words"]),
        ("notes='two words' x", ["notes=two words", "x"]),
        ("notes=I'm fine", ["notes=I'm", "fine"]),
        ('notes="I\'m fine"', ["notes=I'm fine"]),
        ("'I'm fine'", ["I'm fine"]),
        ("'90s music", ["'90s", "music"]),
        ("x ' y", ["x", "'", "y"]),
        ("it's rock 'n' roll", ["it's", "rock", "n", "roll"]),
        ("don't won't can't", ["don't", "won't", "can't"]),
        ("“smart quotes” work", ["smart quotes", "work"]),
        ("„low“ ‟high”", ["low", "high"]),
        ("‘single smart’ too", ["single smart", "too"]),
        ("I’m here", ["I'm", "here"]),
        ("a\u00a0b\u202fc", ["a", "b", "c"]),
        ("a\x00b\x07c", ["abc"]),
        ("tab\tand\nnewline", ["tab", "and", "newline"]),
        ("\u200fmark\u202e", ["mark"]),
        ("C:\\path\\to #not-a-comment", ["C:\\path\\to", "#not-a-comment"]),
        (
            "; rm -rf / && $(whoami) | `id` > out",
            [";", "rm", "-rf", "/", "&&", "$(whoami)", "|", "`id`", ">", "out"],
        ),
        ("@everyone <@&123> <!channel>", ["@everyone", "<@&123>", "<!channel>"]),
        ("🎉 done 👩\u200d💻", ["🎉", "done", "👩\u200d💻"]),
        ('""', [""]),
        ("", []),
        ("   ", []),
    ],
)
def test_tokenise_good(text: str, expected: list[str]) -> None:
    assert tokenise(text) == expected


@pytest.mark.parametrize(
    "text",
    ['notes="unclosed', '"', 'a "b c', "“open only", 'x="y" "z'],
)
def test_tokenise_unclosed_double_quote(text: str) -> None:
    error = raises_invalid(lambda: tokenise(text))
    assert error.message == (
        'A quotation mark is not closed; put the text in a pair of straight quotes, like notes="two words".'
    )


def test_tokenise_rejects_overlong_command() -> None:
    error = raises_invalid(lambda: tokenise("a " * MAX_COMMAND_CHARS))
    assert "40,000" in error.message
    assert "20,000" in error.message


def test_tokenise_accepts_long_note_under_limit() -> None:
    tokens = tokenise(f'/checkin 2 sql "{LONG}"')
    assert tokens[-1] == LONG


def test_tokenise_many_lone_apostrophes_is_fast() -> None:
    text = "'a " * 6000
    assert len(tokenise(text)) == 6000


# --- parse_args ---------------------------------------------------------------------------


def test_parse_args_splits_options_and_positionals() -> None:
    args = parse_args(["SQL for ETL", "specific", "Priority=1", "notes=a=b", "x.y-z_1=2"])
    assert args.positionals == ("SQL for ETL", "specific")
    assert dict(args.options) == {"priority": "1", "notes": "a=b", "x.y-z_1": "2"}
    assert args.option("PRIORITY") == "1"
    assert args.option("missing") is None


@pytest.mark.parametrize(
    "token",
    ["=value", "1a=b", "https://x.example/?a=b", "@everyone", "<@&123>", "a b=c", "é=1", "-a=1"],
)
def test_parse_args_non_identifier_keys_are_positional(token: str) -> None:
    assert parse_args([token]).positionals == (token,)


def test_parse_args_quoted_key_value_is_an_option() -> None:
    """Documented limitation: a quoted ``a=b c`` still reads as option ``a``."""
    assert dict(parse_args(tokenise('"a=b c"')).options) == {"a": "b c"}


def test_parse_args_empty_value_is_kept() -> None:
    assert parse_args(["notes="]).option("notes") == ""


@pytest.mark.parametrize("tokens", [["a=1", "a=2"], ["Notes=x", "notes=y"]])
def test_parse_args_repeated_option(tokens: list[str]) -> None:
    error = raises_invalid(lambda: parse_args(tokens))
    assert "twice" in error.message


def test_parsed_args_is_immutable() -> None:
    args = parse_args(["a=1"])
    with pytest.raises(TypeError):
        args.options["b"] = "2"  # type: ignore[index]


def test_require_positional() -> None:
    args = ParsedArgs(("SQL",), {})
    assert args.require_positional(0, "the skill name", '/skill remove "SQL"') == "SQL"
    error = raises_invalid(lambda: args.require_positional(1, "the level", '/skill assess "SQL" 3'))
    assert error.message == 'The level is missing; write it like /skill assess "SQL" 3.'


def test_reject_unknown_options() -> None:
    args = parse_args(["prority=1"])
    args.reject_unknown_options(["prority"], "/x")
    error = raises_invalid(
        lambda: args.reject_unknown_options(["priority", "current", "target"], "/skill add")
    )
    assert error.message == (
        "/skill add does not take the option 'prority='; use priority=, current= or target=."
    )
    single = raises_invalid(lambda: args.reject_unknown_options({"per"}, "/budget set"))
    assert "use per=." in single.message
    none = raises_invalid(lambda: args.reject_unknown_options([], "/streak"))
    assert none.message.startswith("/streak does not take options")


def test_reject_unknown_options_truncates_long_key() -> None:
    args = parse_args(["k" * 5000 + "=1"])
    error = raises_invalid(lambda: args.reject_unknown_options(["a"], "/x"))
    assert "k" * 40 not in error.message


def test_reject_extra_positionals() -> None:
    args = parse_args(tokenise("/skill remove SQL for ETL"))
    args.reject_extra_positionals(5, "/skill remove")
    error = raises_invalid(lambda: args.reject_extra_positionals(3, "/skill remove"))
    assert "'for'" in error.message
    assert "quotes" in error.message


# --- parse_hours --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        ("2", 120),
        ("2.5", 150),
        ("2,5", 150),
        (".5", 30),
        ("2.", 120),
        ("2h", 120),
        ("2 h", 120),
        ("2H", 120),
        ("2hr", 120),
        ("2hrs", 120),
        ("2 hours", 120),
        ("1 hour", 60),
        ("90m", 90),
        ("90min", 90),
        ("90 minutes", 90),
        ("90 MIN", 90),
        ("1.5m", 2),
        ("1h30m", 90),
        ("1h 30m", 90),
        ("1h30", 90),
        ("1 hour 30 minutes", 90),
        ("1:30", 90),
        ("0:45", 45),
        ("24:00", 1440),
        ("  2h  ", 120),
        ("2\u00a0h", 120),
        ("24", 1440),
        ("24h", 1440),
        ("0.01", 1),
        ("0.025", 2),
        ("1.2345", 74),
        ("1440m", 1440),
        ("0024", 1440),
    ],
)
def test_parse_hours_good(text: str, minutes: int) -> None:
    assert parse_hours(text) == minutes


@pytest.mark.parametrize(
    "text",
    [
        "abc",
        "nan",
        "NaN",
        "inf",
        "-inf",
        "1e9",
        "1e2",
        "0x10",
        "1_000",
        "",
        "   ",
        "２",
        "٣",
        "1:75",
        "1h75m",
        "1:5",
        "1::30",
        "2hh",
        "h",
        "2 3",
        "1.2.3",
        "2h-",
        LONG,
        "9" * 10_000,
        "@everyone",
        "<@&123>",
        "$(rm -rf /)",
        "🎉",
        "2\u200f",
        "٢h",
    ],
)
def test_parse_hours_not_a_time(text: str) -> None:
    error = raises_invalid(lambda: parse_hours(text))
    assert len(error.message) < 150


@pytest.mark.parametrize("text", ["0", "0h", "0:00", "0m", "-1", "-2h", "25", "24h1m", "24:01"])
def test_parse_hours_out_of_range(text: str) -> None:
    error = raises_invalid(lambda: parse_hours(text))
    assert error.message.startswith("A check-in must be more than 0 and at most 24 hours")


@pytest.mark.parametrize("text", ["0.001", "0.0001h", "0.4m"])
def test_parse_hours_rounding_to_zero_is_rejected(text: str) -> None:
    error = raises_invalid(lambda: parse_hours(text))
    assert "more than 0" in error.message


def test_parse_hours_messages() -> None:
    assert raises_invalid(lambda: parse_hours("abc")).message == (
        "'abc' is not an amount of time; write hours like 2, 2.5, 2h, 90m, 1h30m or 1:30."
    )
    assert raises_invalid(lambda: parse_hours("25h")).message == (
        "A check-in must be more than 0 and at most 24 hours; you wrote 25h."
    )
    assert "0 to 59" in raises_invalid(lambda: parse_hours("1:75")).message
    long_message = raises_invalid(lambda: parse_hours(LONG)).message
    assert "x" * 31 not in long_message
    assert "…" in long_message


# --- parse_hour_range ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("5", (300, 300)),
        ("5-7", (300, 420)),
        ("5–7", (300, 420)),
        ("5—7", (300, 420)),
        ("5 - 7", (300, 420)),
        ("5h-7h", (300, 420)),
        ("2.5-4", (150, 240)),
        ("90m-2h", (90, 120)),
        ("0-2", (0, 120)),
        ("1:30-2:00", (90, 120)),
        ("5-5", (300, 300)),
        ("168", (10080, 10080)),
    ],
)
def test_parse_hour_range_good(text: str, expected: tuple[int, int]) -> None:
    assert parse_hour_range(text, 168) == expected


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("7-5", "The range 7-5 goes backwards; write the smaller number first, like 5-7."),
        ("0", "more than 0"),
        ("0-0", "more than 0"),
        ("169", "at most 168h"),
        ("5-200", "at most 168h"),
        ("-1", "not a range"),
        ("5-", "not a range"),
        ("5-7-9", "not a range"),
        ("abc", "not a range"),
        ("nan-inf", "not a range"),
        ("1e2", "not a range"),
        ("", "not a range"),
        ("٣-٥", "not a range"),
        (LONG, "not a range"),
        ("5" + "-" * 10_000 + "7", "not a range"),
        ("1:75-2", "0 to 59"),
    ],
)
def test_parse_hour_range_bad(text: str, fragment: str) -> None:
    assert fragment in raises_invalid(lambda: parse_hour_range(text, 168)).message


def test_parse_hour_range_fractional_limit() -> None:
    assert parse_hour_range("0.7", 0.7) == (42, 42)
    raises_invalid(lambda: parse_hour_range("43m", 0.7))


# --- format_minutes -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("minutes", "text"),
    [(120, "2h"), (90, "1h 30m"), (45, "45m"), (0, "0h"), (1500, "25h"), (61, "1h 1m")],
)
def test_format_minutes(minutes: int, text: str) -> None:
    assert format_minutes(minutes) == text


def test_format_minutes_rejects_negative() -> None:
    with pytest.raises(ValueError, match="negative"):
        format_minutes(-1)


# --- parse_int ----------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "value"), [("1", 1), (" 3 ", 3), ("+2", 2), ("0", 0), ("5", 5), ("005", 5)])
def test_parse_int_good(text: str, value: int) -> None:
    assert parse_int(text, "the priority", 0, 5, "priority=1") == value


def test_parse_int_negative_range() -> None:
    assert parse_int("-3", "the offset", -5, 5, "offset=-1") == -3


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("6", "The priority must be from 0 to 5, like priority=1; you wrote 6."),
        ("-1", "you wrote -1"),
        ("9" * 25, "from 0 to 5"),
        ("9" * 31, "not a whole number"),
        ("2.5", "not a whole number"),
        ("1_0", "not a whole number"),
        ("٣", "not a whole number"),
        ("３", "not a whole number"),
        ("0x1", "not a whole number"),
        ("", "not a whole number"),
        ("one", "'one' is not a whole number; write the priority as a number from 0 to 5"),
        ("1e1", "not a whole number"),
        (LONG, "…"),
        ("@everyone", "not a whole number"),
    ],
)
def test_parse_int_bad(text: str, fragment: str) -> None:
    error = raises_invalid(lambda: parse_int(text, "the priority", 0, 5, "priority=1"))
    assert fragment in error.message


# --- parse_switch -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("on", True),
        ("ON", True),
        (" yes ", True),
        ("true", True),
        ("off", False),
        ("No", False),
        ("FALSE", False),
    ],
)
def test_parse_switch_on_off(text: str, value: bool) -> None:
    assert parse_switch(text, "on", "off", "direct messages") is value


@pytest.mark.parametrize(("text", "value"), [("show", True), ("HIDE", False)])
def test_parse_switch_show_hide(text: str, value: bool) -> None:
    assert parse_switch(text, "show", "hide", "the leaderboard") is value


@pytest.mark.parametrize("text", ["yes", "maybe", "", "1", LONG, "@everyone"])
def test_parse_switch_bad(text: str) -> None:
    error = raises_invalid(lambda: parse_switch(text, "show", "hide", "the leaderboard"))
    assert error.message.endswith("write show or hide.")


def test_parse_switch_message() -> None:
    error = raises_invalid(lambda: parse_switch("maybe", "on", "off", "direct messages"))
    assert error.message == "'maybe' is not a choice for direct messages; write on or off."


# --- check_text ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("  SQL   for\tETL  ", "SQL for ETL"),
        ("line one  \n  line two", "line one\nline two"),
        ("a\r\nb", "a\nb"),
        ("a\n\n\n\n\nb", "a\n\nb"),
        ("a\x00b\x1bc", "abc"),
        ("\u202eevil\u200f", "evil"),
        ("a\u00a0\u00a0b", "a b"),
        ("🎉 done 👩\u200d💻", "🎉 done 👩\u200d💻"),
        ("@everyone <@&123>", "@everyone <@&123>"),
        ("; rm -rf / && $(x)", "; rm -rf / && $(x)"),
        ("I'm fine", "I'm fine"),
    ],
)
def test_check_text_good(text: str, expected: str) -> None:
    assert check_text(text, "the note", 500) == expected


def test_check_text_length_after_tidying() -> None:
    assert check_text("a" + " " * 1000 + "b", "the note", 3) == "a b"


def test_check_text_too_long() -> None:
    error = raises_invalid(lambda: check_text(LONG, "the note", 500))
    assert error.message == "The note is 10,000 characters long; keep it to 500 or fewer."


@pytest.mark.parametrize("text", ["", "   ", "\n\t", "\x00\u200f"])
def test_check_text_empty(text: str) -> None:
    error = raises_invalid(lambda: check_text(text, "the skill name", 80))
    assert error.message.startswith("The skill name is empty")
    assert check_text(text, "the note", 80, required=False) == ""


# --- properties ---------------------------------------------------------------------------

ANY_TEXT = st.text(max_size=200)
TIME_ALPHABET = st.text(alphabet="0123456789.,:-–hmrsinoute \u00a0٣２eE_x+", max_size=30)


@given(st.one_of(ANY_TEXT, TIME_ALPHABET))
def test_tokenise_returns_or_raises_invalid(text: str) -> None:
    try:
        tokens = tokenise(text)
    except InvalidInput as error:
        assert_good_message(error)
    else:
        assert all(isinstance(token, str) for token in tokens)
        assert all("\x00" not in token for token in tokens)


@given(st.one_of(ANY_TEXT, TIME_ALPHABET))
def test_parse_hours_returns_or_raises_invalid(text: str) -> None:
    try:
        minutes = parse_hours(text)
    except InvalidInput as error:
        assert_good_message(error)
    else:
        assert 0 < minutes <= 1440


@given(st.one_of(ANY_TEXT, TIME_ALPHABET), st.sampled_from([0.5, 24, 168, 744]))
def test_parse_hour_range_returns_or_raises_invalid(text: str, max_hours: float) -> None:
    try:
        low, high = parse_hour_range(text, max_hours)
    except InvalidInput as error:
        assert_good_message(error)
    else:
        assert 0 <= low <= high <= max_hours * 60
        assert high > 0


@given(st.one_of(ANY_TEXT, TIME_ALPHABET, st.integers().map(str)))
def test_parse_int_returns_or_raises_invalid(text: str) -> None:
    try:
        value = parse_int(text, "the level", 0, 5, "3")
    except InvalidInput as error:
        assert_good_message(error)
    else:
        assert 0 <= value <= 5


@given(ANY_TEXT, st.integers(min_value=1, max_value=50))
def test_check_text_returns_or_raises_invalid(text: str, limit: int) -> None:
    try:
        cleaned = check_text(text, "the note", limit)
    except InvalidInput as error:
        assert_good_message(error)
    else:
        assert 0 < len(cleaned) <= limit
        assert cleaned == cleaned.strip()


@given(ANY_TEXT)
def test_parse_switch_returns_or_raises_invalid(text: str) -> None:
    try:
        parse_switch(text, "on", "off", "direct messages")
    except InvalidInput as error:
        assert_good_message(error)


@given(st.lists(ANY_TEXT, max_size=8))
def test_parse_args_returns_or_raises_invalid(tokens: list[str]) -> None:
    try:
        args = parse_args(tokens)
    except InvalidInput as error:
        assert_good_message(error)
    else:
        assert len(args.positionals) + len(args.options) == len(tokens)


@given(st.integers(min_value=1, max_value=1440))
def test_format_minutes_round_trips(minutes: int) -> None:
    assert parse_hours(format_minutes(minutes)) == minutes


@given(
    st.decimals(
        min_value=Decimal("0.0001"),
        max_value=Decimal(24),
        places=4,
        allow_nan=False,
        allow_infinity=False,
    ),
    st.booleans(),
)
def test_parse_hours_matches_decimal_rounding(value: Decimal, comma: bool) -> None:
    text = format(value, "f")
    if comma:
        text = text.replace(".", ",")
    expected = round(value * 60)
    if expected == 0:
        with pytest.raises(InvalidInput):
            parse_hours(text)
    else:
        assert parse_hours(text) == expected
