"""Posts keep their body rendered to safe HTML, written once with the body (``Post.save``),
so reading a thread never runs the markdown parser or the sanitiser. Existing posts are
rendered here, in batches."""

from django.db import migrations, models

BATCH = 2_000


def render_existing(apps, schema_editor):
    from practice_commons.core.markdown import render_markdown

    Post = apps.get_model("discussions", "Post")
    rendered: dict[str, str] = {}
    last = 0
    while True:
        batch = list(
            Post.objects.filter(pk__gt=last, body_html="")
            .exclude(body="")
            .only("pk", "body")
            .order_by("pk")[:BATCH]
        )
        if not batch:
            return
        for post in batch:
            if post.body not in rendered and len(rendered) < 10_000:
                rendered[post.body] = render_markdown(post.body)
            post.body_html = rendered.get(post.body) or render_markdown(post.body)
        Post.objects.bulk_update(batch, ["body_html"])
        last = batch[-1].pk


class Migration(migrations.Migration):
    dependencies = [
        ("discussions", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="post",
            name="body_html",
            field=models.TextField(blank=True, default="", editable=False),
        ),
        migrations.RunPython(render_existing, migrations.RunPython.noop, elidable=True),
    ]
