"""Events: the App Home tab, published afresh each time the member opens it."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

from bot.slack.answer import SlackDeps, actor_of
from bot.slack.home import home_tab
from core.services.home import home


def register(app: AsyncApp, deps: SlackDeps) -> None:
    async def on_home_opened(event: dict[str, Any], body: dict[str, Any], client: AsyncWebClient) -> None:
        if event.get("tab", "home") != "home":
            return
        actor = actor_of(body, deps)
        view = await home(deps.services, actor)
        await client.views_publish(user_id=actor.user_id, view=home_tab(view))

    app.event("app_home_opened")(on_home_opened)
