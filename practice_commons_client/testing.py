"""A transport over Django's test client, for the project's own tests."""


class DjangoTestTransport:
    def __init__(self, client=None):
        from django.test import Client

        self.client = client or Client()

    def request(self, method, url, *, headers, body):
        response = self.client.generic(
            method,
            url,
            data=body or b"",
            content_type=headers.get("Content-Type", "application/octet-stream"),
            headers={k: v for k, v in headers.items() if k != "Content-Type"},
        )
        return response.status_code, dict(response.items()), response.content
