"""Schemathesis against the knowledge base's part of the OpenAPI document: generated requests, valid and invalid,
on a database holding published and unpublished content, never get a server error; valid ones get answers that
conform to the documented status codes, content types and schemas."""

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

from dubbelslag.api.base import document as openapi_document
from dubbelslag.publications.enums import VersionStatus
from testing.factories.publications import make_product, make_record

from .test_api import OpenDataTestCase

MAX_EXAMPLES = 30
HYPOTHESIS = settings(max_examples=MAX_EXAMPLES, deadline=None, database=None, derandomize=True,
                      suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
CONFORMANCE = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
PATHS = r"^/api/v1/(products|records)"


@override_settings(ALLOWED_HOSTS=["localhost", "testserver"])
class SchemathesisTests(OpenDataTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        # Unpublished content next to the published: none of it may make the API stumble either.
        make_product(cls.programme, slug="concept", status=VersionStatus.DRAFT, title="Concept",
                     records=[make_record(programme=cls.programme, title="Concept-les", status="draft",
                                          confidentiality="experiment")])
        make_product(cls.programme, slug="in-review", status=VersionStatus.IN_REVIEW)
        make_product(cls.programme, slug="offline", status=VersionStatus.WITHDRAWN)

    def setUp(self):
        # The WSGI handler closes the database connection around each request, which would end the test's
        # transaction; Django's own test client switches that off in the same way.
        for signal in (request_started, request_finished):
            signal.disconnect(close_old_connections)
            self.addCleanup(signal.connect, close_old_connections)
        self.schema = schemathesis_openapi.from_dict(openapi_document()).include(path_regex=PATHS)
        self.schema.app = get_wsgi_application()

    def operations(self):
        operations = [result.ok() for result in self.schema.get_all_operations()]
        self.assertEqual({operation.path for operation in operations},
                         {"/api/v1/products", "/api/v1/products/{slug}", "/api/v1/records", "/api/v1/records/{id}"})
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
            with self.subTest(operation=operation.label):
                @HYPOTHESIS
                @given(case=operation.as_strategy(generation_mode=GenerationMode.NEGATIVE))
                def check(case):
                    case.call_and_validate(checks=[not_a_server_error])

                check()

    def test_published_examples_are_reached(self):
        """The generated requests are not all 404s: the documented examples find published content."""
        operation = self.schema.find_operation_by_id("getProduct")
        case = operation.Case(path_parameters={"slug": "huiskamer-aardgasvrij-pendrecht"})
        response = case.call_and_validate(checks=CONFORMANCE)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.json()["slug"], "huiskamer-aardgasvrij-pendrecht")
