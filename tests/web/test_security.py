"""The dashboard's security, against the real server: no page without a session, another
cohort's or student's page exactly like a missing one, refused links, CSRF, the headers
on every answer (error pages included) and the session cookie's flags.

Pages are found by walking the app's routes, so a page added later is checked too."""

from __future__ import annotations

import logging
import re

import aiohttp
import pytest
from aiohttp import web as aioweb
from markupsafe import escape

from bot.web.app import build_web_app
from bot.web.auth import COOKIE, CROSS_SITE, SIGN_IN_FIRST, STALE_FORM
from bot.web.security import CONTENT_SECURITY_POLICY
from bot.web.server import running
from core.services.dashboard.signin import LINK_EXPIRED, LINK_INVALID
from core.settings import WebSettings
from tests.web.conftest import COHORT, Web

PUBLIC = {"signin_link", "signin", "signout", "signed_out", "healthz", "static"}
"""Routes anyone may open; every other one needs a session."""
PLACEHOLDER = re.compile(r"\{(\w+)(?::[^}]*)?\}")


def page_paths(web: Web) -> list[str]:
    """Every GET route that needs a session, as its pattern (``/cohorts/{cid}``)."""
    app = build_web_app(web.stride.services, WebSettings())
    found = []
    for route in app.router.routes():
        if route.method == "GET" and route.name not in PUBLIC and route.resource is not None:
            found.append(route.resource.canonical)
    return sorted(set(found))


def fill(pattern: str, cid: int, mid: int = 0) -> str:
    """The pattern with a cohort id, a member id, and "hours" for any other part (a chart's name)."""

    def value(part: re.Match[str]) -> str:
        name = part.group(1)
        if name == "cid" or "cohort" in name:
            return str(cid)
        if name == "mid" or "member" in name or "student" in name:
            return str(mid)
        return "hours"

    return PLACEHOLDER.sub(value, pattern)


def is_cohort_page(pattern: str) -> bool:
    return any(name == "cid" or "cohort" in name for name in PLACEHOLDER.findall(pattern))


def is_student_page(pattern: str) -> bool:
    return any(
        name == "mid" or "member" in name or "student" in name for name in PLACEHOLDER.findall(pattern)
    )


async def get(client: aiohttp.ClientSession, path: str) -> tuple[int, str]:
    async with client.get(path, allow_redirects=False) as response:
        return response.status, await response.text()


async def two_classes(web: Web) -> None:
    """Cohort 1: prof teaching ada (members 1, 2); cohort 2: grace teaching bob (3, 4)."""
    await web.console.ok(f"/cohort create {COHORT}")
    await web.console.ok(f"@ada /cohort join {COHORT}")
    await web.console.ok("@grace /cohort create Other-2026")
    await web.console.ok("@bob /cohort join Other-2026")


async def test_no_page_without_a_session(web: Web) -> None:
    paths = page_paths(web)
    assert "/" in paths
    stranger = web.client()
    for pattern in paths:
        status, body = await get(stranger, fill(pattern, cid=1, mid=1))
        assert status == 401, pattern
        assert escape(SIGN_IN_FIRST) in body, pattern
    stranger.cookie_jar.update_cookies({COOKIE: "A" * 43})  # a made-up session
    assert (await get(stranger, "/"))[0] == 401


async def test_another_cohorts_or_students_page_is_the_same_404_as_a_missing_one(web: Web) -> None:
    await two_classes(web)
    prof, ada = await web.signed_in("prof"), await web.signed_in("ada")
    cohort_pages = [p for p in page_paths(web) if is_cohort_page(p)]
    if not cohort_pages:
        pytest.skip("no cohort pages on this branch yet")
    for pattern in cohort_pages:
        if is_student_page(pattern):  # a student's page: another cohort's, or (as a student) a classmate's
            cases = [(prof, {"cid": 2, "mid": 4}), (ada, {"cid": 2, "mid": 4}), (ada, {"cid": 1, "mid": 1})]
        else:  # a cohort's page: another cohort's, or (as a student) their own cohort's
            cases = [(prof, {"cid": 2}), (ada, {"cid": 2}), (ada, {"cid": 1})]
        for client, values in cases:
            missing = await get(client, fill(pattern, cid=999, mid=999))
            assert missing[0] == 404, pattern
            assert await get(client, fill(pattern, **values)) == missing, (pattern, values)


async def test_a_forged_link_never_says_whether_it_existed(web: Web) -> None:
    client = web.client()
    for path in ("/signin/" + "A" * 43, "/signin/short", "/signin/" + "é" * 43, "/signin/" + "A" * 4000):
        status, body = await get(client, path)
        assert status == 400
        assert escape(LINK_INVALID) in body
    async with client.post("/signin", data={"token": "A" * 43}) as posted:
        assert posted.status == 400
        assert escape(LINK_INVALID) in await posted.text()
    async with client.post("/signin", data={}) as empty:
        assert empty.status == 400
    for token in ("A" * 4000, "<script>", "\x00"):
        async with client.post("/signin", data={"token": token}) as hostile:
            assert hostile.status == 400
            assert escape(LINK_INVALID) in await hostile.text()
    async with client.post("/signin", data={"token": "A" * 2_000_000}) as huge:
        assert huge.status == 413
        body = await huge.text()
        assert escape("This form is too large to be one of the dashboard's.") in body
        assert 'class="sentence"' in body


async def test_an_expired_link_page_says_so(web: Web) -> None:
    await two_classes(web)
    path = await web.link("ada")
    web.clock.set(web.clock.now().replace(hour=11))
    status, body = await get(web.client(), path)
    assert status == 400
    assert escape(LINK_EXPIRED) in body


async def test_a_sign_in_posted_from_another_site_is_refused_and_uses_nothing(web: Web) -> None:
    await two_classes(web)
    path = await web.link("ada")
    token = path.rsplit("/", 1)[1]
    victim = web.client()
    for headers in ({"Origin": "https://evil.example"}, {"Sec-Fetch-Site": "cross-site"}):
        async with victim.post("/signin", data={"token": token}, headers=headers) as refused:
            assert refused.status == 403
            assert escape(CROSS_SITE) in await refused.text()
            assert COOKIE not in refused.cookies
    async with victim.get(path) as still_good:
        assert still_good.status == 200


async def test_sign_out_needs_the_pages_own_form_and_then_ends_the_session(web: Web) -> None:
    await two_classes(web)
    prof = await web.signed_in("prof")
    await web.console.ok("/cohort create Second-2026")  # two cohorts: home is a page
    status, home = await get(prof, "/")
    assert status == 200
    found = re.search(r'name="csrf" value="([0-9a-f]{64})"', home)
    assert found, home
    csrf = found.group(1)
    assert 'name="csrf"' not in (await get(prof, "/nowhere"))[1]  # only pages that read the session
    for data, headers in (
        ({}, {"Origin": web.url}),
        ({"csrf": "0" * 64}, {"Origin": web.url}),
        ({"csrf": csrf}, {"Origin": "https://evil.example"}),
    ):
        async with prof.post("/signout", data=data, headers=headers) as refused:
            assert refused.status == 403
            assert escape(STALE_FORM if headers["Origin"] == web.url else CROSS_SITE) in await refused.text()
    assert (await get(prof, "/"))[0] == 200
    async with prof.post(
        "/signout", data={"csrf": csrf}, headers={"Origin": web.url}, allow_redirects=False
    ) as done:
        assert done.status == 303
        assert done.headers["Location"] == "/signed-out"
        assert "Max-Age=0" in done.headers["Set-Cookie"]
    assert (await get(prof, "/"))[0] == 401


async def test_signout_all_in_the_bot_ends_every_browser(web: Web) -> None:
    await two_classes(web)
    laptop, phone = await web.signed_in("ada"), await web.signed_in("ada")
    other = await web.signed_in("prof")
    said = await web.console.ok("@ada /dashboard signout-all")
    assert said == "Signed out of the dashboard everywhere (2 browsers)."
    assert (await get(laptop, "/"))[0] == 401
    assert (await get(phone, "/"))[0] == 401
    assert (await get(other, "/"))[0] == 303


async def test_every_answer_carries_the_security_headers(web: Web) -> None:
    await two_classes(web)
    prof = await web.signed_in("prof")
    answers = []
    for path in ("/", "/healthz", "/signed-out", "/signin/forged", "/nowhere", "/static/dashboard.css"):
        async with prof.get(path, allow_redirects=False) as response:
            answers.append(response)
    async with web.client().get("/") as unauthorised:
        answers.append(unauthorised)
    async with prof.post("/healthz") as wrong_method:
        answers.append(wrong_method)
    assert sorted({answer.status for answer in answers}) == [200, 303, 400, 401, 404, 405]
    for answer in answers:
        assert answer.headers["Content-Security-Policy"] == CONTENT_SECURITY_POLICY, answer.url
        assert answer.headers["X-Content-Type-Options"] == "nosniff"
        assert answer.headers["X-Frame-Options"] == "DENY"
        assert answer.headers["Referrer-Policy"] == "no-referrer"
        assert "Server" not in answer.headers or "Traceback" not in answer.headers["Server"]


async def test_error_pages_are_the_dashboards_own_never_aiohttps_text(web: Web) -> None:
    client = web.client()
    for path, status in (("/nowhere", 404), ("/signin/forged", 400), ("/", 401)):
        async with client.get(path) as page:
            assert page.status == status
            assert page.content_type == "text/html"
            body = await page.text()
            assert '<link rel="stylesheet" href="/static/dashboard.css' in body
            assert f"{status}: " not in body  # aiohttp's "404: Not Found"
    async with client.post("/healthz") as wrong:
        assert wrong.status == 405
        assert "does not take that kind of request" in await wrong.text()
        assert wrong.headers["Allow"] == "GET,HEAD"


async def test_a_failing_page_is_a_500_page_with_a_reference(
    web: Web, caplog: pytest.LogCaptureFixture
) -> None:
    app = build_web_app(web.stride.services, WebSettings())

    async def broken(_: aioweb.Request) -> aioweb.Response:
        raise RuntimeError("secret detail of ada")

    app.router.add_get("/broken", broken, name="broken")
    async with (
        running(app, "127.0.0.1", 0) as port,
        aiohttp.ClientSession() as client,
        client.get(f"http://127.0.0.1:{port}/broken") as page,
    ):
        assert page.status == 500
        body = await page.text()
        assert page.headers["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
    reference = re.search(r"\(ref ([0-9a-f]{8})\)", body)
    assert reference, body
    assert "secret detail" not in body
    assert "Traceback" not in body
    logged = [r for r in caplog.records if r.name == "bot.web.errors"]
    assert [r.getMessage() for r in logged] == [f"dashboard page broken failed (ref {reference.group(1)})"]


async def test_the_session_cookie_is_httponly_lax_for_a_week_and_secure_behind_https(web: Web) -> None:
    await two_classes(web)
    for public, secure in ((None, False), ("https://stride.example.edu", True)):
        settings = WebSettings(port=0, public_url=public)
        app = build_web_app(web.stride.services, settings)
        async with running(app, "127.0.0.1", 0) as port, aiohttp.ClientSession() as client:
            token = (await web.link("ada")).rsplit("/", 1)[1]
            origin = public or f"http://127.0.0.1:{port}"
            async with client.post(
                f"http://127.0.0.1:{port}/signin",
                data={"token": token},
                headers={"Origin": origin},
                allow_redirects=False,
            ) as signed:
                assert signed.status == 303
                cookie = signed.cookies[COOKIE]
        assert cookie["httponly"] is True
        assert cookie["samesite"] == "Lax"
        assert cookie["path"] == "/"
        assert cookie["max-age"] == str(7 * 24 * 3600)
        assert bool(cookie["secure"]) is secure


async def test_nothing_personal_reaches_the_logs(web: Web, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    await web.console.ok("/cohort create Secret-Cohort-Name")
    await web.console.ok("@lovelace1815 /cohort join Secret-Cohort-Name")
    await web.console.ok("/cohort create Second-Cohort-Name")
    path = await web.link("lovelace1815")
    browser = web.client()
    await get(browser, path)
    async with browser.post("/signin", data={"token": path.rsplit("/", 1)[1]}, allow_redirects=False):
        pass
    session = next(cookie.value for cookie in browser.cookie_jar if cookie.key == COOKIE)
    await get(browser, "/")
    await get(browser, "/cohorts/1/students/2")
    await get(browser, "/lovelace1815/Secret-Cohort")  # no such route: its path is not logged either
    prof = await web.signed_in("prof")
    await get(prof, "/")
    logged = "\n".join(f"{r.getMessage()} {r.exc_text or ''}" for r in caplog.records)
    assert "GET signin_link 200" in logged  # the access log names the route…
    assert "GET unmatched 404" in logged
    for secret in (path, path.rsplit("/", 1)[1], session, "lovelace1815", "Secret-Cohort", "/cohorts/1"):
        assert secret not in logged  # …never the path, a token, a name or an id
