"""Memos on any object: the include (visible memos, the add form only for who may write, CSRF token), create /
update (version check) / delete with the permission grid, and the memo list that never shows a memo whose target the
user may not see."""

from django.db import connection
from django.template import Context, Template
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dubbelslag.programme.enums import MembershipRole
from dubbelslag.programme.models import Membership
from dubbelslag.research.enums import Confidentiality, RecordKind, RecordStatus
from dubbelslag.research.models import Code, Cycle, HarvestRecord, LearningQuestion, LogEntry, Memo
from dubbelslag.research.services import coding as services
from testing.base import BaseTestCase, make_user


class MemoFixtures(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.entry = LogEntry.objects.create(experiment=cls.experiment, title="Opening huiskamer",
                                            text="De huiskamer ging open.")
        cls.other_entry = LogEntry.objects.create(experiment=cls.other_experiment, title="Geheim verslag",
                                                  text="Vertrouwelijk.")
        cls.code = Code.objects.create(name="Ontmoeting")
        cls.other_editor = make_user("other-editor@example.org", name="Otto Elders")
        Membership.objects.create(user=cls.other_editor, programme=cls.programme, experiment=cls.other_experiment,
                                  role=MembershipRole.EDITOR)

    def setUp(self):
        self.client.cookies["django_language"] = "en"

    def grid(self, url, *, hidden_for=(), forbidden_for=(), method="post", data=None):
        self.client.logout()
        response = getattr(self.client, method)(url, data or {})
        self.assertEqual(response.status_code, 302)
        self.assertIn(reverse("accounts:login"), response.url)
        for user, expected in [(u, 404) for u in hidden_for] + [(u, 403) for u in forbidden_for]:
            self.login(user)
            self.assertEqual(getattr(self.client, method)(url, data or {}).status_code, expected, str(user))


class MemoIncludeTests(MemoFixtures):
    def render(self, target, user) -> str:
        request = RequestFactory().get("/onderzoek/iets/?a=1")
        request.user = user
        template = Template('{% include "research/includes/memos.html" with target=target %}')
        return template.render(Context({"target": target, "request": request, "user": user, "csrf_token": "TOKEN"}))

    def test_shows_the_memos_and_an_add_form_for_writers_only(self):
        services.add_memo(self.entry, by=self.editor, title="Eerste indruk", text="Veel **opkomst**.")
        for user in (self.editor, self.researcher):
            rendered = self.render(self.entry, user)
            self.assertIn("Eerste indruk", rendered)
            self.assertIn("<strong>opkomst</strong>", rendered)
            self.assertIn(reverse("research:memo-create", args=["logentry", self.entry.pk]), rendered)
            self.assertIn('name="csrfmiddlewaretoken" value="TOKEN"', rendered)
            self.assertIn('name="next" value="/onderzoek/iets/?a=1"', rendered)
        rendered = self.render(self.entry, self.reader)
        self.assertIn("Eerste indruk", rendered)
        self.assertNotIn(reverse("research:memo-create", args=["logentry", self.entry.pk]), rendered)
        self.assertNotIn(reverse("research:memo-update", args=[Memo.objects.get().pk]), rendered)

    def test_renders_nothing_for_a_target_the_user_may_not_read(self):
        services.add_memo(self.other_entry, by=self.researcher, text="Niet voor jou.")
        self.assertNotIn("Niet voor jou", self.render(self.other_entry, self.editor))
        self.assertNotIn("Niet voor jou", self.render(self.other_entry, self.outsider))
        self.assertIn("Niet voor jou", self.render(self.other_entry, self.coordinator))

    def test_on_the_code_page_members_read_and_the_team_writes(self):
        services.add_memo(self.code, by=self.researcher, text="Codeermemo.")
        self.login(self.reader)
        response = self.client.get(reverse("research:code-detail", args=[self.code.pk]))
        self.assertContains(response, "Codeermemo.")
        self.assertNotContains(response, reverse("research:memo-create", args=["code", self.code.pk]))
        self.login(self.researcher)
        response = self.client.get(reverse("research:code-detail", args=[self.code.pk]))
        self.assertContains(response, reverse("research:memo-create", args=["code", self.code.pk]))
        self.assertContains(response, "csrfmiddlewaretoken")

    def test_on_the_coding_page_each_excerpt_has_its_memos(self):
        excerpt = services.mark_excerpt(self.entry, by=self.editor, quote="huiskamer", codes=[self.code])
        services.add_memo(excerpt, by=self.editor, text="Het woord huiskamer valt vaak.")
        self.login(self.editor)
        response = self.client.get(reverse("research:entry-code", args=[self.entry.pk]))
        self.assertContains(response, "Het woord huiskamer valt vaak.")
        self.assertContains(response, reverse("research:memo-create", args=["excerpt", excerpt.pk]))


class MemoCreateTests(MemoFixtures):
    def test_grid(self):
        url = reverse("research:memo-create", args=["logentry", self.entry.pk])
        self.grid(url, hidden_for=[self.outsider, self.other_editor], forbidden_for=[self.reader],
                  data={"text": "Nee"})
        self.grid(reverse("research:memo-create", args=["code", self.code.pk]), hidden_for=[self.outsider],
                  forbidden_for=[self.reader, self.editor], data={"text": "Nee"})
        self.assertFalse(Memo.objects.exists())
        self.login(self.editor)
        self.assertEqual(self.client.put(url).status_code, 405)
        self.assertEqual(self.client.post(reverse("research:memo-create", args=["user", self.editor.pk]),
                                          {"text": "x"}).status_code, 404)
        self.assertEqual(self.client.post(reverse("research:memo-create", args=["logentry", 999999]),
                                          {"text": "x"}).status_code, 404)

    def test_happy_path_with_a_safe_next(self):
        url = reverse("research:memo-create", args=["logentry", self.entry.pk])
        self.login(self.editor)
        response = self.client.get(url)
        self.assertContains(response, "Opening huiskamer")
        response = self.client.post(url, {"title": "Indruk", "text": "Veel opkomst.", "next": "/onderzoek/codes/"})
        self.assertRedirects(response, "/onderzoek/codes/", fetch_redirect_response=False)
        memo = Memo.objects.get()
        self.assertEqual((memo.target, memo.author, memo.title, memo.text),
                         (self.entry, self.editor, "Indruk", "Veel opkomst."))
        # An outside address is not followed.
        response = self.client.post(url, {"text": "Nog een.", "next": "https://evil.example/"})
        self.assertFalse(response.url.startswith("https://evil.example"))

    def test_memo_on_each_kind_of_target(self):
        question = LearningQuestion.objects.create(experiment=self.experiment, question="Werkt een huiskamer?")
        cycle = Cycle.objects.create(experiment=self.experiment, number=1, title="Eerste ronde",
                                     plan_starts_on="2024-01-01")
        record = HarvestRecord.objects.create(programme=self.programme, kind=RecordKind.INSIGHT, title="Inzicht",
                                              summary="…", created_by=self.editor)
        excerpt = services.mark_excerpt(self.entry, by=self.editor, quote="huiskamer")
        self.login(self.researcher)
        for model, target in (("learningquestion", question), ("cycle", cycle), ("harvestrecord", record),
                              ("excerpt", excerpt), ("code", self.code), ("logentry", self.entry)):
            response = self.client.post(reverse("research:memo-create", args=[model, target.pk]),
                                        {"text": f"Memo over {model}"})
            self.assertEqual(response.status_code, 302, model)
            self.assertEqual(Memo.objects.get(text=f"Memo over {model}").target, target)

    def test_an_empty_memo_is_refused_on_the_form(self):
        self.login(self.editor)
        response = self.client.post(reverse("research:memo-create", args=["logentry", self.entry.pk]), {"text": ""})
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.context["form"].errors["text"])
        self.assertFalse(Memo.objects.exists())


class MemoChangeTests(MemoFixtures):
    def setUp(self):
        super().setUp()
        self.memo = services.add_memo(self.entry, by=self.editor, title="Indruk", text="Versie 1")
        self.colleague = make_user("colleague@example.org")
        Membership.objects.create(user=self.colleague, programme=self.programme, experiment=self.experiment,
                                  role=MembershipRole.EDITOR)

    def test_update_grid(self):
        url = reverse("research:memo-update", args=[self.memo.pk])
        self.grid(url, hidden_for=[self.outsider, self.other_editor], forbidden_for=[self.reader, self.colleague],
                  data={"text": "Overschreven", "version": 1})
        self.memo.refresh_from_db()
        self.assertEqual(self.memo.text, "Versie 1")

    def test_update_happy_path_and_stale_version(self):
        url = reverse("research:memo-update", args=[self.memo.pk])
        self.login(self.editor)
        self.assertEqual(self.client.get(url).context["form"].initial["version"], 1)
        response = self.client.post(url, {"title": "Indruk", "text": "Versie 2", "version": 1})
        self.assertEqual(response.status_code, 302)
        self.login(self.researcher)  # the programme team may change anyone's memo, but not an outdated copy
        response = self.client.post(url, {"title": "", "text": "Oud", "version": 1})
        self.assertContains(response, "Someone else changed this memo while you were editing it")
        self.memo.refresh_from_db()
        self.assertEqual((self.memo.text, self.memo.version), ("Versie 2", 2))

    def test_delete_grid_and_happy_path(self):
        url = reverse("research:memo-delete", args=[self.memo.pk])
        self.grid(url, hidden_for=[self.outsider, self.other_editor], forbidden_for=[self.reader, self.colleague])
        self.login(self.editor)
        self.assertContains(self.client.get(url), "Versie 1")
        response = self.client.post(url)
        self.assertEqual(response.status_code, 302)
        self.assertFalse(Memo.objects.exists())


class MemoListTests(MemoFixtures):
    url = reverse("research:memo-list")

    def memo_texts(self, user, **params) -> set[str]:
        self.login(user)
        return {memo.text for memo in self.client.get(self.url, params).context["memos"]}

    def test_never_lists_a_memo_whose_target_the_user_may_not_see(self):
        services.add_memo(self.entry, by=self.editor, text="Eigen entry")
        services.add_memo(self.other_entry, by=self.researcher, text="Entry elders")
        excerpt = services.mark_excerpt(self.other_entry, by=self.researcher, quote="Vertrouwelijk")
        services.add_memo(excerpt, by=self.researcher, text="Fragment elders")
        services.add_memo(self.code, by=self.researcher, text="Over een code")
        draft = HarvestRecord.objects.create(programme=self.programme, kind=RecordKind.CHALLENGE, title="Knelpunt",
                                             summary="…", created_by=self.other_editor,
                                             confidentiality=Confidentiality.EXPERIMENT, status=RecordStatus.DRAFT)
        draft.experiments.add(self.other_experiment)
        services.add_memo(draft, by=self.other_editor, text="Over een concept elders")

        self.assertEqual(self.memo_texts(self.editor), {"Eigen entry", "Over een code"})
        self.assertEqual(self.memo_texts(self.reader), {"Eigen entry", "Over een code"})
        self.assertEqual(self.memo_texts(self.other_editor),
                         {"Entry elders", "Fragment elders", "Over een code", "Over een concept elders"})
        self.assertEqual(self.memo_texts(self.researcher),
                         {"Eigen entry", "Entry elders", "Fragment elders", "Over een code",
                          "Over een concept elders"})
        self.assertEqual(self.memo_texts(self.outsider), set())
        self.login(self.editor)
        response = self.client.get(self.url)
        self.assertNotContains(response, "elders")
        self.assertNotContains(response, "Geheim verslag")

    def test_filters_and_links_to_the_target(self):
        services.add_memo(self.entry, by=self.editor, text="Eigen entry")
        services.add_memo(self.code, by=self.researcher, text="Over een code")
        self.assertEqual(self.memo_texts(self.editor, kind="code"), {"Over een code"})
        self.assertEqual(self.memo_texts(self.editor, mine="1"), {"Eigen entry"})
        self.assertEqual(self.memo_texts(self.editor, kind="nonsense"), {"Eigen entry", "Over een code"})
        response = self.client.get(self.url)
        self.assertContains(response, reverse("research:code-detail", args=[self.code.pk]))

    def test_grid_and_query_count(self):
        self.client.logout()
        response = self.client.get(self.url)
        self.assertIn(reverse("accounts:login"), response.url)
        self.login(self.editor)
        self.assertEqual(self.client.post(self.url).status_code, 405)
        services.add_memo(self.entry, by=self.editor, text="Een")
        self.client.get(self.url)  # warm the content-type cache, which other tests may have left cold
        with CaptureQueriesContext(connection) as one:
            self.client.get(self.url)
        services.add_memo(self.entry, by=self.editor, text="Twee")
        services.add_memo(self.entry, by=self.researcher, text="Drie")
        with CaptureQueriesContext(connection) as three:
            response = self.client.get(self.url)
        self.assertEqual(len(response.context["memos"]), 3)
        self.assertEqual(len(three), len(one))
