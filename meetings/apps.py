from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "meetings"
    verbose_name = "Panels and meetings"

    def ready(self):
        from django.urls import register_converter

        from meetings import models
        from meetings.converters import IsoDateConverter, VersionConverter
        from portal.page_cache import PublicShape, show_publicly, show_publicly_related

        # The meeting dates and pack versions in the addresses of every app's urls.py, registered before any is read.
        register_converter(IsoDateConverter, "isodate")
        register_converter(VersionConverter, "version")

        # What public pages show, for the page cache. Not here: the history tables and pack builds' jobs, which no
        # public page shows.
        for model in (
            models.Council,
            models.Councillor,
            models.Officer,
            models.Panel,
            models.Membership,
            models.ScheduleChange,
            models.AgendaSection,
            models.WorkProgrammeTopic,
            models.PackWithdrawal,
            models.Apology,
            models.BackgroundPaper,  # listed under its report, once the report is public
        ):
            show_publicly(model)
        # The schedule is public, drafts included; the agenda version is the editors' bookkeeping.
        show_publicly(models.Meeting, PublicShape(private=frozenset({"agenda_version"})))
        # An item is public once published; an exempt item's title and paragraph are, its description is not.
        show_publicly(
            models.AgendaItem,
            PublicShape(
                shown=lambda item: item.is_published,
                private=frozenset({"version"}),
                exempt=lambda item: item.is_exempt,
                hidden_when_exempt=frozenset({"description"}),
                always_public=frozenset({"exempt_paragraph"}),  # it hides the item's minutes, published or not
            ),
        )
        # A paper needs at least its own publication (and its item's, and its minutes', which are not read here: a
        # published paper is taken as public). An exempt appendix shows only its title and paragraph.
        show_publicly(
            models.Document,
            PublicShape(
                shown=lambda document: document.published_at is not None,
                private=frozenset({"version", "text_extracted_at"}),
                exempt=lambda document: document.exempt_paragraph is not None,
                hidden_when_exempt=frozenset(
                    {
                        "body_html",
                        "file",
                        "published_file",
                        "extracted_text",
                        "reading_copy",
                        "file_sha256",
                        "file_size",
                    }
                ),
            ),
        )
        show_publicly(
            models.AgendaPack, PublicShape(shown=lambda pack: pack.variant == models.AgendaPack.Variant.PUBLIC)
        )
        show_publicly_related(models.AgendaItem.confirms_minutes.through)
        show_publicly_related(models.WorkProgrammeTopic.agenda_items.through)
