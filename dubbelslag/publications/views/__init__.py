"""The editorial pages of knowledge products (namespace ``publications``, under /kennisproducten/): the programme
team writes products from validated harvest records, reviewers comment per section, coordinators publish, start new
versions and unpublish. Internal only: the public reads published versions on the public site (app ``public``).

Every page goes through the gates of ``publications.access`` (404 for those who may read nothing of the product,
403 for readers asking for a step they may not take); every step is one service of ``services.workflow``.
"""

from django.urls import path

from . import products, versions

VERSION = "<slug:slug>/versie/<int:number>/"

urlpatterns = [
    path("", products.product_list, name="product-list"),
    path("nieuw/", products.product_create, name="product-create"),
    path("commentaar/<int:pk>/afgehandeld/", versions.comment_resolve, name="comment-resolve"),
    path("<slug:slug>/", products.product_detail, name="product-detail"),
    path("<slug:slug>/nieuwe-versie/", products.version_new, name="version-new"),
    path("<slug:slug>/offline/", products.product_unpublish, name="product-unpublish"),
    path(VERSION, versions.version_detail, name="version-detail"),
    path(f"{VERSION}bewerken/", versions.version_update, name="version-update"),
    path(f"{VERSION}figuren/", versions.version_figures, name="version-figures"),
    path(f"{VERSION}afbeeldingen/", versions.version_images, name="version-images"),
    path(f"{VERSION}afbeeldingen/<str:token>/<str:name>", versions.version_image, name="version-image"),
    path(f"{VERSION}wijzigingen/", versions.version_compare, name="version-compare"),
    path(f"{VERSION}indienen/", versions.version_submit, name="version-submit"),
    path(f"{VERSION}wijzigingen-vragen/", versions.version_request_changes, name="version-request-changes"),
    path(f"{VERSION}publiceren/", versions.version_publish, name="version-publish"),
    path(f"{VERSION}commentaar/", versions.comment_create, name="comment-create"),
]
