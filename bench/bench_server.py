"""The WSGI application the public benchmark serves (``public_bench.py``): the project's own URLs plus one bare view,
``/bench/bare``, a plain HttpResponse behind the same middleware. Pages are measured against it on the same server
stack, so the ratio says what the page itself costs.

    gunicorn --pythonpath bench bench_server:application      (what public_bench.py starts, with DEBUG off)
    python bench/bench_server.py PORT                          (fallback: werkzeug's threaded server)
"""

import gc
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dubbelslag.settings")

from django.conf import settings  # noqa: E402
from django.core.wsgi import get_wsgi_application  # noqa: E402
from django.http import HttpResponse  # noqa: E402
from django.urls import path  # noqa: E402

application = get_wsgi_application()
settings.ROOT_URLCONF = __name__


def bare(request):
    return HttpResponse("ok\n", content_type="text/plain")


from dubbelslag import urls as project_urls  # noqa: E402

urlpatterns = [path("bench/bare", bare), *project_urls.urlpatterns]
handler404 = project_urls.handler404
handler500 = project_urls.handler500

# As dubbelslag/wsgi.py does: start-up objects out of the garbage collector's reach.
gc.freeze()

if __name__ == "__main__":
    from werkzeug.serving import run_simple

    run_simple("127.0.0.1", int(sys.argv[1]), application, threaded=True)
