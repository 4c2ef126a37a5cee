"""The peer: the Spirit forum (django-spirit from the package registry) as
``spirit startproject`` lays it out, with production settings, in its own virtual
environment. Only the database, caches, hosts and paths are set here."""
