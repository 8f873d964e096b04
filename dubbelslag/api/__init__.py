"""The open read API, /api/v1/: one django-ninja API with a router per resource (``areas``, ``scan``,
``knowledge``), its OpenAPI 3.1 document generated from the code, and the docs page at /api/.

Rightmost in the import order: it may read the selectors of every app; no app imports it.
"""
