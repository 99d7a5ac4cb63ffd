"""Study videos, played by the browser's own ``<video>`` element from our server.

A video is a Wagtail document (MP4 or WebM, checked by content on upload). It is served
here, not by a third-party player or host, with the same rule as every other file
(``core.visibility.may_see_asset``: a video used only by pages hidden from the user answers
404) and with byte ranges, which browsers need to seek in a video.
"""

import re

from django.http import FileResponse, Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET
from wagtail.documents import get_document_model

from core.files.uploads import MP4, WEBM
from core.visibility import may_see_asset

CONTENT_TYPES = {MP4: "video/mp4", WEBM: "video/webm"}
RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")
CHUNK = 512 * 1024


def _ranged(handle, start: int, length: int):
    handle.seek(start)
    remaining = length
    try:
        while remaining > 0:
            data = handle.read(min(CHUNK, remaining))
            if not data:
                break
            remaining -= len(data)
            yield data
    finally:
        handle.close()


def _byte_range(header: str, size: int) -> tuple[int, int] | None:
    """(start, end) of a single "bytes=" range, or None when it cannot be satisfied."""
    match = RANGE.match(header.strip())
    if not match or size == 0:
        return None
    first, last = match.groups()
    if first == "" and last == "":
        return None
    if first == "":  # the last N bytes
        start, end = max(size - int(last), 0), size - 1
    else:
        start = int(first)
        end = min(int(last), size - 1) if last else size - 1
    if start > end or start >= size:
        return None
    return start, end


def _headers(response, size: int | None = None) -> HttpResponse:
    response["Accept-Ranges"] = "bytes"
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'"
    if size is not None:
        response["Content-Length"] = str(size)
    return response


@require_GET
def serve_video(request, document_id: int):
    document = get_object_or_404(get_document_model(), pk=document_id)
    kind = document.file_extension.lower()
    if kind not in CONTENT_TYPES or not may_see_asset(request.user, document):
        raise Http404
    try:
        size = document.file.size
        handle = document.file.open("rb")
    except (FileNotFoundError, OSError) as error:
        raise Http404 from error
    content_type = CONTENT_TYPES[kind]
    header = request.headers.get("Range", "")
    if not header:
        response = FileResponse(handle, content_type=content_type)
        return _headers(response, size)
    byte_range = _byte_range(header, size)
    if byte_range is None:
        handle.close()
        response = HttpResponse(status=416)
        response["Content-Range"] = f"bytes */{size}"
        return _headers(response)
    start, end = byte_range
    response = StreamingHttpResponse(
        _ranged(handle, start, end - start + 1), status=206, content_type=content_type
    )
    response["Content-Range"] = f"bytes {start}-{end}/{size}"
    return _headers(response, end - start + 1)
