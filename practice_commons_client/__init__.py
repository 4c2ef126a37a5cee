"""A small typed Python client for the Practice Commons API.

    from practice_commons_client import Client, UrllibTransport

    api = Client(token, transport=UrllibTransport("https://practicecommons.example"))
    me = api.me()
    page = api.list_communities(limit=20)

Methods and ``TypedDict`` schemas are generated from the OpenAPI document
(``_generated.py``); errors raise ``ApiError`` with the API's ``error`` object.
"""

from . import _generated as schemas
from ._generated import Operations as Client
from .base import ApiError, UrllibTransport

__all__ = ["ApiError", "Client", "UrllibTransport", "schemas"]
