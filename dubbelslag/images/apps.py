from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImagesConfig(AppConfig):
    name = "dubbelslag.images"
    label = "images"
    verbose_name = _("Images")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.conf import settings
        from PIL import Image

        # Pillow refuses (DecompressionBombError) images of more than twice this many pixels wherever it opens one
        # (the upload check, WeasyPrint); the upload check itself refuses anything over the limit before decoding.
        Image.MAX_IMAGE_PIXELS = settings.IMAGE_MAX_PIXELS
