"""A real HTTP server on 127.0.0.1 (a random port, in a thread) that records every request
the webhooks send and answers from a script, for the webhook tests."""

import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Received:
    path: str
    headers: dict
    body: bytes


class Receiver:
    """``answers``: (status, body, delay seconds, extra headers) used in order; once used
    up, every request gets ``default``."""

    def __init__(self):
        self.requests: list[Received] = []
        self.answers: list[tuple] = []
        self.default = (200, b"thanks", 0, {})
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 - the http.server interface
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length)
                receiver.requests.append(Received(self.path, dict(self.headers), body))
                status, text, delay, extra = (
                    receiver.answers.pop(0) if receiver.answers else receiver.default
                )
                if delay:
                    time.sleep(delay)
                try:
                    self.send_response(status)
                    for name, value in extra.items():
                        self.send_header(name, value)
                    self.send_header("Content-Length", str(len(text)))
                    self.end_headers()
                    self.wfile.write(text)
                except OSError:
                    pass  # the client gave up (the timeout test)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/hooks/practice-commons"

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()
