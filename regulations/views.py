"""Attachment downloads: through a view that applies the visibility rule, never as public files."""

from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET

from core.visibility import can_view_page

from .models import DocumentAttachment

CONTENT_TYPES = {
    "PDF": "application/pdf",
    "DOCX": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


@require_GET
def download_attachment(request, attachment_id: int):
    attachment = get_object_or_404(
        DocumentAttachment.objects.select_related("page"), pk=attachment_id
    )
    if not can_view_page(request.user, attachment.page):
        raise Http404
    try:
        handle = attachment.file.open("rb")
    except (FileNotFoundError, OSError) as error:
        raise Http404 from error
    extension = attachment.extension
    filename = attachment.display_name
    if not filename.lower().endswith(f".{extension.lower()}"):
        filename = f"{filename}.{extension.lower()}"
    response = FileResponse(
        handle,
        as_attachment=extension != "PDF",
        filename=filename,
        # Anything but PDF/DOCX (files stored before the upload check, or by other channels)
        # is opaque bytes: never text/html or image/svg+xml, which a browser would render.
        content_type=CONTENT_TYPES.get(extension, "application/octet-stream"),
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
