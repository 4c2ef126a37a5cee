"""Read-only views of Practice Commons' tables (never migrated by this project)."""

from django.db import models


class Member(models.Model):
    full_name = models.CharField(max_length=150)

    class Meta:
        managed = False
        db_table = "accounts_user"

    def __str__(self):
        return self.full_name


class Thread(models.Model):
    title = models.CharField(max_length=200)
    reply_count = models.PositiveIntegerField()

    class Meta:
        managed = False
        db_table = "discussions_thread"

    def __str__(self):
        return self.title


class Post(models.Model):
    thread = models.ForeignKey(Thread, on_delete=models.DO_NOTHING)
    number = models.PositiveIntegerField()
    author = models.ForeignKey(Member, null=True, on_delete=models.DO_NOTHING)
    body = models.TextField()
    created_at = models.DateTimeField()

    class Meta:
        managed = False
        db_table = "discussions_post"

    def __str__(self):
        return f"Post {self.number}"
