"""The notifications page (/meldingen/): one's own only, newest first, paginated, unread marked; opening one and
"mark all as read"; the unread count in the header."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from dubbelslag.labs.enums import NotificationEvent, QuestionStatus
from dubbelslag.labs.models import Notification
from dubbelslag.labs.views.notifications import PAGE_SIZE
from testing.base import BaseTestCase
from testing.factories.labs import make_notification, make_question, make_working_group

LIST_URL = reverse("notifications:notification-list")
READ_ALL_URL = reverse("notifications:notification-read-all")


def open_url(notification):
    return reverse("notifications:notification-open", args=[notification.pk])


class NotificationFixtures(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.question = make_question(programme=cls.programme, title="Wat kost een warmtepomp?",
                                     status=QuestionStatus.ASSIGNED,
                                     assigned_group=make_working_group(programme=cls.programme))


class NotificationListTests(NotificationFixtures):
    def test_lists_only_ones_own_newest_first_with_unread_marked(self):
        now = timezone.now()
        older = make_notification(recipient=self.reader, question=self.question, created_at=now - timedelta(days=2),
                                  read_at=now - timedelta(days=1))
        newer = make_notification(recipient=self.reader, question=self.question, created_at=now,
                                  event=NotificationEvent.QUESTION_ANSWERED)
        theirs = make_notification(recipient=self.editor, question=self.question, title="Niet voor jou")
        self.login(self.reader)
        self.client.cookies["django_language"] = "en"
        response = self.client.get(LIST_URL)
        self.assertEqual(list(response.context["page"].object_list), [newer, older])
        self.assertNotIn(theirs, response.context["page"].object_list)
        self.assertNotContains(response, "Niet voor jou")
        self.assertContains(response, "The knowledge question “Wat kost een warmtepomp?” has been answered.")
        self.assertContains(response, "has been assigned to Kennislab 1.")
        self.assertContains(response, '<span class="badge">Unread</span>', count=1)
        self.assertContains(response, "1 unread notification")
        self.assertContains(response, f'action="{READ_ALL_URL}"')

    def test_empty_list_says_so_and_offers_no_mark_all(self):
        self.login(self.outsider)
        self.client.cookies["django_language"] = "en"
        response = self.client.get(LIST_URL)
        self.assertContains(response, "You have no notifications yet.")
        self.assertNotContains(response, f'action="{READ_ALL_URL}"')

    def test_paginated(self):
        Notification.objects.bulk_create([
            Notification(recipient=self.reader, question=self.question, event=NotificationEvent.QUESTION_ASSIGNED,
                         title=f"Vraag {number}", created_at=timezone.now() - timedelta(minutes=number))
            for number in range(PAGE_SIZE + 1)])
        self.login(self.reader)
        first = self.client.get(LIST_URL)
        second = self.client.get(LIST_URL, {"page": "2"})
        self.assertEqual(len(first.context["page"].object_list), PAGE_SIZE)
        self.assertEqual([n.title for n in second.context["page"].object_list], [f"Vraag {PAGE_SIZE}"])

    def test_anonymous_is_sent_to_log_in_and_wrong_method_refused(self):
        response = self.client.get(LIST_URL)
        self.assertRedirects(response, f"{reverse('accounts:login')}?next={LIST_URL}")
        self.login(self.reader)
        self.assertEqual(self.client.post(LIST_URL).status_code, 405)

    def test_query_count_does_not_grow(self):
        make_notification(recipient=self.reader, question=self.question)
        self.login(self.reader)
        self.client.get(LIST_URL)  # warm up the session
        # Session, user, page count, page, unread count, the header's count and its "Monitoring" menu entry.
        with self.assertNumQueries(7) as one:
            self.client.get(LIST_URL)
        make_notification(recipient=self.reader, question=self.question)
        make_notification(recipient=self.reader, question=self.question)
        with self.assertNumQueries(len(one.captured_queries)):
            self.client.get(LIST_URL)


class NotificationOpenTests(NotificationFixtures):
    def test_opening_marks_it_read_and_goes_to_the_question(self):
        notification = make_notification(recipient=self.reader, question=self.question)
        self.login(self.reader)
        response = self.client.post(open_url(notification))
        self.assertRedirects(response, self.question.get_absolute_url(), fetch_redirect_response=False)
        self.assertIsNotNone(Notification.objects.get(pk=notification.pk).read_at)

    def test_anothers_notification_is_not_found_and_stays_unread(self):
        notification = make_notification(recipient=self.reader, question=self.question)
        for user in (self.editor, self.coordinator, self.outsider):
            with self.subTest(user=user.email):
                self.login(user)
                self.assertEqual(self.client.post(open_url(notification)).status_code, 404)
        self.assertIsNone(Notification.objects.get(pk=notification.pk).read_at)

    def test_anonymous_logs_in_and_get_is_refused(self):
        notification = make_notification(recipient=self.reader, question=self.question)
        response = self.client.post(open_url(notification))
        self.assertRedirects(response, f"{reverse('accounts:login')}?next={open_url(notification)}")
        self.login(self.reader)
        self.assertEqual(self.client.get(open_url(notification)).status_code, 405)
        self.assertIsNone(Notification.objects.get(pk=notification.pk).read_at)

    def test_needs_a_csrf_token(self):
        from django.test import Client

        notification = make_notification(recipient=self.reader, question=self.question)
        client = Client(enforce_csrf_checks=True)
        client.force_login(self.reader)
        self.assertEqual(client.post(open_url(notification)).status_code, 403)
        self.assertEqual(client.post(READ_ALL_URL).status_code, 403)
        self.assertIsNone(Notification.objects.get(pk=notification.pk).read_at)


class NotificationReadAllTests(NotificationFixtures):
    def test_marks_all_of_ones_own_read_and_nobody_elses(self):
        mine = [make_notification(recipient=self.reader, question=self.question) for _ in range(2)]
        theirs = make_notification(recipient=self.editor, question=self.question)
        self.login(self.reader)
        self.client.cookies["django_language"] = "en"
        response = self.client.post(READ_ALL_URL, follow=True)
        self.assertRedirects(response, LIST_URL)
        self.assertContains(response, "2 notifications marked as read.")
        self.assertEqual(set(Notification.objects.filter(read_at__isnull=False)), set(mine))
        self.assertEqual(set(Notification.objects.unread()), {theirs})

    def test_anonymous_logs_in_and_get_is_refused(self):
        make_notification(recipient=self.reader, question=self.question)
        self.assertRedirects(self.client.post(READ_ALL_URL), f"{reverse('accounts:login')}?next={READ_ALL_URL}")
        self.login(self.reader)
        self.assertEqual(self.client.get(READ_ALL_URL).status_code, 405)
        self.assertEqual(Notification.objects.unread().count(), 1)


class HeaderCountTests(NotificationFixtures):
    def test_the_header_shows_ones_own_unread_count(self):
        make_notification(recipient=self.reader, question=self.question)
        make_notification(recipient=self.reader, question=self.question)
        make_notification(recipient=self.reader, question=self.question, read_at=timezone.now())
        for _ in range(3):
            make_notification(recipient=self.editor, question=self.question)
        self.login(self.reader)
        self.client.cookies["django_language"] = "en"
        response = self.client.get(reverse("programme:dashboard"))
        self.assertContains(response, f'<a href="{LIST_URL}">Notifications <span class="badge">2<span '
                                      'class="visually-hidden"> unread</span></span></a>', html=True)

    def test_no_count_without_unread_and_no_link_when_signed_out(self):
        make_notification(recipient=self.reader, question=self.question, read_at=timezone.now())
        self.login(self.reader)
        self.client.cookies["django_language"] = "en"
        response = self.client.get(reverse("programme:dashboard"))
        self.assertContains(response, f'<a href="{LIST_URL}">Notifications</a>', html=True)
        self.client.logout()
        self.assertNotContains(self.client.get(reverse("atlas:area-search")), LIST_URL)
