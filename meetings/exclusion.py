"""The wording of the resolution to exclude the press and public (s100A(4) LGA 1972), naming the items it covers
by their numbers: the agenda proposes it, the minutes record it. Published items keep their numbers
(meetings.services.agenda_numbers), so the wording follows the items rather than being typed once and left."""

from meetings.models import PARAGRAPH_NOT_SET, AgendaItem
from portal.wording import join_and

PROPOSAL = (
    "To consider passing a resolution under section 100A(4) of the Local Government Act 1972 to exclude the press "
    "and public from the meeting for {items} on the grounds that {it_involves} the likely disclosure of exempt "
    "information as defined in {paragraphs} of Part 1 of Schedule 12A of the Act."
)


def items_wording(numbers: list[str]) -> str:
    """ "item 6", "items 6 and 6A"."""
    return ("item " if len(numbers) == 1 else "items ") + join_and(numbers)


def paragraphs_wording(paragraphs: list[int]) -> str:
    """ "paragraph 3", "paragraphs 1 and 3"; a restricted import's unknown paragraph is said as such."""
    numbers = sorted(set(paragraphs) - {PARAGRAPH_NOT_SET})
    wording = ("paragraph " if len(numbers) == 1 else "paragraphs ") + join_and(numbers) if numbers else ""
    if PARAGRAPH_NOT_SET in paragraphs:  # imported as restricted: the paragraph is an officer's task
        wording = join_and([part for part in (wording, "a paragraph not yet recorded") if part])
    return wording


def name_excluded_items(items: list[AgendaItem]) -> None:
    """Give each "exclusion of the press and public" item of this agenda (in order, as the reader sees it) its
    `exclusion_wording`: the proposal naming the exempt items after it by their current numbers ("" if none)."""
    for index, item in enumerate(items):
        if item.kind != AgendaItem.Kind.EXCLUSION:
            continue
        following = [later for later in items[index + 1 :] if later.is_exempt]
        item.exclusion_wording = (
            PROPOSAL.format(
                items=items_wording([later.number for later in following]),
                it_involves="it involves" if len(following) == 1 else "they involve",
                paragraphs=paragraphs_wording([later.exempt_paragraph for later in following]),
            )
            if following
            else ""
        )
