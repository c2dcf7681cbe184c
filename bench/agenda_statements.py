"""Statements per agenda edit, and how often each edit empties the public page cache.

For a 30-item agenda (each item with an authored paper), unpublished and published, runs each edit the way an
officer's browser does (an htmx POST, which answers with the refreshed workspace) and, apart, the service alone;
counts the SQL statements of each, the page-cache version bumps (`nextval('portal_content_version')`), the
statements on the search index and the background tasks queued.

    .venv/bin/python bench/agenda_statements.py
"""

from _django import bench_database

ITEMS = 30
EDITS = ["title edit", "move down", "move up", "add item", f"renumber {ITEMS} items"]


def count(queries) -> dict:
    sql = [query["sql"] for query in queries]
    return {
        "statements": len(sql),
        "bumps": sum("nextval('portal_content_version')" in statement for statement in sql),
        "index": sum("portal_searchentry" in statement for statement in sql),
        "tasks": sum(statement.startswith("INSERT INTO") and "django_tasks" in statement for statement in sql),
    }


def main() -> None:
    with bench_database():
        from django.db import connection
        from django.test import Client
        from django.test.utils import CaptureQueriesContext

        from meetings import services
        from meetings.models import AgendaItem
        from portal.models import User
        from tests import factories

        officer = User.objects.create_user(email="bench-officer@example.org", password="x" * 20, role="officer")
        client = Client(headers={"HX-Request": "true"})
        client.force_login(officer)

        def agenda(published: bool):
            meeting = factories.published_meeting() if published else factories.meeting()
            for _ in range(ITEMS):
                factories.document(factories.item(meeting, description="What the item is about."))
            meeting.refresh_from_db()
            return meeting

        def url(meeting, name: str, **kwargs) -> str:
            from django.urls import reverse

            return reverse(f"manage:{name}", kwargs={"slug": meeting.panel.slug, "date": meeting.date, **kwargs})

        def version(meeting) -> int:
            meeting.refresh_from_db(fields=["agenda_version"])
            return meeting.agenda_version

        def first(meeting) -> AgendaItem:
            return meeting.agenda_items.order_by("position").first()

        def requests(meeting) -> dict:
            item = first(meeting)
            prefix = f"item{item.pk}"
            return {
                "title edit": lambda: client.post(
                    url(meeting, "item_edit", item_id=item.pk),
                    {
                        f"{prefix}-title": "An edited title",
                        f"{prefix}-kind": item.kind,
                        f"{prefix}-version": item.version,
                    },
                ),
                "move down": lambda: client.post(
                    url(meeting, "item_move", item_id=item.pk),
                    {"direction": "down", "agenda_version": version(meeting)},
                ),
                "move up": lambda: client.post(
                    url(meeting, "item_move", item_id=item.pk), {"direction": "up", "agenda_version": version(meeting)}
                ),
                "add item": lambda: client.post(
                    url(meeting, "item_add"),
                    {"new-title": "A new item", "new-kind": "report", "new-agenda_version": version(meeting)},
                ),
                f"renumber {ITEMS} items": lambda: client.post(
                    url(meeting, "items_reorder"),
                    {
                        "order": ",".join(str(pk) for pk in reversed(order(meeting))),
                        "agenda_version": version(meeting),
                    },
                ),
            }

        def order(meeting) -> list[int]:
            return list(meeting.agenda_items.order_by("position", "pk").values_list("pk", flat=True))

        def service_calls(meeting) -> dict:
            def title_edit():
                item = AgendaItem.objects.get(pk=first(meeting).pk)
                services.update_item(item, version=item.version, by=officer, title=f"{item.title}!")

            return {
                "title edit": title_edit,
                "move down": lambda: services.move_item(
                    first(meeting), offset=1, agenda_version=version(meeting), by=officer
                ),
                "move up": lambda: services.move_item(
                    meeting.agenda_items.order_by("position")[1], offset=-1, agenda_version=version(meeting), by=officer
                ),
                "add item": lambda: services.add_item(
                    meeting, agenda_version=version(meeting), by=officer, title="Another item", kind="report"
                ),
                f"renumber {ITEMS} items": lambda: services.reorder_items(
                    meeting, list(reversed(order(meeting))), agenda_version=version(meeting), by=officer
                ),
            }

        def measure(calls: dict, *, expect_status: bool) -> dict:
            results = {}
            for edit in EDITS:
                with CaptureQueriesContext(connection) as queries:
                    response = calls[edit]()
                if expect_status:
                    assert response.status_code == 200, (edit, response.status_code)
                results[edit] = count(queries)
            return results

        table = {}
        for published in (False, True):
            state = "published" if published else "draft"
            table[state, "htmx request"] = measure(requests(agenda(published)), expect_status=True)
            table[state, "service"] = measure(service_calls(agenda(published)), expect_status=False)

    columns = list(table)
    print(f"Statements per agenda edit ({ITEMS}-item agenda); b = page-cache bumps, i = search-index statements,")
    print("t = background tasks queued")
    header = f"{'edit':<20}" + "".join(f"{state + ' ' + kind:>26}" for state, kind in columns)
    print(header)
    print("-" * len(header))
    for edit in EDITS:
        cells = []
        for column in columns:
            row = table[column][edit]
            cells.append(f"{row['statements']:>4} b{row['bumps']} i{row['index']:<3} t{row['tasks']}")
        print(f"{edit:<20}" + "".join(f"{cell:>26}" for cell in cells))


if __name__ == "__main__":
    main()
