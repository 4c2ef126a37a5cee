import time

from django.core.management.base import BaseCommand

from practice_commons.search import indexing


class Command(BaseCommand):
    help = "Empty the search index and build it again from the content."

    def handle(self, *args, **options):
        started = time.perf_counter()
        count = indexing.rebuild()
        self.stdout.write(
            f"Search index rebuilt: {count:,} documents in {time.perf_counter() - started:.1f} s"
        )
