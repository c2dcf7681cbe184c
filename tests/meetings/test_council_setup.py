"""Council set-up without the admin: councils, panels, councillors, officers, seats per municipal year, the
roll-over, and accounts. Role tests for every page, friendly messages for every constraint, query budgets."""

import datetime
import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from meetings import council_setup, selectors
from meetings.models import Council, Councillor, Membership, Officer, Panel
from meetings.municipal_year import MunicipalYear
from meetings.planning import add_meeting
from portal.errors import Refused
from portal.models import User
from tests import factories
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

THIS_YEAR = MunicipalYear.containing(timezone.localdate())


@pytest.fixture
def admin_user(django_user_model):
    return django_user_model.objects.create_user(email="admin@example.org", password=PASSWORD, role="admin")


@pytest.fixture
def admin_client(admin_user):
    client = Client()
    client.force_login(admin_user)
    return client


@pytest.fixture
def anytown(officer_user):
    council = council_setup.create_council(name="Anytown Borough Council", by=officer_user)
    officer = council_setup.save_officer(
        Officer(council=council),
        first_name="Jo",
        surname="Clerk",
        job_title="Democratic Services Officer",
        by=officer_user,
    )
    panel, _ = council_setup.create_panel(
        council,
        name="Overview and Scrutiny Board",
        kind=Panel.Kind.SCRUTINY_BOARD,
        contact_officer=officer,
        by=officer_user,
    )
    councillor = council_setup.save_councillor(
        Councillor(council=council),
        initials="A",
        surname="Able",
        party="Independent",
        ward="Central",
        email="a.able@example.org",
        by=officer_user,
    )
    seat = council_setup.add_seat(panel, THIS_YEAR, councillor=councillor, role="chair", by=officer_user)
    return council, panel, councillor, officer, seat


def officer_pages(anytown) -> list[str]:
    council, panel, councillor, officer, seat = anytown
    return [
        reverse("manage:council_list"),
        reverse("manage:council_new"),
        reverse("manage:council", kwargs={"slug": council.slug}),
        reverse("manage:council_edit", kwargs={"slug": council.slug}),
        reverse("manage:panel_new", kwargs={"slug": council.slug}),
        reverse("manage:panel_edit", kwargs={"slug": panel.slug}),
        reverse("manage:panel_retire", kwargs={"slug": panel.slug}),
        reverse("manage:councillor_new", kwargs={"slug": council.slug}),
        reverse("manage:councillor_edit", kwargs={"pk": councillor.pk}),
        reverse("manage:officer_new", kwargs={"slug": council.slug}),
        reverse("manage:officer_edit", kwargs={"pk": officer.pk}),
        reverse("manage:membership", kwargs={"slug": panel.slug, "year": THIS_YEAR.start_year}),
        reverse("manage:seat_edit", kwargs={"pk": seat.pk}),
        reverse("manage:seat_remove", kwargs={"pk": seat.pk}),
    ]


ADMIN_PAGES = [reverse("manage:account_list"), reverse("manage:account_invite")]


# Who may use the pages ------------------------------------------------------------------------------------------


def test_set_up_pages_answer_officers_only(anytown, role_client):
    role, client = role_client
    for url in officer_pages(anytown):
        response = client.get(url)
        if role == "anonymous":
            assert response.status_code == 302 and "/accounts/sign-in/" in response["Location"], url
        elif role == "officer":
            assert response.status_code == 200, url
        else:
            assert response.status_code == 404, url


def test_account_pages_answer_administrators_only(anytown, role_client, admin_client, admin_user):
    role, client = role_client
    pages = [*ADMIN_PAGES, reverse("manage:account_edit", kwargs={"pk": admin_user.pk})]
    for url in pages:
        response = client.get(url)
        # An officer is not an administrator: accounts answer 404 like every page one may not use.
        expected = 302 if role == "anonymous" else 404
        assert response.status_code == expected, url
        assert admin_client.get(url).status_code == 200, url


def test_posts_are_refused_to_non_officers_and_change_nothing(anytown, non_officer_client):
    council, panel, *_ = anytown
    role, client = non_officer_client
    client.post(
        reverse("manage:panel_new", kwargs={"slug": council.slug}), {"name": "Sneaky Panel", "kind": "committee"}
    )
    client.post(reverse("manage:panel_retire", kwargs={"slug": panel.slug}), {"retired_on": "2026-01-01"})
    client.post(reverse("manage:council_new"), {"name": "Sneaky Council", "accessible_format_days": 10})
    assert not Panel.objects.filter(name="Sneaky Panel").exists()
    assert not Council.objects.filter(name="Sneaky Council").exists()
    panel.refresh_from_db()
    assert panel.retired_on is None


# Councils -------------------------------------------------------------------------------------------------------


def test_an_officer_sets_up_a_council_whose_slug_comes_from_its_name(officer_client):
    response = officer_client.post(
        reverse("manage:council_new"), {"name": "  Northtown   City Council ", "accessible_format_days": 10}
    )
    council = Council.objects.get(name="Northtown City Council")
    assert council.slug == "northtown-city-council"
    assert response["Location"] == reverse("manage:council", kwargs={"slug": council.slug})


def test_a_second_council_of_the_same_name_is_refused_with_a_message(officer_client, anytown):
    response = officer_client.post(
        reverse("manage:council_new"), {"name": "anytown borough council", "accessible_format_days": 10}
    )
    assert response.status_code == 200
    assert "A council called “anytown borough council” is already set up" in response.content.decode()
    assert Council.objects.filter(name__iexact="anytown borough council").count() == 1


def test_a_council_named_new_does_not_hide_behind_the_new_council_page(officer_user):
    council = council_setup.create_council(name="New", by=officer_user)
    assert council.slug != "new"


# Panels ---------------------------------------------------------------------------------------------------------


def test_a_panel_s_slug_is_derived_and_lengthened_with_the_council_on_a_clash(officer_client, anytown, officer_user):
    council, _, *_ = anytown
    board, derived = council_setup.create_panel(council, name="Corporate Affairs Board", by=officer_user)
    other = council_setup.create_council(name="Southtown Council", by=officer_user)
    response = officer_client.post(
        reverse("manage:panel_new", kwargs={"slug": other.slug}),
        {"name": "Corporate Affairs Board", "kind": "scrutiny_board", "minute_numbering": "none"},
        follow=True,
    )
    panel = other.panels.get()
    assert (board.slug, derived.lengthened) == ("corporate-affairs-board", False)
    assert panel.slug == "corporate-affairs-board-southtown-council"
    assert "names the council too" in response.content.decode()
    # The public page of each carries its own council's name in the header and the title.
    page = Client().get(panel.get_absolute_url()).content.decode()
    assert "Southtown Council" in page and "Anytown Borough Council" not in page
    assert re.search(r"<title>[^<]*Southtown Council</title>", page)


def test_two_panels_of_one_council_cannot_share_a_name(officer_client, anytown):
    council, *_ = anytown
    response = officer_client.post(
        reverse("manage:panel_new", kwargs={"slug": council.slug}),
        {"name": "overview and scrutiny board", "kind": "committee", "minute_numbering": "none"},
    )
    assert "already has a panel called" in response.content.decode()
    assert council.panels.count() == 1


def test_a_panel_s_lists_offer_only_its_own_council(officer_client, anytown, officer_user):
    council, board, *_ = anytown
    other = council_setup.create_council(name="Southtown Council", by=officer_user)
    stranger, _ = council_setup.create_panel(other, name="Southtown Board", by=officer_user)
    stranger_officer = council_setup.save_officer(
        Officer(council=other), initials="Z", surname="Stranger", by=officer_user
    )
    page = officer_client.get(reverse("manage:panel_new", kwargs={"slug": council.slug})).content.decode()
    assert "Overview and Scrutiny Board" in page and "Southtown Board" not in page and "Stranger" not in page
    response = officer_client.post(
        reverse("manage:panel_new", kwargs={"slug": council.slug}),
        {
            "name": "Health Panel",
            "kind": "scrutiny_panel",
            "minute_numbering": "none",
            "parent": stranger.pk,
            "contact_officer": stranger_officer.pk,
        },
    )
    content = response.content.decode()
    assert "Choose a panel of this council from the list." in content
    assert "Choose one of this council&#x27;s officers from the list." in content
    assert not council.panels.filter(name="Health Panel").exists()


def test_officer_lists_and_approving_bodies_beyond_set_up_keep_to_the_panel_s_council(anytown, officer_user):
    """Action owners, attendance officers and action-plan leads (meetings.selectors.officer_choices) and the bodies
    that approve a work programme: the panel's own council (and people of no council), never another council's."""
    council, board, *_ = anytown
    panel, _ = council_setup.create_panel(council, name="Health Panel", parent=board, by=officer_user)
    other = council_setup.create_council(name="Southtown Council", by=officer_user)
    stranger_board, _ = council_setup.create_panel(
        other, name="Southtown Board", kind=Panel.Kind.SCRUTINY_BOARD, by=officer_user
    )
    council_setup.save_officer(Officer(council=other), initials="Z", surname="Stranger", by=officer_user)
    outsider = Officer.objects.create(council=None, initials="N", surname="Nurse", organisation="NHS trust")
    names = [name for _, name in selectors.officer_choices(panel)]
    assert any("Clerk" in name for name in names) and any("Nurse" in name for name in names)
    assert not any("Stranger" in name for name in names)
    assert outsider.pk in {pk for pk, _ in selectors.officer_choices(panel)}
    assert list(selectors.approving_bodies(panel)) == [board]
    assert (
        stranger_board not in selectors.approving_bodies(stranger_board)
        and list(selectors.approving_bodies(Panel.objects.get(pk=board.pk))) == []
    )


def test_a_council_names_the_fourth_kind_of_interest_its_code_has(officer_client, anytown):
    council, *_ = anytown
    url = reverse("manage:council_edit", kwargs={"slug": council.slug})
    response = officer_client.post(
        url, {"name": council.name, "accessible_format_days": 10, "other_interest_label": "  Personal interest "}
    )
    assert response.status_code == 302
    council.refresh_from_db()
    assert council.other_interest_name == "Personal interest"
    assert 'value="Personal interest"' in officer_client.get(url).content.decode()


def test_a_panel_cannot_report_to_its_own_sub_panel(anytown, officer_user):
    council, board, *_ = anytown
    child, _ = council_setup.create_panel(council, name="Health Panel", parent=board, by=officer_user)
    with pytest.raises(Refused) as refused:
        council_setup.update_panel(
            board,
            name=board.name,
            kind=board.kind,
            parent=child,
            remit="",
            contact_officer=None,
            minute_numbering="none",
            default_venue="",
            default_start_time=None,
            by=officer_user,
        )
    assert "cannot report to itself" in str(refused.value)


def test_renaming_a_panel_keeps_its_address(officer_client, anytown):
    _, board, *_ = anytown
    slug = board.slug
    officer_client.post(
        reverse("manage:panel_edit", kwargs={"slug": board.slug}),
        {
            "name": "Scrutiny Board",
            "kind": "scrutiny_board",
            "minute_numbering": "none",
            "default_venue": "Room 1",
            "default_start_time": "16:30",
        },
    )
    board.refresh_from_db()
    assert (board.name, board.slug, board.default_venue) == ("Scrutiny Board", slug, "Room 1")
    assert board.default_start_time == datetime.time(16, 30)


def test_a_retired_panel_keeps_its_record_is_listed_apart_and_refuses_new_meetings(
    officer_client, anytown, officer_user
):
    _, board, *_ = anytown
    held = council_setup.create_panel(board.council, name="Old Panel", by=officer_user)[0]
    past = factories.meeting(held, date=datetime.date(2022, 3, 1), status="held")
    response = officer_client.post(
        reverse("manage:panel_retire", kwargs={"slug": held.slug}), {"retired_on": "2023-05-01"}, follow=True
    )
    assert "retired from Monday 1 May 2023" in response.content.decode()
    listing = Client().get(reverse("meetings:panel_list")).content.decode()
    retired_part = listing.split("Panels that no longer meet")[1]
    assert "Old Panel" in retired_part and "Overview and Scrutiny Board" not in retired_part
    assert Client().get(held.get_absolute_url()).status_code == 200
    assert Client().get(past.get_absolute_url()).status_code == 200
    held.refresh_from_db()
    with pytest.raises(Refused) as refused:
        add_meeting(held, timezone.localdate() + datetime.timedelta(days=20), None, "", by=officer_user)
    assert "was retired on Monday 1 May 2023" in str(refused.value)


def test_a_panel_with_meetings_still_to_come_cannot_be_retired_before_them(officer_client, anytown):
    _, board, *_ = anytown
    coming = factories.meeting(board)
    response = officer_client.post(
        reverse("manage:panel_retire", kwargs={"slug": board.slug}), {"retired_on": timezone.localdate().isoformat()}
    )
    assert "Cancel it or move it" in response.content.decode()
    board.refresh_from_db()
    assert board.retired_on is None and coming.pk


# Councillors and officers ---------------------------------------------------------------------------------------


def test_an_officer_adds_councillors_and_a_namesake_needs_a_ward(officer_client, anytown):
    council, *_ = anytown
    url = reverse("manage:councillor_new", kwargs={"slug": council.slug})
    officer_client.post(url, {"initials": "B", "surname": "Baker", "party": "Labour", "ward": "North"})
    response = officer_client.post(url, {"initials": "b", "surname": "baker", "party": "Labour", "ward": "north"})
    assert "already has a councillor with this name for north" in response.content.decode()
    officer_client.post(url, {"initials": "B", "surname": "Baker", "ward": "South"})
    assert council.councillors.filter(surname="Baker").count() == 2
    assert len(set(council.councillors.values_list("slug", flat=True))) == council.councillors.count()


def test_a_councillor_needs_initials_or_a_first_name(officer_client, anytown):
    council, *_ = anytown
    response = officer_client.post(reverse("manage:councillor_new", kwargs={"slug": council.slug}), {"surname": "X"})
    assert "Enter the initials or the first name" in response.content.decode()


def test_an_officer_adds_an_officer_and_edits_them(officer_client, anytown):
    council, *_ = anytown
    officer_client.post(
        reverse("manage:officer_new", kwargs={"slug": council.slug}),
        {"first_name": "Sam", "surname": "Signer", "job_title": "Head of Democratic Services", "email": "Sam@X.org"},
    )
    officer = Officer.objects.get(surname="Signer")
    assert (officer.council, officer.email) == (council, "sam@x.org")
    response = officer_client.post(
        reverse("manage:officer_edit", kwargs={"pk": officer.pk}),
        {"first_name": "Sam", "surname": "Signer", "email": "bad"},
    )
    assert "Enter an email address like name@example.gov.uk." in response.content.decode()


# Seats ----------------------------------------------------------------------------------------------------------


def seat_url(panel, year=THIS_YEAR):
    return reverse("manage:seat_add", kwargs={"slug": panel.slug, "year": year.start_year})


def test_seats_vacancies_and_their_friendly_refusals(officer_client, anytown, officer_user):
    council, board, able, *_ = anytown
    baker = council_setup.save_councillor(Councillor(council=council), initials="B", surname="Baker", by=officer_user)
    officer_client.post(seat_url(board), {"councillor": baker.pk, "role": "vice_chair"})
    officer_client.post(seat_url(board), {"councillor": "", "role": "member"})
    seats = list(board.memberships.filter(municipal_year=THIS_YEAR.start_year).order_by("position"))
    assert [(seat.councillor_id, seat.role) for seat in seats] == [
        (able.pk, "chair"),
        (baker.pk, "vice_chair"),
        (None, "member"),
    ]

    def refused(data) -> str:
        response = officer_client.post(seat_url(board), data)
        assert response.status_code == 200
        return response.content.decode()

    assert "A vacant seat has no chair or vice chair" in refused({"councillor": "", "role": "chair"})
    assert "already has a seat on the panel in" in refused({"councillor": able.pk, "role": "member"})
    late = (THIS_YEAR.last_day + datetime.timedelta(days=3)).isoformat()
    assert "is outside the municipal year" in refused({"councillor": "", "role": "member", "starts_on": late})
    chair2 = council_setup.save_councillor(Councillor(council=council), initials="C", surname="Cole", by=officer_user)
    assert "is already chair in" in refused({"councillor": chair2.pk, "role": "chair"})
    stranger_council = council_setup.create_council(name="Southtown Council", by=officer_user)
    stranger = council_setup.save_councillor(
        Councillor(council=stranger_council), initials="Z", surname="Zed", by=officer_user
    )
    assert "Choose one of the council&#x27;s councillors from the list." in refused(
        {"councillor": stranger.pk, "role": "member"}
    )
    first, last = THIS_YEAR.first_day + datetime.timedelta(days=40), THIS_YEAR.first_day + datetime.timedelta(days=20)
    assert "cannot end before it starts" in refused(
        {"councillor": chair2.pk, "role": "member", "starts_on": first.isoformat(), "ends_on": last.isoformat()}
    )
    assert board.memberships.count() == 3
    # The membership page lists only this council's councillors, labelled with party and ward.
    page = officer_client.get(reverse("manage:membership", kwargs={"slug": board.slug, "year": THIS_YEAR.start_year}))
    assert "Councillor A Able (Independent, Central)" in page.content.decode() and "Zed" not in page.content.decode()


def test_a_seat_is_edited_and_removed(officer_client, anytown):
    _, board, able, _, seat = anytown
    ends = THIS_YEAR.first_day + datetime.timedelta(days=60)
    officer_client.post(
        reverse("manage:seat_edit", kwargs={"pk": seat.pk}),
        {"councillor": able.pk, "role": "member", "ends_on": ends.isoformat()},
    )
    seat.refresh_from_db()
    assert (seat.role, seat.ends_on) == ("member", ends)
    officer_client.post(reverse("manage:seat_remove", kwargs={"pk": seat.pk}))
    assert not Membership.objects.filter(pk=seat.pk).exists()


def test_rolling_the_year_over_copies_seats_and_leaves_vacancies_for_those_who_left(
    officer_client, anytown, officer_user
):
    council, board, able, _, _ = anytown
    baker = council_setup.save_councillor(Councillor(council=council), initials="B", surname="Baker", by=officer_user)
    council_setup.add_seat(
        board, THIS_YEAR, councillor=baker, ends_on=THIS_YEAR.first_day + datetime.timedelta(days=30), by=officer_user
    )
    url = reverse("manage:roll_over", kwargs={"slug": board.slug, "year": THIS_YEAR.start_year})
    response = officer_client.post(url, follow=True)
    following = THIS_YEAR.start_year + 1
    copies = list(board.memberships.filter(municipal_year=following).order_by("position"))
    assert [(seat.councillor_id, seat.role) for seat in copies] == [(able.pk, "chair"), (None, "member")]
    assert all(seat.starts_on is None and seat.ends_on is None for seat in copies)
    assert "2 seats copied" in response.content.decode() and "1 of them are vacancies" in response.content.decode()
    again = officer_client.post(url, follow=True)
    assert "already has seats in" in again.content.decode()
    assert board.memberships.filter(municipal_year=following).count() == 2


# Accounts -------------------------------------------------------------------------------------------------------


def test_an_administrator_invites_a_councillor_who_sets_a_password_by_the_link(admin_client, anytown):
    _, board, able, *_ = anytown
    response = admin_client.post(
        reverse("manage:account_invite"), {"email": "", "role": "councillor", "councillor": able.pk}
    )
    assert response.status_code == 302
    user = User.objects.get(email="a.able@example.org")
    assert user.councillor == able and not user.has_usable_password()
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["a.able@example.org"]
    link = re.search(r"http://testserver(/accounts/password/reset/\S+)", mail.outbox[0].body).group(1)
    client = Client()
    form = client.get(link, follow=True)
    assert form.status_code == 200
    set_url = form.redirect_chain[-1][0]
    client.post(set_url, {"new_password1": "a-new-long-password-9", "new_password2": "a-new-long-password-9"})
    user.refresh_from_db()
    assert user.check_password("a-new-long-password-9")


def test_invitations_explain_what_is_missing(admin_client, anytown, officer_user):
    council, board, able, *_ = anytown
    nomail = council_setup.save_councillor(Councillor(council=council), initials="N", surname="Nomail", by=officer_user)

    def refused(data) -> str:
        response = admin_client.post(reverse("manage:account_invite"), data)
        assert response.status_code == 200
        return response.content.decode()

    assert "Councillor N Nomail has no email address on their councillor record" in refused(
        {"role": "councillor", "councillor": nomail.pk}
    )
    assert "must be linked to their councillor record" in refused({"email": "x@example.org", "role": "councillor"})
    assert "There is already an account for officer@example.org" in refused(
        {"email": "Officer@example.org", "role": "officer"}
    )
    assert "Only a councillor&#x27;s account is linked" in refused(
        {"email": "y@example.org", "role": "officer", "councillor": able.pk}
    )
    admin_client.post(reverse("manage:account_invite"), {"role": "councillor", "councillor": able.pk})
    assert "Councillor A Able already has an account" in refused(
        {"email": "z@example.org", "role": "councillor", "councillor": able.pk}
    )
    for text in (refused({"role": "councillor", "councillor": nomail.pk}),):
        assert "councillor_account_names_its_councillor" not in text and "violat" not in text


def test_an_administrator_changes_a_role_and_deactivates_but_not_themselves(admin_client, admin_user, officer_user):
    url = reverse("manage:account_edit", kwargs={"pk": officer_user.pk})
    admin_client.post(url, {"role": "officer", "is_active": ""})
    officer_user.refresh_from_db()
    assert not officer_user.is_active and not officer_user.is_officer
    response = admin_client.post(
        reverse("manage:account_edit", kwargs={"pk": admin_user.pk}), {"role": "officer", "is_active": "on"}
    )
    assert "You cannot remove your own administrator role" in response.content.decode()
    admin_user.refresh_from_db()
    assert admin_user.role == "admin"


# Names and budgets ----------------------------------------------------------------------------------------------


def test_pages_of_no_council_carry_the_neutral_site_name(settings, anytown):
    page = Client().get(reverse("home")).content.decode()
    assert f'<span class="site-header__council">{settings.PORTAL_SITE_NAME}</span>' in page


@pytest.mark.parametrize("page", ["minutes:actions_tracker", "scrutiny:tracker", "scrutiny:decision_list"])
def test_a_panels_own_pages_beyond_its_meetings_carry_its_councils_name(page, anytown):
    """The actions tracker, recommendations and decisions of Anytown's board say Anytown, not the site's name."""
    _, board, *_ = anytown
    text = Client().get(reverse(page, kwargs={"slug": board.slug})).content.decode()
    assert '<span class="site-header__council">Anytown Borough Council</span>' in text
    assert "<title>" in text and "– Anytown Borough Council</title>" in text


@pytest.mark.parametrize("page", ["council", "membership", "account_list"])
def test_set_up_pages_keep_their_query_budget(page, anytown, admin_client, officer_user, django_assert_max_num_queries):
    council, board, *_ = anytown
    for n in range(5):  # more people must not mean more queries
        person = council_setup.save_councillor(
            Councillor(council=council), initials="Q", surname=f"Person{n}", by=officer_user
        )
        council_setup.add_seat(board, THIS_YEAR, councillor=person, by=officer_user)
        User.objects.create_user(email=f"q{n}@example.org", role="councillor", councillor=person)
    url = {
        "council": reverse("manage:council", kwargs={"slug": council.slug}),
        "membership": reverse("manage:membership", kwargs={"slug": board.slug, "year": THIS_YEAR.start_year}),
        "account_list": reverse("manage:account_list"),
    }[page]
    with django_assert_max_num_queries(12):
        assert admin_client.get(url).status_code == 200


def test_the_councillor_list_of_an_account_names_each_council(admin_client, anytown, officer_user):
    other = council_setup.create_council(name="Southtown Council", by=officer_user)
    council_setup.save_councillor(
        Councillor(council=other), initials="A", surname="Able", party="Independent", ward="Central", by=officer_user
    )
    page = admin_client.get(reverse("manage:account_invite")).content.decode()
    assert "Councillor A Able (Independent, Central), Anytown Borough Council" in page
    assert "Councillor A Able (Independent, Central), Southtown Council" in page


def test_councillor_records_are_only_of_the_council(anytown):
    _, _, able, *_ = anytown
    assert Councillor.objects.get(pk=able.pk).council.name == "Anytown Borough Council"


# Leaks ----------------------------------------------------------------------------------------------------------

MARKER = "QZX-RETIRED-EXEMPT-4410"


@pytest.mark.parametrize("who", ["anonymous", "other_councillor", "councillor", "officer"])
def test_a_retired_panel_s_exempt_record_stays_exempt_on_every_page_that_lists_it(who, officer_user, request):
    """Retiring moves a panel to its own list; what its meetings show goes through the same visibility rules."""
    panel = factories.panel(name="Retired Exempt Panel")
    held = factories.meeting(panel, date=datetime.date(2022, 6, 1), status="held", agenda_published_at=timezone.now())
    factories.item(held, title="Land disposal", description=f"<p>{MARKER}</p>", exempt_paragraph=3)
    council_setup.retire_panel(panel, on=datetime.date(2023, 5, 1), by=officer_user)
    client = Client() if who == "anonymous" else request.getfixturevalue(f"{who}_client")
    pages = [reverse("meetings:panel_list"), panel.get_absolute_url(), held.get_absolute_url(), reverse("home")]
    seen = {url: MARKER in client.get(url).content.decode() for url in pages}
    if who == "officer":
        assert seen[held.get_absolute_url()]
    else:
        assert not any(seen.values()), seen
    # The set-up pages that list the panel never show an agenda item's content.
    if who == "officer":
        for url in (reverse("manage:council", kwargs={"slug": panel.council.slug}), reverse("manage:council_list")):
            assert MARKER not in client.get(url).content.decode()


@pytest.mark.usefixtures("seed")
def test_the_account_pages_pass_the_nu_html_checker(admin_client, admin_user, anytown):
    from tests.nu_checker import nu_errors

    pages = [
        *ADMIN_PAGES,
        reverse("manage:account_edit", kwargs={"pk": admin_user.pk}),
        reverse("manage:account_list") + "?show=all",
    ]
    documents = {url: admin_client.get(url).content.decode() for url in pages}
    documents["invitation with errors"] = admin_client.post(
        reverse("manage:account_invite"), {"role": "councillor"}
    ).content.decode()
    assert nu_errors(documents) == {}


def test_a_panel_s_feed_and_calendar_carry_its_council_s_name(anytown):
    _, board, *_ = anytown
    feed = Client().get(reverse("panel_feed", kwargs={"slug": board.slug})).content.decode()
    assert "<title>Anytown Borough Council, Overview and Scrutiny Board: newly" in feed
    assert "<name>Anytown Borough Council</name>" in feed
    calendar = Client().get(reverse("panel_calendar_ics", kwargs={"slug": board.slug})).content.decode()
    assert "Anytown Borough Council: Overview and Scrutiny Board meetings" in calendar.replace("\r\n ", "")
