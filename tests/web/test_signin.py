"""Signing in from the bot, end to end: the link is asked for on the console, opened and
used in a client with its own cookies, against the dashboard served on a loopback port."""

from __future__ import annotations

from datetime import timedelta

from tests.web.conftest import COHORT, Web


async def class_of_two(web: Web) -> None:
    await web.console.ok(f"/cohort create {COHORT}")
    await web.console.ok(f"@ada /cohort join {COHORT}")


async def test_an_instructor_with_one_cohort_lands_on_its_overview(web_any_db: Web) -> None:
    await class_of_two(web_any_db)
    prof = await web_any_db.signed_in("prof")
    async with prof.get("/", allow_redirects=False) as home:
        assert home.status == 303
        assert home.headers["Location"] == "/cohorts/1"


async def test_a_student_lands_on_their_own_page(web: Web) -> None:
    await class_of_two(web)
    ada = await web.signed_in("ada")
    async with ada.get("/", allow_redirects=False) as home:
        assert home.status == 303
        assert home.headers["Location"] == "/cohorts/1/students/2"


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
