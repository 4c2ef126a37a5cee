"""S3-compatible object storage for public media and private files (django-storages).

Set ``AWS_STORAGE_BUCKET_NAME`` (and, for a service other than AWS, ``AWS_S3_ENDPOINT_URL``;
``AWS_S3_REGION_NAME`` where the service needs one). Credentials come the way boto3 finds
them: ``AWS_ACCESS_KEY_ID`` and ``AWS_SECRET_ACCESS_KEY`` in the environment, or the
machine's role. One bucket, two prefixes:

* ``public/``: the ``default`` storage (media any page may link to), served by signed
  URLs that expire, like every object in the bucket;
* ``private/``: attachments, library files, CPD evidence and subject-access archives
  (``core.storage.PrivateStorage``); never given a URL: the permission-checked download
  views stream them.

No object is ever made public (``default_acl`` None leaves the bucket's private default;
``querystring_auth`` signs every URL), and a name is never overwritten.
"""

SIGNED_URL_SECONDS = 300


def _s3(*, bucket: str, endpoint_url: str | None, region: str | None, location: str) -> dict:
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": bucket,
            "endpoint_url": endpoint_url,
            "region_name": region,
            "location": location,
            "default_acl": None,
            "querystring_auth": True,
            "querystring_expire": SIGNED_URL_SECONDS,
            "file_overwrite": False,
        },
    }


def object_storages(*, bucket: str, endpoint_url: str | None, region: str | None) -> dict:
    """The ``STORAGES`` entries for ``default`` and ``private`` in one bucket."""
    common = {"bucket": bucket, "endpoint_url": endpoint_url, "region": region}
    return {
        "default": _s3(**common, location="public"),
        "private": _s3(**common, location="private"),
    }
