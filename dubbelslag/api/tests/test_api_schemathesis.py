"""Schemathesis against the rest of the document (areas, indicators, observations, scan, the document itself): the
knowledge base's paths have their own run in public/tests/test_schemathesis.py. Generated requests, valid and
invalid, never get a server error; valid ones get answers as documented."""

from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.test import override_settings
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis import openapi as schemathesis_openapi
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from dubbelslag.api.base import document
from dubbelslag.atlas.tests.test_api import ApiTestCase

HYPOTHESIS = settings(max_examples=25, deadline=None, database=None, derandomize=True,
                      suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
CONFORMANCE = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
PATHS = r"^/api/v1/(areas|indicators|observations|scan|openapi)"
# Nothing in these can be made invalid (no parameter, or one free-text path parameter).
NOTHING_TO_NEGATE = {"GET /api/v1/openapi.json", "GET /api/v1/indicators/{code}"}


@override_settings(ALLOWED_HOSTS=["localhost", "testserver"])
class SchemathesisTests(ApiTestCase):
    def setUp(self):
        # As in public/tests/test_schemathesis.py: keep the test's transaction across WSGI requests.
        for signal in (request_started, request_finished):
            signal.disconnect(close_old_connections)
            self.addCleanup(signal.connect, close_old_connections)
        self.schema = schemathesis_openapi.from_dict(document()).include(path_regex=PATHS)
        self.schema.app = get_wsgi_application()

    def operations(self):
        operations = [result.ok() for result in self.schema.get_all_operations()]
        self.assertEqual({operation.path for operation in operations},
                         {"/api/v1/areas", "/api/v1/areas/{code}", "/api/v1/indicators", "/api/v1/indicators/{code}",
                          "/api/v1/observations", "/api/v1/scan", "/api/v1/openapi.json"})
        return operations

    def test_valid_requests_are_answered_as_documented(self):
        for operation in self.operations():
            with self.subTest(operation=operation.label):
                @HYPOTHESIS
                @given(case=operation.as_strategy(generation_mode=GenerationMode.POSITIVE))
                def check(case):
                    case.call_and_validate(checks=CONFORMANCE)

                check()

    def test_invalid_requests_never_cause_a_server_error(self):
        for operation in self.operations():
            if operation.label in NOTHING_TO_NEGATE:
                continue
            with self.subTest(operation=operation.label):
                @HYPOTHESIS
                @given(case=operation.as_strategy(generation_mode=GenerationMode.NEGATIVE))
                def check(case):
                    case.call_and_validate(checks=[not_a_server_error])

                check()
