"""``walk_pages(client, url, ...)``: follow a list's ``next`` cursors to the end and check
the pages: no item twice, and together exactly the items of one big page."""

from urllib.parse import urlencode


def _get(client, url, params, headers):
    joiner = "&" if "?" in url else "?"
    response = client.get(f"{url}{joiner}{urlencode(params)}", **headers)
    assert response.status_code == 200, response.content
    return response.json()


def walk_pages(client, url, *, limit=2, items="items", key="id", headers=None):
    """The ids of every page, in order; at least two pages expected by the caller."""
    headers = headers or {}
    pages, params = [], {"limit": limit}
    while True:
        body = _get(client, url, params, headers)
        pages.append([item[key] for item in body[items]])
        assert len(pages[-1]) <= limit
        if body["next"] is None:
            break
        assert len(pages[-1]) == limit
        params = {"limit": limit, "cursor": body["next"]}
    seen = [i for page in pages for i in page]
    assert len(seen) == len(set(seen)), f"an item came twice: {pages}"
    everything = _get(client, url, {"limit": 50}, headers)  # every list allows 50
    assert seen == [item[key] for item in everything[items]]
    return pages


def refused_elsewhere(client, url, other_url, *, limit=1, headers=None):
    """A cursor from ``url`` used on ``other_url`` (another filter or list) is a 400."""
    headers = headers or {}
    cursor = _get(client, url, {"limit": limit}, headers)["next"]
    assert cursor
    joiner = "&" if "?" in other_url else "?"
    response = client.get(
        f"{other_url}{joiner}{urlencode({'limit': limit, 'cursor': cursor})}", **headers
    )
    assert response.status_code == 400, response.content
    assert "cursor" in response.json()["detail"]
