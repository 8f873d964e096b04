import os

# Browser tests drive Playwright's sync API, which runs an event loop in the test thread; Django then refuses ORM
# calls from that thread unless told it is safe (it is: the live server runs in its own thread).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
