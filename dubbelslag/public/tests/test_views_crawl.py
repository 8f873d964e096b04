"""An anonymous visitor walks the public site (issue 14: anonymous pages showed `python manage.py …` commands): from
the home page, the knowledge base, the products, the area search and an area profile, the scan at each level, the
koppelkansen, the indicators and the glossary, following internal links breadth first up to a bound. No page may be
a server error, and no page may show a shell command."""

import re
from collections import deque
from urllib.parse import urldefrag, urlsplit

from django.test import TestCase
from django.urls import reverse

from dubbelslag.publications import demo_content
from dubbelslag.publications.tests.test_demo import build_demo, seed
from testing.factories.scan import add_figures, make_buurten, make_run

LIMIT = 200
HREF = re.compile(r'href="([^"]+)"')
# Not pages: files and downloads (the PDF is typeset, the CSVs are data), the open API (its JSON names fetch commands
# for developers on purpose), the admin and the sign-in pages; the language switch is a POST.
SKIP = re.compile(r"^/(static|media|beheer|account|api)/|/(pdf|csv)/|\.(csv|atom|xml|ics|pdf|xlsx|json)(\?|$)")


class AnonymousCrawlTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        build_demo()
        seed()
        # Figures on both sides at buurt, wijk and gemeente level, so that every scan level ranks and links areas.
        areas = make_buurten(2021)
        run = make_run(2021)
        for level in ("BU", "WK", "GM"):
            chosen = [area for code, area in areas.items() if code.startswith(level)]
            add_figures(run, "ET_HOOFDVERW_GAS", {area: 50 + i * 7 for i, area in enumerate(chosen)})
            add_figures(run, "INK_SOCMIN", {area: 5 + i for i, area in enumerate(chosen)})
            add_figures(run, "INK_GEM", {area: 40 - i for i, area in enumerate(chosen)})
            add_figures(run, "ARB_NETTO", {area: 70 - i for i, area in enumerate(chosen)})
            add_figures(run, "GEZ_EENZ_ERN", {area: 9 + i for i, area in enumerate(chosen)})

    def seeds(self) -> list[str]:
        return [
            "/", reverse("public:home"), reverse("public:product-list"),
            reverse("public:product-detail", args=[demo_content.BEST_PRACTICE.slug]),
            reverse("public:record-list"), reverse("public:experiment-list"),
            reverse("atlas:area-search"), reverse("atlas:area-search") + "?q=Rotterdam",
            reverse("atlas:area-detail", args=["GM0599"]),
            reverse("atlas:area-detail", args=["BU00010100"]) + "?jaar=2021",
            "/scan/", "/scan/?niveau=gemeente", "/scan/?niveau=wijk&jaar=2021", "/scan/?niveau=buurt&jaar=2021",
            "/scan/?niveau=buurt&jaar=2021&gemeente=GM0001",
            reverse("koppelkansen:koppelkans-list"), "/indicatoren/", reverse("public:glossary"),
        ]

    def test_no_public_page_is_a_server_error_or_shows_a_shell_command(self):
        queue, seen, visited = deque(self.seeds()), set(self.seeds()), {}
        errors, commands = [], []
        while queue and len(visited) < LIMIT:
            url = queue.popleft()
            response = self.client.get(url, follow=False)
            visited[url] = response.status_code
            if response.status_code >= 500:
                errors.append((url, response.status_code))
                continue
            if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
                continue
            content = response.content.decode()
            if "manage.py" in content:
                around = content[max(content.index("manage.py") - 80, 0):content.index("manage.py") + 60]
                commands.append((url, around))
            for href in HREF.findall(content):
                link = urldefrag(href.replace("&amp;", "&"))[0]
                parts = urlsplit(link)
                if parts.scheme or parts.netloc or not link.startswith("/") or SKIP.search(link):
                    continue
                if link not in seen:
                    seen.add(link)
                    queue.append(link)
        self.assertEqual(errors, [])
        self.assertEqual(commands, [])
        # Every starting page was a real page, and the walk went well beyond them.
        self.assertEqual({url: visited[url] for url in self.seeds() if visited[url] != 200}, {})
        self.assertGreaterEqual(len(visited), 150)
        self.assertTrue(any(url.startswith("/gebieden/BU") for url in visited))
        self.assertTrue(any(url.startswith("/koppelkansen/K") for url in visited))
