"""/bookings."""

from datetime import date

from fastapi import APIRouter

from services.booking_reminders import due_reminders

router = APIRouter()


@router.get("/reminders")
def reminders():
    return {"count": len(due_reminders(session=None, today=date.today()))}
