# Nightly CSV export, from the Python 2 days. Nobody has run it since the migration.
import csv

from app.infrastructure.persistence.user_model import UserModel


def export(session, path):
    rows = session.query(UserModel).all()
    print "exporting %d users" % len(rows)
    with open(path, "w") as out:
        csv.writer(out).writerows((r.id, r.email) for r in rows)
