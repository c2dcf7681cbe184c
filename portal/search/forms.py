"""The search form: what a reader may ask of site search, checked, with messages that say what to do."""

from django import forms

from meetings.models import Document, Panel
from portal.formats import DATE_INPUT_FORMAT
from portal.models import SearchEntry

MAX_QUERY_LENGTH = 200
ANY = [("", "Everything")]


class SearchForm(forms.Form):
    q = forms.CharField(
        label="Search for",
        required=False,
        max_length=MAX_QUERY_LENGTH,
        help_text='Words to find. Put a phrase in "double quotes"; put a minus before a word to leave it out.',
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off", "spellcheck": "false"}),
        error_messages={"max_length": f"Enter a search of {MAX_QUERY_LENGTH} characters or fewer."},
    )
    panel = forms.ChoiceField(label="Panel", required=False)
    date_from = forms.DateField(
        label="From",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format=DATE_INPUT_FORMAT),
        error_messages={"invalid": "Enter a real date for ‘From’, such as 2021-09-21."},
    )
    date_to = forms.DateField(
        label="To",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format=DATE_INPUT_FORMAT),
        error_messages={"invalid": "Enter a real date for ‘To’, such as 2021-09-21."},
    )
    kind = forms.ChoiceField(label="Kind of result", required=False, choices=ANY + SearchEntry.Kind.choices)
    document_kind = forms.ChoiceField(
        label="Kind of paper", required=False, choices=[("", "Any kind")] + Document.Kind.choices
    )

    def __init__(self, data, *, panels: list[Panel]):
        super().__init__(data)
        self.panels_by_slug = {panel.slug: panel for panel in panels}
        self.fields["panel"].choices = [("", "All panels")] + [(panel.slug, panel.name) for panel in panels]

    def clean_q(self) -> str:
        # Collapse runs of spaces; websearch_to_tsquery copes with anything else (quotes, dashes, symbols).
        return " ".join(self.cleaned_data["q"].split())

    def clean_panel(self) -> Panel | None:
        return self.panels_by_slug.get(self.cleaned_data["panel"])

    def clean(self):
        cleaned = super().clean()
        date_from, date_to = cleaned.get("date_from"), cleaned.get("date_to")
        if date_from and date_to and date_from > date_to:
            self.add_error("date_to", "The ‘To’ date must be the same as or after the ‘From’ date.")
        kind = cleaned.get("kind")
        if cleaned.get("document_kind") and kind not in ("", SearchEntry.Kind.DOCUMENT):
            self.add_error(
                "document_kind", "A kind of paper only applies to papers: choose ‘Paper’ as the kind of result."
            )
        return cleaned

    @property
    def has_filters(self) -> bool:
        names = ("panel", "date_from", "date_to", "kind", "document_kind")
        return self.is_valid() and any(self.cleaned_data.get(name) for name in names)
