"""Private notes: anyone signed in may keep one note per paper they can read, seen by nobody else."""

import datetime

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from meetings import selectors
from portal.models import PrivateNote


class NoteForm(forms.Form):
    text = forms.CharField(
        label="Your private note",
        required=False,
        max_length=20_000,
        error_messages={"max_length": "keep it under 20,000 characters."},
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Only you can see it. It stays with this paper in every version of the pack. Clear it to delete it.",
    )


def note_for(user, document) -> PrivateNote | None:
    if not user.is_authenticated:
        return None
    return PrivateNote.objects.filter(author=user, document=document).first()


@require_POST
@login_required
def save_note(request: HttpRequest, slug: str, date: datetime.date, document: str) -> HttpResponse:
    # The paper must be one this reader may open: otherwise 404, exactly as for a paper that does not exist.
    paper = selectors.document_or_404(slug, date, document, request.audience)
    form = NoteForm(request.POST)
    if not form.is_valid():
        problem = form.errors["text"][0] if "text" in form.errors else "The note could not be saved."
        messages.error(request, f"Your note was not saved: {problem}")
        return redirect(paper.get_absolute_url())
    text = form.cleaned_data["text"].strip()
    if text:
        PrivateNote.objects.update_or_create(author=request.user, document=paper, defaults={"text": text})
        messages.success(request, "Your note is saved.")
    else:
        PrivateNote.objects.filter(author=request.user, document=paper).delete()
        messages.success(request, "Your note is deleted.")
    return redirect(f"{paper.get_absolute_url()}#private-note")
