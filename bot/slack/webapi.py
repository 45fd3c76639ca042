"""Reading Slack's refusals, and riding out the passing ones for a reply.

A reply to a click or a form has no outbox behind it: a 429 or a 5xx that escaped its
listener would lose the confirmation (and Bolt, seeing the listener fail, answers Slack
404). So a reply's calls wait out Slack's Retry-After (and retry a 5xx shortly) while
that stays within ``PATIENCE`` seconds, and past it the reply is logged — status and
error code only, nothing the member wrote — and dropped.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import TypeVar

import aiohttp
from slack_sdk.errors import SlackApiError

log = logging.getLogger(__name__)

PATIENCE = 10.0
"""Seconds one reply may spend waiting on Slack, all its calls together."""
SERVER_ERROR_WAIT = 0.5

T = TypeVar("T")


def retry_after(error: SlackApiError) -> float | None:
    """The wait a 429 asks for (1 s when it names none); None for any other answer."""
    response = error.response
    if response.status_code != 429:
        return None
    try:
        return float(response.headers.get("Retry-After", response.headers.get("retry-after", 1)))
    except (TypeError, ValueError):
        return 1.0


def error_code(error: SlackApiError) -> str:
    data = error.response.data
    return str(data.get("error") or "") if isinstance(data, dict) else ""


class Patience:
    """One reply's time budget, shared by all its calls."""

    def __init__(self, seconds: float = PATIENCE) -> None:
        self._deadline = asyncio.get_running_loop().time() + seconds

    async def call(self, request: Callable[[], Awaitable[T]]) -> T:
        """``request()``, again after a 429's Retry-After or a short pause after a 5xx, for
        as long as the wait fits the budget; else its error is raised."""
        loop = asyncio.get_running_loop()
        while True:
            try:
                return await request()
            except SlackApiError as error:
                wait = retry_after(error)
                if wait is None and error.response.status_code >= 500:
                    wait = SERVER_ERROR_WAIT
                if wait is None or loop.time() + wait > self._deadline:
                    raise
                log.info("slack answered %s; trying again in %.1fs", error.response.status_code, wait)
                await asyncio.sleep(wait)


async def or_give_up(reply: Awaitable[None], what: str) -> None:
    """Run ``reply``; one Slack will not take is logged (no content) and dropped, never raised."""
    try:
        await reply
    except SlackApiError as error:
        status = error.response.status_code
        log.warning("slack: gave up the %s reply (%s %s)", what, status, error_code(error))
    except (aiohttp.ClientError, TimeoutError, OSError) as error:
        log.warning("slack: gave up the %s reply (network: %s)", what, type(error).__name__)
