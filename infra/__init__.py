"""Site infrastructure shared by every app: the page cache and pagination.

It knows nothing of the exhibition: `home` and `gallery` build on it, never the reverse
(import-linter checks it in CI).
"""
