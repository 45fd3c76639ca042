"""A form of the dashboard's own, posted by a browser under ``Referrer-Policy: no-referrer``,
arrives with ``Origin: null`` (Chromium, found by tests/browser): it is accepted only when
``Sec-Fetch-Site`` says the post came from the same origin."""

from __future__ import annotations

import pytest

from tests.web.conftest import COHORT, Web


@pytest.mark.parametrize(("site", "status"), [("same-origin", 303), ("cross-site", 403), (None, 403)])
async def test_an_opaque_origin_needs_the_browsers_same_origin_word(
    web: Web, site: str | None, status: int
) -> None:
    await web.console.ok(f"/cohort create {COHORT}")
    token = (await web.link("prof")).rsplit("/", 1)[1]
    headers = {"Origin": "null", **({"Sec-Fetch-Site": site} if site else {})}
    client = web.client()
    async with client.post(
        "/signin", data={"token": token}, headers=headers, allow_redirects=False
    ) as answer:
        assert answer.status == status
        if status == 403:
            assert "sent from another site" in await answer.text()
    assert any(cookie.key == "stride_session" for cookie in client.cookie_jar) == (status == 303)
