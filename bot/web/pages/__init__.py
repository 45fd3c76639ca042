"""The dashboard's pages, one module each, added to the app in one place."""

from __future__ import annotations

from pathlib import Path

from aiohttp import web

STATIC = Path(__file__).resolve().parent.parent / "static"


def add_routes(app: web.Application) -> None:
    from bot.web.pages import downloads, home, overview, signin, student

    app.router.add_routes(home.routes)
    app.router.add_routes(signin.routes)
    app.router.add_routes(overview.routes)
    app.router.add_routes(downloads.routes)
    app.router.add_routes(student.routes)
    app.router.add_static("/static/", STATIC, name="static", append_version=True)
