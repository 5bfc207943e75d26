"""``yangguang serve``: the platform on waitress, a production WSGI server in pure Python."""

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Serve the platform (default http://127.0.0.1:8000)."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--threads", type=int, default=8)

    def handle(self, *args, host, port, threads, **options):
        from waitress import serve

        from yangguang.wsgi import application

        self.stdout.write(f"Yangguang is serving on http://{host}:{port}/  (Ctrl-C stops it)")
        serve(application, host=host, port=port, threads=threads, ident="yangguang")
