"""Render calendar events (context.tidplan.tidplan_events) as an iCalendar (.ics) file with the icalendar
library: all-day events, stable uids, DTSTAMP fixed to the first event's date, so the same tidplan gives the
same bytes."""

from __future__ import annotations

from datetime import datetime, time, timedelta, timezone

from icalendar import Calendar, Event


def render_ics(name: str, events: list[dict]) -> bytes:
    """`events`: dicts with uid, summary, start, slut (dates, inclusive), description, categories."""
    cal = Calendar()
    cal.add("prodid", "-//Kommunrapport//Tidplan//SV")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    stamp = datetime.combine(events[0]["start"], time(0), tzinfo=timezone.utc) if events else \
        datetime(2000, 1, 1, tzinfo=timezone.utc)
    for e in events:
        event = Event()
        event.add("uid", e["uid"])
        event.add("dtstamp", stamp)
        event.add("summary", e["summary"])
        event.add("dtstart", e["start"])
        event.add("dtend", e["slut"] + timedelta(days=1))   # DTEND of an all-day event is exclusive
        event.add("description", e["description"])
        event.add("categories", e["categories"])
        event.add("transp", "TRANSPARENT")
        cal.add_component(event)
    return cal.to_ical()
