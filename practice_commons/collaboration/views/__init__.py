"""Pages (one module a subject); each fetches with a selector and writes through a
service, so the pages and the API cannot disagree."""
