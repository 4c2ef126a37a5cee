"""A short, human name for the device a browser runs on ("Chrome on Android"), from its
User-Agent, shown on the preferences page so a person can tell their devices apart.
Only the name is kept, never the User-Agent itself."""

BROWSERS = [
    ("Edg/", "Edge"),
    ("EdgA/", "Edge"),
    ("SamsungBrowser/", "Samsung Internet"),
    ("OPR/", "Opera"),
    ("Firefox/", "Firefox"),
    ("FxiOS/", "Firefox"),
    ("CriOS/", "Chrome"),
    ("Chrome/", "Chrome"),
    ("Chromium/", "Chromium"),
    ("Safari/", "Safari"),
]
SYSTEMS = [
    ("Android", "Android"),
    ("iPhone", "iPhone"),
    ("iPad", "iPad"),
    ("Windows", "Windows"),
    ("CrOS", "ChromeOS"),
    ("Mac OS X", "Mac"),
    ("Macintosh", "Mac"),
    ("Linux", "Linux"),
]


def device_label(user_agent: str) -> str:
    """ "Chrome on Android", "Safari on iPhone", "Firefox", or "" when unknown."""
    user_agent = (user_agent or "")[:1000]
    browser = next((name for token, name in BROWSERS if token in user_agent), "")
    system = next((name for token, name in SYSTEMS if token in user_agent), "")
    if browser and system:
        return f"{browser} on {system}"
    return browser or system
