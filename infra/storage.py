"""Media in S3-compatible object storage, split over two buckets by file name.

Names under one of the public prefixes (given by the settings) go to a bucket anyone may read,
at `public_url`; every other name goes to a private bucket that only the site's keys can read.
One storage for both, so code that moves a file from one folder to another (open, save,
delete) moves it from one bucket to the other without knowing that buckets exist.
"""

from django.core.exceptions import ImproperlyConfigured
from django.core.files.storage import Storage
from django.utils.deconstruct import deconstructible
from django.utils.encoding import filepath_to_uri
from storages.backends.s3 import S3Storage


@deconstructible(path="infra.storage.SplitBucketStorage")
class SplitBucketStorage(Storage):
    """`private` and `public`: S3Storage options (bucket_name, endpoint_url, keys…) of each
    bucket; `public_prefixes`: the folders whose files are public; `public_url`: where the
    public bucket's files are read from (a CDN, or the bucket's own address)."""

    def __init__(self, *, private, public, public_prefixes, public_url):
        self.private = S3Storage(**{**private, "querystring_auth": True})
        self.public = S3Storage(**{**public, "querystring_auth": False})
        self.public_prefixes = tuple(prefix.rstrip("/") + "/" for prefix in public_prefixes)
        self.public_url = public_url.rstrip("/") + "/"

    def bucket_for(self, name):
        return self.public if name.lstrip("/").startswith(self.public_prefixes) else self.private

    def is_public(self, name):
        return self.bucket_for(name) is self.public

    # Each call goes to the bucket that holds (or will hold) the name.

    def _open(self, name, mode="rb"):
        return self.bucket_for(name).open(name, mode)

    def save(self, name, content, max_length=None):
        return self.bucket_for(name).save(name, content, max_length=max_length)

    def get_available_name(self, name, max_length=None):
        return self.bucket_for(name).get_available_name(name, max_length=max_length)

    def generate_filename(self, filename):
        return self.bucket_for(filename).generate_filename(filename)

    def delete(self, name):
        self.bucket_for(name).delete(name)

    def exists(self, name):
        return self.bucket_for(name).exists(name)

    def size(self, name):
        return self.bucket_for(name).size(name)

    def get_modified_time(self, name):
        return self.bucket_for(name).get_modified_time(name)

    def get_created_time(self, name):
        return self.bucket_for(name).get_created_time(name)

    def get_accessed_time(self, name):
        return self.bucket_for(name).get_accessed_time(name)

    def listdir(self, path):
        folder = path.strip("/")
        if folder:
            return self.bucket_for(folder + "/").listdir(folder)
        directories, files = self.private.listdir("")
        public_directories, public_files = self.public.listdir("")
        return sorted({*directories, *public_directories}), sorted({*files, *public_files})

    def url(self, name):
        """A public file's permanent address; a private file's address is signed by the
        private bucket and expires (for staff pages only: visitors never get one)."""
        if self.is_public(name):
            return self.public_url + filepath_to_uri(name.lstrip("/"))
        return self.private.url(name)


def split_bucket_storage(environ, public_prefixes):
    """The STORAGES entry for media in two buckets, from the environment (names in the
    README's "Production" section). ImproperlyConfigured when a required one is missing."""

    def required(name):
        value = environ.get(name, "").strip()
        if not value:
            raise ImproperlyConfigured(f"{name} is not set: media in object storage need it.")
        return value

    connection = {
        "endpoint_url": environ.get("AWS_S3_ENDPOINT_URL") or None,
        "access_key": environ.get("AWS_ACCESS_KEY_ID") or None,
        "secret_key": environ.get("AWS_SECRET_ACCESS_KEY") or None,
        "region_name": environ.get("AWS_S3_REGION_NAME") or None,
        "addressing_style": environ.get("AWS_S3_ADDRESSING_STYLE") or None,
        "file_overwrite": False,  # a new file never replaces another one
        # A file read whole (an import's ZIP) spills to a temporary file past this size.
        "max_memory_size": 16 * 1024 * 1024,
    }
    return {
        "BACKEND": "infra.storage.SplitBucketStorage",
        "OPTIONS": {
            "private": {**connection, "bucket_name": required("MEDIA_BUCKET")},
            "public": {**connection, "bucket_name": required("MEDIA_PUBLIC_BUCKET")},
            "public_prefixes": list(public_prefixes),
            "public_url": required("MEDIA_PUBLIC_URL").rstrip("/") + "/",
        },
    }
