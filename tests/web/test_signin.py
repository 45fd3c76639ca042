"""Signing in from the bot, end to end: the link is asked for on the console, opened and
used in a client with its own cookies, against the dashboard served on a loopback port."""

from __future__ import annotations

import asyncio
import re
from datetime import timedelta

import aiohttp

from tests.web.conftest import COHORT, Web


async def class_of_two(web: Web) -> None:
    await web.console.ok(f"/cohort create {COHORT}")
    await web.console.ok(f"@ada /cohort join {COHORT}")


async def test_each_lands_on_their_one_page_an_instructor_the_overview_a_student_their_own(
    web_any_db: Web,
) -> None:
    await class_of_two(web_any_db)
    for who, page in (("prof", "/cohorts/1"), ("ada", "/cohorts/1/students/2")):
        client = await web_any_db.signed_in(who)
        async with client.get("/", allow_redirects=False) as home:
            assert home.status == 303
            assert home.headers["Location"] == page


async def test_opening_the_link_uses_nothing_up_and_pressing_sign_in_does(web_any_db: Web) -> None:
    await class_of_two(web_any_db)
    path = await web_any_db.link("ada")
    browser = web_any_db.client()
    for _ in range(2):  # a chat app's preview fetch, then the person
        async with browser.get(path) as page:
            assert page.status == 200
            assert "Sign in" in await page.text()
    token = path.rsplit("/", 1)[1]
    async with browser.post("/signin", data={"token": token}, allow_redirects=False) as signed:
        assert signed.status == 303
    async with browser.get("/", allow_redirects=False) as home:
        assert home.status == 303
    again = web_any_db.client()
    async with again.post("/signin", data={"token": token}) as used:
        assert used.status == 400
        assert "This sign-in link was already used; type /dashboard for a new one." in await used.text()
    async with again.get(path) as opened:
        assert opened.status == 400
        assert "already used" in await opened.text()


async def test_an_expired_link_is_refused(web_any_db: Web) -> None:
    await class_of_two(web_any_db)
    path = await web_any_db.link("ada")
    web_any_db.clock.set(web_any_db.clock.now() + timedelta(minutes=15))
    browser = web_any_db.client()
    async with browser.post("/signin", data={"token": path.rsplit("/", 1)[1]}) as refused:
        assert refused.status == 400
        assert "This sign-in link expired (links last 15 minutes)" in await refused.text()


async def test_two_tabs_pressing_sign_in_at_once_get_one_session(web_any_db: Web) -> None:
    await class_of_two(web_any_db)
    token = (await web_any_db.link("ada")).rsplit("/", 1)[1]
    tabs = [web_any_db.client(), web_any_db.client()]

    async def press(tab: aiohttp.ClientSession) -> int:
        async with tab.post("/signin", data={"token": token}, allow_redirects=False) as answer:
            return answer.status

    assert sorted(await asyncio.gather(*(press(tab) for tab in tabs))) == [303, 400]


async def test_home_lists_each_cohort_as_what_the_person_is_in_it(web: Web) -> None:
    await class_of_two(web)
    await web.console.ok("/cohort create Second-2026")
    await web.console.ok("@grace /cohort create Third-2026")
    await web.console.ok("/cohort join Third-2026")
    prof = await web.signed_in("prof")
    async with prof.get("/") as home:
        assert home.status == 200
        page = await home.text()
    links = re.findall(r'<a href="(/cohorts/[^"]+)">([^<]+)</a> — ([a-z ]+)', page)
    assert links == [
        ("/cohorts/1", COHORT, "class overview"),
        ("/cohorts/2", "Second-2026", "class overview"),
        ("/cohorts/3/students/5", "Third-2026", "your page"),
    ]


async def test_someone_left_with_no_cohort_is_told_how_to_join_one(web: Web) -> None:
    await class_of_two(web)
    ada = await web.signed_in("ada")
    await web.console.ok(f"@ada /me delete confirm={COHORT}")
    async with ada.get("/") as home:
        assert home.status == 200
        assert "You are in no cohort any more" in await home.text()
