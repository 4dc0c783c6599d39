"""The crawl policy's rules, as pure functions (crawler/state.py), and the
spider's small readers: feed dates and URL identity."""
from datetime import date, datetime, timedelta

import pytest

from crawler import state
from crawler.registry import Source
from crawler.spider import feed_date, identity, listed_dates

SOURCE = Source(id="s", name="S", kind="police", home="http://s.vn/", since=date(2020, 1, 1))
NOW = datetime(2026, 12, 7, 3, 0)


def test_a_new_source_is_backfilled_back_to_its_since_date():
    assert state.plan(SOURCE, None) == state.Plan(state.BACKFILL, date(2020, 1, 1))
    assert state.plan(SOURCE, None, full=True) == state.Plan(state.BACKFILL, None)


def test_a_backfill_left_unfinished_resumes_then_the_source_is_incremental():
    p = state.plan(SOURCE, None)
    st = state.advance(SOURCE, None, p, state.Outcome(answered=12, errors=0, open_chains=(("http://s.vn/?page=9", 9),)), NOW)
    assert st.state == "backfilling" and st.backfilled is None
    assert state.plan(SOURCE, st).resume == (("http://s.vn/?page=9", 9),)
    later = NOW + timedelta(days=7)
    st = state.advance(SOURCE, st, state.plan(SOURCE, st), state.Outcome(answered=30, errors=0), later)
    assert (st.state, st.backfilled, st.since, st.resume) == ("up_to_date", later, later, ())
    assert state.plan(SOURCE, st) == state.Plan(state.INCREMENTAL)


def test_a_source_that_stops_answering_fails_then_dies_then_is_probed_until_it_answers():
    st = state.advance(SOURCE, None, state.plan(SOURCE, None), state.Outcome(answered=40, errors=0), NOW)
    when = [NOW + timedelta(days=7 * k) for k in range(1, 7)]
    for k in range(state.DEAD_AFTER):
        st = state.advance(SOURCE, st, state.plan(SOURCE, st), state.Outcome(answered=0, errors=3), when[k])
    assert (st.state, st.since, st.failures) == ("dead", when[0], state.DEAD_AFTER)
    assert state.plan(SOURCE, st) == state.Plan(state.PROBE)
    st = state.advance(SOURCE, st, state.Plan(state.PROBE), state.Outcome(answered=1, errors=0), when[5])
    assert (st.state, st.failures, st.last_success) == ("up_to_date", 0, when[5])


def test_the_engines_counters_make_an_outcome():
    out = state.Outcome.of({"pages": 3, "feeds": 1, "errors": 2, "offsite": 4, "resume": '[["http://s.vn/p2", 2]]'})
    assert out == state.Outcome(answered=4, errors=2, open_chains=(("http://s.vn/p2", 2),), offsite=4)


@pytest.mark.parametrize("written, iso", [
    ("Mon, 3 Jun 2024 08:00:00 +0700", "2024-06-03"),
    ("Mon, 03 Jun 2024 08:00:00 GMT", "2024-06-03"),
    ("2024-06-03T08:00:00+07:00", "2024-06-03"),
    ("2024-06-03", "2024-06-03"),
    ("hôm qua", None),
    ("", None),
])
def test_feed_dates_are_read_by_the_standard_library(written, iso):
    assert feed_date(written) == iso


def test_urls_are_identified_in_canonical_form():
    assert identity("http://s.vn/tin/a-1.html#binh-luan") == identity("http://s.vn/tin/a-1.html")
    assert identity("http://s.vn/?b=2&a=1") == identity("http://s.vn/?a=1&b=2")


def test_a_listing_pages_dates():
    assert listed_dates("Tin A (03/06/2024) Tin B (31/02/2024) 1/5/2023") == [date(2024, 6, 3), date(2023, 5, 1)]
