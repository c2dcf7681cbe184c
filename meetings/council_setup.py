"""Setting a council up without the Django admin: its details, panels, councillors, officers, the seats on each
panel per municipal year, and the accounts that sign in.

Every write is a service taking the acting user and recording history. Each refusal is a `Refused` naming the form
field it is about, worded for the officer: no constraint name ever reaches a page.
"""

import datetime
from dataclasses import dataclass

from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.db import IntegrityError
from django.db.models import Max, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.text import slugify

from meetings.models import Council, Councillor, Meeting, Membership, Officer, Panel
from meetings.municipal_year import MunicipalYear
from portal.collisions import atomic_write
from portal.errors import Refused, SaveCollided
from portal.formats import long_date
from portal.history import delete_by, save_by
from portal.models import User

writing = atomic_write(SaveCollided)

SLUG_LENGTH = 100


# Slugs ------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DerivedSlug:
    slug: str
    # True when the plain slug of the name was taken (by another council's panel, say) and a longer one was made.
    lengthened: bool


def derive_slug(
    taken: QuerySet, name: str, *, qualifier: str = "", exclude_pk: int | None = None, reserved: frozenset = frozenset()
) -> DerivedSlug:
    """The address part for `name`, never typed: its slug, or on a clash the slug with `qualifier` (the council's
    slug), then a number. URLs such as /panels/<slug>/ are site-wide, so the slug is unique across councils."""
    base = slugify(name)[: SLUG_LENGTH - 30].strip("-") or "untitled"
    if exclude_pk is not None:
        taken = taken.exclude(pk=exclude_pk)
    used = set(taken.filter(slug__startswith=base).values_list("slug", flat=True)) | reserved
    candidates = [base]
    if qualifier:
        candidates.append(f"{base}-{qualifier}"[: SLUG_LENGTH - 4])
    candidates += [f"{candidates[-1]}-{n}" for n in range(2, 1000)]
    slug = next(candidate for candidate in candidates if candidate not in used)
    return DerivedSlug(slug=slug, lengthened=slug != base)


# Councils ---------------------------------------------------------------------------------------------------


def _check_council_name(name: str, *, exclude_pk: int | None = None) -> str:
    name = " ".join(name.split())
    others = Council.objects.filter(name__iexact=name)
    if exclude_pk is not None:
        others = others.exclude(pk=exclude_pk)
    if others.exists():
        raise Refused(f"A council called “{name}” is already set up. Open it from the list.", field="name")
    return name


def create_council(
    *,
    name: str,
    by,
    address: str = "",
    website: str = "",
    email: str = "",
    telephone: str = "",
    accessible_format_days: int = 10,
    other_interest_label: str = "",
) -> Council:
    with writing():
        name = _check_council_name(name)
        council = Council(
            name=name,
            slug=derive_slug(Council.objects.all(), name, reserved=frozenset({"new"})).slug,
            address=address.strip(),
            website=website,
            email=email,
            telephone=telephone.strip(),
            accessible_format_days=accessible_format_days,
            other_interest_label=other_interest_label.strip(),
        )
        save_by(council, by, reason="Council set up")
    return council


def update_council(
    council: Council,
    *,
    name: str,
    by,
    address: str = "",
    website: str = "",
    email: str = "",
    telephone: str = "",
    accessible_format_days: int = 10,
    other_interest_label: str = "",
) -> Council:
    """The slug stays: the council's calendar UIDs are made from it, and calendar apps match updates by them."""
    with writing():
        council.name = _check_council_name(name, exclude_pk=council.pk)
        council.address = address.strip()
        council.website = website
        council.email = email
        council.telephone = telephone.strip()
        council.accessible_format_days = accessible_format_days
        council.other_interest_label = other_interest_label.strip()
        save_by(council, by, reason="Council details changed")
    return council


# Panels -----------------------------------------------------------------------------------------------------


def _check_panel(council: Council, name: str, parent: Panel | None, contact_officer: Officer | None, panel=None):
    exclude = {"pk": panel.pk} if panel is not None else {}
    if council.panels.filter(name__iexact=name).exclude(**exclude).exists():
        raise Refused(
            f"{council.name} already has a panel called “{name}”. Give this one a different name.", field="name"
        )
    if parent is not None:
        if parent.council_id != council.pk:
            raise Refused("Choose a panel of the same council.", field="parent")
        ancestor = parent
        while ancestor is not None:
            if panel is not None and ancestor.pk == panel.pk:
                raise Refused("A panel cannot report to itself or to one of its own sub-panels.", field="parent")
            ancestor = ancestor.parent
    if contact_officer is not None and contact_officer.council_id not in (None, council.pk):
        raise Refused("Choose an officer of the same council.", field="contact_officer")


def create_panel(
    council: Council,
    *,
    name: str,
    by,
    kind: str = Panel.Kind.SCRUTINY_PANEL,
    parent: Panel | None = None,
    remit: str = "",
    contact_officer: Officer | None = None,
    minute_numbering: str = Panel.MinuteNumbering.NONE,
    default_venue: str = "",
    default_start_time: datetime.time | None = None,
) -> tuple[Panel, DerivedSlug]:
    """A new panel; its slug is derived from its name (lengthened with the council's slug on a clash)."""
    name = " ".join(name.split())
    with writing():
        _check_panel(council, name, parent, contact_officer)
        derived = derive_slug(Panel.objects.all(), name, qualifier=council.slug)
        panel = Panel(
            council=council,
            name=name,
            slug=derived.slug,
            kind=kind,
            parent=parent,
            remit=remit.strip(),
            contact_officer=contact_officer,
            minute_numbering=minute_numbering,
            default_venue=default_venue.strip(),
            default_start_time=default_start_time,
        )
        save_by(panel, by, reason="Panel set up")
    return panel, derived


def update_panel(
    panel: Panel,
    *,
    name: str,
    by,
    kind: str,
    parent: Panel | None,
    remit: str,
    contact_officer: Officer | None,
    minute_numbering: str,
    default_venue: str,
    default_start_time: datetime.time | None,
) -> Panel:
    """Change a panel's details. Its slug stays, so every address already given out keeps working."""
    name = " ".join(name.split())
    with writing():
        _check_panel(panel.council, name, parent, contact_officer, panel=panel)
        panel.name, panel.kind, panel.parent, panel.remit = name, kind, parent, remit.strip()
        panel.contact_officer, panel.minute_numbering = contact_officer, minute_numbering
        panel.default_venue, panel.default_start_time = default_venue.strip(), default_start_time
        save_by(panel, by, reason="Panel details changed")
    return panel


def retire_panel(panel: Panel, *, on: datetime.date, by) -> Panel:
    """The panel stopped meeting on `on`: its record stays public; no new meetings can be arranged for it."""
    with writing():
        if panel.retired_on is not None:
            raise Refused(f"The panel was already retired on {long_date(panel.retired_on)}.")
        later = panel.meetings.filter(date__gt=on).exclude(status=Meeting.Status.CANCELLED).order_by("date").first()
        if later is not None:
            raise Refused(
                f"The panel has a meeting on {long_date(later.date)}, after {long_date(on)}. "
                "Cancel it or move it to another panel's schedule first, or choose a later day.",
                field="retired_on",
            )
        if on > timezone.localdate() + datetime.timedelta(days=366):
            raise Refused("That day is more than a year away. Check the year.", field="retired_on")
        panel.retired_on = on
        save_by(panel, by, reason="Panel retired")
    return panel


def reinstate_panel(panel: Panel, *, by) -> Panel:
    with writing():
        panel.retired_on = None
        save_by(panel, by, reason="Panel reinstated")
    return panel


# Councillors and officers -----------------------------------------------------------------------------------


def _person_name(first_name: str, initials: str, surname: str) -> tuple[str, str, str]:
    return " ".join(first_name.split()), " ".join(initials.split()), " ".join(surname.split())


def _check_councillor(council: Council, first_name, initials, surname, ward, councillor=None) -> None:
    same = council.councillors.filter(
        first_name__iexact=first_name, initials__iexact=initials, surname__iexact=surname, ward__iexact=ward
    )
    if councillor is not None:
        same = same.exclude(pk=councillor.pk)
    if same.exists():
        where = f" for {ward}" if ward else ""
        raise Refused(
            f"{council.name} already has a councillor with this name{where}. Open their record "
            "instead, or add the ward to tell two councillors with the same name apart.",
            field="surname",
        )


def save_councillor(
    councillor: Councillor,
    *,
    surname: str,
    by,
    first_name: str = "",
    initials: str = "",
    honours: str = "",
    party: str = "",
    ward: str = "",
    email: str = "",
) -> Councillor:
    """Add a councillor to their council (`Councillor(council=...)`, not saved yet: its address is made from the
    name and ward) or change one's details. Two of one council with the same name and ward are refused."""
    first_name, initials, surname = _person_name(first_name, initials, surname)
    ward = " ".join(ward.split())
    adding = councillor.pk is None
    with writing():
        _check_councillor(
            councillor.council, first_name, initials, surname, ward, councillor=None if adding else councillor
        )
        councillor.first_name, councillor.initials, councillor.surname = first_name, initials, surname
        councillor.honours, councillor.party, councillor.ward = honours.strip(), party.strip(), ward
        councillor.email = email.strip().lower()
        if adding:
            name = f"{councillor.short_name} {ward}".strip()
            councillor.slug = derive_slug(Councillor.objects.all(), name, qualifier=councillor.council.slug).slug
        save_by(councillor, by, reason="Councillor added" if adding else "Councillor's details changed")
    return councillor


def _check_officer(council: Council, first_name, initials, surname, job_title, officer=None) -> None:
    same = council.officers.filter(
        first_name__iexact=first_name, initials__iexact=initials, surname__iexact=surname, job_title__iexact=job_title
    )
    if officer is not None:
        same = same.exclude(pk=officer.pk)
    if same.exists():
        raise Refused(
            f"{council.name} already has an officer with this name and title. Open their record instead.",
            field="surname",
        )


def save_officer(
    officer: Officer,
    *,
    surname: str,
    by,
    first_name: str = "",
    initials: str = "",
    honours: str = "",
    job_title: str = "",
    organisation: str = "",
    email: str = "",
    telephone: str = "",
) -> Officer:
    """Add an officer to their council (`Officer(council=...)`, not saved yet) or change one's details. Two of one
    council with the same name and job title are refused."""
    first_name, initials, surname = _person_name(first_name, initials, surname)
    adding = officer.pk is None
    with writing():
        _check_officer(
            officer.council, first_name, initials, surname, job_title.strip(), officer=None if adding else officer
        )
        officer.first_name, officer.initials, officer.surname = first_name, initials, surname
        officer.honours, officer.job_title, officer.organisation = (
            honours.strip(),
            job_title.strip(),
            organisation.strip(),
        )
        officer.email, officer.telephone = email.strip().lower(), telephone.strip()
        save_by(officer, by, reason="Officer added" if adding else "Officer's details changed")
    return officer


# Memberships ------------------------------------------------------------------------------------------------


def _check_seat(
    panel: Panel, year: MunicipalYear, councillor: Councillor | None, role: str, starts_on, ends_on, seat=None
) -> None:
    if councillor is not None and councillor.council_id != panel.council_id:
        raise Refused(f"Choose a councillor of {panel.council.name}.", field="councillor")
    if councillor is None and role != Membership.Role.MEMBER:
        raise Refused("A vacant seat has no chair or vice chair. Choose the councillor first.", field="role")
    for field, day in (("starts_on", starts_on), ("ends_on", ends_on)):
        if day is not None and not year.first_day <= day <= year.last_day:
            raise Refused(
                f"{long_date(day)} is outside the municipal year {year} "
                f"({long_date(year.first_day)} to {long_date(year.last_day)}).",
                field=field,
            )
    if starts_on and ends_on and ends_on < starts_on:
        raise Refused("The seat cannot end before it starts. Check the two dates.", field="ends_on")
    seats = panel.memberships.filter(municipal_year=year.start_year)
    if seat is not None:
        seats = seats.exclude(pk=seat.pk)
    if councillor is not None and seats.filter(councillor=councillor).exists():
        raise Refused(
            f"{councillor.styled_name} already has a seat on the panel in {year}. Edit that seat.", field="councillor"
        )
    if role in (Membership.Role.CHAIR, Membership.Role.VICE_CHAIR):
        first, last = starts_on or year.first_day, ends_on or year.last_day
        overlapping = seats.filter(role=role).filter(
            Q(starts_on__isnull=True) | Q(starts_on__lte=last), Q(ends_on__isnull=True) | Q(ends_on__gte=first)
        )
        other = overlapping.select_related("councillor").first()
        if other is not None:
            label = Membership.Role(role).label.lower()
            raise Refused(
                f"{other.councillor.styled_name} is already {label} in {year} for these dates. "
                "Give one of the two seats start and end dates that do not overlap.",
                field="role",
            )


def _seat_clash(exc: IntegrityError) -> Refused:
    return Refused("That councillor already has a seat on the panel this year. Edit that seat.", field="councillor")


def add_seat(
    panel: Panel,
    year: MunicipalYear,
    *,
    by,
    councillor: Councillor | None = None,
    role: str = Membership.Role.MEMBER,
    starts_on: datetime.date | None = None,
    ends_on: datetime.date | None = None,
) -> Membership:
    """A seat on the panel in the municipal year: a councillor's, or a vacancy when `councillor` is None."""
    try:
        with writing():
            _check_seat(panel, year, councillor, role, starts_on, ends_on)
            last = panel.memberships.filter(municipal_year=year.start_year).aggregate(Max("position"))["position__max"]
            seat = Membership(
                panel=panel,
                municipal_year=year.start_year,
                councillor=councillor,
                role=role,
                starts_on=starts_on,
                ends_on=ends_on,
                position=(last or 0) + 1,
            )
            save_by(seat, by, reason="Seat added")
    except IntegrityError as exc:
        raise _seat_clash(exc) from exc
    return seat


def update_seat(
    seat: Membership,
    *,
    by,
    councillor: Councillor | None,
    role: str,
    starts_on: datetime.date | None,
    ends_on: datetime.date | None,
) -> Membership:
    year = MunicipalYear(seat.municipal_year)
    try:
        with writing():
            _check_seat(seat.panel, year, councillor, role, starts_on, ends_on, seat=seat)
            seat.councillor, seat.role, seat.starts_on, seat.ends_on = councillor, role, starts_on, ends_on
            save_by(seat, by, reason="Seat changed")
    except IntegrityError as exc:
        raise _seat_clash(exc) from exc
    return seat


def remove_seat(seat: Membership, *, by) -> None:
    with writing():
        delete_by(seat, by, reason="Seat removed")


def roll_over(panel: Panel, year: MunicipalYear, *, by) -> list[Membership]:
    """Copy the panel's seats in `year` into the next municipal year, for the officer to edit: each councillor
    keeps their role and place; a seat whose councillor left before the year ended comes across as a vacancy.
    Start and end dates stay behind (they belonged to that year)."""
    following = MunicipalYear(year.start_year + 1)
    with writing():
        if panel.memberships.filter(municipal_year=following.start_year).exists():
            raise Refused(
                f"The panel already has seats in {following}. Edit them there, "
                f"or remove them to roll {year} over again."
            )
        seats = list(panel.memberships.filter(municipal_year=year.start_year).order_by("position"))
        if not seats:
            raise Refused(f"The panel has no seats in {year} to copy. Add the seats first.")
        copies = []
        for seat in seats:
            left = seat.ends_on is not None and seat.ends_on < year.last_day
            copy = Membership(
                panel=panel,
                municipal_year=following.start_year,
                councillor=None if left else seat.councillor,
                role=Membership.Role.MEMBER if left else seat.role,
                position=seat.position,
            )
            save_by(copy, by, reason=f"Rolled over from {year}")
            copies.append(copy)
    return copies


# Accounts ---------------------------------------------------------------------------------------------------


def _check_account(email: str, role: str, councillor: Councillor | None, user: User | None = None) -> None:
    others = User.objects.filter(email__iexact=email)
    if user is not None:
        others = others.exclude(pk=user.pk)
    if others.exists():
        raise Refused(f"There is already an account for {email}. Open it from the list of accounts.", field="email")
    if role == User.Role.COUNCILLOR and councillor is None:
        raise Refused("A councillor's account must be linked to their councillor record.", field="councillor")
    if role != User.Role.COUNCILLOR and councillor is not None:
        raise Refused("Only a councillor's account is linked to a councillor record.", field="councillor")
    if councillor is not None:
        linked = User.objects.filter(councillor=councillor)
        if user is not None:
            linked = linked.exclude(pk=user.pk)
        holder = linked.first()
        if holder is not None:
            raise Refused(f"{councillor.styled_name} already has an account ({holder.email}).", field="councillor")


def invitation_link(user: User, base_url: str) -> str:
    """The set-password address (Django's password reset token: it stops working once the password is set)."""
    path = reverse(
        "accounts:password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    return base_url.rstrip("/") + path


def send_invitation(user: User, *, base_url: str) -> None:
    name = user.councillor.styled_name if user.councillor_id else user.email
    send_mail(
        subject="Your account on the council scrutiny portal",
        message=(
            f"Dear {name},\n\nAn account has been made for you ({user.get_role_display()}). "
            f"Choose your password here:\n\n{invitation_link(user, base_url)}\n\n"
            "The link works once. If it has expired, ask democratic services for a new invitation, or use "
            "\u201cForgotten your password?\u201d on the sign-in page.\n"
        ),
        from_email=None,
        recipient_list=[user.email],
    )


def invite_account(
    *,
    email: str,
    role: str,
    by,
    base_url: str,
    councillor: Councillor | None = None,
    first_name: str = "",
    last_name: str = "",
) -> User:
    """A new account with no password yet, and an email with the link that sets one. A councillor's account takes
    the address on their councillor record when none is typed."""
    email = (email or "").strip().lower()
    if not email and councillor is not None:
        email = councillor.email
    if not email:
        if councillor is not None:
            raise Refused(
                f"{councillor.styled_name} has no email address on their councillor record. Type the "
                "address the invitation should go to, or add it to their record first.",
                field="email",
            )
        raise Refused("Enter the email address the invitation should go to.", field="email")
    try:
        with writing():
            _check_account(email, role, councillor)
            user = User(email=email, role=role, councillor=councillor, first_name=first_name, last_name=last_name)
            user.set_unusable_password()
            save_by(user, by, reason="Invited")
    except IntegrityError as exc:
        raise Refused(f"There is already an account for {email}.", field="email") from exc
    send_invitation(user, base_url=base_url)
    return user


def update_account(user: User, *, role: str, is_active: bool, by, councillor: Councillor | None = None) -> User:
    """Change an account's role, its councillor record or whether it may sign in. Nobody removes their own
    administrator role or deactivates themselves (someone must be left to manage accounts)."""
    if user.pk == getattr(by, "pk", None) and (role != User.Role.ADMIN or not is_active):
        raise Refused(
            "You cannot remove your own administrator role or deactivate your own account. Ask another administrator."
        )
    try:
        with writing():
            _check_account(user.email, role, councillor, user=user)
            user.role, user.councillor, user.is_active = role, councillor, is_active
            save_by(user, by, reason="Account changed")
    except IntegrityError as exc:
        raise Refused("That councillor record already has an account.", field="councillor") from exc
    return user
