"""What the dashboard's app carries, by key: pages import these from here, never from
``bot.web.app`` (which imports the pages, so that would be an import circle)."""

from __future__ import annotations

from aiohttp import web

from core.services.context import ServiceContext
from core.services.dashboard.overview import OverviewCache
from core.settings import WebSettings

SERVICES = web.AppKey("services", ServiceContext)
SETTINGS = web.AppKey("web_settings", WebSettings)
OVERVIEWS = web.AppKey("overviews", OverviewCache)
"""The cohort overviews built lately, per (cohort, week): one cache per app, so per database."""
