"""Files sent to Stride in its DM: ``roadmap import`` or ``goal import`` with the document.

A slash command cannot carry a file, so on Slack a member drags the document into their
direct messages with Stride, with the command as the message (``roadmap import``, or
``roadmap import mode=merge``). Stride checks the size Slack reports before downloading,
downloads with its bot token from Slack's file host only, and runs the command with the
file as its upload, answering in the same DM.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import aiohttp
from slack_bolt.async_app import AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

from bot.slack.answer import SlackDeps, actor_of, run_view, tell
from bot.slack.listeners.commands import command_line
from core.domain.textfile import MAX_UPLOAD_BYTES, check_size
from core.errors import InvalidInput
from core.textcommands import Upload, dispatch, find_command
from core.views.base import Notice, View

NO_COMMAND = (
    "Say what the file is for in the same message: roadmap import (or roadmap import mode=merge), "
    "or goal import."
)

SLACK_FILE_HOSTS = ("files.slack.com", "slack-files.com")


def register(app: AsyncApp, deps: SlackDeps) -> None:
    async def on_direct_message(event: dict[str, Any], body: dict[str, Any], client: AsyncWebClient) -> None:
        if event.get("channel_type") != "im" or event.get("bot_id") or not event.get("files"):
            return
        actor = actor_of(body, deps)
        line = command_line("", str(event.get("text") or ""))

        async def call() -> View:
            spec, _ = find_command(line.split())
            if spec is None or not spec.takes_upload:
                return Notice(text=NO_COMMAND)
            uploads = (await _download(client, event["files"][0]),)
            return await dispatch(deps.services, actor, line, uploads=uploads)

        channel = str(event.get("channel") or "")  # the member's DM with Stride ("im" above)
        await tell(client, actor.user_id, channel, await run_view(call, "file"), dm=channel or None)

    app.event("message")(on_direct_message)


async def _download(client: AsyncWebClient, file: dict[str, Any]) -> Upload:
    name = str(file.get("name") or "upload")[:200]
    size = file.get("size")
    check_size(size if isinstance(size, int) else MAX_UPLOAD_BYTES + 1, name)
    url = str(file.get("url_private_download") or file.get("url_private") or "")
    if not _from_slack(url, client.base_url):
        raise InvalidInput("That file is not on Slack's file host; attach it to your message to Stride.")
    headers = {"Authorization": f"Bearer {client.token}"}
    async with aiohttp.ClientSession() as http, http.get(url, headers=headers) as response:
        if response.status != 200:
            raise InvalidInput(
                f"Slack did not hand over {name[:60]} (status {response.status}); send it again."
            )
        data = await response.content.read(MAX_UPLOAD_BYTES + 1)
    check_size(len(data), name)
    return Upload(name, data)


def _from_slack(url: str, api_base_url: str) -> bool:
    """Only Slack's file hosts (or the configured API host, for Slack's alternative hosts)."""
    parts, api = urlsplit(url), urlsplit(api_base_url)
    if parts.scheme == "https" and parts.hostname in SLACK_FILE_HOSTS:
        return True
    return parts.scheme == api.scheme and parts.netloc == api.netloc
