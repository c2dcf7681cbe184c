"""Request middleware: the reader's audience, worked out once per request."""

from django.utils.functional import SimpleLazyObject

from meetings.audience import audience_for


class AudienceMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.audience = SimpleLazyObject(lambda: audience_for(request.user))
        return self.get_response(request)
