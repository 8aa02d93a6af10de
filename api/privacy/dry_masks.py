"""What an erasure would mask in what stays (other people's messages, needs, notifications,
the trail), counted by the masks themselves in a transaction rolled back: `boucle forget`'s
dry run counted items and contacts only, and said "0 items, 0 contacts" for an erasure that
then masked words in 18 other people's texts."""

from sqlalchemy import select
from sqlalchemy.orm import Session

from api.privacy.masking import PersonMask, common_word, mask_people, masked_items, people_mask
from api.privacy.schemas import Erasure
from api.storage.tables import Account, Contact


def would_mask(
    session: Session, contact_ids: list[str], erased_items: set[int], email: str | None = None,
    account_id: str | None = None,
) -> int:  # fmt: skip
    """How many stored rows the erasure of these contacts (and of `email`, of `account_id`)
    would mask, but the items it erases (`erased_items`); `session` is rolled back."""
    try:
        people = session.execute(select(Contact.name, Contact.email)
                                 .where(Contact.id.in_(contact_ids))).all()  # fmt: skip
        masks = [people_mask([tuple(p) for p in people], owners=set(contact_ids))]
        if email:
            masks.append(PersonMask(set(), {email}))
        account = session.get(Account, account_id) if account_id else None
        if account is not None and account.name and not common_word(account.name):
            masks.append(PersonMask(set(), accounts=[account.name.strip()]))
        total = Erasure()
        for mask in masks:
            total.add(mask_people(session, mask))
        own = len(masked_items(session) & erased_items)  # erased, not masked
        return sum(total.model_dump().values()) - own
    finally:
        session.rollback()
