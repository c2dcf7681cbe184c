"""Forms of the council set-up pages: what an officer may type, with messages that say what to do.

The rules across rows (a name already used, a seat's dates, an account's link) live in meetings.council_setup;
the forms check what one field can say alone. Every list of people or panels is scoped to one council and
labelled so that two records with the same name can be told apart.
"""

from django import forms

from meetings.models import Council, Councillor, Membership, Officer, Panel
from portal.formats import DATE_INPUT_FORMAT, TIME_INPUT_FORMAT
from portal.models import User

EMAIL_ERRORS = {"invalid": "Enter an email address like name@example.gov.uk."}
DATE_ERRORS = {"invalid": "Enter a real date, for example 26/05/2027."}


def _text(label: str, *, required: bool = False, max_length: int = 200, help_text: str = "", **errors):
    messages = {"max_length": f"Shorten this to {max_length} characters or fewer."}
    if required:
        messages["required"] = errors.pop("required", f"Enter the {label.lower()}.")
    return forms.CharField(
        label=label, required=required, max_length=max_length, help_text=help_text, error_messages=messages
    )


def _date(label: str, help_text: str = "", required: bool = False) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        help_text=help_text,
        widget=forms.DateInput(attrs={"type": "date"}, format=DATE_INPUT_FORMAT),
        error_messages={"required": f"Enter the {label.lower()}.", **DATE_ERRORS},
    )


def councillor_label(councillor: Councillor) -> str:
    """ "Councillor D Davison (Labour, Brambles and Thorntree)": the party and ward tell namesakes apart."""
    details = ", ".join(part for part in (councillor.party, councillor.ward) if part)
    return f"{councillor.styled_name} ({details})" if details else councillor.styled_name


def officer_label(officer: Officer) -> str:
    return officer.name_and_title


def panel_label(panel: Panel) -> str:
    return f"{panel.name} (retired)" if panel.retired_on else panel.name


class CouncilForm(forms.Form):
    name = _text("Name", required=True, help_text="As it appears on agendas, for example “Anytown Borough Council”.")
    address = forms.CharField(
        label="Postal address",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="One line per line.",
    )
    website = forms.URLField(
        label="Website", required=False, error_messages={"invalid": "Enter a web address starting https://."}
    )
    email = forms.EmailField(
        label="Email for accessible formats",
        required=False,
        error_messages=EMAIL_ERRORS,
        help_text="Where people ask for papers in an accessible format or report an accessibility problem.",
    )
    telephone = _text("Telephone", max_length=40)
    accessible_format_days = forms.IntegerField(
        label="Working days to answer a request for an accessible format",
        min_value=1,
        max_value=60,
        initial=10,
        error_messages={
            "required": "Enter a number of working days, for example 10.",
            "invalid": "Enter a whole number of working days, for example 10.",
            "min_value": "Enter at least 1 working day.",
            "max_value": "Enter 60 working days or fewer.",
        },
    )
    other_interest_label = _text(
        "Fourth kind of interest, if the code of conduct has one",
        max_length=100,
        help_text="Beside the disclosable pecuniary, other registrable "
        "and non-registrable interests, for example “Personal interest”. Empty: “Other disclosable interest”.",
    )

    @classmethod
    def for_council(cls, council: Council, data=None) -> "CouncilForm":
        fields = ["name", "address", "website", "email", "telephone", "accessible_format_days", "other_interest_label"]
        return cls(data, initial={name: getattr(council, name) for name in fields})


class PanelForm(forms.Form):
    name = _text("Name", required=True, help_text="Its web address is made from the name and stays when it is renamed.")
    kind = forms.ChoiceField(label="Kind of body", choices=Panel.Kind.choices, initial=Panel.Kind.SCRUTINY_PANEL)
    parent = forms.ModelChoiceField(
        label="Reports to",
        queryset=Panel.objects.none(),
        required=False,
        empty_label="Nobody (it reports to full Council)",
        error_messages={"invalid_choice": "Choose a panel of this council from the list."},
    )
    remit = forms.CharField(label="Remit", required=False, widget=forms.Textarea(attrs={"rows": 5}))
    contact_officer = forms.ModelChoiceField(
        label="Contact officer",
        queryset=Officer.objects.none(),
        required=False,
        empty_label="None yet",
        error_messages={"invalid_choice": "Choose one of this council's officers from the list."},
    )
    minute_numbering = forms.ChoiceField(
        label="Minute numbers", choices=Panel.MinuteNumbering.choices, initial=Panel.MinuteNumbering.NONE
    )
    default_venue = _text("Usual venue", help_text="Offered when a meeting is added, for example “Committee Room 1”.")
    default_start_time = forms.TimeField(
        label="Usual start time",
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format=TIME_INPUT_FORMAT),
        error_messages={"invalid": "Enter a real time, for example 16:00, or leave it empty."},
    )

    def __init__(self, *args, council: Council, panel: Panel | None = None, **kwargs):
        if panel is not None:
            kwargs.setdefault(
                "initial",
                {
                    "name": panel.name,
                    "kind": panel.kind,
                    "parent": panel.parent_id,
                    "remit": panel.remit,
                    "contact_officer": panel.contact_officer_id,
                    "minute_numbering": panel.minute_numbering,
                    "default_venue": panel.default_venue,
                    "default_start_time": panel.default_start_time,
                },
            )
        super().__init__(*args, **kwargs)
        parents = council.panels.order_by("name")
        if panel is not None:
            parents = parents.exclude(pk=panel.pk)
        self.fields["parent"].queryset = parents
        self.fields["parent"].label_from_instance = panel_label
        self.fields["parent"].help_text = f"A panel of {council.name}, such as its overview and scrutiny board."
        self.fields["contact_officer"].queryset = council.officers.order_by("surname", "first_name")
        self.fields["contact_officer"].label_from_instance = officer_label
        self.fields[
            "contact_officer"
        ].help_text = f"One of {council.name}'s officers. Add officers on the council's page."


class RetirePanelForm(forms.Form):
    retired_on = _date("Last day", "The day the panel stopped meeting (it was abolished, merged or renamed).", True)


class PersonFields(forms.Form):
    first_name = _text("First name", max_length=100)
    initials = _text("Initials", max_length=20, help_text="As printed in minutes: “D” for Councillor D Davison.")
    surname = _text("Surname", required=True, max_length=100)
    honours = _text("Honours", max_length=50, help_text="For example CBE.")

    def clean(self):
        data = super().clean()
        if data.get("surname") and not (data.get("first_name") or data.get("initials")):
            self.add_error("initials", "Enter the initials or the first name, as the council's papers print them.")
        return data


class CouncillorForm(PersonFields):
    party = _text("Party", max_length=100)
    ward = _text("Ward", max_length=100)
    email = forms.EmailField(
        label="Email", required=False, error_messages=EMAIL_ERRORS, help_text="Their invitation to sign in goes here."
    )

    @classmethod
    def for_councillor(cls, councillor: Councillor, data=None) -> "CouncillorForm":
        fields = ["first_name", "initials", "surname", "honours", "party", "ward", "email"]
        return cls(data, initial={name: getattr(councillor, name) for name in fields})


class OfficerForm(PersonFields):
    job_title = _text("Job title", help_text="For example Democratic Services Officer.")
    organisation = _text("Organisation", help_text="Only when not the council, for example the NHS trust.")
    email = forms.EmailField(label="Email", required=False, error_messages=EMAIL_ERRORS)
    telephone = _text("Telephone", max_length=40)

    @classmethod
    def for_officer(cls, officer: Officer, data=None) -> "OfficerForm":
        fields = ["first_name", "initials", "surname", "honours", "job_title", "organisation", "email", "telephone"]
        return cls(data, initial={name: getattr(officer, name) for name in fields})


class SeatForm(forms.Form):
    councillor = forms.ModelChoiceField(
        label="Councillor",
        queryset=Councillor.objects.none(),
        required=False,
        empty_label="Vacancy (no councillor yet)",
        error_messages={"invalid_choice": "Choose one of the council's councillors from the list."},
    )
    role = forms.ChoiceField(label="Role", choices=Membership.Role.choices, initial=Membership.Role.MEMBER)
    starts_on = _date("Start date", "Only if the seat starts after the first day of the municipal year.")
    ends_on = _date("End date", "Only if the seat ended before the last day of the municipal year.")

    def __init__(self, *args, panel: Panel, seat: Membership | None = None, **kwargs):
        if seat is not None:
            kwargs.setdefault(
                "initial",
                {
                    "councillor": seat.councillor_id,
                    "role": seat.role,
                    "starts_on": seat.starts_on,
                    "ends_on": seat.ends_on,
                },
            )
        super().__init__(*args, **kwargs)
        self.fields["councillor"].queryset = panel.council.councillors.order_by("surname", "initials", "first_name")
        self.fields["councillor"].label_from_instance = councillor_label
        self.fields[
            "councillor"
        ].help_text = f"A councillor of {panel.council.name}. Add councillors on the council's page."


class RollOverForm(forms.Form):
    """Nothing to type: the button names the two years."""


class InviteForm(forms.Form):
    email = forms.EmailField(
        label="Email",
        required=False,
        error_messages=EMAIL_ERRORS,
        help_text="The invitation with the link to set a password goes here. For a councillor, leave it empty to use "
        "the address on their councillor record.",
    )
    role = forms.ChoiceField(
        label="Role",
        choices=User.Role.choices,
        initial=User.Role.OFFICER,
        error_messages={"required": "Choose the account's role.", "invalid_choice": "Choose a role from the list."},
    )
    councillor = forms.ModelChoiceField(
        label="Councillor record",
        queryset=Councillor.objects.none(),
        required=False,
        empty_label="None (officers and administrators)",
        help_text="Required for a councillor's account: what they may read follows their seats.",
        error_messages={"invalid_choice": "Choose a councillor from the list."},
    )
    first_name = _text("First name", max_length=150)
    last_name = _text("Last name", max_length=150)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["councillor"].queryset = Councillor.objects.select_related("council").order_by(
            "council__name", "surname", "initials"
        )
        # Councils of a shared service may have namesakes: the council's name says which one.
        self.fields["councillor"].label_from_instance = lambda c: f"{councillor_label(c)}, {c.council.name}"


class AccountForm(forms.Form):
    role = InviteForm.base_fields["role"]
    councillor = InviteForm.base_fields["councillor"]
    is_active = forms.BooleanField(
        label="May sign in", required=False, help_text="Untick to deactivate the account: its history is kept."
    )

    def __init__(self, *args, user: User, **kwargs):
        kwargs.setdefault("initial", {"role": user.role, "councillor": user.councillor_id, "is_active": user.is_active})
        super().__init__(*args, **kwargs)
        self.fields["councillor"].queryset = Councillor.objects.select_related("council").order_by(
            "council__name", "surname", "initials"
        )
        self.fields["councillor"].label_from_instance = lambda c: f"{councillor_label(c)}, {c.council.name}"
