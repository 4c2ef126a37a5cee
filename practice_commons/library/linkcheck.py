"""One HTTP request per link, for the scheduled link check: a HEAD (falling back to a
GET when the server refuses HEAD), a short timeout, no body read. ``None`` means the
server could not be reached."""

import urllib.error
import urllib.request

TIMEOUT_SECONDS = 10
USER_AGENT = "PracticeCommons-LinkCheck/1.0"


def fetch_status(url: str) -> int | None:
    if not url.startswith(("http://", "https://")):
        return None
    for method in ("HEAD", "GET"):
        request = urllib.request.Request(  # noqa: S310 - scheme checked above
            url, method=method, headers={"User-Agent": USER_AGENT}
        )
        try:
            with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310
                return response.status
        except urllib.error.HTTPError as exc:
            if method == "HEAD" and exc.code in (403, 405, 501):
                continue
            return exc.code
        except (urllib.error.URLError, TimeoutError, OSError, ValueError):
            return None
    return None
