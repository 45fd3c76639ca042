"""An error that escapes a Slack listener is logged by Stride's handler, not Bolt's default,
which writes the exception's message (it can quote the user or Slack's reply) into the line."""

from __future__ import annotations

import logging

import pytest

from tests.slack.conftest import SlackClient, until
from tests.slack.fake_slack import Failure

MARK = "zqxmark_failure"


async def test_an_escaped_listener_error_is_logged_without_its_message(
    slack: SlackClient, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)  # slack_sdk's DEBUG wire trace is capped by `stride run`
    slack.fake.fail("views.open", Failure(error=MARK))
    await slack.command("plan set")  # opens a modal: the call fails outside any answer
    # The command is acknowledged first; the modal's call fails (and is logged) after that.
    await until(lambda: any(r.exc_info for r in caplog.records))
    failures = [r for r in caplog.records if r.exc_info]
    assert "SlackApiError" in logging.Formatter().format(failures[-1])
    for record in caplog.records:
        assert MARK not in logging.Formatter().format(record)
