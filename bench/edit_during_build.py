"""An officer's edit while a pack builds: publication holds no row lock while it renders, so the edit should save
in the time an edit takes, not wait for the build.

Publishes the synthetic meeting of bench/pack.py (about 200 pages) in a thread, as the worker does; once the build
is rendering, saves an agenda item from another connection. Prints the edit's time, the build's time, and how many
times the pack was rendered (twice: the edit landed during the first rendering, so it was built again with it).

    .venv/bin/python bench/edit_during_build.py
"""

import threading
import time

from _django import bench_database
from pack import synthetic_meeting


def main() -> None:
    with bench_database():
        from django.db import connections

        from meetings import packs
        from meetings.services import publish_agenda, update_item

        meeting = synthetic_meeting()
        item = meeting.agenda_items.order_by("position").first()
        rendering = threading.Event()
        renders: list[float] = []
        real_render = packs.render_layout

        def counted_render(source):
            renders.append(time.perf_counter())
            rendering.set()
            return real_render(source)

        packs.render_layout = counted_render
        build: dict = {}

        def publish():
            started = time.perf_counter()
            try:
                build["packs"] = publish_agenda(meeting, by=None)
            finally:
                build["seconds"] = time.perf_counter() - started
                connections.close_all()

        publisher = threading.Thread(target=publish)
        publisher.start()
        rendering.wait(timeout=300)
        time.sleep(0.5)  # well inside the rendering
        started = time.perf_counter()
        update_item(item, version=item.version, by=None, title=f"{item.title} (edited during the build)")
        edit = time.perf_counter() - started
        publisher.join()
        packs.render_layout = real_render
        pack = build["packs"][0].pack
    print(f"pack: {pack.page_count} pages, published in {build['seconds']:.1f} s, rendered {len(renders)} times")
    print(
        f"edit during the build saved in {edit * 1000:.0f} ms (target: well under 1 s; before: it waited for the build)"
    )


if __name__ == "__main__":
    main()
