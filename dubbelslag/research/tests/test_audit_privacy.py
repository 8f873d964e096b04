"""The history of research material records that it changed, never what it said: field notes, quotes and memos may
describe residents, and a deleted entry must really be gone."""

import json
from datetime import date

from dubbelslag.core.models import AuditEvent
from dubbelslag.research.models import Code
from dubbelslag.research.services import coding, log
from testing.base import BaseTestCase

SENSITIVE = "mevrouw op nummer 12 heeft een betalingsachterstand bij de energieleverancier"


class AuditPrivacyTests(BaseTestCase):
    def trail_text(self) -> str:
        return json.dumps([[event.object_repr, event.changes, event.note] for event in AuditEvent.objects.all()],
                          ensure_ascii=False)

    def test_entry_text_quotes_and_memos_never_reach_the_audit_trail(self):
        entry = log.create_entry(experiment=self.experiment, by=self.editor, kind="interview", title="Keukentafel",
                                 occurred_on=date(2020, 3, 4), text=f"Gesprek: {SENSITIVE}.", consent="research")
        code = Code.objects.filter(is_codable=True).first()
        excerpt = coding.mark_excerpt(entry, by=self.researcher, quote=SENSITIVE, codes=[code])
        memo = coding.add_memo(excerpt, by=self.researcher, text=f"Let op: {SENSITIVE}")
        log.update_entry(entry, by=self.editor, version=entry.version, text=f"Gesprek, aangevuld: {SENSITIVE}!")

        trail = self.trail_text()
        self.assertNotIn("betalingsachterstand", trail)
        # What is kept: that the text changed, as a length and a fingerprint.
        change = AuditEvent.objects.filter(object_id=str(entry.pk), action="change").get()
        old, new = change.changes["text"]
        self.assertNotEqual(old, new)
        self.assertIn(str(len(entry.text)), new)

        entry_id = entry.pk
        coding.delete_memo(memo, by=self.researcher)
        log.delete_entry(entry, by=self.editor)
        self.assertNotIn("betalingsachterstand", self.trail_text())
        self.assertTrue(AuditEvent.objects.filter(object_id=str(entry_id), action="delete").exists())
