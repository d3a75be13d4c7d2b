"""The bench's throughput mixes ask for pages that exist: every URL they make answers 200,
the long tail does not repeat itself, and the realistic mix is mostly its hot pages."""

import io
from collections import Counter

import pytest
from django.core.management import call_command

from bench.mixes import HOT_SHARE, Mix, Vocabulary, hot_pages


@pytest.fixture
def vocabulary(seeded):
    call_command("generate_demo_data", events=300, seed=11, stdout=io.StringIO())
    return Vocabulary.from_database()


def test_every_url_of_both_mixes_is_a_page(client, vocabulary):
    hot = hot_pages(vocabulary)
    assert 45 <= len(hot) <= 60 and len(set(hot)) == len(hot)
    urls = set(hot)
    for name in ("realistic", "long tail"):
        mix = Mix(name, vocabulary, seed=3)
        urls.update(mix() for _ in range(60))
    failures = {url: client.get(url).status_code for url in sorted(urls)}
    assert {url: status for url, status in failures.items() if status != 200} == {}


def test_long_tail_never_repeats_and_realistic_is_mostly_hot(vocabulary):
    tail = Mix("long tail", vocabulary, seed=5)
    asked = [tail() for _ in range(2000)]
    assert len(set(asked)) == len(asked)
    realistic = Mix("realistic", vocabulary, seed=5)
    hot = set(hot_pages(vocabulary))
    counts = Counter(realistic() in hot for _ in range(4000))
    assert abs(counts[True] / 4000 - HOT_SHARE) < 0.05
