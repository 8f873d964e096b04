"""/api/v1/openapi.json: the document, served under the same rules as every other path."""

from ninja import Router

from .base import document

router = Router()


@router.get("/openapi.json", response=dict, url_name="openapi", operation_id="getOpenApi", tags=["meta"],
            summary="This document", description="The OpenAPI 3.1 description of the API.")
def openapi(request):
    return document()
