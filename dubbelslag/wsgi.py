import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dubbelslag.settings")
application = get_wsgi_application()

# What is loaded at start-up (modules, settings, URL patterns) lives as long as the process. Moving it out of the
# collector's reach keeps the periodic full collections short: they otherwise add some 30–50 ms to every
# thirteenth request on the neighbourhood pages (measured with bench/run.py).
gc.freeze()
