"""The Wagtail image upload form that refuses broken images (``WAGTAILIMAGES_IMAGE_FORM_BASE``).

Wagtail recognises an image by its first bytes; a file that starts like a GIF but is not one
(50 bytes with a GIF header, issue 17) passed that check and then made Pillow raise while
Wagtail measured it, an error page instead of "not a valid image". The field here turns any
failure to read the image into that form error, and decodes the image once, so that a file
whose header is fine but whose data is cut short is refused at upload rather than failing
later when a rendition is made. Used by the single and the multiple upload views alike.
"""

from django.core.exceptions import ValidationError
from PIL import Image as PILImage
from wagtail.images.fields import WagtailImageField
from wagtail.images.forms import BaseImageForm


class SafeImageField(WagtailImageField):
    def _refuse(self, error):
        raise ValidationError(self.error_messages["invalid_image"], code="invalid_image") from error

    def check_image_pixel_size(self, f):
        try:
            super().check_image_pixel_size(f)
        except ValidationError:
            raise
        except Exception as error:
            self._refuse(error)

    def to_python(self, data):
        f = super().to_python(data)
        if f is None:
            return f
        source = data if hasattr(data, "seek") else None
        try:
            if source is not None:
                source.seek(0)
            with PILImage.open(source if source is not None else f) as image:
                image.load()  # decode: a truncated or corrupt body fails here, not later
        except Exception as error:
            self._refuse(error)
        finally:
            if source is not None:
                source.seek(0)
        return f


class SafeImageForm(BaseImageForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Wagtail builds the file field itself (``formfield_for_dbfield``) and only in the
        # forms that have one (not the multiple upload's edit forms), so it is upgraded here
        # rather than declared, which would add a file field to every image form.
        field = self.fields.get("file")
        if type(field) is WagtailImageField:
            field.__class__ = SafeImageField
