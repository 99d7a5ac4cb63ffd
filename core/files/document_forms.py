"""The Wagtail document upload form with the attachment checks (``WAGTAILDOCS_DOCUMENT_FORM_BASE``).

Wagtail checks a document's extension only (``Document.clean``); this form also checks its
content (``core.files.uploads.validate_document_file``): size within
``WAGTAILDOCS_MAX_UPLOAD_SIZE``, bytes that really are PDF, DOCX or (for study materials) MP4
or WebM video, and a name whose extension matches the content. It is the documented way to
customise the form, and it is used by both the single and the multiple upload views.
"""

from django.core.files.uploadedfile import UploadedFile
from wagtail.documents.forms import BaseDocumentForm

from core.files.uploads import validate_document_file


class SafeDocumentForm(BaseDocumentForm):
    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if isinstance(upload, UploadedFile):  # a new file (not the stored one on edit)
            validate_document_file(upload)
        return upload
