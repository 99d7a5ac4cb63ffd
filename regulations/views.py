"""Attachment downloads: through a view that applies the visibility rule, never as public files."""

from django.http import FileResponse, Http404
from django.views.decorators.http import require_GET

from core.visibility import visible_pages

from .models import DocumentAttachment

CONTENT_TYPES = {
    "PDF": "application/pdf",
    "DOCX": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


@require_GET
def download_attachment(request, attachment_id: int):
    # One query decides, the same for an attachment that does not exist and one of a page the
    # user may not see: the same work, the same 404 (no timing tell, issue 17).
    attachment = (
        DocumentAttachment.objects.select_related("page")
        .filter(pk=attachment_id, page__in=visible_pages(request.user).values("pk"))
        .first()
    )
    if attachment is None:
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
