"""Pure rules of Kupang Desk: entities, identifiers, validation, iuran. No Qt, no SQL."""
